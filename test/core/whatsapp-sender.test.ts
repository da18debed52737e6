import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Events } from '../../src/shared/contract';
import { EventBus } from '../../src/main/core/events';
import type { Store } from '../../src/main/core/store/db';
import { openStore } from '../../src/main/core/store/db';
import type { OutgoingMessage } from '../../src/main/core/whatsapp/graph';
import { GraphClient, GraphError, classifyGraphError } from '../../src/main/core/whatsapp/graph';
import type { EnqueueInput, OutboxPolicy, OutboxRow } from '../../src/main/core/whatsapp/outbox';
import {
  INTERRUPTED_ERROR,
  OPTED_OUT_ERROR,
  OUTSIDE_WINDOW_ERROR,
  OutboxSender,
  checkSendAllowed,
  enqueueOutgoing,
  graphTransport,
  reconcileFromStatus,
} from '../../src/main/core/whatsapp/outbox';
import { memoryLogger } from '../helpers/core';
import type { GraphServer, RecordedRequest } from '../helpers/graph-server';
import { startGraphServer } from '../helpers/graph-server';

const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Fast retries and no pacing unless a test asks for it. */
const FAST: Partial<OutboxPolicy> = {
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxAttempts: 5,
  perNumberPerSecond: 10_000,
  perRecipientIntervalMs: 0,
  pollIntervalMs: 50,
};

interface Voter {
  voterId: string;
  conversationId: string;
  phone: string;
  userId: string | null;
}

interface Harness {
  store: Store;
  server: GraphServer;
  client: GraphClient;
  sender: OutboxSender;
  log: ReturnType<typeof memoryLogger>;
  events: Array<{ name: keyof Events; payload: unknown }>;
  token: { value: string | undefined };
  voter: Voter;
  addVoter(opts?: Partial<VoterOpts>): Voter;
  /** Queues a bot message to `voter` (a `messages` row plus its outbox row) and kicks the sender. */
  queue(
    message: OutgoingMessage,
    opts?: { voter?: Voter; optOutConfirmation?: boolean; recipient?: string },
  ): { outboxId: string; messageId: string };
  queueRead(wamid: string, typing: boolean, voter?: Voter): string;
  outbox(id: string): OutboxRow;
  message(id: string): {
    delivery_status: string | null;
    delivery_error: string | null;
    whatsapp_message_id: string | null;
  };
}

interface VoterOpts {
  phone: string;
  userId: string | null;
  lastInboundAt: string | null;
  optedOutAt: string | null;
}

const harnesses: Array<{ sender: OutboxSender; server: GraphServer; store: Store }> = [];

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.sender.stop();
    await h.server.close();
    await h.store.close();
  }
});

