import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore } from '../helpers/core';
import { FIXTURE_APP_SECRET, fixture, postWebhook } from '../helpers/fixtures';
import type { GraphServer } from '../helpers/graph-server';
import { startGraphServer } from '../helpers/graph-server';
import type { LocalTunnelServer } from '../helpers/localtunnel-server';
import { startLocalTunnelServer } from '../helpers/localtunnel-server';

// The whole channel through core: a public URL from the tunnel relay, Meta's signed POST through
// it, the job queue, the read receipt and media download at the Graph API, and Meta told the URL.

let graph: GraphServer;
let relay: LocalTunnelServer;
let t: Awaited<ReturnType<typeof startTestCore>>;

beforeAll(async () => {
  graph = await startGraphServer();
  relay = await startLocalTunnelServer();
  t = await startTestCore({
    WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET,
    WHATSAPP_APP_ID: '123456789012345',
    WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: graph.token,
    WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
    TUNNEL_HOST: relay.controlUrl,
  });
});
afterAll(async () => {
  await t.close();
  await relay.close();
  await graph.close();
});

const ctx = { actor: 'test', transport: 'http' as const };

async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}

describe('WhatsApp channel through core', () => {
  it('opens a tunnel, tells Meta the callback URL, and receives signed webhooks through it', async () => {
    const tunnel = await t.core.handlers.startTunnel({}, ctx);
    expect(tunnel.state).toBe('open');
    expect(tunnel.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await until(() => graph.subscriptions.length > 0);
    const sub = graph.subscriptions[0]!;
    expect(sub.appId).toBe('123456789012345');
    expect(sub.body).toMatchObject({
      object: 'whatsapp_business_account',
      callback_url: `${tunnel.url}/api/whatsapp/webhook/`,
      fields: expect.stringContaining('messages'),
    });
    expect(JSON.stringify(sub.body)).not.toContain(graph.token);
    const setup = await t.core.handlers.getWebhookSetup({}, ctx);
    expect(setup.publicUrl).toBe(tunnel.url);
    expect(setup.verifyToken!.length).toBeGreaterThan(20);

    const f = fixture('01_');
    const res = await postWebhook(tunnel.url!, f.bytes, f.signature);
    expect(res.status).toBe(200);
    await t.core.channel.runner.idle();
    const stored = await t.core
      .store()
      .db.selectFrom('messages')
      .select('content')
      .where('sender', '=', 'user')
      .execute();
    expect(stored.map((m) => m.content)).toEqual([expect.stringContaining('குடிநீர்')]);
  });

  it('marks the message read with the typing indicator at the Graph API, once', async () => {
    await until(() =>
      graph.messageRequests().some((r) => (r.body as { status?: string }).status === 'read'),
    );
    await t.core.channel.sender.drain();
    const reads = graph
      .messageRequests()
      .filter((r) => (r.body as { status?: string }).status === 'read');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.body).toMatchObject({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: expect.stringMatching(/^wamid\./),
      typing_indicator: { type: 'text' },
    });
    expect(reads[0]!.headers.authorization).toBe(`Bearer ${graph.token}`);
  });

  it('downloads an image into the data folder and links it from the message', async () => {
    const bytes = Buffer.from('89504e470d0a1a0a-fake-png-bytes', 'utf8');
    const mediaId = graph.addMedia({ bytes, mimeType: 'image/png' });
    const wire = JSON.parse(fixture('06_').bytes.toString('utf8')) as {
      entry: Array<{
        changes: Array<{ value: { messages: Array<{ image: Record<string, string> }> } }>;
      }>;
    };
    const image = wire.entry[0]!.changes[0]!.value.messages[0]!.image;
    Object.assign(image, {
      id: mediaId,
      url: graph.mediaUrl(mediaId),
      sha256: createHash('sha256').update(bytes).digest('base64'),
      mime_type: 'image/png',
    });
    const body = JSON.stringify(wire);
    const { sign } = await import('../helpers/fixtures');
    const res = await postWebhook(t.publicUrl, body, sign(body));
    expect(res.status).toBe(200);
    await t.core.channel.runner.idle();
    const m = await t.core
      .store()
      .db.selectFrom('messages')
      .select(['media_url', 'message_type'])
      .where('message_type', '=', 'image')
      .executeTakeFirstOrThrow();
    expect(m.media_url).toMatch(/^\/api\/media\/.+\.png$/);
    const served = await fetch(`${t.adminUrl}${m.media_url}`, {
      headers: { authorization: 'Bearer test-admin-token-not-a-secret' },
    });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${t.adminUrl}${m.media_url}`)).status).toBe(401);
    expect((await fetch(`${t.publicUrl}${m.media_url}`)).status).toBe(404);
  });

  it('stops the tunnel on request', async () => {
    const stopped = await t.core.handlers.stopTunnel({}, ctx);
    expect(stopped.state).toBe('stopped');
    expect(stopped.url).toBeNull();
  });
});
