import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createLocalTunnel,
  type LocalTunnelOptions,
} from '../../src/main/core/tunnel/localtunnel';
import { MetaWebhookError, updateMetaWebhookUrl } from '../../src/main/core/tunnel/meta-webhook';
import type { TunnelProvider, TunnelStatus } from '../../src/main/core/tunnel/provider';
import { memoryLogger, tempDir } from '../helpers/core';
import type { LocalTunnelServer } from '../helpers/localtunnel-server';
import { startLocalTunnelServer } from '../helpers/localtunnel-server';

// The tunnel against a real localtunnel relay on loopback (test/helpers/localtunnel-server.ts)
// and a real HTTP server standing in for our public listener.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Harness {
  relay: LocalTunnelServer;
  listener: Server;
  localPort: number;
  tunnels: TunnelProvider[];
  urlChanges: string[];
  /** Resolves once onUrlChange has been called `n` times in all. */
  urlChanged(n: number): Promise<string[]>;
  log: ReturnType<typeof memoryLogger>;
  tunnel(options?: Partial<LocalTunnelOptions>): TunnelProvider & { seen: TunnelStatus[] };
}

let h: Harness;

beforeEach(async () => {
  const relay = await startLocalTunnelServer();
  const listener = createServer((req, res) => void answerLikePublicListener(req, res));
  const localPort = await listen(listener);
  const log = memoryLogger();
  const tunnels: TunnelProvider[] = [];
  const urlChanges: string[] = [];
  const urlWaiters: Array<() => void> = [];
  h = {
    relay,
    listener,
    localPort,
    tunnels,
    urlChanges,
    async urlChanged(n) {
      while (urlChanges.length < n) await new Promise<void>((r) => urlWaiters.push(r));
      return urlChanges;
    },
    log,
    tunnel(options = {}) {
      const provider = createLocalTunnel({
        localPort,
        host: relay.controlUrl,
        log,
        openTimeoutMs: 2000,
        probeTimeoutMs: 2000,
        backoff: { baseMs: 20, maxMs: 200 },
        healthIntervalMs: 100,
        onUrlChange: (url) => {
          urlChanges.push(url);
          for (const wake of urlWaiters.splice(0)) wake();
        },
        ...options,
      });
      const seen: TunnelStatus[] = [];
      provider.onStatus((s) => seen.push(s));
      tunnels.push(provider);
      return Object.assign(provider, { seen });
    },
  };
});

afterEach(async () => {
  await Promise.all(h.tunnels.map((t) => t.stop()));
  await h.relay.close();
  await new Promise<void>((resolve) => {
    h.listener.close(() => resolve());
    h.listener.closeAllConnections();
  });
});

/** Answers /healthz like http/public.ts and echoes POST bodies byte for byte. */
async function answerLikePublicListener(req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (req.method === 'POST' && req.url === '/api/whatsapp/webhook/') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.concat(chunks));
    return;
  }
  res.writeHead(404).end();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Resolves with the first status (current or later) that matches. */