async function setup(
  opts: {
    policy?: Partial<OutboxPolicy>;
    voter?: Partial<VoterOpts>;
    timeoutMs?: number;
    start?: boolean;
    beforeStart?: (h: Harness) => void;
  } = {},
): Promise<Harness> {
  const store = openStore(':memory:');
  const server = await startGraphServer();
  const log = memoryLogger();
  const bus = new EventBus();
  const events: Harness['events'] = [];
  bus.onAny((name, payload) => events.push({ name, payload }));
  const token = { value: server.token as string | undefined };
  const client = new GraphClient({
    baseUrl: server.baseUrl,
    phoneNumberId: server.phoneNumberId,
    accessToken: () => token.value,
    timeoutMs: opts.timeoutMs ?? 5_000,
  });
  const sender = new OutboxSender({
    store: () => store,
    transports: { whatsapp: graphTransport(client) },
    log,
    events: bus,
    policy: { ...FAST, ...opts.policy },
  });
  harnesses.push({ sender, server, store });

  let voterCount = 0;
  const addVoter = (v: Partial<VoterOpts> = {}): Voter => {
    const now = iso(Date.now());
    voterCount++;
    const voterId = randomUUID();
    const conversationId = randomUUID();
    const phone = v.phone ?? `+9198765${String(43210 + voterCount).padStart(5, '0')}`;
    const userId = v.userId ?? null;
    store.run(
      store.db.insertInto('voter_profiles').values({
        id: voterId,
        phone_number: phone.replace(/^\+/, ''),
        wa_user_id: userId,
        name: null,
        political_lean: null,
        avg_sentiment_score: null,
        last_contacted: null,
        first_contacted: null,
        referral_code: `REF${voterCount}${randomUUID().slice(0, 4)}`,
        referred_by: null,
        last_inbound_at: v.lastInboundAt === undefined ? iso(Date.now() - HOUR) : v.lastInboundAt,
        opted_out_at: v.optedOutAt ?? null,
        opt_out_method: v.optedOutAt ? 'keyword' : null,
        opt_out_confirmed_at: null,
        created_at: now,
        updated_at: now,
      }),
    );
    store.run(
      store.db.insertInto('conversations').values({
        id: conversationId,
        voter_id: voterId,
        phone_number: phone,
        wa_user_id: userId,
        user_name: null,
        user_location: null,
        started_at: now,
        ended_at: null,
        duration_seconds: null,
        channel: 'whatsapp',
        sentiment: null,
        sentiment_score: null,
        category: null,
        priority: null,
        political_lean: null,
        ai_confidence: null,
        satisfaction_score: null,
        session_id: null,
        source_campaign: null,
        referral_code: null,
        created_at: now,
        updated_at: now,
        last_message_at: null,
        handoff_reason: null,
        assigned_operator: null,
      }),
    );
    return { voterId, conversationId, phone, userId };
  };

  const voter = addVoter(opts.voter);

  const enqueue = (input: EnqueueInput) => {
    const id = store.transaction(() => enqueueOutgoing(store, input));
    sender.kick();
    return id;
  };

  const h: Harness = {
    store,
    server,
    client,
    sender,
    log,
    events,
    token,
    voter,
    addVoter,
    queue(message, o = {}) {
      const v = o.voter ?? voter;
      const messageId = randomUUID();
      const now = iso(Date.now());
      store.run(
        store.db.insertInto('messages').values({
          id: messageId,
          conversation_id: v.conversationId,
          sender: 'bot',
          media_url: null,
          whatsapp_message_id: null,
          timestamp: now,
          intent: null,
          confidence: null,
          sentiment: null,
          language: null,
          processing_error: null,
          prompt_tokens: null,
          completion_tokens: null,
          model_used: null,
          delivery_status: null,
          delivery_error: null,
          operator_name: null,
          created_at: now,
        }),
      );
      const outboxId = enqueue({
        channel: 'whatsapp',
        recipient: o.recipient ?? v.userId ?? v.phone,
        conversationId: v.conversationId,
        messageId,
        message,
        ...(o.optOutConfirmation ? { optOutConfirmation: true } : {}),
      });
      return { outboxId, messageId };
    },
    queueRead(wamid, typing, v = voter) {
      return enqueue({
        channel: 'whatsapp',
        recipient: v.phone,
        conversationId: v.conversationId,
        read: { wamid, typing },
      });
    },
    outbox: (id) => store.first(store.db.selectFrom('outbox').selectAll().where('id', '=', id))!,
    message: (id) =>
      store.first(
        store.db
          .selectFrom('messages')
          .select(['delivery_status', 'delivery_error', 'whatsapp_message_id'])
          .where('id', '=', id),
      )!,
  };
  opts.beforeStart?.(h);
  if (opts.start !== false) await sender.start();
  return h;
}

const text = (body: string, replyTo?: string): OutgoingMessage => ({
  type: 'text',
  body,
  ...(replyTo ? { replyTo } : {}),
});
const template: OutgoingMessage = {
  type: 'template',
  name: 'voter_registration_reminder',
  languageCode: 'ta',
  components: [{ type: 'body', parameters: [{ type: 'text', text: 'Meena' }] }],
};

function wamidOf(r: RecordedRequest): string {
  const body = r.response?.body as { messages: Array<{ id: string }> };
  return body.messages[0]!.id;
}

function okResponses(reqs: RecordedRequest[]): RecordedRequest[] {
  return reqs.filter((r) => r.response?.status === 200);
}

// -----------------------------------------------------------------------------------------------

