import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { tempDir } from '../helpers/core';
import { FIXTURE_APP_SECRET, postWebhook, sign, webhookBody } from '../helpers/fixtures';
import type { GraphServer } from '../helpers/graph-server';
import { startGraphServer } from '../helpers/graph-server';
import type { ServeProcess } from '../helpers/serve';
import { ROOT, adminRpc, launchChromium, startServe, stopServe } from '../helpers/serve';

// Two operators in two browser contexts against `npm run serve`'s program, WhatsApp pointed at a
// local Graph API server: live arrival, one owner at a time, a reply that reaches "Meta",
// hand-back, and the 24-hour rule.

const SHOTS = join(ROOT, 'test-results', 'e2e');
const TOKEN = 'desk-e2e-admin-token';
const tmp = tempDir('pulse-desk-e2e-');
let graph: GraphServer;
let server: ServeProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

const rpc = <M extends MethodName>(name: M, input: MethodInput<M>) =>
  adminRpc(server, TOKEN, name, input);

async function operatorPage(username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.adminUrl}/`);
  await page.getByTestId('login-username').locator('input').fill(username);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('page-inbox').waitFor();
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  graph = await startGraphServer();
  server = await startServe({
    DATA_DIR: tmp.dir,
    ADMIN_TOKEN: TOKEN,
    WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET,
    WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: graph.token,
    WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
  });
  await rpc('createOperator', {
    username: 'anita',
    displayName: 'Anita',
    role: 'operator',
    password: 'anita-password-1',
  });
  await rpc('createOperator', {
    username: 'ravi',
    displayName: 'Ravi',
    role: 'operator',
    password: 'ravi-password-12',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stopServe(server);
  await graph?.close();
  tmp.cleanup();
});

const messageFrom = (
  phone: string,
  name: string,
  wamid: string,
  text: string,
  at = Math.floor(Date.now() / 1000),
) =>
  webhookBody({
    contacts: [{ wa_id: phone, profile: { name } }],
    messages: [
      { from: phone, id: wamid, timestamp: String(at), type: 'text', text: { body: text } },
    ],
  });

describe('operator desk, two operators', () => {
  let anita: Page;
  let ravi: Page;

  it('a voter message shows up live in both inboxes (signed webhook and test phone)', async () => {
    anita = await operatorPage('anita', 'anita-password-1');
    ravi = await operatorPage('ravi', 'ravi-password-12');
    const body = messageFrom('919800000501', 'மீனா', 'wamid.DESK1', 'எங்கள் தெருவில் குடிநீர் வரவில்லை');
    expect((await postWebhook(server.publicUrl, body, sign(body))).status).toBe(200);
    await rpc('testPhoneSend', {
      phone: '919800000502',
      name: 'Test Voter',
      text: 'Is the ration shop open today?',
    });
    for (const page of [anita, ravi]) {
      await page.getByTestId('conversation-item').filter({ hasText: 'மீனா' }).waitFor();
      await page.getByTestId('conversation-item').filter({ hasText: 'Test Voter' }).waitFor();
    }
    await anita.screenshot({ path: join(SHOTS, 'desk-inbox.png') });
  });

  it('one operator takes over, the other sees who holds it and cannot', async () => {
    await anita.getByTestId('conversation-item').filter({ hasText: 'மீனா' }).click();
    await anita.getByTestId('thread').getByText('குடிநீர் வரவில்லை').waitFor();
    await anita.getByTestId('take-over').click();
    await ravi.getByTestId('conversation-item').filter({ hasText: 'மீனா' }).click();
    await ravi.getByTestId('held-by').filter({ hasText: 'Anita' }).waitFor();
    expect(await ravi.getByTestId('take-over').isDisabled()).toBe(true);
  });

  it("the operator's reply reaches the Graph API and shows as sent by her", async () => {
    await anita
      .getByTestId('composer-input')
      .locator('textarea')
      .first()
      .fill('நாளை காலை டேங்கர் வரும்');
    await anita.getByTestId('composer-send').click();
    await expect
      .poll(
        () =>
          graph
            .messageRequests()
            .some(
              (r) => (r.body as { text?: { body?: string } }).text?.body === 'நாளை காலை டேங்கர் வரும்',
            ),
        { timeout: 15_000 },
      )
      .toBe(true);
    const sent = graph
      .messageRequests()
      .find((r) => (r.body as { text?: { body?: string } }).text?.body === 'நாளை காலை டேங்கர் வரும்')!;
    expect(sent.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '+919800000501',
      type: 'text',
    });
    await anita
      .getByTestId('thread-message')
      .filter({ hasText: 'நாளை காலை டேங்கர் வரும்' })
      .and(anita.locator('[data-sender="human"]'))
      .waitFor();
    await anita.screenshot({ path: join(SHOTS, 'desk-thread.png') });
  });

  it('hand-back lets the bot answer again', async () => {
    await anita.getByTestId('hand-back').click();
    await ravi.getByTestId('held-by').waitFor({ state: 'detached' });
    const before = graph.messageRequests().length;
    const body = messageFrom('919800000501', 'மீனா', 'wamid.DESK2', 'நன்றி, எப்போது வரும்?');
    expect((await postWebhook(server.publicUrl, body, sign(body))).status).toBe(200);
    await expect
      .poll(
        () =>
          graph
            .messageRequests()
            .slice(before)
            .filter((r) => (r.body as { type?: string }).type === 'text').length,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await anita
      .getByTestId('thread-message')
      .and(anita.locator('[data-sender="bot"]'))
      .last()
      .waitFor();
  });

  it('after 24 hours free text is blocked and only templates are offered', async () => {
    const dayAgo = Math.floor(Date.now() / 1000) - 30 * 3600;
    const body = messageFrom(
      '919800000503',
      'Old Voter',
      'wamid.DESK3',
      'hello from yesterday',
      dayAgo,
    );
    expect((await postWebhook(server.publicUrl, body, sign(body))).status).toBe(200);
    await rpc('saveTemplate', {
      name: 'issue_followup',
      language: 'en',
      category: 'utility',
      body: 'Hello {{1}}, an update on your request.',
    });
    await anita.getByTestId('conversation-item').filter({ hasText: 'Old Voter' }).click();
    await anita.getByTestId('template-picker').waitFor();
    expect(await anita.getByTestId('composer-input').count()).toBe(0);
    const conv = (await rpc('listConversations', { search: '919800000503' })).items[0];
    await expect(rpc('sendReply', { conversationId: conv!.id, text: 'free text' })).rejects.toThrow(
      /template/,
    );
  });

  it('the bot editor opens with every field', async () => {
    const admin = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(admin);
    const page = await admin.newPage();
    await page.goto(`${server.adminUrl}/#token=${TOKEN}`);
    await page.getByTestId('page-inbox').waitFor();
    await page.goto(`${server.adminUrl}/#/bots`);
    await page.getByTestId('page-bots').waitFor();
    await page.getByRole('button', { name: /edit/i }).first().click();
    await page.getByTestId('bot-editor').waitFor();
    await page.screenshot({ path: join(SHOTS, 'desk-bot-editor.png') });
  });
});
