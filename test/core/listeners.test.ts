import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ADMIN_TOKEN, startTestCore } from '../helpers/core';
import { FIXTURE_APP_SECRET, fixture } from '../helpers/fixtures';

// The two listeners over real HTTP: the public one serves the webhook and nothing else; the
// admin one serves people, behind the admin token or a session.

let t: Awaited<ReturnType<typeof startTestCore>>;
beforeAll(async () => {
  t = await startTestCore({
    WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify-me-test',
  });
});
afterAll(() => t.close());

const bearer = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };

describe('public listener', () => {
  it('answers /healthz with security headers', async () => {
    const res = await fetch(`${t.publicUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves nothing but the webhook: no UI, no RPC, no REST, even with the admin token', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/api/rpc/getStatus',
      '/api/whatsapp/conversations/',
      '/api/whatsapp/voters/',
      '/api/events',
      '/api/session',
    ]) {
      const get = await fetch(`${t.publicUrl}${path}`, { headers: bearer });
      expect({ path, status: get.status }).toEqual({ path, status: 404 });
      const post = await fetch(`${t.publicUrl}${path}`, {
        method: 'POST',
        headers: bearer,
        body: '{}',
      });
      expect({ path, status: post.status }).toEqual({ path, status: 404 });
    }
  });

  it('echoes the challenge when mode and verify token match, with and without the trailing slash', async () => {
    for (const path of ['/api/whatsapp/webhook/', '/api/whatsapp/webhook']) {
      const ok = await fetch(
        `${t.publicUrl}${path}?hub.mode=subscribe&hub.verify_token=verify-me-test&hub.challenge=1158201444`,
      );
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
    }
    const wrong = await fetch(
      `${t.publicUrl}/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
    const mode = await fetch(
      `${t.publicUrl}/api/whatsapp/webhook/?hub.mode=unsubscribe&hub.verify_token=verify-me-test&hub.challenge=1`,
    );
    expect(mode.status).toBe(403);
  });

  it('stores a correctly signed body as received, and refuses a wrong or missing signature', async () => {
    const f = fixture('01_');
    const post = (headers: Record<string, string>, body: Buffer = f.bytes) =>
      fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: new Uint8Array(body),
      });
    expect((await post({ 'x-hub-signature-256': f.signature })).status).toBe(200);
    expect((await post({ 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    const tampered = Buffer.from(f.bytes.toString('utf8').replace('919800000001', '919800000009'));
    expect((await post({ 'x-hub-signature-256': f.signature }, tampered)).status).toBe(401);
    const rows = await t.core
      .store()
      .db.selectFrom('webhook_events')
      .select(['body', 'signature'])
      .execute();
    expect(rows).toEqual([{ body: f.bytes.toString('utf8'), signature: f.signature }]);
  });
});

describe('public listener without an app secret', () => {
  it('refuses webhook POSTs with a clear log line', async () => {
    const t2 = await startTestCore();
    try {
      const f = fixture('01_');
      const res = await fetch(`${t2.publicUrl}/api/whatsapp/webhook/`, {
        method: 'POST',
        headers: { 'x-hub-signature-256': f.signature },
        body: new Uint8Array(f.bytes),
      });
      expect(res.status).toBe(503);
      expect(
        t2.log.lines.some(
          (l) => l.level === 'warn' && l.msg.includes('WHATSAPP_APP_SECRET is not set'),
        ),
      ).toBe(true);
    } finally {
      await t2.close();
    }
  });
});

describe('admin listener', () => {
  it('listens on 127.0.0.1 by default', async () => {
    expect((await t.core.status()).listeners.admin?.host).toBe('127.0.0.1');
  });

  it('refuses every API call without a token or session', async () => {
    for (const [method, path] of [
      ['POST', '/api/rpc/getStatus'],
      ['GET', '/api/events'],
      ['GET', '/api/whatsapp/conversations/'],
      ['GET', '/api/whatsapp/conversations/analytics/'],
      ['POST', '/api/whatsapp/conversations/generate_link/'],
      ['GET', '/api/whatsapp/voters/'],
      ['GET', '/api/whatsapp/bots/'],
      ['GET', '/api/whatsapp/messages/'],
    ] as const) {
      const res = await fetch(`${t.adminUrl}${path}`, {
        method,
        headers: { authorization: 'Bearer wrong-token-value' },
      });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('signs a browser in with the admin token and keeps it in an HttpOnly cookie', async () => {
    const bad = await fetch(`${t.adminUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'guess' }),
    });
    expect(bad.status).toBe(401);
    const good = await fetch(`${t.adminUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: FAKE_ADMIN_TOKEN }),
    });
    expect(good.status).toBe(200);
    const cookie = good.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const sessionCookie = cookie.split(';')[0]!;
    const status = await fetch(`${t.adminUrl}/api/rpc/getStatus`, {
      method: 'POST',
      headers: { cookie: sessionCookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({
      ok: true,
      value: { mode: 'headless', schemaVersion: expect.any(Number) },
    });
    await fetch(`${t.adminUrl}/api/session`, {
      method: 'DELETE',
      headers: { cookie: sessionCookie },
    });
    const after = await fetch(`${t.adminUrl}/api/rpc/getStatus`, {
      method: 'POST',
      headers: { cookie: sessionCookie },
      body: '{}',
    });
    expect(after.status).toBe(401);
  });

  it('reports which services are configured without revealing any secret', async () => {
    const res = await fetch(`${t.adminUrl}/api/rpc/getStatus`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await res.text();
    expect(text).not.toContain(FIXTURE_APP_SECRET);
    expect(text).not.toContain(FAKE_ADMIN_TOKEN);
    const body = JSON.parse(text) as {
      value: {
        services: {
          whatsapp: { configured: boolean; missing: string[] };
          openai: { configured: boolean };
        };
      };
    };
    expect(body.value.services.whatsapp).toMatchObject({
      configured: false,
      missing: ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN'],
    });
    expect(body.value.services.openai.configured).toBe(false);
  });

  it('gives a bad input a typed error naming the field', async () => {
    const res = await fetch(`${t.adminUrl}/api/rpc/listConversations`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'fr' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      ok: boolean;
      error: { code: string; fields: Record<string, string> };
    };
    expect(body.error.code).toBe('invalid_input');
    expect(Object.keys(body.error.fields)).toEqual(['language']);
    const broken = await fetch(`${t.adminUrl}/api/rpc/listConversations`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('streams core events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.adminUrl}/api/events`, {
      headers: bearer,
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    t.core.events.emit('conversationChanged', { conversationId: 'c-123' });
    while (!text.includes('c-123')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toContain('event: conversationChanged\ndata: {"conversationId":"c-123"}\n\n');
  });

  it('serves the REST endpoints of the data model with real rows', async () => {
    const fresh = await startTestCore();
    const db = fresh.core.store().db;
    const now = new Date().toISOString();
    await db
      .insertInto('voter_profiles')
      .values({
        id: 'v-rest',
        phone_number: '919800000091',
        name: 'கவிதா',
        referral_code: 'KAVI2345',
        created_at: now,
        updated_at: now,
        last_contacted: now,
      })
      .execute();
    await db
      .insertInto('conversations')
      .values({
        id: 'c-rest',
        voter_id: 'v-rest',
        phone_number: '919800000091',
        user_name: 'கவிதா',
        started_at: now,
        created_at: now,
        updated_at: now,
        language: 'ta',
        sentiment: 'negative',
        message_count: 1,
      })
      .execute();
    await db
      .insertInto('messages')
      .values({
        id: 'm-rest',
        conversation_id: 'c-rest',
        sender: 'user',
        content: 'குடிநீர் வரவில்லை',
        timestamp: now,
        created_at: now,
      })
      .execute();

    const get = async (path: string) => {
      const res = await fetch(`${fresh.adminUrl}${path}`, { headers: bearer });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.json() as Promise<Record<string, unknown>>;
    };
    const list = await get('/api/whatsapp/conversations/?language=ta');
    expect(list).toMatchObject({
      count: 1,
      next: null,
      previous: null,
      results: [{ id: 'c-rest', user_name: 'கவிதா', human_handoff: false, topics: [] }],
    });
    expect(await get('/api/whatsapp/conversations/?language=hi')).toMatchObject({
      count: 0,
      results: [],
    });
    expect(await get('/api/whatsapp/conversations/?search=குடிநீர்')).toMatchObject({ count: 1 });
    expect(await get('/api/whatsapp/conversations/c-rest/')).toMatchObject({
      id: 'c-rest',
      messages: [{ id: 'm-rest', sender: 'user', content: 'குடிநீர் வரவில்லை' }],
    });
    expect(await get('/api/whatsapp/conversations/analytics/')).toMatchObject({
      conversations: 1,
      messages: 1,
      voters: 1,
      by_language: { ta: 1, en: 0, hi: 0, te: 0 },
      by_sentiment: { negative: 1 },
    });
    expect(await get('/api/whatsapp/voters/')).toMatchObject({
      count: 1,
      results: [{ referral_code: 'KAVI2345', name: 'கவிதா' }],
    });
    const bots = (await get('/api/whatsapp/bots/')) as unknown as Array<{
      active: boolean;
      auto_handoff_threshold: number;
      max_conversation_length: number;
    }>;
    expect(bots).toHaveLength(1);
    expect(bots[0]).toMatchObject({
      active: true,
      auto_handoff_threshold: 0.3,
      max_conversation_length: 50,
    });
    expect(await get('/api/whatsapp/messages/')).toMatchObject([{ id: 'm-rest' }]);
    const missing = await fetch(`${fresh.adminUrl}/api/whatsapp/conversations/nope/`, {
      headers: bearer,
    });
    expect(missing.status).toBe(404);

    const link = await fetch(`${fresh.adminUrl}/api/whatsapp/conversations/generate_link/`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'வணக்கம்', campaign: 'ward-12' }),
    });
    expect(link.status).toBe(503);
    expect(await link.json()).toMatchObject({
      code: 'unavailable',
      detail: expect.stringContaining('WHATSAPP_DISPLAY_PHONE_NUMBER'),
    });
    await fresh.close();
  });
});

describe('generate_link with a business number', () => {
  it('builds a wa.me link with URL-encoded prefilled text and the tag', async () => {
    const t3 = await startTestCore({ WHATSAPP_DISPLAY_PHONE_NUMBER: '919800000000' });
    try {
      const res = await fetch(`${t3.adminUrl}/api/whatsapp/conversations/generate_link/`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'வணக்கம்', campaign: 'ward-12', referral_code: 'kavi2345' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { url: string; tag: string };
      expect(body.tag).toBe('[ref:KAVI2345 camp:ward-12]');
      const url = new URL(body.url);
      expect(url.origin + url.pathname).toBe('https://wa.me/919800000000');
      expect(url.searchParams.get('text')).toBe('வணக்கம் [ref:KAVI2345 camp:ward-12]');
    } finally {
      await t3.close();
    }
  });
});