describe('GraphClient + outbox: what goes on the wire', () => {
  it('sends a text reply with context, the outbox id as callback data, and records the wamid', async () => {
    const h = await setup();
    const { outboxId, messageId } = h.queue(text('வணக்கம்! How can we help?', 'wamid.INBOUND1'));
    expect(h.message(messageId).delivery_status).toBe('queued');
    await h.sender.drain();

    const [req, ...rest] = h.server.messageRequests();
    expect(rest).toHaveLength(0);
    expect(req!.headers.authorization).toBe(`Bearer ${h.server.token}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.path).toBe(`/v25.0/${h.server.phoneNumberId}/messages`);
    expect(req!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: h.voter.phone,
      type: 'text',
      text: { body: 'வணக்கம்! How can we help?', preview_url: false },
      context: { message_id: 'wamid.INBOUND1' },
      biz_opaque_callback_data: outboxId,
    });
    const wamid = wamidOf(req!);
    expect(h.outbox(outboxId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      whatsapp_message_id: wamid,
      last_error: null,
    });
    expect(h.message(messageId)).toMatchObject({
      delivery_status: 'sent',
      whatsapp_message_id: wamid,
    });
    expect(h.events).toContainEqual({
      name: 'messageChanged',
      payload: { conversationId: h.voter.conversationId, messageId },
    });
  });

  it('sends a template with its language and components', async () => {
    const h = await setup();
    h.queue(template);
    await h.sender.drain();
    expect(h.server.messageRequests()[0]!.body).toMatchObject({
      to: h.voter.phone,
      type: 'template',
      template: {
        name: 'voter_registration_reminder',
        language: { code: 'ta' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Meena' }] }],
      },
    });
  });

  it('sends interactive reply buttons and lists', async () => {
    const h = await setup();
    h.queue({
      type: 'buttons',
      body: 'Did this answer your question?',
      footer: 'Pulse Desk',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
        { id: 'human', title: 'Talk to a person' },
      ],
    });
    h.queue({
      type: 'list',
      header: 'Topics',
      body: 'Pick a topic',
      buttonText: 'Topics',
      sections: [
        {
          title: 'Civic',
          rows: [{ id: 'water', title: 'Water supply', description: 'Cuts, quality' }],
        },
        { title: 'Other', rows: [{ id: 'other', title: 'Something else' }] },
      ],
    });
    await h.sender.drain();
    const [buttons, list] = h.server.messageRequests();
    expect(buttons!.body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Did this answer your question?' },
        footer: { text: 'Pulse Desk' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'no', title: 'No' } },
            { type: 'reply', reply: { id: 'human', title: 'Talk to a person' } },
          ],
        },
      },
    });
    expect(list!.body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'Topics' },
        body: { text: 'Pick a topic' },
        action: {
          button: 'Topics',
          sections: [
            {
              title: 'Civic',
              rows: [{ id: 'water', title: 'Water supply', description: 'Cuts, quality' }],
            },
            { title: 'Other', rows: [{ id: 'other', title: 'Something else' }] },
          ],
        },
      },
    });
  });

  it('sends media by id and by link, with caption and filename', async () => {
    const h = await setup();
    h.queue({ type: 'media', mediaType: 'image', source: { id: '1234567' }, caption: 'Ward map' });
    h.queue({
      type: 'media',
      mediaType: 'document',
      source: { link: 'https://example.org/manifesto.pdf' },
      filename: 'manifesto.pdf',
    });
    h.queue({ type: 'media', mediaType: 'audio', source: { id: '7654321' } });
    await h.sender.drain();
    const bodies = h.server.messageRequests().map((r) => r.body);
    expect(bodies[0]).toMatchObject({
      type: 'image',
      image: { id: '1234567', caption: 'Ward map' },
    });
    expect(bodies[1]).toMatchObject({
      type: 'document',
      document: { link: 'https://example.org/manifesto.pdf', filename: 'manifesto.pdf' },
    });
    expect(bodies[2]).toMatchObject({ type: 'audio', audio: { id: '7654321' } });
  });

  it('sends a reaction, and an empty emoji to remove it', async () => {
    const h = await setup();
    h.queue({ type: 'reaction', messageId: 'wamid.INBOUND2', emoji: '👍' });
    h.queue({ type: 'reaction', messageId: 'wamid.INBOUND2', emoji: '' });
    await h.sender.drain();
    const [add, remove] = h.server.messageRequests();
    expect(add!.body).toMatchObject({
      type: 'reaction',
      reaction: { message_id: 'wamid.INBOUND2', emoji: '👍' },
    });
    expect(add!.body).not.toHaveProperty('context');
    expect(remove!.body).toMatchObject({ reaction: { message_id: 'wamid.INBOUND2', emoji: '' } });
  });

  it('marks read with the typing indicator, and without it', async () => {
    const h = await setup();
    const typingId = h.queueRead('wamid.INBOUND3', true);
    h.queueRead('wamid.INBOUND4', false);
    await h.sender.drain();
    const [typing, plain] = h.server.messageRequests();
    expect(typing!.body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.INBOUND3',
      typing_indicator: { type: 'text' },
    });
    expect(plain!.body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.INBOUND4',
    });
    expect(h.outbox(typingId)).toMatchObject({ status: 'sent', whatsapp_message_id: null });
  });

  it('addresses a business-scoped user id with "recipient" instead of "to"', async () => {
    const h = await setup({ voter: { userId: 'IN.13491208655302741918' } });
    h.queue(text('hello'));
    await h.sender.drain();
    const body = h.server.messageRequests()[0]!.body as Record<string, unknown>;
    expect(body.recipient).toBe('IN.13491208655302741918');
    expect(body).not.toHaveProperty('to');
  });

  it('adds the + a stored wa_id lacks, so Meta does not prepend our own country code', async () => {
    const h = await setup({ voter: { phone: '+919812345678' } });
    h.queue(text('hello'), { recipient: '919812345678' });
    await h.sender.drain();
    expect(h.server.messageRequests()[0]!.body).toMatchObject({ to: '+919812345678' });
  });

  it('refuses at enqueue a message Meta would reject (4 buttons, 11 list rows, captioned audio)', async () => {
    const h = await setup();
    const buttons = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    expect(() => h.queue({ type: 'buttons', body: 'x', buttons })).toThrow();
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    expect(() =>
      h.queue({ type: 'list', body: 'x', buttonText: 'Open', sections: [{ rows }] }),
    ).toThrow(/10 rows/);
    expect(() =>
      h.queue({ type: 'media', mediaType: 'audio', source: { id: '1' }, caption: 'no' }),
    ).toThrow(/caption/);
    expect(
      h.store.first(
        h.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')),
      )!.n,
    ).toBe(0);
  });

  it("enqueues inside the caller's transaction: a rollback leaves no outbox row", async () => {
    const h = await setup();
    expect(() =>
      h.store.transaction(() => {
        enqueueOutgoing(h.store, {
          channel: 'whatsapp',
          recipient: h.voter.phone,
          conversationId: h.voter.conversationId,
          message: text('never'),
        });
        throw new Error('the reply was not saved');
      }),
    ).toThrow('the reply was not saved');
    await h.sender.drain();
    expect(h.store.all(h.store.db.selectFrom('outbox').selectAll())).toHaveLength(0);
    expect(h.server.requests).toHaveLength(0);
  });
});

// -----------------------------------------------------------------------------------------------

describe('error classes', () => {
  it('classifies codes in one place', () => {
    for (const code of [130429, 131056, 131000, 131016, 131057, 133004, 4, 80007])
      expect([code, classifyGraphError(code, 400)]).toEqual([code, 'retryable']);
    for (const code of [190, 368, 131031, 131048, 131045, 131042, 131064, 133010, 10, 200])
      expect([code, classifyGraphError(code, 400)]).toEqual([code, 'alert']);
    for (const code of [
      131047, 131026, 131051, 100, 132000, 132001, 132015, 131050, 131009, 131062,
    ])
      expect([code, classifyGraphError(code, 400)]).toEqual([code, 'permanent']);
    expect(classifyGraphError(undefined, undefined)).toBe('retryable'); // network error, timeout
    expect(classifyGraphError(undefined, 502)).toBe('retryable');
    expect(classifyGraphError(135000, 500)).toBe('retryable'); // any 5xx
    expect(classifyGraphError(190, 500)).toBe('alert');
    expect(classifyGraphError(undefined, 401)).toBe('alert');
    expect(classifyGraphError(undefined, 404)).toBe('permanent');
  });

  it.each([
    { name: '130429 throughput', failure: { httpStatus: 429, code: 130429 } },
    { name: '131056 pair rate limit', failure: { httpStatus: 400, code: 131056 } },
    { name: '131000 something went wrong', failure: { httpStatus: 500, code: 131000 } },
    { name: 'a bare HTTP 500', failure: { httpStatus: 500 } },
  ])('retries $name, then sends exactly once', async ({ failure }) => {
    const h = await setup();
    h.server.failNext(2, failure);
    const { outboxId, messageId } = h.queue(text('retry me'));
    await h.sender.drain({ includeDeferred: true });

    const reqs = h.server.messageRequests();
    expect(reqs).toHaveLength(3);
    expect(
      new Set(reqs.map((r) => (r.body as Record<string, unknown>).biz_opaque_callback_data)),
    ).toEqual(new Set([outboxId]));
    const ok = okResponses(reqs);
    expect(ok).toHaveLength(1);
    expect(h.outbox(outboxId)).toMatchObject({
      status: 'sent',
      attempts: 3,
      whatsapp_message_id: wamidOf(ok[0]!),
      last_error: null,
      last_error_code: null,
    });
    expect(h.message(messageId).delivery_status).toBe('sent');
  });

  it('retries a dropped connection, then sends exactly once', async () => {
    const h = await setup();
    h.server.dropNext();
    const { outboxId } = h.queue(text('after a reset'));
    await h.sender.drain({ includeDeferred: true });
    const reqs = h.server.messageRequests();
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.response).toBeNull();
    expect(okResponses(reqs)).toHaveLength(1);
    expect(h.outbox(outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after maxAttempts retryable failures', async () => {
    const h = await setup({ policy: { maxAttempts: 3 } });
    h.server.failNext(10, { httpStatus: 500, code: 131000, message: 'Something went wrong' });
    const { outboxId, messageId } = h.queue(text('doomed'));
    await h.sender.drain({ includeDeferred: true });
    expect(h.server.messageRequests()).toHaveLength(3);
    const row = h.outbox(outboxId);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error_code: 131000 });
    expect(row.last_error).toMatch(/Gave up after 3 attempts/);
    expect(h.message(messageId)).toMatchObject({ delivery_status: 'failed' });
  });

  it.each([131047, 131026, 131051, 100, 132000])(
    'never retries permanent error %i; records it on the row and the message',
    async (code) => {
      const h = await setup();
      h.server.failNext(1, {
        httpStatus: 400,
        code,
        message: `(#${code}) scripted`,
        details: 'why',
      });
      const { outboxId, messageId } = h.queue(text('once only'));
      await h.sender.drain({ includeDeferred: true });
      expect(h.server.messageRequests()).toHaveLength(1);
      const row = h.outbox(outboxId);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error_code: code });
      expect(row.last_error).toContain(`(#${code}) scripted`);
      expect(row.last_error).toContain('why');
      const msg = h.message(messageId);
      expect(msg.delivery_status).toBe('failed');
      expect(msg.delivery_error).toContain(String(code));
      expect(h.sender.alert()).toBeNull();
    },
  );

  it('131050 fails the send and records the opt-out on the voter; nothing more goes', async () => {
    const h = await setup();
    h.server.failNext(1, {
      httpStatus: 400,
      code: 131050,
      message:
        'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages',
    });
    const { outboxId } = h.queue(template);
    await h.sender.drain();
    expect(h.outbox(outboxId)).toMatchObject({ status: 'failed', last_error_code: 131050 });
    const voter = h.store.first(
      h.store.db
        .selectFrom('voter_profiles')
        .select(['opted_out_at', 'opt_out_method'])
        .where('id', '=', h.voter.voterId),
    )!;
    expect(voter.opted_out_at).not.toBeNull();
    expect(voter.opt_out_method).toBe('error_131050');

    const next = h.queue(template);
    await h.sender.drain();
    expect(h.server.messageRequests()).toHaveLength(1);
    expect(h.outbox(next.outboxId)).toMatchObject({
      status: 'failed',
      last_error: OPTED_OUT_ERROR,
    });
  });

  it.each([
    { code: 190, httpStatus: 401 },
    { code: 368, httpStatus: 403 },
    { code: 131031, httpStatus: 403 },
    { code: 131048, httpStatus: 400 },
  ])(
    'alert $code pauses WhatsApp sending, keeps the row, and resumes on clearAlert',
    async ({ code, httpStatus }) => {
      const h = await setup();
      h.server.failNext(1, { httpStatus, code, message: `(#${code}) account problem` });
      const first = h.queue(text('first'));
      await h.sender.drain();
      expect(h.sender.alert()).toMatchObject({
        code,
        message: expect.stringContaining(`(#${code})`),
      });
      expect(h.events.filter((e) => e.name === 'statusChanged')).toHaveLength(1);
      expect(h.outbox(first.outboxId)).toMatchObject({ status: 'queued', last_error_code: code });

      // While paused, due rows stay queued and nothing reaches Meta.
      const second = h.queue(text('second'));
      await h.sender.drain();
      expect(h.server.messageRequests()).toHaveLength(1);
      expect(h.outbox(second.outboxId).status).toBe('queued');

      h.sender.clearAlert();
      expect(h.sender.alert()).toBeNull();
      await h.sender.drain();
      expect(h.events.filter((e) => e.name === 'statusChanged')).toHaveLength(2);
      expect(okResponses(h.server.messageRequests())).toHaveLength(2);
      expect(h.outbox(first.outboxId).status).toBe('sent');
      expect(h.outbox(second.outboxId).status).toBe('sent');
    },
  );

  it('a rejected token (real 401 from the server) raises an alert; a new token resumes', async () => {
    const h = await setup();
    h.token.value = 'expired-token-value';
    const { outboxId } = h.queue(text('hello'));
    await h.sender.drain();
    expect(h.sender.alert()).toMatchObject({ code: 190 });
    h.token.value = h.server.token;
    h.sender.clearAlert();
    await h.sender.drain();
    expect(h.outbox(outboxId).status).toBe('sent');
  });

  it('a missing token raises an alert without calling Meta', async () => {
    const h = await setup();
    h.token.value = undefined;
    const { outboxId } = h.queue(text('hello'));
    await h.sender.drain();
    expect(h.server.requests).toHaveLength(0);
    expect(h.sender.alert()?.message).toMatch(/access token is not set/);
    expect(h.outbox(outboxId).status).toBe('queued');
  });

  it('never puts the access token in an error, a row or the log', async () => {
    const h = await setup();
    const secret = h.server.token;
    h.server.failNext(1, {
      httpStatus: 400,
      code: 100,
      message: `Invalid token ${secret}`,
      details: secret,
    });
    const { outboxId, messageId } = h.queue(text('x'));
    await h.sender.drain();
    const row = h.outbox(outboxId);
    expect(row.status).toBe('failed');
    expect(row.last_error).not.toContain(secret);
    expect(h.message(messageId).delivery_error).not.toContain(secret);
    expect(JSON.stringify(h.log.lines)).not.toContain(secret);

    h.server.failNext(1, { httpStatus: 400, code: 100, message: `Invalid token ${secret}` });
    const err = await h.client
      .sendMessage({ phone: h.voter.phone }, text('y'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(
      JSON.stringify({ ...(err as GraphError), message: (err as GraphError).message }),
    ).not.toContain(secret);
    expect((err as GraphError).message).toContain('[redacted]');
  });
});

