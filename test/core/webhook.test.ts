import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore } from '../helpers/core';
import {
  FIXTURE_APP_SECRET,
  fixture,
  fixtures,
  postWebhook,
  sign,
  webhookBody,
} from '../helpers/fixtures';

// Every fixture through the real HTTP stack into the real store, then processed by the job queue.

let t: Awaited<ReturnType<typeof startTestCore>>;
beforeAll(async () => {
  t = await startTestCore({ WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET });
});
afterAll(() => t.close());

const db = () => t.core.store().db;
const settle = async () => {
  await t.core.channel.runner.idle();
};

/** The wamids in a fixture, read independently of the product's parser. */
function wamidsOf(bytes: Buffer): string[] {
  const body = JSON.parse(bytes.toString('utf8')) as {
    entry: Array<{ changes: Array<{ value: { messages?: Array<{ id: string }> } }> }>;
  };
  return body.entry.flatMap((e) =>
    e.changes.flatMap((c) => (c.value.messages ?? []).map((m) => m.id)),
  );
}

describe('webhook fixtures', () => {
  it('refuses every fixture with a wrong or missing signature, and stores nothing', async () => {
    for (const f of fixtures()) {
      expect(
        (await postWebhook(t.publicUrl, f.bytes, sign(f.bytes, 'not-the-secret'))).status,
      ).toBe(401);
      expect((await postWebhook(t.publicUrl, f.bytes, undefined)).status).toBe(401);
    }
    expect(await db().selectFrom('webhook_events').select('id').execute()).toEqual([]);
  });

  it('acknowledges every fixture with its valid signature and keeps every message once', async () => {
    const all = fixtures();
    for (const f of all) {
      const res = await postWebhook(t.publicUrl, f.bytes, f.signature);
      expect({ file: f.name, status: res.status }).toEqual({ file: f.name, status: 200 });
    }
    // Meta retries: the same bodies again are acknowledged and dropped.
    for (const f of all)
      expect((await postWebhook(t.publicUrl, f.bytes, f.signature)).status).toBe(200);
    await settle();

    const expected = all.flatMap((f) => wamidsOf(f.bytes));
    const stored = await db()
      .selectFrom('messages')
      .select('whatsapp_message_id')
      .where('sender', '=', 'user')
      .execute();
    expect(stored.map((r) => r.whatsapp_message_id).sort()).toEqual([...expected].sort());
    expect(await db().selectFrom('webhook_events').select('id').execute()).toHaveLength(all.length);
    const failedJobs = await db()
      .selectFrom('jobs')
      .select(['kind', 'last_error'])
      .where('status', '!=', 'done')
      .execute();
    expect(failedJobs).toEqual([]);
  });

  const messageOf = async (prefix: string, index = 0) => {
    const wamid = wamidsOf(fixture(prefix).bytes)[index]!;
    return db()
      .selectFrom('messages')
      .selectAll()
      .where('whatsapp_message_id', '=', wamid)
      .executeTakeFirstOrThrow();
  };

  it('reads Tamil text from the escaped wire form', async () => {
    const m = await messageOf('01_');
    expect(m.message_type).toBe('text');
    expect(m.content).toContain('குடிநீர்');
    const conv = await db()
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', m.conversation_id)
      .executeTakeFirstOrThrow();
    expect(conv.user_name).toBe('கவிதா');
    expect(conv.channel).toBe('whatsapp');
  });

  it('keeps a voter who has a username and no phone number', async () => {
    const m = await messageOf('04_');
    const conv = await db()
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', m.conversation_id)
      .executeTakeFirstOrThrow();
    const voter = await db()
      .selectFrom('voter_profiles')
      .selectAll()
      .where('id', '=', conv.voter_id!)
      .executeTakeFirstOrThrow();
    expect(voter).toMatchObject({
      phone_number: null,
      wa_user_id: 'IN.1000000000000000004',
      name: 'Kavi',
    });
    expect(JSON.parse(voter.metadata)).toMatchObject({ username: '@kavi_fake_test' });
  });

  it('maps each message type and keeps context, referral and errors', async () => {
    expect((await messageOf('05_')).message_type).toBe('voice');
    expect((await messageOf('06_')).message_type).toBe('image');
    expect((await messageOf('07_')).message_type).toBe('video');
    expect((await messageOf('08_')).message_type).toBe('document');
    expect((await messageOf('09_')).message_type).toBe('sticker');
    expect((await messageOf('10_')).message_type).toBe('location');
    expect((await messageOf('11_')).message_type).toBe('contacts');
    expect((await messageOf('12_')).message_type).toBe('interactive');
    expect((await messageOf('14_')).message_type).toBe('interactive');
    expect((await messageOf('18_')).message_type).toBe('order');
    const reply = await messageOf('02_');
    expect(JSON.parse(reply.metadata).context).toMatchObject({
      id: expect.stringMatching(/^wamid\./),
    });
    const forwarded = await messageOf('03_');
    expect(JSON.parse(forwarded.metadata).context).toMatchObject({ forwarded: true });
    const ad = await messageOf('21_');
    expect(JSON.parse(ad.metadata).referral).toMatchObject({
      source_type: 'ad',
      ctwa_clid: expect.any(String),
    });
    const unsupported = await messageOf('20_');
    expect(unsupported.message_type).toBe('unsupported');
    expect(JSON.parse(unsupported.metadata).errors[0].code).toBe(131051);
    const reaction = await messageOf('16_');
    expect(reaction.message_type).toBe('reaction');
    expect(JSON.parse(reaction.metadata).removed).toBe(false);
    const removed = await messageOf('17_');
    expect(removed).toMatchObject({ message_type: 'reaction', content: '' });
    expect(JSON.parse(removed.metadata).removed).toBe(true);
    expect((await messageOf('22_', 0)).conversation_id).toBe(
      (await messageOf('22_', 1)).conversation_id,
    );
  });

  it('follows a voter who changed number', async () => {
    const sys = await messageOf('19_');
    expect(sys.message_type).toBe('system');
    const conv = await db()
      .selectFrom('conversations')
      .select('voter_id')
      .where('id', '=', sys.conversation_id)
      .executeTakeFirstOrThrow();
    const voter = await db()
      .selectFrom('voter_profiles')
      .select('phone_number')
      .where('id', '=', conv.voter_id!)
      .executeTakeFirstOrThrow();
    expect(voter.phone_number).toBe('919800000013');
  });

  it('records an opt-out by template button and confirms it once', async () => {
    const stop = await messageOf('15_');
    const conv = await db()
      .selectFrom('conversations')
      .select('voter_id')
      .where('id', '=', stop.conversation_id)
      .executeTakeFirstOrThrow();
    const voter = await db()
      .selectFrom('voter_profiles')
      .selectAll()
      .where('id', '=', conv.voter_id!)
      .executeTakeFirstOrThrow();
    expect(voter.opted_out_at).not.toBeNull();
    expect(voter.opt_out_method).toBe('button');
    const confirmations = await db()
      .selectFrom('outbox')
      .select(['payload', 'recipient'])
      .where('conversation_id', '=', stop.conversation_id)
      .where('kind', '=', 'text')
      .execute();
    // Earlier messages got the bot's answers; exactly one confirmation of the opt-out.
    expect(
      confirmations.filter((r) => JSON.parse(r.payload).optOutConfirmation === true),
    ).toHaveLength(1);
    expect(
      await db()
        .selectFrom('audit_log')
        .select('action')
        .where('target', '=', conv.voter_id!)
        .execute(),
    ).toEqual([{ action: 'opt_out' }]);
  });

  it('keeps value-level errors as channel alerts', async () => {
    const alerts = await db().selectFrom('channel_alerts').select(['code']).execute();
    expect(alerts).toEqual([{ code: 130429 }]);
    const setup = await t.core.handlers.getWebhookSetup({}, { actor: 't', transport: 'http' });
    expect(setup.alerts[0]).toMatchObject({ code: 130429 });
  });
});

