import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { tempDir } from '../helpers/core';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, launchChromium, startServe, stopServe } from '../helpers/serve';

// The analytics dashboard against `npm run serve`'s program: charts draw from seeded test-phone
// conversations, a chart's drill-down opens the inbox filtered, and a voter CSV export streams
// with a progress indicator and downloads.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'analytics-e2e-admin-token';
const tmp = tempDir('pulse-analytics-e2e-');
let server: ServeProcess;
let browser: Browser;
let page: Page;

async function rpc<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const res = await fetch(`${server.adminUrl}/api/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value as MethodOutput<M>;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServe({ DATA_DIR: tmp.dir, ADMIN_TOKEN: TOKEN });
  const voters = [
    ['919800000701', 'Kavya', 'The water supply stopped in our street'],
    ['919800000702', 'Arun', 'When will the road be repaired?'],
    ['919800000703', 'Selvi', 'Thank you for the new bus stop'],
  ] as const;
  for (const [phone, name, text] of voters) await rpc('testPhoneSend', { phone, name, text });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  await page.goto(`${server.adminUrl}/#token=${TOKEN}`);
  await page.getByTestId('page-inbox').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await stopServe(server);
  tmp.cleanup();
});

describe('analytics dashboard', () => {
  it('draws the charts from the seeded conversations', async () => {
    await page.goto(`${server.adminUrl}/#/analytics`);
    await page.getByTestId('page-analytics').waitFor();
    await expect
      .poll(async () => page.getByTestId('stat-conversations').textContent(), { timeout: 20_000 })
      .toContain('3');
    const timeline = page.getByTestId('chart-timeline');
    await timeline.locator('canvas').waitFor();
    const canvases = page.locator('canvas');
    expect(await canvases.count()).toBeGreaterThan(3);
    const box = await timeline.locator('canvas').boundingBox();
    expect(box?.width).toBeGreaterThan(50);
    expect(box?.height).toBeGreaterThan(50);
    await page.screenshot({ path: join(SHOTS, 'analytics.png'), fullPage: true });
  });

  it('drills down from a chart to the inbox with the figure applied', async () => {
    const link = page.getByTestId('chart-timeline').getByTestId('drill-link').first();
    await expect.poll(() => link.textContent()).toContain('(3)');
    await link.click();
    await page.getByTestId('page-inbox').waitFor();
    await page.getByTestId('inbox-drill').waitFor();
    expect(page.url()).toContain('#/inbox?');
    for (const name of ['Kavya', 'Arun', 'Selvi'])
      await page.getByTestId('conversation-item').filter({ hasText: name }).waitFor();
    await expect
      .poll(() => page.getByTestId('conversation-total').textContent())
      .toContain('3 conversations match');
  });

  it('exports the voters as CSV with progress and a download', async () => {
    await page.goto(`${server.adminUrl}/#/voters`);
    await page.getByTestId('voter-export').waitFor();
    const download = page.waitForEvent('download');
    // A small export is quick: record the progress bar's appearance with a MutationObserver.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: boolean };
      w.progressSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="export-progress"]')) w.progressSeen = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^voters-.*\.csv$/);
    const path = join(tmp.dir, 'voters.csv');
    await file.saveAs(path);
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain('Kavya');
    expect(csv).not.toContain('919800000701');
    expect(
      await page.evaluate(() => (window as unknown as { progressSeen: boolean }).progressSeen),
    ).toBe(true);
    await page.getByTestId('export-done').waitFor();
  });
});
