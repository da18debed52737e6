import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import type { GraphServer } from '../helpers/graph-server';
import { startGraphServer } from '../helpers/graph-server';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, launchChromium, startServe, stopServe } from '../helpers/serve';

// Settings → Connect in Chromium against `npm run serve`'s program, with only the Graph API's
// address in the environment: an admin enters the WhatsApp settings and token, sends a test
// message that reaches the local Graph server, and downloads a backup of the data file.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'connect-e2e-admin-token-not-a-secret';
const TO = '919800000555';
const tmp = tempDir('pulse-e2e-connect-');
let graph: GraphServer;
let server: ServeProcess | undefined;
let browser: Browser;
let page: Page;

const field = (name: string) => page.getByTestId(`connection-field-${name}`);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  graph = await startGraphServer();
  server = await startServe({
    DATA_DIR: tmp.dir,
    ADMIN_TOKEN: TOKEN,
    WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.goto(`${server.adminUrl}/#token=${TOKEN}`);
  await page.getByTestId('page-inbox').waitFor();
  await page.getByRole('navigation').getByText('Settings', { exact: true }).click();
  await page.getByTestId('connect-wizard').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await stopServe(server);
  await graph?.close();
  tmp.cleanup();
});

describe('Connect wizard in Chromium', () => {
  it('saves the WhatsApp settings, showing core’s field errors, and stores the token', async () => {
    await page.getByTestId('connect-panel-whatsapp').waitFor();
    await field('WHATSAPP_PHONE_NUMBER_ID').locator('input').fill(graph.phoneNumberId);
    await field('WHATSAPP_APP_ID').locator('input').fill('12ab');
    await page.getByTestId('connection-whatsapp-save').click();
    await expect
      .poll(() => field('WHATSAPP_APP_ID').locator('.Mui-error').count())
      .toBeGreaterThan(0);
    expect(await field('WHATSAPP_APP_ID').textContent()).toContain('Must be digits only.');

    await field('WHATSAPP_APP_ID').locator('input').fill('');
    await page.getByTestId('connection-whatsapp-save').click();
    await page.getByTestId('connection-whatsapp-saved').waitFor();
    expect(await field('WHATSAPP_PHONE_NUMBER_ID').getAttribute('data-source')).toBe('saved');

    await page.getByTestId('secret-WHATSAPP_ACCESS_TOKEN-input').locator('input').fill(graph.token);
    await page.getByTestId('secret-WHATSAPP_ACCESS_TOKEN-save').click();
    await expect
      .poll(() =>
        page.getByTestId('secret-WHATSAPP_ACCESS_TOKEN-state').getAttribute('data-source'),
      )
      .toBe('stored');
    // The token went in once and is never shown back.
    expect(
      await page.getByTestId('secret-WHATSAPP_ACCESS_TOKEN-input').locator('input').inputValue(),
    ).toBe('');
    expect(await page.content()).not.toContain(graph.token);
    await page.screenshot({ path: join(SHOTS, 'connect-whatsapp.png'), fullPage: true });
  });

  it('sends a test message that reaches the Graph API', async () => {
    await page.getByTestId('connect-step-test').click();
    await page.getByTestId('test-message-to').locator('input').fill(TO);
    await page.getByTestId('test-message-send').click();
    const result = page.getByTestId('test-message-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    const sent = graph.messageRequests().find((r) => (r.body as { to?: string }).to === `+${TO}`);
    expect(sent?.body).toMatchObject({
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(sent?.headers.authorization).toBe(`Bearer ${graph.token}`);
    const wamid = (sent?.response?.body as { messages: Array<{ id: string }> }).messages[0]!.id;
    expect(await result.textContent()).toContain(wamid);
    await page.screenshot({ path: join(SHOTS, 'connect-test.png'), fullPage: true });
  });

  it('downloads a backup of the data file', async () => {
    await page.getByTestId('connect-step-backup').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('backup-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pulse-desk-backup-.*\.sqlite$/);
    const file = join(tmp.dir, 'downloaded-backup.sqlite');
    await download.saveAs(file);
    await page.getByTestId('backup-done').waitFor();
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = db.prepare("SELECT value FROM settings WHERE key = 'connection'").get() as {
        value: string;
      };
      expect(JSON.parse(row.value)).toMatchObject({
        WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      });
      const sent = db
        .prepare("SELECT status FROM outbox WHERE recipient = ? AND kind = 'template'")
        .get(TO) as { status: string };
      expect(sent.status).toBe('sent');
    } finally {
      db.close();
    }
  });
});