// -----------------------------------------------------------------------------------------------

describe('who may be sent what', () => {
  it('checkSendAllowed: window edges, templates and reads, opt-out and its confirmation', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    const allowed = (
      kind: Parameters<typeof checkSendAllowed>[0]['kind'],
      lastInboundAt: number | null,
      optedOutAt: string | null = null,
      optOutConfirmation = false,
    ) => checkSendAllowed({ kind, lastInboundAt, optedOutAt, optOutConfirmation, now }).ok;
    expect(allowed('text', now - 24 * HOUR + 1)).toBe(true);
    expect(allowed('text', now - 24 * HOUR)).toBe(false);
    expect(allowed('text', null)).toBe(false);
    for (const kind of ['interactive', 'media', 'reaction'] as const)
      expect(allowed(kind, now - 25 * HOUR)).toBe(false);
    expect(allowed('template', null)).toBe(true);
    expect(allowed('read', now - 25 * HOUR)).toBe(true);
    expect(allowed('template', now - HOUR, iso(now - HOUR))).toBe(false);
    expect(allowed('text', now - HOUR, iso(now - HOUR), true)).toBe(true);
    // The confirmation is still a free-form message: outside the window it needs a template.
    expect(allowed('text', now - 25 * HOUR, iso(now - HOUR), true)).toBe(false);
    expect(allowed('template', now - 25 * HOUR, iso(now - HOUR), true)).toBe(true);
    expect(
      checkSendAllowed({
        kind: 'text',
        lastInboundAt: iso(now - 25 * HOUR),
        optedOutAt: null,
        now,
      }),
    ).toEqual({
      ok: false,
      reason: 'outside_window',
      message: OUTSIDE_WINDOW_ERROR,
    });
  });

  it('outside the 24-hour window, free-form sends are refused before Meta; a template still goes', async () => {
    const h = await setup({ voter: { lastInboundAt: iso(Date.now() - 25 * HOUR) } });
    const refused = [
      h.queue(text('late reply')),
      h.queue({ type: 'buttons', body: 'x', buttons: [{ id: 'a', title: 'A' }] }),
      h.queue({ type: 'media', mediaType: 'image', source: { id: '1' } }),
      h.queue({ type: 'reaction', messageId: 'wamid.OLD', emoji: '👍' }),
    ];
    await h.sender.drain();
    expect(h.server.requests).toHaveLength(0);
    for (const r of refused) {
      expect(h.outbox(r.outboxId)).toMatchObject({
        status: 'failed',
        last_error: OUTSIDE_WINDOW_ERROR,
        last_error_code: null,
      });
      expect(h.message(r.messageId)).toMatchObject({
        delivery_status: 'failed',
        delivery_error: OUTSIDE_WINDOW_ERROR,
      });
    }
    expect(OUTSIDE_WINDOW_ERROR).toMatch(/template/);

    const t = h.queue(template);
    h.queueRead('wamid.OLD', false);
    await h.sender.drain();
    expect(
      h.server.messageRequests().map((r) => (r.body as Record<string, unknown>).type ?? 'read'),
    ).toEqual(['template', 'read']);
    expect(h.outbox(t.outboxId).status).toBe('sent');
  });

  it('an opted-out voter gets nothing but the opt-out confirmation', async () => {
    const h = await setup({ voter: { optedOutAt: iso(Date.now() - 60_000) } });
    const a = h.queue(text('are you there?'));
    const b = h.queue(template);
    await h.sender.drain();
    expect(h.server.requests).toHaveLength(0);
    expect(h.outbox(a.outboxId)).toMatchObject({ status: 'failed', last_error: OPTED_OUT_ERROR });
    expect(h.outbox(b.outboxId)).toMatchObject({ status: 'failed', last_error: OPTED_OUT_ERROR });

    const c = h.queue(text('You will get no more messages. Send START to resume.'), {
      optOutConfirmation: true,
    });
    await h.sender.drain();
    expect(h.server.messageRequests()).toHaveLength(1);
    expect(h.outbox(c.outboxId).status).toBe('sent');
  });
});