function waitFor(
  tunnel: TunnelProvider,
  match: (s: TunnelStatus) => boolean,
  what: string,
): Promise<TunnelStatus> {
  const now = tunnel.status();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    // Only so a failure names what it waited for; vitest's own timeout would be silent about it.
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`still waiting for ${what}; last status ${JSON.stringify(tunnel.status())}`),
      );
    }, 15_000);
    const off = tunnel.onStatus((s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const isOpen = (s: TunnelStatus) => s.state === 'open';

/** onUrlChange runs in a microtask after 'open' is published; by the next macrotask it has run. */
const afterPendingCallbacks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('localtunnel provider', () => {
  it('opens, publishes starting then open with the public URL, and announces the URL once', async () => {
    const tunnel = h.tunnel();
    expect(tunnel.status()).toMatchObject({ state: 'stopped', url: null, attempts: 0 });
    await tunnel.start();
    const open = tunnel.status();
    expect(open).toMatchObject({ state: 'open', error: null, attempts: 0 });
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\d+$/);
    expect(Number.isNaN(Date.parse(open.since))).toBe(false);
    expect(tunnel.seen.map((s) => s.state)).toEqual(['starting', 'open']);
    expect(await h.urlChanged(1)).toEqual([open.url]);
    expect(h.relay.newRequests()).toBe(1);
    await tunnel.start(); // already running: no second tunnel
    expect(h.relay.newRequests()).toBe(1);
  });

  it.each([
    ['reused sockets', true],
    ['a fresh socket per request', false],
  ])(
    'carries POSTs through the public URL byte for byte over %s, so webhook signatures match',
    async (_, reuseSockets) => {
      const relay = await startLocalTunnelServer({ reuseSockets });
      try {
        const tunnel = h.tunnel({ host: relay.controlUrl });
        await tunnel.start();
        const url = tunnel.status().url!;
        const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        // Large enough to span many TCP reads, so chunk boundaries cut multi-byte characters
        // (shifted by 0-2 bytes so that every possible cut is hit).
        const indic = [0, 1, 2].map((shift) =>
          Buffer.from(
            'x'.repeat(shift) + JSON.stringify({ text: 'வணக்கம் नमस्ते నమస్కారం '.repeat(4000) }),
            'utf8',
          ),
        );
        for (const body of [Buffer.from('{"entry":[]}'), everyByte, ...indic, Buffer.alloc(0)]) {
          const res = await fetch(`${url}/api/whatsapp/webhook/`, { method: 'POST', body });
          expect(res.status).toBe(200);
          expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
        }
        const many = await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const body = Buffer.from(`{"n":${i},"text":"${'ந'.repeat(1000 * i)}"}`);
            const res = await fetch(`${url}/api/whatsapp/webhook/`, { method: 'POST', body });
            return Buffer.from(await res.arrayBuffer()).equals(body);
          }),
        );
        expect(many).toEqual(Array(8).fill(true));
        expect(tunnel.status().state).toBe('open');
      } finally {
        await relay.close();
      }
    },
  );

  it('times out an opening that hangs, reports it, and reconnects', async () => {
    h.relay.hangNextNew();
    const tunnel = h.tunnel({ openTimeoutMs: 300 });
    await tunnel.start();
    const failed = await waitFor(tunnel, (s) => s.state === 'reconnecting', 'reconnecting');
    expect(failed.error).toMatch(/timed out after 300 ms/);
    expect(failed.attempts).toBe(1);
    const open = await waitFor(tunnel, isOpen, 'open');
    expect(open).toMatchObject({ error: null, attempts: 0 });
    expect(h.relay.newRequests()).toBe(2);
  });

  it('backs off and retries when the relay answers 500', async () => {
    h.relay.failNextNew(2);
    const tunnel = h.tunnel();
    await tunnel.start();
    await waitFor(tunnel, isOpen, 'open');
    const failures = tunnel.seen.filter((s) => s.state === 'reconnecting');
    expect(failures.map((s) => s.attempts)).toEqual([1, 2]);
    expect(failures[0]?.error).toMatch(/HTTP 500.*relay is having a bad day/);
    expect(h.relay.newRequests()).toBe(3);
  });

  it('reconnects when the relay drops the tunnel and announces the new URL', async () => {
    const tunnel = h.tunnel();
    await tunnel.start();
    const first = tunnel.status().url;
    h.relay.kill();
    await waitFor(tunnel, (s) => s.state === 'reconnecting', 'reconnecting');
    const again = await waitFor(tunnel, isOpen, 'open again');
    expect(again.url).not.toBe(first);
    expect(await h.urlChanged(2)).toEqual([first, again.url]);
    expect(h.relay.peakLiveTunnels()).toBe(1);
  });

  it('keeps quiet about a reconnect that lands on the same URL', async () => {
    const tunnel = h.tunnel({ subdomain: 'pulse-desk-office' });
    await tunnel.start();
    const first = tunnel.status().url;
    expect(first).toMatch(/\/pulse-desk-office$/);
    h.relay.kill();
    await waitFor(tunnel, (s) => s.state === 'reconnecting', 'reconnecting');
    const again = await waitFor(tunnel, isOpen, 'open again');
    expect(again.url).toBe(first);
    await afterPendingCallbacks();
    expect(h.urlChanges).toEqual([first]);
  });

  it.each([511, 200] as const)(
    'is not open while the relay shows its reminder page (HTTP %i) instead of our listener',
    async (status) => {
      h.relay.servePageInstead(true, status);
      const tunnel = h.tunnel();
      await tunnel.start();
      const failed = tunnel.status();
      expect(failed.state).toBe('reconnecting');
      expect(failed.url).toBeNull();
      expect(failed.error).toMatch(status === 511 ? /HTTP 511/ : /not ours/);
      await afterPendingCallbacks();
      expect(h.urlChanges).toEqual([]);
      h.relay.servePageInstead(false);
      await waitFor(tunnel, isOpen, 'open');
      expect(tunnel.seen.filter(isOpen)).toHaveLength(1);
      expect(await h.urlChanged(1)).toHaveLength(1);
      expect(h.relay.peakLiveTunnels()).toBe(1);
    },
  );

  it('gets past the reminder page that relays show browsers, with the bypass header', async () => {
    h.relay.servePageInstead(true, 200, { unlessBypassed: true });
    const tunnel = h.tunnel();
    await tunnel.start();
    expect(tunnel.status().state).toBe('open');
    const browser = await fetch(`${tunnel.status().url}/healthz`);
    expect(await browser.text()).toMatch(/Friendly Reminder/);
  });

  it('notices while open that the public URL stopped reaching us, and reconnects', async () => {
    const tunnel = h.tunnel();
    await tunnel.start();
    h.relay.servePageInstead(true, 511);
    const lost = await waitFor(tunnel, (s) => s.state === 'reconnecting', 'reconnecting');
    expect(lost.error).toMatch(/HTTP 511/);
    h.relay.servePageInstead(false);
    await waitFor(tunnel, isOpen, 'open again');
    expect(h.relay.peakLiveTunnels()).toBe(1);
  });

  it('stays open while the public listener is down and serves again once it is back', async () => {
    const tunnel = h.tunnel({ healthIntervalMs: 0 });
    await tunnel.start();
    const url = tunnel.status().url!;
    await new Promise<void>((resolve) => {
      h.listener.close(() => resolve());
      h.listener.closeAllConnections();
    });
    const down = await fetch(`${url}/api/whatsapp/webhook/`, { method: 'POST', body: 'a' });
    expect(down.status).toBe(502);
    expect(tunnel.status().state).toBe('open');
    await new Promise<void>((resolve) => h.listener.listen(h.localPort, '127.0.0.1', resolve));
    const back = await fetch(`${url}/api/whatsapp/webhook/`, { method: 'POST', body: 'b' });
    expect(await back.text()).toBe('b');
  });

  it('stops retrying when the relay refuses the subdomain itself', async () => {
    const tunnel = h.tunnel({ subdomain: 'Not_Valid' });
    await tunnel.start();
    expect(tunnel.status()).toMatchObject({ state: 'error', url: null, attempts: 1 });
    expect(tunnel.status().error).toMatch(/HTTP 403.*Invalid subdomain/);
    expect(h.relay.newRequests()).toBe(1);
    await tunnel.start(); // asked again, it tries again
    expect(h.relay.newRequests()).toBe(2);
    expect(tunnel.status().state).toBe('error');
    await tunnel.stop();
    expect(tunnel.status()).toMatchObject({ state: 'stopped', error: null });
  });

  it('stop() closes the tunnel and cancels a pending reconnect; start() opens again', async () => {
    const tunnel = h.tunnel({ backoff: { baseMs: 60_000, maxMs: 60_000 } });
    await tunnel.start();
    h.relay.kill();
    await waitFor(tunnel, (s) => s.state === 'reconnecting', 'reconnecting');
    await tunnel.stop(); // would otherwise wait out a 30-60 s backoff
    expect(tunnel.status()).toMatchObject({ state: 'stopped', url: null, error: null });
    const requests = h.relay.newRequests();
    await tunnel.start();
    expect(tunnel.status().state).toBe('open');
    expect(h.relay.newRequests()).toBe(requests + 1);
  });

  it('stop() during a hanging opening returns at once', async () => {
    h.relay.hangNextNew();
    const tunnel = h.tunnel({ openTimeoutMs: 60_000 });
    const started = tunnel.start();
    await h.relay.waitForNewRequests(1);
    await tunnel.stop();
    await started;
    expect(tunnel.status().state).toBe('stopped');
  });

  it('leaves nothing running after stop(): a process using it exits on its own', async () => {
    const tmp = tempDir();
    try {
      const script = join(tmp.dir, 'tunnel-exit.mts');
      writeFileSync(script, exitScript(), 'utf8');
      const { code, output } = await runNode(script);
      expect(output).toContain('stopped cleanly');
      expect(code).toBe(0);
    } finally {
      tmp.cleanup();
    }
  });
});

