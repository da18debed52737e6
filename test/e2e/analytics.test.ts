import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { tempDir } from '../helpers/core';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, adminRpc, launchChromium, startServe, stopServe } from '../helpers/serve';

// The analytics dashboard against `npm run serve`'s program: charts draw from seeded test-phone
// conversations, a chart's drill-down opens the inbox filtered, a voter's profile page opens
// from the table, and a voter CSV export streams with a progress indicator and downloads, or
// stops when cancelled. On the same quiet desk: a long thread loads earlier messages in place,
// and reading a conversation clears its unread badge in another window.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'analytics-e2e-admin-token';
const tmp = tempDir('pulse-analytics-e2e-');
let server: ServeProcess;
let browser: Browser;
let page: Page;

const rpc = <M extends MethodName>(name: M, input: MethodInput<M>) =>
  adminRpc(server, TOKEN, name, input);

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

  it('filters by the bot that answered', async () => {
    const [bot] = await rpc('listBots', {});
    await page.getByRole('combobox', { name: 'Bot' }).click();
    await page.getByRole('option', { name: bot!.name }).click();
    await expect
      .poll(() =>
        page.getByTestId('chart-timeline').getByTestId('drill-link').first().getAttribute('href'),
      )
      .toContain(`bot=${bot!.id}`);
    expect(await page.getByTestId('stat-conversations').textContent()).toContain('3');
    await page.getByRole('combobox', { name: 'Bot' }).click();
    await page.getByRole('option', { name: 'All' }).click();
    await expect
      .poll(() =>
        page.getByTestId('chart-timeline').getByTestId('drill-link').first().getAttribute('href'),
      )
      .not.toContain('bot=');
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

  it('opens a voter profile from the table, and a conversation from the profile', async () => {
    await page.goto(`${server.adminUrl}/#/voters`);
    await page.getByTestId('voter-link').filter({ hasText: 'Kavya' }).click();
    await page.getByTestId('page-voter').waitFor();
    expect(page.url()).toMatch(/#\/voters\/[\w-]+$/);
    await page.getByRole('heading', { name: 'Kavya', level: 1 }).waitFor();
    await page.getByTestId('chart-voter-sentiment').locator('canvas').waitFor();
    await expect
      .poll(() => page.getByTestId('chart-voter-sentiment').textContent())
      .toMatch(/1 analysed message/);
    const conversation = page.getByTestId('voter-conversation');
    expect(await conversation.count()).toBe(1);
    expect(await page.getByTestId('voter-referrals').textContent()).toContain(
      'Not referred by anyone.',
    );
    await page.screenshot({ path: join(SHOTS, 'voter-profile.png'), fullPage: true });
    await conversation.click();
    await page.getByTestId('page-inbox').waitFor();
    expect(page.url()).toMatch(/#\/inbox\/[\w-]+$/);
    await page.getByTestId('voter-panel').filter({ hasText: 'Kavya' }).waitFor();
  });

  it('makes a campaign link with a printable QR code (SVG shown, PNG downloaded)', async () => {
    await rpc('saveConnection', { WHATSAPP_DISPLAY_PHONE_NUMBER: '919800000000' });
    await page.goto(`${server.adminUrl}/#/campaigns`);
    await page.getByLabel('Pre-filled message').fill('Hello from the ward 12 poster');
    await page.getByLabel('Campaign tag').fill('ward-12');
    await page.getByRole('button', { name: 'Generate link' }).click();
    const url = await page.getByTestId('generated-url').inputValue();
    expect(url).toMatch(/^https:\/\/wa\.me\/919800000000\?text=/);
    expect(decodeURIComponent(url)).toContain('camp:ward-12');
    const qr = page.getByTestId('campaign-qr');
    await qr.getByRole('img').waitFor();
    expect(await qr.getByRole('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const download = page.waitForEvent('download');
    await qr.getByRole('link', { name: 'PNG' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('whatsapp-qr-ward-12.png');
    const path = join(tmp.dir, 'qr.png');
    await file.saveAs(path);
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
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

  it('cancels an export mid-stream: the progress goes away, nothing is saved, the server stops', async () => {
    // Enough voters that the CSV (tens of MB) cannot sit whole in socket buffers, written
    // straight into the server's store, and the page's network throttled so it reads slowly.
    const db = new BetterSqlite3(join(tmp.dir, 'pulse-desk.sqlite'));
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `INSERT INTO voter_profiles (id, phone_number, name, referral_code, created_at, updated_at) VALUES (?,?,?,?,?,?)`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const n = String(i).padStart(6, '0');
        insert.run(`bulk${n}`, `9177${n}00`, `Voter ${n} வாக்காளர்`, `BULK${n}`, now, now);
      }
    })();
    db.close();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 64 * 1024,
      uploadThroughput: -1,
    });
    const downloads: string[] = [];
    const onDownload = (d: { suggestedFilename(): string }) =>
      downloads.push(d.suggestedFilename());
    page.on('download', onDownload);
    try {
      await page.goto(`${server.adminUrl}/#/voters`);
      await page.getByTestId('voter-export').waitFor();
      await page.getByTestId('export-csv').click();
      const progress = page.getByTestId('export-progress');
      // Bytes have arrived: the export is streaming when Cancel is pressed.
      await expect
        .poll(() => progress.textContent(), { timeout: 20_000 })
        .toMatch(/CSV: (?:[1-9]\d* B|[\d.]+ [KM]B) received/);
      await page.getByTestId('export-cancel').click();
      await expect
        .poll(() => page.getByTestId('export-done').textContent())
        .toBe('Export cancelled.');
      expect(await progress.count()).toBe(0);
      expect(downloads).toEqual([]);
      // The server noticed and stopped: its audit entry says the export did not complete.
      await expect
        .poll(async () => {
          const audit = await rpc('listAudit', { offset: 0, limit: 20 });
          return audit.items.find((a) => a.action === 'voters_exported')?.details;
        })
        .toMatchObject({ completed: false, total: 100_003 });
    } finally {
      page.off('download', onDownload);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    }
  });
});

describe('a long thread', () => {
  it('shows the newest messages first and loads earlier ones in place', async () => {
    const conv = (await rpc('listConversations', { search: '919800000701' })).items[0]!;
    const db = new BetterSqlite3(join(tmp.dir, 'pulse-desk.sqlite'));
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, sender, content, timestamp, created_at) VALUES (?,?,?,?,?,?)`,
    );
    const base = Date.parse('2026-10-01T00:00:00Z');
    db.transaction(() => {
      for (let i = 0; i < 250; i++) {
        const at = new Date(base + i * 60_000).toISOString();
        insert.run(`long-${i}`, conv.id, 'user', `Earlier message ${i}`, at, at);
      }
    })();
    db.close();
    const total = (await rpc('getConversation', { id: conv.id, limit: 10_000 })).messages.length;

    await page.goto(`${server.adminUrl}/#/inbox/${conv.id}`);
    const list = page.getByTestId('message-list');
    const bubbles = list.getByTestId('thread-message');
    await expect.poll(() => bubbles.count()).toBe(200);
    const more = page.getByTestId('show-earlier');
    expect(await more.textContent()).toContain(`${total - 200} more`);
    // The newest message is in view at the bottom.
    await list.getByText('The water supply stopped in our street').waitFor();

    // Scrolled to the top, the reader asks for more: what they were reading stays in view.
    await list.evaluate((el) => (el.scrollTop = 0));
    const firstShown = `Earlier message ${total - 200}`;
    await more.click();
    await expect.poll(() => bubbles.count()).toBe(total);
    expect(await more.count()).toBe(0);
    const reading = await list.getByText(firstShown, { exact: true }).boundingBox();
    const view = await list.boundingBox();
    expect(reading!.y).toBeGreaterThanOrEqual(view!.y);
    expect(reading!.y).toBeLessThan(view!.y + view!.height);
    await list.getByText('Earlier message 0', { exact: true }).scrollIntoViewIfNeeded();
  });
});

describe('unread badges', () => {
  it('reading a conversation in one window clears its badge in another window live', async () => {
    const other = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    try {
      await other.goto(`${server.adminUrl}/#token=${TOKEN}`);
      await other.getByTestId('page-inbox').waitFor();
      const row = (p: Page) => p.getByTestId('conversation-item').filter({ hasText: 'Selvi' });
      expect(await row(other).getAttribute('data-unread')).toBe('1');
      await page.goto(`${server.adminUrl}/#/inbox`);
      await row(page).click();
      await page.getByTestId('thread').getByText('Thank you for the new bus stop').waitFor();
      // Nothing else happens on this desk now: only the read itself can refresh the other list.
      await expect
        .poll(async () => row(other).getAttribute('data-unread'), { timeout: 10_000 })
        .toBe('0');
    } finally {
      await other.context().close();
    }
  });
});
