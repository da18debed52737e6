import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ADMIN_TOKEN, FAKE_APP_SECRET, startTestCore, tempDir } from '../helpers/core';
import type { GraphServer } from '../helpers/graph-server';
import { startGraphServer } from '../helpers/graph-server';
import type { OpenAiServer } from '../helpers/openai-server';
import { OPENAI_TEST_KEY, startOpenAiServer } from '../helpers/openai-server';

// Settings → Connect over real HTTP: connection settings and secrets changed at run time, the
// WhatsApp test message through the outbox to a local Graph API, the OpenAI check against a
// local OpenAI server, and backup / restore of the data file.

const ENV_BUSINESS_ACCOUNT_ID = '102290129340398';
const OTHER_OPENAI_KEY = 'sk-other-test-key-not-real';
const WRONG_GRAPH_TOKEN = 'wrong-graph-token-not-real';

let graph: GraphServer;
let openai: OpenAiServer;
let t: Awaited<ReturnType<typeof startTestCore>>;
let env: Record<string, string>;
/** The text of every HTTP answer, to check that no secret value ever left core. */
const answers: string[] = [];

beforeAll(async () => {
  graph = await startGraphServer();
  openai = await startOpenAiServer();
  env = {
    WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
    WHATSAPP_BUSINESS_ACCOUNT_ID: ENV_BUSINESS_ACCOUNT_ID,
    WHATSAPP_APP_SECRET: FAKE_APP_SECRET,
  };
  t = await startTestCore(env, { tuning: { outboxPolicy: { perRecipientIntervalMs: 0 } } });
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
  await openai?.close();
});

