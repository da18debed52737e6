import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, launchChromium, startServe, stopServe } from '../helpers/serve';

// The shell end to end: `npm run serve`'s program on a fresh data folder, the built renderer in
// Debian's Chromium, every page opened through the navigation.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'e2e-admin-token-not-a-secret';

let server: ServeProcess | undefined;
let adminUrl: string;
let browser: Browser;
let page: Page;
const tmp = tempDir('pulse-e2e-');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServe({ DATA_DIR: tmp.dir, ADMIN_TOKEN: TOKEN });
  adminUrl = server.adminUrl;
  // A voter who wrote in Tamil, written straight into the store the server uses.
  const db = new BetterSqlite3(join(tmp.dir, 'pulse-desk.sqlite'));
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO voter_profiles (id, phone_number, name, referral_code, created_at, updated_at, last_contacted) VALUES ('v1','919800000001','கவிதா','KAVI2345',?,?,?)`,
  ).run(now, now, now);
  db.prepare(
    `INSERT INTO conversations (id, voter_id, phone_number, user_name, started_at, created_at, updated_at, language, sentiment, message_count) VALUES ('c1','v1','919800000001','கவிதா',?,?,?,'ta','negative',1)`,
  ).run(now, now, now);
  db.prepare(
    `INSERT INTO messages (id, conversation_id, sender, content, timestamp, created_at) VALUES ('m1','c1','user','வணக்கம்! எங்கள் தெருவில் குடிநீர் வரவில்லை. नमस्ते, పానీ',?,?)`,
  ).run(now, now);
  db.close();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await stopServe(server);
  tmp.cleanup();
});

describe('the app shell in Chromium', () => {
  it('offers the admin token, refuses a wrong one, and signs in with the right one', async () => {
    await page.goto(adminUrl + '/');
    // Username and password come first; the admin token is the second way in.
    await page.getByTestId('login-username').waitFor();
    await page.getByRole('button', { name: /use admin token instead/i }).click();
    const field = page.getByLabel(/admin token/i);
    await field.fill('wrong-token');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not right/i);
    await field.fill(TOKEN);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByTestId('page-inbox').waitFor();
  });

  it('opens every page from the navigation', async () => {
    const pages = [
      ['Inbox', 'inbox'],
      ['Analytics', 'analytics'],
      ['Voters', 'voters'],
      ['Bots', 'bots'],
      ['Campaigns', 'campaigns'],
      ['Test phone', 'test-phone'],
      ['Settings', 'settings'],
    ] as const;
    for (const [name, id] of pages) {
      await page.getByRole('navigation').getByText(name, { exact: true }).click();
      await page.getByTestId(`page-${id}`).waitFor();
      await expect.poll(() => page.getByRole('heading', { level: 1, name }).count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, `shell-${id}.png`) });
    }
  });

  it('shows the real status on the Settings page', async () => {
    await page.getByRole('navigation').getByText('Settings', { exact: true }).click();
    await expect.poll(() => page.getByTestId('status-data-dir').textContent()).toContain(tmp.dir);
    await expect.poll(() => page.getByTestId('status-admin-url').textContent()).toContain(adminUrl);
    await expect
      .poll(() => page.getByTestId('service-whatsapp').textContent())
      .toMatch(/WHATSAPP_PHONE_NUMBER_ID/);
    await expect
      .poll(() => page.getByTestId('service-testPhone').textContent())
      .toMatch(/available/i);
    await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
  });

  it('lets an admin edit the first-contact notice and the price table, with validation', async () => {
    const en = page.getByTestId('consent-en');
    await en.fill('short');
    await page.getByTestId('pipeline-settings-save').click();
    await page.getByText('Write at least a sentence.').waitFor();
    await en.fill('Hello from {office}. Reply STOP to stop these messages.');
    await page.getByTestId('pipeline-settings-save').click();
    await page.getByText(/^Saved\./).waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('consent-en').inputValue())
      .toBe('Hello from {office}. Reply STOP to stop these messages.');
  });

  it('lets an admin add an operator, checking the repeated password and a taken name', async () => {
    await page.getByTestId('team-add').click();
    const dialog = page.getByTestId('operator-editor');
    const input = (id: string) => dialog.getByTestId(id).locator('input');
    await input('operator-display-name').fill('Meena');
    await input('operator-username').fill('meena');
    await input('operator-password').fill('meena-password-1');
    await input('operator-password-confirm').fill('meena-password-2');
    await page.getByTestId('operator-save').click();
    await dialog.getByText('The two passwords are not the same.').waitFor();
    await input('operator-password-confirm').fill('meena-password-1');
    await page.getByTestId('operator-save').click();
    await page.locator('[data-testid="operator-row"][data-username="meena"]').waitFor();
    // A second "Meena" is refused by core, under the name field.
    await page.getByTestId('team-add').click();
    await input('operator-display-name').fill('meena');
    await input('operator-username').fill('meena2');
    await input('operator-password').fill('meena-password-1');
    await input('operator-password-confirm').fill('meena-password-1');
    await page.getByTestId('operator-save').click();
    await dialog.getByText(/Someone already uses this name/).waitFor();
    // The field in error has the focus (saving had disabled the button that had it)...
    await expect
      .poll(() => input('operator-display-name').evaluate((el) => el === document.activeElement))
      .toBe(true);
    // ...so Escape closes the dialog as Cancel does.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('renders Tamil text from the store in the inbox', async () => {
    await page.getByRole('navigation').getByText('Inbox', { exact: true }).click();
    await page.getByText('கவிதா').first().click();
    await page.getByText(/குடிநீர் வரவில்லை/).waitFor();
    // The bundled Noto fonts are used, not a tofu fallback: the glyphs have width.
    const width = await page
      .getByText(/குடிநீர் வரவில்லை/)
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(50);
    const fontsReady = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans Tamil"', 'குடிநீர்');
    });
    expect(fontsReady).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'inbox-tamil.png') });
  });

  it('switches between light and dark themes', async () => {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await bg();
    await page.getByRole('button', { name: /toggle light\/dark theme/i }).click();
    await expect.poll(bg).not.toBe(before);
    await page.screenshot({ path: join(SHOTS, 'theme-toggled.png') });
  });
});