// Runs in a child process, so an open handle or a timer left behind keeps it from exiting
// (and after 10 s it prints what is still alive and fails).
function exitScript(): string {
  const mod = (p: string) => JSON.stringify(join(ROOT, p));
  return `
import { createServer } from 'node:http';
import { createLocalTunnel } from ${mod('src/main/core/tunnel/localtunnel.ts')};
import { startLocalTunnelServer } from ${mod('test/helpers/localtunnel-server.ts')};
process.on('unhandledRejection', (err) => { console.error('unhandled rejection', err); process.exit(4); });
const log = { debug() {}, info() {}, warn() {}, error() {} };
const relay = await startLocalTunnelServer();
const listener = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
await new Promise((r) => listener.listen(0, '127.0.0.1', r));
const common = { localPort: listener.address().port, host: relay.controlUrl, log, backoff: { baseMs: 30_000, maxMs: 30_000 } };
const open = createLocalTunnel(common);
await open.start();
if (open.status().state !== 'open') throw new Error('not open: ' + JSON.stringify(open.status()));
await fetch(open.status().url + '/healthz');
relay.kill(); // now a reconnect is pending behind a 15-30 s backoff
await new Promise((r) => open.onStatus((s) => s.state === 'reconnecting' && r()));
relay.hangNextNew();
const hanging = createLocalTunnel({ ...common, openTimeoutMs: 60_000 });
void hanging.start();
await relay.waitForNewRequests(2);
const steady = createLocalTunnel(common); // open, between two health probes
await steady.start();
if (steady.status().state !== 'open') throw new Error('steady not open');
await Promise.all([open.stop(), hanging.stop(), steady.stop()]);
await relay.close();
listener.close();
console.log('stopped cleanly');
setTimeout(() => { console.error('still alive:', process.getActiveResourcesInfo()); process.exit(3); }, 10_000).unref();
`;
}