// -----------------------------------------------------------------------------------------------

describe('never twice', () => {
  it("a row found 'sending' at start is failed, not resent; a status webhook reconciles it", async () => {
    let queued: { outboxId: string; messageId: string } | undefined;
    const h = await setup({
      start: false,
      beforeStart: (h) => {
        queued = h.queue(text('cut off mid-send'));
        h.store.run(
          h.store.db
            .updateTable('outbox')
            .set({ status: 'sending' })
            .where('id', '=', queued.outboxId),
        );
      },
    });
    await h.sender.start();
    await h.sender.drain({ includeDeferred: true });
    expect(h.server.requests).toHaveLength(0);
    expect(h.outbox(queued!.outboxId)).toMatchObject({
      status: 'failed',
      last_error: INTERRUPTED_ERROR,
      last_error_code: null,
    });
    expect(h.message(queued!.messageId).delivery_status).toBe('failed');

    // Meta did have it: the status webhook's biz_opaque_callback_data names the row.
    const r = reconcileFromStatus(h.store, queued!.outboxId, 'wamid.FROM_STATUS');
    expect(r).toEqual({
      reconciled: true,
      changed: { conversationId: h.voter.conversationId, messageId: queued!.messageId },
    });
    expect(h.outbox(queued!.outboxId)).toMatchObject({
      status: 'sent',
      whatsapp_message_id: 'wamid.FROM_STATUS',
    });
    expect(h.message(queued!.messageId)).toMatchObject({
      delivery_status: 'sent',
      whatsapp_message_id: 'wamid.FROM_STATUS',
    });
    expect(reconcileFromStatus(h.store, queued!.outboxId, 'wamid.FROM_STATUS').reconciled).toBe(
      false,
    );
  });

  it('a timed-out send that Meta accepted is reconciled by its status and not retried', async () => {
    const h = await setup({ timeoutMs: 100, policy: { baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    h.server.delayNext(400);
    const { outboxId } = h.queue(text('slow network'));
    await h.sender.drain();
    expect(h.outbox(outboxId)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(h.outbox(outboxId).last_error).toMatch(/timed out/);
    await vi.waitFor(() => expect(h.server.requests[0]?.response?.status).toBe(200));

    reconcileFromStatus(h.store, outboxId, wamidOf(h.server.requests[0]!));
    h.store.run(
      h.store.db
        .updateTable('outbox')
        .set({ next_attempt_at: iso(Date.now() - 1) })
        .where('id', '=', outboxId),
    );
    await h.sender.drain({ includeDeferred: true });
    expect(h.server.messageRequests()).toHaveLength(1);
    expect(h.outbox(outboxId)).toMatchObject({
      status: 'sent',
      whatsapp_message_id: wamidOf(h.server.requests[0]!),
    });
  });

  it('stop() waits for a send already with Meta and records it', async () => {
    const h = await setup();
    h.server.delayNext(200);
    const { outboxId } = h.queue(text('in flight'));
    await vi.waitFor(() => expect(h.server.requests).toHaveLength(1));
    await h.sender.stop();
    expect(h.outbox(outboxId).status).toBe('sent');
  });
});

// -----------------------------------------------------------------------------------------------

describe('pacing', () => {
  it('two messages to one voter are at least perRecipientIntervalMs apart; others and reads do not wait', async () => {
    const interval = 200;
    const h = await setup({ policy: { perRecipientIntervalMs: interval } });
    const other = h.addVoter();
    h.queue(text('first'));
    // The same voter written without the +: still one recipient for the pair limit.
    h.queue(text('second'), { recipient: h.voter.phone.replace(/^\+/, '') });
    h.queue(text('to someone else'), { voter: other });
    h.queueRead('wamid.IN', true);
    await h.sender.drain({ includeDeferred: true });

    const reqs = h.server.messageRequests();
    expect(reqs).toHaveLength(4);
    const byText = (t: string) =>
      reqs.find((r) => (r.body as { text?: { body: string } }).text?.body === t)!;
    const first = byText('first');
    const second = byText('second');
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(interval);
    expect(reqs.indexOf(byText('to someone else'))).toBeLessThan(reqs.indexOf(second));
    const read = reqs.find((r) => (r.body as Record<string, unknown>).status === 'read')!;
    expect(reqs.indexOf(read)).toBeLessThan(reqs.indexOf(second));
  });

  it('keeps to perNumberPerSecond across recipients', async () => {
    const h = await setup({ policy: { perNumberPerSecond: 10 } });
    const voters = [h.voter, ...Array.from({ length: 4 }, () => h.addVoter())];
    for (const v of voters) h.queue(text('bulk'), { voter: v });
    await h.sender.drain({ includeDeferred: true });
    const times = h.server.messageRequests().map((r) => r.receivedAt);
    expect(times).toHaveLength(5);
    // 10 per second = one every 100 ms; allow for the network between client and server.
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(320);
  });
});

// -----------------------------------------------------------------------------------------------

describe('graph test server', () => {
  it('records app subscriptions made with the app access token, and refuses others', async () => {
    const h = await setup();
    const post = (token: string) =>
      fetch(`${h.server.baseUrl}/987654321/subscriptions`, {
        method: 'POST',
        body: new URLSearchParams({
          callback_url: 'https://x.example/api/whatsapp/webhook/',
          access_token: token,
        }),
      });
    expect((await post(h.server.token)).status).toBe(400);
    const ok = await post('987654321|fake-app-secret');
    expect(await ok.json()).toEqual({ success: true });
    expect(h.server.subscriptions).toEqual([
      {
        appId: '987654321',
        body: {
          callback_url: 'https://x.example/api/whatsapp/webhook/',
          access_token: '987654321|fake-app-secret',
        },
      },
    ]);
  });

  it("rejects a malformed send in Meta's envelope (code 100), which the outbox does not retry", async () => {
    const h = await setup();
    const err = await h.client
      .sendMessage({ phone: 'not a number' }, text('x'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 100, httpStatus: 400, kind: 'permanent' });
    expect((err as GraphError).fbtraceId).toMatch(/^A/);
  });
});

describe('media download', () => {
  const bytes = Buffer.from('a voice note, pretend ogg/opus bytes');

  it('looks the id up, downloads with the token, and checks the sha256', async () => {
    const h = await setup();
    const id = h.server.addMedia({ bytes, mimeType: 'audio/ogg' });
    const media = await h.client.downloadMedia(id);
    expect(media.bytes.equals(bytes)).toBe(true);
    expect(media.mimeType).toBe('audio/ogg');
    expect(media.sha256Ok).toBe(true);
    expect(h.server.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/v25.0/${id}`],
      ['GET', `/media-download/${id}`],
    ]);
    for (const r of h.server.requests)
      expect(r.headers.authorization).toBe(`Bearer ${h.server.token}`);

    const info = await h.client.getMediaInfo(id);
    expect(info).toEqual({
      url: h.server.mediaUrl(id),
      mimeType: 'audio/ogg',
      sha256: createHash('sha256').update(bytes).digest('base64'),
      fileSize: bytes.length,
    });
  });

  it('reports a file that does not match its sha256', async () => {
    const h = await setup();
    const id = h.server.addMedia({
      bytes,
      mimeType: 'image/jpeg',
      sha256: createHash('sha256').update('something else').digest('base64'),
    });
    const media = await h.client.downloadMedia(id);
    expect(media.sha256Ok).toBe(false);
  });

  it("uses the webhook's url and sha256 without a lookup; an expired url falls back to one", async () => {
    const h = await setup();
    const id = h.server.addMedia({ bytes, mimeType: 'image/png' });
    const sha256 = createHash('sha256').update(bytes).digest('base64');
    const direct = await h.client.downloadMedia(id, { url: h.server.mediaUrl(id), sha256 });
    expect(direct.sha256Ok).toBe(true);
    expect(h.server.requests.map((r) => r.path)).toEqual([`/media-download/${id}`]);

    const staleUrl = h.server.mediaUrl(id);
    h.server.expireMediaUrls();
    const refreshed = await h.client.downloadMedia(id, { url: staleUrl, sha256 });
    expect(refreshed.bytes.equals(bytes)).toBe(true);
    expect(h.server.requests.slice(1).map((r) => [r.path, r.response?.status])).toEqual([
      [`/media-download/${id}`, 404],
      [`/v25.0/${id}`, 200],
      [`/media-download/${id}`, 200],
    ]);
  });

  it('the download url needs the Bearer token', async () => {
    const h = await setup();
    const id = h.server.addMedia({ bytes, mimeType: 'image/png' });
    const res = await fetch(h.server.mediaUrl(id));
    expect(res.status).toBe(401);
  });
});