describe('statuses', () => {
  const outgoing = async (id: string, wamid: string) => {
    const conv = await db()
      .selectFrom('conversations')
      .select('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db()
      .insertInto('messages')
      .values({
        id,
        conversation_id: conv.id,
        sender: 'bot',
        content: 'reply',
        whatsapp_message_id: wamid,
        timestamp: now,
        created_at: now,
        delivery_status: 'sent',
      })
      .execute();
  };
  const status = async (wamid: string, s: string, errors?: unknown[]) => {
    const body = webhookBody({
      statuses: [
        {
          id: wamid,
          status: s,
          timestamp: String(1781001300 + Math.floor(Math.random() * 1000)),
          recipient_id: '919800000002',
          ...(errors ? { errors } : {}),
        },
      ],
    });
    expect((await postWebhook(t.publicUrl, body, sign(body))).status).toBe(200);
  };
  const deliveryOf = async (id: string) =>
    db()
      .selectFrom('messages')
      .select(['delivery_status', 'delivery_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('only move forward, whatever order they arrive in', async () => {
    await outgoing('out-1', 'wamid.OUT1');
    await status('wamid.OUT1', 'read');
    await status('wamid.OUT1', 'delivered');
    await status('wamid.OUT1', 'sent');
    expect(await deliveryOf('out-1')).toEqual({ delivery_status: 'read', delivery_error: null });
    await status('wamid.OUT1', 'failed', [{ code: 131026, title: 'Message undeliverable' }]);
    expect((await deliveryOf('out-1')).delivery_status).toBe('read');
  });

  it('keep a failure with its error', async () => {
    await outgoing('out-2', 'wamid.OUT2');
    await status('wamid.OUT2', 'failed', [
      {
        code: 131047,
        title: 'Re-engagement message',
        error_data: { details: 'more than 24 hours' },
      },
    ]);
    await status('wamid.OUT2', 'delivered');
    expect(await deliveryOf('out-2')).toEqual({
      delivery_status: 'failed',
      delivery_error: '131047: Re-engagement message: more than 24 hours',
    });
  });

  it('arriving before the send is recorded are applied once it is', async () => {
    await status('wamid.OUT3', 'delivered');
    await outgoing('out-3', 'wamid.OUT3');
    const { applyKnownStatuses } = await import('../../src/main/core/whatsapp/ingest');
    applyKnownStatuses(t.core.store(), 'wamid.OUT3');
    expect((await deliveryOf('out-3')).delivery_status).toBe('delivered');
  });

  it('record the opt-out that error 131050 reports', async () => {
    const voter = await db()
      .selectFrom('voter_profiles')
      .select(['id', 'phone_number'])
      .where('phone_number', '=', '919800000002')
      .executeTakeFirstOrThrow();
    expect(
      (
        await db()
          .selectFrom('voter_profiles')
          .select('opted_out_at')
          .where('id', '=', voter.id)
          .executeTakeFirstOrThrow()
      ).opted_out_at,
    ).toBeNull();
    await outgoing('out-4', 'wamid.OUT4');
    await status('wamid.OUT4', 'failed', [
      {
        code: 131050,
        title:
          'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages',
      },
    ]);
    await settle();
    const after = await db()
      .selectFrom('voter_profiles')
      .select(['opted_out_at', 'opt_out_method'])
      .where('id', '=', voter.id)
      .executeTakeFirstOrThrow();
    expect(after.opt_out_method).toBe('error_131050');
    expect(after.opted_out_at).not.toBeNull();
  });
});

describe('duplicates', () => {
  it('drop a message already stored even when it comes in a different body', async () => {
    const f = fixture('06_');
    const body = JSON.stringify(JSON.parse(f.bytes.toString('utf8')));
    expect(body).not.toBe(f.bytes.toString('utf8'));
    expect((await postWebhook(t.publicUrl, body, sign(body))).status).toBe(200);
    await settle();
    const wamid = wamidsOf(f.bytes)[0]!;
    expect(
      await db()
        .selectFrom('messages')
        .select('id')
        .where('whatsapp_message_id', '=', wamid)
        .execute(),
    ).toHaveLength(1);
  });

  it('accept unknown fields and message types without failing', async () => {
    const body = webhookBody({
      future_field: { x: 1 },
      contacts: [{ wa_id: '919800000077', profile: { name: 'New' } }],
      messages: [
        {
          from: '919800000077',
          id: 'wamid.FUTURE1',
          timestamp: '1781005000',
          type: 'poll_vote_2027',
          poll_vote_2027: { option: 2 },
        },
      ],
    });
    expect((await postWebhook(t.publicUrl, body, sign(body))).status).toBe(200);
    const other = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            { field: 'account_update', value: { event: 'VOLUME_BASED_PRICING_TIER_UPDATE' } },
          ],
        },
      ],
    });
    expect((await postWebhook(t.publicUrl, other, sign(other))).status).toBe(200);
    await settle();
    const m = await db()
      .selectFrom('messages')
      .select(['message_type', 'content'])
      .where('whatsapp_message_id', '=', 'wamid.FUTURE1')
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ message_type: 'unsupported', content: 'poll_vote_2027' });
  });

  it('refuse a signed body that is not JSON with 400', async () => {
    expect((await postWebhook(t.publicUrl, 'not json', sign('not json'))).status).toBe(400);
  });
});

describe('user preferences', () => {
  it('stop and resume messages for the voter', async () => {
    const pref = (value: string) =>
      webhookBody({
        user_preferences: [
          {
            wa_id: '919800000066',
            detail: 'User requested to stop marketing messages',
            category: 'marketing_messages',
            value,
            timestamp: '1781006000',
          },
        ],
      }).replace('"field":"messages"', '"field":"user_preferences"');
    const voter = () =>
      db()
        .selectFrom('voter_profiles')
        .select(['opted_out_at', 'opt_out_method'])
        .where('phone_number', '=', '919800000066')
        .executeTakeFirst();
    const stop = pref('stop');
    expect((await postWebhook(t.publicUrl, stop, sign(stop))).status).toBe(200);
    await settle();
    expect(await voter()).toMatchObject({
      opt_out_method: 'user_preferences',
      opted_out_at: expect.any(String),
    });
    const resume = pref('resume');
    expect((await postWebhook(t.publicUrl, resume, sign(resume))).status).toBe(200);
    await settle();
    expect(await voter()).toMatchObject({ opt_out_method: null, opted_out_at: null });
  });
});
