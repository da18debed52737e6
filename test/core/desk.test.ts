import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ADMIN_TOKEN, startTestCore } from '../helpers/core';

// The operator desk over real HTTP: named accounts and roles, one owner per conversation,
// replies and templates under the 24-hour rule, bots and templates, and the audit log.

let t: Awaited<ReturnType<typeof startTestCore>>;
let clock = Date.parse('2026-11-20T09:00:00Z');
beforeAll(async () => {
  t = await startTestCore({}, { now: () => clock });
});
afterAll(() => t.close());

const admin = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };
async function rpc(name: string, input: unknown, headers: Record<string, string> = admin) {
  const res = await fetch(`${t.adminUrl}/api/rpc/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      ok: boolean;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever each method returns
      value?: any;
      error?: { code: string; message: string; fields?: Record<string, string> };
    },
  };
}
async function signIn(username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${t.adminUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}
async function voterWrites(phone: string, text: string) {
  clock += 1000;
  await rpc('testPhoneSend', { phone, text });
  await t.core.channel.runner.idle();
  const page = await rpc('listConversations', { search: phone });
  return page.body.value.items[0] as { id: string };
}

let anita: Record<string, string>;
let ravi: Record<string, string>;

describe('operators', () => {
  it('an admin creates named accounts; passwords are checked and never stored in clear', async () => {
    const a = await rpc('createOperator', {
      username: 'anita',
      displayName: 'Anita',
      role: 'operator',
      password: 'anita-password-1',
    });
    expect(a.body.value).toMatchObject({
      username: 'anita',
      displayName: 'Anita',
      role: 'operator',
      disabled: false,
    });
    await rpc('createOperator', {
      username: 'ravi',
      displayName: 'Ravi',
      role: 'operator',
      password: 'ravi-password-12',
    });
    const dup = await rpc('createOperator', {
      username: 'anita',
      displayName: 'Other',
      role: 'operator',
      password: 'xxxxxxxxxxxx',
    });
    expect(dup.body.error).toMatchObject({
      code: 'conflict',
      fields: { username: expect.any(String) },
    });
    const weak = await rpc('createOperator', {
      username: 'x',
      displayName: '',
      role: 'chief',
      password: 'short',
    });
    expect(Object.keys(weak.body.error!.fields!).sort()).toEqual([
      'displayName',
      'password',
      'role',
      'username',
    ]);
    const row = await t.core
      .store()
      .db.selectFrom('operators')
      .select('password_hash')
      .where('username', '=', 'anita')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('anita-password-1');

    await expect(signIn('anita', 'wrong-password')).rejects.toThrow(/401/);
    anita = await signIn('anita', 'anita-password-1');
    ravi = await signIn('ravi', 'ravi-password-12');
    expect((await rpc('whoAmI', {}, anita)).body.value).toMatchObject({
      role: 'operator',
      name: 'Anita',
      operator: { username: 'anita' },
    });
  });

  it('two people cannot share a display name (it is who holds a conversation)', async () => {
    for (const displayName of ['anita', 'Desktop']) {
      const r = await rpc('createOperator', {
        username: `someone-${displayName.toLowerCase()}`,
        displayName,
        role: 'operator',
        password: 'someone-password-1',
      });
      expect(r.body.error).toMatchObject({
        code: 'conflict',
        fields: { displayName: expect.any(String) },
      });
    }
  });

  it('operators cannot do admin work', async () => {
    for (const [name, input] of [
      ['listOperators', {}],
      [
        'createOperator',
        { username: 'eve', displayName: 'Eve', role: 'admin', password: 'eve-password-1' },
      ],
      ['listAudit', {}],
      ['startTunnel', {}],
    ] as const) {
      const r = await rpc(name, input, anita);
      expect({ name, status: r.status, code: r.body.error?.code }).toEqual({
        name,
        status: 403,
        code: 'forbidden',
      });
    }
  });
});

describe('takeover and replies', () => {
  it('one owner at a time; the other operator sees who holds it', async () => {
    const conv = await voterWrites('919800000401', 'water problem');
    const take = await rpc('takeOver', { conversationId: conv.id }, anita);
    expect(take.body.value).toMatchObject({ assignedOperator: 'Anita', humanHandoff: true });
    const other = await rpc('takeOver', { conversationId: conv.id }, ravi);
    expect(other.body.error).toMatchObject({
      code: 'conflict',
      message: 'Anita is already handling this conversation.',
    });
    const reply = await rpc('sendReply', { conversationId: conv.id, text: 'Ravi here' }, ravi);
    expect(reply.body.error?.code).toBe('conflict');
    const mine = await rpc('listConversations', { mine: true }, anita);
    expect(mine.body.value.items.map((c: { id: string }) => c.id)).toEqual([conv.id]);
    expect((await rpc('listConversations', { mine: true }, ravi)).body.value.items).toEqual([]);
  });

  it('a manual reply is stored as sender human with the operator name and reaches the phone', async () => {
    const conv = (await rpc('listConversations', { search: '919800000401' })).body.value.items[0];
    const r = await rpc(
      'sendReply',
      { conversationId: conv.id, text: 'நாளை காலை டேங்கர் வரும்' },
      anita,
    );
    expect(r.body.value).toMatchObject({
      sender: 'human',
      operatorName: 'Anita',
      content: 'நாளை காலை டேங்கர் வரும்',
      deliveryStatus: 'queued',
    });
    await t.core.channel.sender.drain();
    const thread = (await rpc('testPhoneThread', { phone: '919800000401' })).body.value
      .messages as Array<{ sender: string; content: string; deliveryStatus: string }>;
    expect(thread.at(-1)).toMatchObject({ sender: 'human', content: 'நாளை காலை டேங்கர் வரும்' });
    expect(thread.at(-1)!.deliveryStatus).not.toBe('queued');
  });

  it('hand-back lets the bot answer again', async () => {
    const conv = (await rpc('listConversations', { search: '919800000401' })).body.value.items[0];
    expect((await rpc('handBack', { conversationId: conv.id }, ravi)).body.error?.code).toBe(
      'conflict',
    );
    expect((await rpc('handBack', { conversationId: conv.id }, anita)).body.value).toMatchObject({
      assignedOperator: null,
      humanHandoff: false,
    });
    await voterWrites('919800000401', 'thank you');
    const d = (await rpc('getConversation', { id: conv.id })).body.value;
    expect(d.messages.at(-1)).toMatchObject({ sender: 'bot' });
  });

  it('after 24 hours only an approved template can be sent', async () => {
    const conv = (await rpc('listConversations', { search: '919800000401' })).body.value.items[0];
    expect((await rpc('getConversation', { id: conv.id })).body.value.windowClosesAt).toBe(
      new Date(clock + 24 * 3600 * 1000).toISOString(),
    );
    clock += 25 * 3600 * 1000;
    // Sessions last 12 hours: sign in again the next day.
    anita = await signIn('anita', 'anita-password-1');
    ravi = await signIn('ravi', 'ravi-password-12');
    expect((await rpc('getConversation', { id: conv.id })).body.value.windowClosesAt).toBeNull();
    const text = await rpc('sendReply', { conversationId: conv.id, text: 'Any news?' }, anita);
    expect(text.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('template'),
    });
    const tpl = await rpc('saveTemplate', {
      name: 'issue_followup',
      language: 'ta',
      category: 'utility',
      body: 'வணக்கம் {{1}}, உங்கள் புகார் {{2}} பற்றி',
    });
    expect(tpl.body.ok).toBe(true);
    const missing = await rpc(
      'sendTemplate',
      { conversationId: conv.id, templateId: tpl.body.value.id, params: ['Kavitha'] },
      anita,
    );
    expect(missing.body.error?.fields).toHaveProperty('params');
    const sent = await rpc(
      'sendTemplate',
      { conversationId: conv.id, templateId: tpl.body.value.id, params: ['Kavitha', 'water'] },
      anita,
    );
    expect(sent.body.value).toMatchObject({
      messageType: 'template',
      sender: 'human',
      content: 'வணக்கம் Kavitha, உங்கள் புகார் water பற்றி',
    });
  });

  it('counts unread voter messages per reader', async () => {
    const conv = await voterWrites('919800000402', 'first');
    await voterWrites('919800000402', 'second');
    const unread = async (h: Record<string, string>) =>
      (await rpc('listConversations', { search: '919800000402' }, h)).body.value.items[0].unread;
    expect(await unread(anita)).toBe(2);
    // Her other windows hear of it, so their badges refresh too.
    const read: string[] = [];
    const off = t.core.events.on('conversationRead', (e) => read.push(e.conversationId));
    await rpc('markRead', { conversationId: conv.id }, anita);
    off();
    expect(read).toEqual([conv.id]);
    expect(await unread(anita)).toBe(0);
    expect(await unread(ravi)).toBe(2);
    clock += 60_000;
    await voterWrites('919800000402', 'third');
    expect(await unread(anita)).toBe(1);
  });
});

describe('renaming an operator', () => {
  it('keeps the conversations they hold and their session under the new name', async () => {
    const created = await rpc('createOperator', {
      username: 'kavya',
      displayName: 'Kavya',
      role: 'operator',
      password: 'kavya-password-1',
    });
    const kavya = await signIn('kavya', 'kavya-password-1');
    const conv = await voterWrites('919800000477', 'street light broken');
    await rpc('takeOver', { conversationId: conv.id }, kavya);
    const renamed = await rpc('updateOperator', {
      id: created.body.value.id,
      displayName: 'Kavya R',
    });
    expect(renamed.body.value).toMatchObject({ displayName: 'Kavya R' });
    expect((await rpc('getConversation', { id: conv.id })).body.value.conversation).toMatchObject({
      assignedOperator: 'Kavya R',
    });
    const reply = await rpc('sendReply', { conversationId: conv.id, text: 'On it' }, kavya);
    expect(reply.body.value).toMatchObject({ sender: 'human', operatorName: 'Kavya R' });
    expect((await rpc('handBack', { conversationId: conv.id }, kavya)).body.value).toMatchObject({
      assignedOperator: null,
    });
  });
});

describe('bots', () => {
  const bot = {
    name: 'Ward 12 helper',
    description: 'Answers ward 12',
    personality: 'formal',
    languages: ['ta', 'en'],
    channels: ['whatsapp', 'simulator'],
    aiModel: '',
    systemPrompt: 'You answer residents of ward 12 for the field office.',
    customPrompts: { greeting: 'Greet in Tamil' },
    knowledgeBase: [
      { question: 'Water timing?', answer: 'Tankers come at 7 am.', tags: ['water'] },
    ],
    responseTimeTarget: 30,
    maxConversationLength: 40,
    autoHandoffThreshold: 0.4,
  };

  it('validates with clear messages, saves every field, keeps one active bot', async () => {
    const bad = await rpc('saveBot', {
      ...bot,
      name: '',
      languages: [],
      autoHandoffThreshold: 2,
      systemPrompt: 'short',
    });
    expect(bad.body.error!.fields).toMatchObject({
      name: expect.any(String),
      languages: 'Choose at least one language.',
      autoHandoffThreshold: 'Between 0 and 1.',
      systemPrompt: expect.stringContaining('20 characters'),
    });
    const saved = await rpc('saveBot', bot);
    expect(saved.body.value).toMatchObject({ ...bot, active: false });
    const before = (await rpc('listBots', {})).body.value.find(
      (b: { active: boolean }) => b.active,
    );
    await rpc('activateBot', { id: saved.body.value.id });
    const bots = (await rpc('listBots', {})).body.value as Array<{ id: string; active: boolean }>;
    expect(bots.filter((b) => b.active).map((b) => b.id)).toEqual([saved.body.value.id]);
    expect((await rpc('deleteBot', { id: saved.body.value.id })).body.error?.code).toBe('conflict');
    await rpc('activateBot', { id: before.id });
    expect((await rpc('deleteBot', { id: saved.body.value.id })).body.value).toEqual({
      deleted: true,
    });
    expect((await rpc('saveBot', bot, anita)).status).toBe(403);
  });

  it('"try it" runs a message through the analysis without sending anything', async () => {
    const outboxBefore = await t.core.store().db.selectFrom('outbox').select('id').execute();
    const r = await rpc(
      'tryBot',
      { text: 'I want to talk to a person about the broken road' },
      anita,
    );
    expect(r.body.value).toMatchObject({
      language: 'en',
      source: 'embedded',
      fallbackReason: 'no OpenAI API key',
      handoff: { handoff: true, reason: 'asked_for_person' },
    });
    expect(await t.core.store().db.selectFrom('outbox').select('id').execute()).toHaveLength(
      outboxBefore.length,
    );
  });
});

describe('audit log', () => {
  it('records who took over, replied, handed back, and changed settings, with when', async () => {
    const log = (await rpc('listAudit', { limit: 200 })).body.value.items as Array<{
      actor: string;
      action: string;
      at: string;
    }>;
    const seen = new Set(log.map((e) => `${e.actor}:${e.action}`));
    for (const k of [
      'Anita:take_over',
      'Anita:reply',
      'Anita:hand_back',
      'Anita:template',
      'admin-token:operator_created',
      'admin-token:bot_created',
      'admin-token:bot_activated',
      'admin-token:template_saved',
    ]) {
      expect(seen).toContain(k);
    }
    expect(log.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });
});

describe('long threads', () => {
  it('sends the newest messages, oldest first, and counts the older ones; a larger limit reaches them', async () => {
    const conv = await voterWrites('919800000777', 'first message');
    const s = t.core.store();
    const before = (await rpc('getConversation', { id: conv.id })).body.value.messages.length;
    const base = Date.parse('2026-11-01T00:00:00Z');
    s.transaction(() => {
      for (let i = 0; i < 250; i++)
        s.run(
          s.db.insertInto('messages').values({
            id: `m-long-${i}`,
            conversation_id: conv.id,
            sender: 'user',
            content: `old ${i}`,
            // Older than the conversation's first message, one minute apart.
            timestamp: new Date(base + i * 60_000).toISOString(),
            created_at: new Date(base + i * 60_000).toISOString(),
          }),
        );
    });
    const total = before + 250;
    const page = (await rpc('getConversation', { id: conv.id })).body.value;
    expect(page.messages).toHaveLength(200);
    expect(page.earlierMessages).toBe(total - 200);
    // The newest is last, and the page is in order.
    expect(page.messages.at(-1).content).not.toMatch(/^old /);
    const times = page.messages.map((m: { timestamp: string }) => m.timestamp);
    expect([...times].sort()).toEqual(times);
    expect(page.messages[0].content).toBe(`old ${total - 200}`);

    const all = (await rpc('getConversation', { id: conv.id, limit: 1000 })).body.value;
    expect(all.messages).toHaveLength(total);
    expect(all.earlierMessages).toBe(0);
    expect(all.messages[0].content).toBe('old 0');
    expect((await rpc('getConversation', { id: conv.id, limit: 0 })).body.error?.code).toBe(
      'invalid_input',
    );
  });
});
