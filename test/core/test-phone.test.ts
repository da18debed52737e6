import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/model';
import { startTestCore } from '../helpers/core';

// The test phone is a real channel: its messages are webhook bodies through the same receiver,
// and the replies come back through the outbox with delivery statuses.

let t: Awaited<ReturnType<typeof startTestCore>>;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(() => t.close());

const ctx = { actor: 'test', transport: 'http' as const };
const thread = (phone: string) => t.core.handlers.testPhoneThread({ phone }, ctx);

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}

describe('test phone', () => {
  it('writes as a voter through the webhook path into the store', async () => {
    const { wamid } = await t.core.handlers.testPhoneSend(
      { phone: '919800000201', name: 'Test Voter', text: 'வணக்கம்' },
      ctx,
    );
    await t.core.channel.runner.idle();
    const db = t.core.store().db;
    const event = await db
      .selectFrom('webhook_events')
      .select(['source', 'body'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(event.source).toBe('simulator');
    expect(JSON.parse(event.body).object).toBe('whatsapp_business_account');
    const m = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.content', 'conversations.channel', 'conversations.user_name'])
      .where('messages.whatsapp_message_id', '=', wamid)
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ content: 'வணக்கம்', channel: 'simulator', user_name: 'Test Voter' });
    // The bot's replies come back to the phone: the first-contact notice, then the answer, in Tamil.
    const th = await waitFor(
      () => thread('919800000201'),
      (x) =>
        x.messages.filter((m: Message) => m.sender === 'bot' && m.deliveryStatus !== 'queued')
          .length === 2,
    );
    expect(th.messages.map((x: Message) => x.sender)).toEqual(['user', 'bot', 'bot']);
    expect(th.messages[0]!.content).toBe('வணக்கம்');
    for (const reply of th.messages.slice(1)) expect(reply.content).toMatch(/[\u0B80-\u0BFF]/);
  });

  it('opts out with a Tamil STOP, gets one confirmation back, delivered then read', async () => {
    await t.core.handlers.testPhoneSend({ phone: '919800000202', text: 'நிறுத்து' }, ctx);
    await t.core.channel.runner.idle();
    const delivered = await waitFor(
      () => thread('919800000202'),
      (th) =>
        th.messages.some(
          (m) => m.sender === 'bot' && m.deliveryStatus !== 'queued' && m.deliveryStatus !== 'sent',
        ),
    );
    expect(delivered.optedOut).toBe(true);
    const replies = delivered.messages.filter((m) => m.sender === 'bot');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.content).toMatch(/START/);
    expect(replies[0]!.content).toMatch(/[\u0B80-\u0BFF]/);
    // Opening the thread marks the bot's message read, as a phone does.
    const read = await waitFor(
      () => thread('919800000202'),
      (th) => th.messages.some((m) => m.sender === 'bot' && m.deliveryStatus === 'read'),
    );
    expect(read.messages.filter((m) => m.sender === 'bot')).toHaveLength(1);

    // A second STOP is not confirmed again; START resumes with its own confirmation.
    await t.core.handlers.testPhoneSend({ phone: '919800000202', text: 'STOP' }, ctx);
    await t.core.channel.runner.idle();
    await t.core.handlers.testPhoneSend({ phone: '919800000202', text: 'start' }, ctx);
    await t.core.channel.runner.idle();
    const resumed = await waitFor(
      () => thread('919800000202'),
      (th) =>
        th.messages.filter((m) => m.sender === 'bot' && m.deliveryStatus !== 'queued').length === 2,
    );
    expect(resumed.optedOut).toBe(false);
    expect(resumed.messages.filter((m) => m.sender === 'bot').map((m) => m.content)[1]).toMatch(
      /STOP/,
    );
  });

  it('refuses a number that is not digits with a clear message', async () => {
    const res = await fetch(`${t.adminUrl}/api/rpc/testPhoneSend`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-admin-token-not-a-secret',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ phone: '+91 98000', text: 'hi' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_input', fields: { phone: expect.stringContaining('country code') } },
    });
  });
});
