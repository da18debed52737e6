import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, launchChromium, startServe, stopServe } from '../helpers/serve';
import type { LocalTunnelServer } from '../helpers/localtunnel-server';
import { startLocalTunnelServer } from '../helpers/localtunnel-server';

// The test phone and the webhook setup end to end: `npm run serve`'s program on a fresh data
// folder, the built renderer in Debian's Chromium. A voter opts out in Tamil and back in, the
// replies arrive live with their ticks; the tunnel opens against a localtunnel relay on loopback.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'e2e-admin-token-not-a-secret';
const VERIFY_TOKEN = 'e2e-verify-token-not-a-secret';
const PHONE = '919800000150';
const TAMIL = /[\u0B80-\u0BFF]/;

let server: ServeProcess | undefined;
let relay: LocalTunnelServer;
let adminUrl: string;
let browser: Browser;
let page: Page;
const tmp = tempDir('pulse-e2e-phone-');

const bubbles = (sender?: 'user' | 'bot' | 'human') =>
  page
    .getByTestId('test-phone-message')
    .and(sender ? page.locator(`[data-sender="${sender}"]`) : page.locator('[data-sender]'));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  relay = await startLocalTunnelServer();
  server = await startServe({
    DATA_DIR: tmp.dir,
    ADMIN_TOKEN: TOKEN,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    TUNNEL_HOST: relay.controlUrl,
  });
  adminUrl = server.adminUrl;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await stopServe(server);
  await relay?.close();
  tmp.cleanup();
});

describe('webhook setup and the test phone in Chromium', () => {
  it('signs in with the token from the address', async () => {
    await page.goto(`${adminUrl}/#token=${TOKEN}`);
    await page.getByTestId('page-inbox').waitFor();
    expect(page.url()).not.toContain(TOKEN);
  });

  it('shows the webhook setup and a stopped tunnel on Settings', async () => {
    await page.getByRole('navigation').getByText('Settings', { exact: true }).click();
    await page.getByTestId('page-settings').waitFor();
    // Admins find the webhook and the tunnel in Connect → Public URL.
    await page.getByTestId('connect-step-public').click();

    const token = page.getByTestId('webhook-verify-token');
    await token.waitFor();
    expect(await token.getAttribute('data-masked')).toBe('true');
    expect(await token.textContent()).not.toContain(VERIFY_TOKEN);
    await page.getByRole('button', { name: 'Show verify token' }).click();
    await expect.poll(() => token.textContent()).toBe(VERIFY_TOKEN);

    await expect
      .poll(() => page.getByTestId('tunnel-state').getAttribute('data-state'))
      .toBe('stopped');
    expect(await page.getByTestId('tunnel-state').textContent()).toMatch(/stopped/i);
    expect(await page.getByTestId('tunnel-stop').isDisabled()).toBe(true);
    // No public URL yet: the callback URL explains why and offers the tunnel.
    await expect
      .poll(() => page.getByTestId('webhook-callback-url').textContent())
      .toMatch(/public HTTPS/i);
    expect(await page.getByTestId('webhook-app-secret').textContent()).toMatch(/not set/i);
    await page.screenshot({ path: join(SHOTS, 'settings-webhook.png'), fullPage: true });
  });

  it('opens and stops the tunnel, and shows the callback URL while it is open', async () => {
    await page.getByTestId('tunnel-start').click();
    await expect
      .poll(() => page.getByTestId('tunnel-state').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('open');
    const url = (await page.getByTestId('tunnel-url').textContent()) ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await expect
      .poll(() => page.getByTestId('webhook-callback-url').textContent())
      .toBe(`${url.replace(/\/+$/, '')}/api/whatsapp/webhook/`);
    await page.screenshot({ path: join(SHOTS, 'settings-tunnel-open.png'), fullPage: true });

    await page.getByTestId('tunnel-stop').click();
    await expect
      .poll(() => page.getByTestId('tunnel-state').getAttribute('data-state'))
      .toBe('stopped');
    await expect
      .poll(() => page.getByTestId('webhook-callback-url').textContent())
      .toMatch(/public HTTPS/i);
  });

  it('opens the Test phone from the navigation', async () => {
    await page.getByRole('navigation').getByText('Test phone', { exact: true }).click();
    await page.getByTestId('page-test-phone').waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Test phone' }).count())
      .toBe(1);
    expect(await page.getByTestId('test-phone-number').inputValue()).toBe('919800000100');
  });

  it('shows a field error under the number for a malformed one', async () => {
    await page.getByTestId('test-phone-number').fill('+91 98000');
    await page.getByTestId('test-phone-input').fill('hello');
    await page.getByTestId('test-phone-send').click();
    await expect.poll(() => page.getByText(/country code, digits only/).count()).toBeGreaterThan(0);
    expect(await bubbles().count()).toBe(0);
  });

  it('keeps Shift+Enter as a new line in the composer', async () => {
    const input = page.getByTestId('test-phone-input');
    await input.fill('');
    await input.pressSequentially('a');
    await input.press('Shift+Enter');
    await input.pressSequentially('b');
    expect(await input.inputValue()).toBe('a\nb');
    await input.fill('');
  });

  it('opts out with a Tamil STOP: the confirmation arrives live, delivered or read', async () => {
    await page.getByTestId('test-phone-number').fill(PHONE);
    await expect
      .poll(() => page.getByTestId('test-phone-hint').textContent())
      .toMatch(/no messages/i);
    const input = page.getByTestId('test-phone-input');
    await input.fill('நிறுத்து');
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');

    await expect.poll(() => bubbles('user').first().textContent()).toContain('நிறுத்து');
    await expect.poll(() => bubbles('bot').count(), { timeout: 30_000 }).toBe(1);
    const reply = bubbles('bot').first();
    expect(await reply.getByTestId('test-phone-message-content').textContent()).toMatch(TAMIL);
    await expect
      .poll(() => reply.getAttribute('data-status'), { timeout: 30_000 })
      .toMatch(/^(delivered|read)$/);
    await page.getByTestId('test-phone-opted-out').waitFor();
    expect(await page.getByTestId('test-phone-opted-out').textContent()).toContain(
      'This number has opted out (write START to resume)',
    );
    // The Tamil text is drawn with the bundled font, not a fallback.
    const fontOk = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans Tamil"', 'நிறுத்து');
    });
    expect(fontOk).toBe(true);
  });

  it('resumes with START and shows the second confirmation', async () => {
    await page.getByTestId('test-phone-input').fill('START');
    await page.getByTestId('test-phone-send').click();
    await expect.poll(() => bubbles('user').count()).toBe(2);
    await expect.poll(() => bubbles('bot').count(), { timeout: 30_000 }).toBe(2);
    const second = bubbles('bot').nth(1);
    expect(await second.getByTestId('test-phone-message-content').textContent()).toMatch(/STOP/);
    await expect
      .poll(() => second.getAttribute('data-status'), { timeout: 30_000 })
      .toMatch(/^(delivered|read)$/);
    await expect.poll(() => page.getByTestId('test-phone-opted-out').count()).toBe(0);
    // Replies sit on the left, the voter's messages on the right.
    const userBox = await bubbles('user')
      .first()
      .getByTestId('test-phone-message-content')
      .boundingBox();
    const botBox = await second.getByTestId('test-phone-message-content').boundingBox();
    expect(userBox!.x).toBeGreaterThan(botBox!.x);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'test-phone.png') });
  });
});
