import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore } from '../helpers/core';
import { FIXTURE_APP_SECRET, fixture, sign, webhookBody } from '../helpers/fixtures';

// The public listener's edges over real HTTP: the headers on every answer, what it routes, the
// body limit, compressed bodies and the per-address failure limiter.

let t: Awaited<ReturnType<typeof startTestCore>>;
beforeAll(async () => {
  t = await startTestCore({
    WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify-me-test',
  });
});
afterAll(() => t.close());

// helmet's defaults: what every answer of the public listener must carry.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const securityOf = (res: Response) =>
  Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, res.headers.get(k)]));

const storedBodies = () => t.core.store().db.selectFrom('webhook_events').select('body').execute();

function textBody(wamid: string, text: string): string {
  return webhookBody({
    contacts: [{ wa_id: '919800000077', profile: { name: 'Test' } }],
    messages: [
      {
        from: '919800000077',
        id: wamid,
        timestamp: '1781000000',
        type: 'text',
        text: { body: text },
      },
    ],
  });
}

describe('public listener', () => {
  it('puts the security headers on every answer, success or refusal', async () => {
    const f = fixture('01_');
    const answers = [
      await fetch(`${t.publicUrl}/healthz`),
      await fetch(
        `${t.publicUrl}/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token=verify-me-test&hub.challenge=42`,
      ),
      await fetch(`${t.publicUrl}/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token=no`),
      await fetch(`${t.publicUrl}/nothing-here`),
      await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
        method: 'POST',
        headers: { 'x-hub-signature-256': f.signature },
        body: new Uint8Array(f.bytes),
      }),
      await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, { method: 'POST', body: '{}' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 403, 404, 200, 401]);
    for (const res of answers) {
      expect(securityOf(res)).toEqual(SECURITY_HEADERS);
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(
        /^(text\/plain|application\/json); charset=utf-8$/,
      );
    }
    expect(await answers[0]!.json()).toEqual({ ok: true });
  });

  it('routes the webhook whatever the case and trailing slash, the status path too, and answers HEAD', async () => {
    const body = textBody('wamid.PUBLIC.case.1', 'path case');
    const upper = await fetch(`${t.publicUrl}/API/WhatsApp/Webhook`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(upper.status).toBe(200);
    expect(await upper.text()).toBe('OK');
    const status = await fetch(
      `${t.publicUrl}/api/whatsapp/webhook/status/?hub.mode=subscribe&hub.verify_token=verify-me-test&hub.challenge=abc`,
    );
    expect(await status.text()).toBe('abc');
    const head = await fetch(`${t.publicUrl}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const [method, path] of [
      ['PUT', '/api/whatsapp/webhook/'],
      ['DELETE', '/api/whatsapp/webhook'],
      ['POST', '/healthz'],
      ['GET', '/api/whatsapp/webhook/extra'],
      ['GET', '/api/whatsapp'],
    ] as const) {
      const res = await fetch(`${t.publicUrl}${path}`, { method });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    expect((await storedBodies()).map((r) => r.body)).toContain(body);
  });

  it('refuses a body over 3 MB with 413 and stores nothing, but reads one just under', async () => {
    const before = (await storedBodies()).length;
    const big = Buffer.alloc(3 * 1024 * 1024 + 1, 0x20);
    const tooBig = await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign(big) },
      body: new Uint8Array(big),
    });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toBe('Payload too large');
    // Just under the limit the body is read and its signature checked (a wrong one here).
    const under = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const read = await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign('something else') },
      body: new Uint8Array(under),
    });
    expect(read.status).toBe(401);
    expect((await storedBodies()).length).toBe(before);
  });

  it('inflates a gzip body and checks the signature over the inflated bytes; refuses unknown encodings', async () => {
    const body = textBody('wamid.PUBLIC.gzip.1', 'compressed');
    const res = await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', 'x-hub-signature-256': sign(body) },
      body: new Uint8Array(gzipSync(body)),
    });
    expect(res.status).toBe(200);
    expect((await storedBodies()).map((r) => r.body)).toContain(body);
    const odd = await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
      method: 'POST',
      headers: { 'content-encoding': 'x-unknown', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(odd.status).toBe(415);
    // A gzip body whose inflated size passes the limit is refused like a plain one.
    const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024 + 1, 0x20));
    const inflated = await fetch(`${t.publicUrl}/api/whatsapp/webhook/`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', 'x-hub-signature-256': sign('x') },
      body: new Uint8Array(bomb),
    });
    expect(inflated.status).toBe(413);
  });
});

describe('public listener failure limiter', () => {
  it('answers 429 to an address after 60 failures, tells it when to retry, and keeps serving others', async () => {
    const t2 = await startTestCore({ WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET });
    try {
      // The tunnel connects from loopback and names the real client in X-Forwarded-For.
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      for (let i = 0; i < 60; i++) {
        const res = await fetch(`${t2.publicUrl}/probe-${i}`, { headers: from('203.0.113.7') });
        expect(res.status).toBe(404);
      }
      const limited = await fetch(`${t2.publicUrl}/healthz`, { headers: from('203.0.113.7') });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(securityOf(limited)).toEqual(SECURITY_HEADERS);
      // Even a correctly signed POST from that address waits: it is refused before its body is read.
      const f = fixture('01_');
      const signed = await fetch(`${t2.publicUrl}/api/whatsapp/webhook/`, {
        method: 'POST',
        headers: { ...from('203.0.113.7'), 'x-hub-signature-256': f.signature },
        body: new Uint8Array(f.bytes),
      });
      expect(signed.status).toBe(429);
      // Another address behind the same tunnel is not throttled, nor is a signed POST from it.
      expect(
        (await fetch(`${t2.publicUrl}/healthz`, { headers: from('198.51.100.4') })).status,
      ).toBe(200);
      const other = await fetch(`${t2.publicUrl}/api/whatsapp/webhook/`, {
        method: 'POST',
        headers: { ...from('198.51.100.4'), 'x-hub-signature-256': f.signature },
        body: new Uint8Array(f.bytes),
      });
      expect(other.status).toBe(200);
    } finally {
      await t2.close();
    }
  });
});