const admin = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };
type Answer = {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever each method returns
  value?: any;
  error?: { code: string; message: string; fields?: Record<string, string> };
};
async function rpc(name: string, input: unknown = {}, headers: Record<string, string> = admin) {
  const res = await fetch(`${t.adminUrl}/api/rpc/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: JSON.parse(text) as Answer };
}
async function value(name: string, input: unknown = {}) {
  const r = await rpc(name, input);
  if (!r.body.ok) throw new Error(`${name}: ${r.body.error?.message}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return r.body.value as any;
}
async function voterWrites(phone: string, text: string) {
  await value('testPhoneSend', { phone, text });
  await t.core.channel.runner.idle();
}

describe('connection settings', () => {
  it('saves WhatsApp and OpenAI settings and the running core uses them at once', async () => {
    const before = await value('getConnection');
    expect(before.settings.WHATSAPP_PHONE_NUMBER_ID).toEqual({ value: '', source: 'default' });
    expect(before.settings.OPENAI_MODEL).toEqual({ value: 'gpt-4o-mini', source: 'default' });

    const after = await value('saveConnection', {
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_DISPLAY_PHONE_NUMBER: '919840000000',
      OPENAI_BASE_URL: `${openai.baseUrl}/`,
      OPENAI_MODEL: 'gpt-test-model',
    });
    expect(after.settings.WHATSAPP_PHONE_NUMBER_ID).toEqual({
      value: graph.phoneNumberId,
      source: 'saved',
    });
    expect(after.settings.OPENAI_BASE_URL).toEqual({ value: openai.baseUrl, source: 'saved' });

    const status = await value('getStatus');
    expect(status.services.openai).toMatchObject({
      model: 'gpt-test-model',
      baseUrl: openai.baseUrl,
    });
    expect(status.services.whatsapp.missing).not.toContain('WHATSAPP_PHONE_NUMBER_ID');
    const link = await value('generateLink', { text: 'hi' });
    expect(link.url).toContain('wa.me/919840000000');

    const audit = await value('listAudit', {});
    expect(audit.items[0]).toMatchObject({ action: 'connection_changed' });
  });

  it('refuses values that break the configuration rules, field by field, and saves none', async () => {
    const r = await rpc('saveConnection', {
      WHATSAPP_APP_ID: '12ab',
      OPENAI_BASE_URL: 'ftp://models.example',
      OPENAI_MODEL: 'gpt-ok',
    });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('invalid_input');
    expect(r.body.error?.fields).toEqual({
      WHATSAPP_APP_ID: 'Must be digits only.',
      OPENAI_BASE_URL: expect.stringMatching(/http/) as unknown,
    });
    const now = await value('getConnection');
    expect(now.settings.WHATSAPP_APP_ID.value).toBe('');
    expect(now.settings.OPENAI_MODEL.value).toBe('gpt-test-model');
  });

  it('shows environment values as such and refuses to change them', async () => {
    const c = await value('getConnection');
    expect(c.settings.WHATSAPP_BUSINESS_ACCOUNT_ID).toEqual({
      value: ENV_BUSINESS_ACCOUNT_ID,
      source: 'environment',
    });
    const r = await rpc('saveConnection', { WHATSAPP_BUSINESS_ACCOUNT_ID: '1234567' });
    expect(r.body.error?.fields?.WHATSAPP_BUSINESS_ACCOUNT_ID).toMatch(/environment/);
    // Sending the same value back (a form that sends every field) is fine.
    const same = await rpc('saveConnection', {
      WHATSAPP_BUSINESS_ACCOUNT_ID: ENV_BUSINESS_ACCOUNT_ID,
    });
    expect(same.body.ok).toBe(true);
  });

  it('an empty value goes back to the default', async () => {
    await value('saveConnection', { OPENAI_MODEL: 'temporary-model' });
    const c = await value('saveConnection', { OPENAI_MODEL: '' });
    expect(c.settings.OPENAI_MODEL).toEqual({ value: 'gpt-4o-mini', source: 'default' });
    await value('saveConnection', { OPENAI_MODEL: 'gpt-test-model' });
  });
});

describe('secrets', () => {
  it('stores, replaces and clears a secret, returning only where it comes from', async () => {
    const set = await value('setSecret', {
      name: 'WHATSAPP_ACCESS_TOKEN',
      value: WRONG_GRAPH_TOKEN,
    });
    expect(set.secrets.WHATSAPP_ACCESS_TOKEN).toEqual({
      source: 'stored',
      hint: WRONG_GRAPH_TOKEN.slice(-4),
    });
    await value('setSecret', { name: 'OPENAI_API_KEY', value: OTHER_OPENAI_KEY });
    const cleared = await value('setSecret', { name: 'OPENAI_API_KEY', value: null });
    expect(cleared.secrets.OPENAI_API_KEY).toEqual({ source: 'missing', hint: null });

    const audit = (await value('listAudit', {})).items as Array<{
      action: string;
      target: string;
      details: unknown;
    }>;
    expect(audit.slice(0, 3).map((a) => [a.action, a.target])).toEqual([
      ['secret_cleared', 'OPENAI_API_KEY'],
      ['secret_set', 'OPENAI_API_KEY'],
      ['secret_set', 'WHATSAPP_ACCESS_TOKEN'],
    ]);
  });

  it('refuses to change a secret set in the environment', async () => {
    const c = await value('getConnection');
    expect(c.secrets.WHATSAPP_APP_SECRET.source).toBe('environment');
    for (const v of ['another-app-secret-not-real', null]) {
      const r = await rpc('setSecret', { name: 'WHATSAPP_APP_SECRET', value: v });
      expect(r.status).toBe(409);
      expect(r.body.error?.message).toMatch(/environment/);
    }
  });

  it('checks a secret value before storing it', async () => {
    const r = await rpc('setSecret', { name: 'OPENAI_API_KEY', value: 'sk-with a space' });
    expect(r.body.error?.fields?.value).toMatch(/without spaces/);
  });

  it('regenerates the verify token', async () => {
    const before = (await value('getWebhookSetup')).verifyToken as string;
    await value('regenerateVerifyToken');
    const after = (await value('getWebhookSetup')).verifyToken as string;
    expect(after).not.toBe(before);
    expect(after.length).toBeGreaterThanOrEqual(24);
  });
});

describe('WhatsApp test message', () => {
  it('reports a Graph error with its code (a token Meta refuses) and nothing is retried', async () => {
    const r = await value('sendTestMessage', { to: '919800000201' });
    expect(r).toMatchObject({ ok: false, code: 190, kind: 'template' });
    expect(r.message).toMatch(/Invalid OAuth access token/);
    expect(graph.messageRequests().at(-1)?.headers.authorization).toBe(
      `Bearer ${WRONG_GRAPH_TOKEN}`,
    );
  });

  it('sends the hello_world template through the outbox once the token is right', async () => {
    await value('setSecret', { name: 'WHATSAPP_ACCESS_TOKEN', value: graph.token });
    const sent = graph.messageRequests().length;
    const r = await value('sendTestMessage', { to: '919800000202', kind: 'template' });
    expect(r).toMatchObject({ ok: true, to: '919800000202' });
    const requests = graph.messageRequests().slice(sent);
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.path).toBe(`/v25.0/${graph.phoneNumberId}/messages`);
    expect(req.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '+919800000202',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(r.wamid).toBe(
      (req.response?.body as { messages: Array<{ id: string }> }).messages[0]!.id,
    );
    const row = t.core
      .store()
      .first(
        t.core.store().db.selectFrom('outbox').selectAll().where('recipient', '=', '919800000202'),
      );
    expect(row).toMatchObject({ status: 'sent', whatsapp_message_id: r.wamid });
  });

  it('reports a permanent Graph error with its code and message', async () => {
    graph.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
    const r = await value('sendTestMessage', { to: '919800000203' });
    expect(r).toMatchObject({ ok: false, code: 131026 });
    expect(r.message).toMatch(/Message undeliverable/);
  });

  it('refuses free-form text outside the 24-hour window before calling Meta', async () => {
    const sent = graph.messageRequests().length;
    const r = await value('sendTestMessage', { to: '919800000204', kind: 'text', text: 'Hi' });
    expect(r).toMatchObject({ ok: false, kind: 'text' });
    expect(r.message).toMatch(/24 hours/);
    expect(graph.messageRequests().length).toBe(sent);
  });
});

describe('OpenAI check', () => {
  it('reports a missing key, a refused key and a working one', async () => {
    const none = await value('checkOpenAi');
    expect(none).toMatchObject({ ok: false, message: expect.stringMatching(/No API key/) });

    await value('setSecret', { name: 'OPENAI_API_KEY', value: OTHER_OPENAI_KEY });
    const refused = await value('checkOpenAi');
    expect(refused).toMatchObject({ ok: false, status: 401, baseUrl: openai.baseUrl });
    expect(refused.message).toMatch(/Incorrect API key/);

    await value('setSecret', { name: 'OPENAI_API_KEY', value: OPENAI_TEST_KEY });
    const asked = openai.requests.length;
    const ok = await value('checkOpenAi');
    expect(ok).toMatchObject({ ok: true, model: 'gpt-test-model' });
    expect(openai.requests.slice(asked).map((r) => r.body.model)).toEqual(['gpt-test-model']);
  });
});

describe('backup and restore', () => {
  const backupDir = tempDir('pulse-backup-');
  afterAll(() => backupDir.cleanup());
  let backupFile: string;
  let backedUp: { voters: number; messages: number; conversations: number };

  const counts = async () => {
    const c = (await value('getStatus')).counts as typeof backedUp & { bots: number };
    return { voters: c.voters, messages: c.messages, conversations: c.conversations };
  };
  const beforeRestoreFiles = () =>
    readdirSync(t.dataDir).filter((f) => f.endsWith('.before-restore'));
  const restore = async (bytes: Buffer, headers: Record<string, string> = admin) => {
    const res = await fetch(`${t.adminUrl}/api/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  it('downloads a consistent copy of the data file with the same rows', async () => {
    await voterWrites('919800000301', 'Water has not come for three days');
    await voterWrites('919800000302', 'When is the ward meeting?');
    backedUp = await counts();
    expect(backedUp.voters).toBe(2);

    const res = await fetch(`${t.adminUrl}/api/backup`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="pulse-desk-backup-.*\.sqlite"/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    backupFile = join(backupDir.dir, 'backup.sqlite');
    writeFileSync(backupFile, bytes);

    const db = new BetterSqlite3(backupFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (table: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect({
        voters: n('voter_profiles'),
        messages: n('messages'),
        conversations: n('conversations'),
      }).toEqual(backedUp);
      const settings = db.prepare("SELECT value FROM settings WHERE key = 'connection'").get() as {
        value: string;
      };
      expect(JSON.parse(settings.value)).toMatchObject({ OPENAI_MODEL: 'gpt-test-model' });
    } finally {
      db.close();
    }
    // No temporary copy is left behind in the data folder, and the download is audited.
    await expect
      .poll(() => readdirSync(t.dataDir).filter((f) => f.startsWith('.backup-')))
      .toEqual([]);
    await expect
      .poll(async () => (await value('listAudit', {})).items[0].action)
      .toBe('data_backed_up');
  });

  it('refuses garbage, a newer schema and a foreign SQLite file, changing nothing', async () => {
    await voterWrites('919800000303', 'Street light is broken');
    const current = await counts();
    expect(current.voters).toBe(3);

    const garbage = await restore(randomBytes(64 * 1024));
    expect(garbage.status).toBe(400);
    expect(garbage.body.error?.message).toMatch(/not an SQLite database/);

    const newer = join(backupDir.dir, 'newer.sqlite');
    copyFileSync(backupFile, newer);
    const db = new BetterSqlite3(newer);
    db.pragma('user_version = 999');
    db.close();
    const tooNew = await restore(readFileSync(newer));
    expect(tooNew.status).toBe(400);
    expect(tooNew.body.error?.message).toMatch(/schema version 999.*update Pulse Desk/i);

    const foreign = join(backupDir.dir, 'foreign.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.pragma('user_version = 1');
    other.close();
    const notOurs = await restore(readFileSync(foreign));
    expect(notOurs.status).toBe(400);
    expect(notOurs.body.error?.message).toMatch(/not a Pulse Desk data file/);

    const truncated = await restore(readFileSync(backupFile).subarray(0, 8192));
    expect(truncated.status).toBe(400);

    expect(await counts()).toEqual(current);
    expect(beforeRestoreFiles()).toEqual([]);
    expect(readdirSync(t.dataDir).filter((f) => f.startsWith('.restore-'))).toEqual([]);
    // Still processing: a new message is answered.
    await voterWrites('919800000303', 'Any news?');
    expect((await counts()).messages).toBeGreaterThan(current.messages);
  });

  it('restores a backup: the rows come back, the old file is kept, processing goes on', async () => {
    const changed: string[] = [];
    const off = t.core.events.on('statusChanged', () => changed.push('statusChanged'));
    const r = await restore(readFileSync(backupFile));
    off();
    expect(r.body.ok).toBe(true);
    expect(r.body.value).toMatchObject({ counts: backedUp });
    expect(changed.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(backedUp);

    const kept = beforeRestoreFiles();
    expect(kept).toHaveLength(1);
    const old = new BetterSqlite3(join(t.dataDir, kept[0]!), { readonly: true });
    expect((old.prepare('SELECT count(*) AS n FROM voter_profiles').get() as { n: number }).n).toBe(
      3,
    );
    old.close();

    const audit = await value('listAudit', {});
    expect(audit.items[0]).toMatchObject({ action: 'data_restored' });

    // The job runner and the outbox run on the restored file.
    await voterWrites('919800000304', 'Hello again');
    const after = await counts();
    expect(after.voters).toBe(backedUp.voters + 1);
    const thread = await value('testPhoneThread', { phone: '919800000304' });
    expect(thread.messages.some((m: { sender: string }) => m.sender === 'bot')).toBe(true);
  });
});

describe('operators (non-admins)', () => {
  it('cannot read or change the connection, send tests, back up or restore', async () => {
    await value('createOperator', {
      username: 'meena',
      displayName: 'Meena',
      role: 'operator',
      password: 'meena-password-1',
    });
    const res = await fetch(`${t.adminUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'meena', password: 'meena-password-1' }),
    });
    const operator = { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
    const calls: Array<[string, unknown]> = [
      ['getConnection', {}],
      ['saveConnection', { OPENAI_MODEL: 'gpt-x' }],
      ['setSecret', { name: 'OPENAI_API_KEY', value: null }],
      ['regenerateVerifyToken', {}],
      ['sendTestMessage', { to: '919800000401' }],
      ['checkOpenAi', {}],
    ];
    for (const [name, input] of calls) {
      const r = await rpc(name, input, operator);
      expect([name, r.status, r.body.error?.code]).toEqual([name, 403, 'forbidden']);
    }
    const backup = await fetch(`${t.adminUrl}/api/backup`, { headers: operator });
    expect(backup.status).toBe(403);
    const restored = await fetch(`${t.adminUrl}/api/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...operator },
      body: new Uint8Array(randomBytes(1024)),
    });
    expect(restored.status).toBe(403);
    expect((await value('getConnection')).secrets.OPENAI_API_KEY.source).toBe('stored');
    // They see the webhook setup, but not the verify token (a shared secret with Meta).
    const setup = await rpc('getWebhookSetup', {}, operator);
    expect(setup.body.value).toMatchObject({
      verifyToken: null,
      webhookPath: '/api/whatsapp/webhook/',
    });
    expect(((await value('getWebhookSetup')).verifyToken as string).length).toBeGreaterThan(20);
  });
});

describe('after a restart', () => {
  it('keeps the saved settings and secrets, and no answer or log line held a secret', async () => {
    const dir = t.dataDir;
    await t.core.stop();
    const again = await startTestCore(env, {}, { dataDir: dir });
    let logs: string;
    try {
      const status = await again.core.status();
      expect(status.services.openai).toMatchObject({
        model: 'gpt-test-model',
        baseUrl: openai.baseUrl,
        configured: true,
      });
      expect(again.core.config.whatsapp.phoneNumberId).toBe(graph.phoneNumberId);
      expect(again.core.config.whatsapp.businessAccountId).toBe(ENV_BUSINESS_ACCOUNT_ID);
    } finally {
      await again.core.stop();
      logs = JSON.stringify([...t.log.lines, ...again.log.lines]);
    }
    const everything = [...answers, logs].join('\n');
    for (const secret of [
      graph.token,
      WRONG_GRAPH_TOKEN,
      OPENAI_TEST_KEY,
      OTHER_OPENAI_KEY,
      FAKE_APP_SECRET,
    ])
      expect(everything).not.toContain(secret);
  });
});