function runNode(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 18_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with up to half of it random', () => {
    const backoff = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelay(40, backoff, () => 1)).toBe(60_000);
    expect(backoffDelay(2000, backoff, () => 0)).toBe(30_000);
  });
});

describe('updateMetaWebhookUrl', () => {
  const SECRET = 'app-secret-that-must-not-leak';
  let graph: Server;
  let graphUrl: string;
  let received: { method?: string; url?: string; type?: string; form?: URLSearchParams }[];
  let answer: { status: number; body: unknown };

  beforeEach(async () => {
    received = [];
    answer = { status: 200, body: { success: true } };
    graph = createServer(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
      received.push({
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        form: new URLSearchParams(text),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    graphUrl = `http://127.0.0.1:${await listen(graph)}/v25.0`;
  });
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        graph.close(() => resolve());
        graph.closeAllConnections();
      }),
  );

  const update = (overrides: Partial<Parameters<typeof updateMetaWebhookUrl>[0]> = {}) =>
    updateMetaWebhookUrl({
      graphBaseUrl: graphUrl,
      appId: '1234567890',
      appSecret: SECRET,
      callbackUrl: 'https://abc.loca.lt/api/whatsapp/webhook/',
      verifyToken: 'verify-me',
      ...overrides,
    });

  it('posts the subscription with the app access token', async () => {
    await update();
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v25.0/1234567890/subscriptions');
    expect(req?.type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(req!.form!)).toEqual({
      object: 'whatsapp_business_account',
      callback_url: 'https://abc.loca.lt/api/whatsapp/webhook/',
      verify_token: 'verify-me',
      fields: 'messages',
      include_values: 'true',
      access_token: `1234567890|${SECRET}`,
    });
  });

  it("turns Meta's error envelope into a clear error without the secret", async () => {
    answer = {
      status: 400,
      body: {
        error: {
          message: `Invalid OAuth access token - Cannot parse access token 1234567890|${SECRET}`,
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'Abc',
        },
      },
    };
    const err = await update().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaWebhookError);
    expect((err as MetaWebhookError).code).toBe(190);
    expect((err as Error).message).toMatch(/code 190.*Invalid OAuth access token/);
    expect((err as Error).message).not.toContain(SECRET);
  });

  it('refuses an answer that is not a confirmation', async () => {
    answer = { status: 200, body: { success: false } };
    await expect(update()).rejects.toThrow(/did not confirm/);
    answer = { status: 502, body: 'Bad gateway' };
    await expect(update()).rejects.toThrow(/HTTP 502/);
  });

  it('says when Meta cannot be reached, without the secret', async () => {
    const err = await update({ graphBaseUrl: 'http://127.0.0.1:1/v25.0' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Cannot reach Meta/);
    expect((err as Error).message).not.toContain(SECRET);
  });
});
