import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { TunnelProvider, TunnelStatus } from './provider';

// A client for localtunnel relays (localtunnel.me or a self-hosted localtunnel/server).
//
// It speaks the protocol of the `localtunnel` npm client but does not use that package, whose
// client cannot meet what the webhook needs (both checked against test/helpers/localtunnel-server):
// - with `local_host` set it rewrites the Host header by decoding the first TCP chunk as UTF-8,
//   which corrupts any multi-byte character cut by the chunk boundary: 19 of 30 POSTs of ~60 kB
//   of Tamil text arrived altered, so their webhook signatures would not match;
// - its `GET /?new` retries every second forever on any error (a bad subdomain included) and
//   cannot be cancelled: after close() it keeps a timer and hammers the relay, and the process
//   never exits.
// The protocol is small: ask the relay for a tunnel, dial its TCP port `max_conn_count` times,
// and pipe each HTTP request the relay writes on a socket to our public listener, untouched.

export interface LocalTunnelOptions {
  /** Our public listener, where tunnelled requests go. */
  localPort: number;
  localHost?: string;
  /** The relay's base URL. */
  host?: string;
  /** Asks the relay for this name, so the URL survives reconnects (when it is free). */
  subdomain?: string;
  log: Logger;
  /** Limit for getting a tunnel from the relay and connecting its first socket. */
  openTimeoutMs?: number;
  /** Limit for the check that the public URL reaches our listener. */
  probeTimeoutMs?: number;
  /** Must answer 200 `{"ok":true}` on our public listener (see http/public.ts). */
  probePath?: string;
  /** How often to probe again while open (0: never). */
  healthIntervalMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  /** Called, in order, each time the tunnel opens on a different URL than last time. */
  onUrlChange?: (url: string) => Promise<void> | void;
}

export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';

/** Creates the tunnel; nothing connects until start(). */
export function createLocalTunnel(options: LocalTunnelOptions): TunnelProvider {
  return new LocalTunnel(options);
}

/** Exponential backoff with equal jitter: half the delay is fixed, half random, so many clients spread out. */
export function backoffDelay(
  attempt: number,
  backoff: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The relay refused or garbled a tunnel; `permanent` when asking again the same way cannot help. */
export class TunnelRelayError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TunnelRelayError';
    this.permanent = permanent;
  }
}

interface Running {
  controller: AbortController;
  /** Settles when the run is over, whether stopped or given up. */
  done: Promise<void>;
  firstSettled: Promise<void>;
}

class LocalTunnel implements TunnelProvider {
  private readonly options: LocalTunnelOptions;
  private readonly host: string;
  private readonly local: { host: string; port: number };
  private readonly log: Logger;
  private readonly openTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private readonly probePath: string;
  private readonly healthIntervalMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly listeners = new Set<(status: TunnelStatus) => void>();
  private current: TunnelStatus = {
    state: 'stopped',
    url: null,
    error: null,
    since: new Date().toISOString(),
    attempts: 0,
  };
  private running: Running | undefined;
  /** The previous run while it winds down, so a new start() never overlaps it. */
  private stopping: Promise<void> = Promise.resolve();
  private announcedUrl: string | null = null;
  private urlCallbacks: Promise<void> = Promise.resolve();

  constructor(options: LocalTunnelOptions) {
    this.options = options;
    this.host = (options.host ?? DEFAULT_TUNNEL_HOST).replace(/\/+$/, '');
    this.local = { host: options.localHost ?? '127.0.0.1', port: options.localPort };
    this.log = options.log;
    this.openTimeoutMs = options.openTimeoutMs ?? 15_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 10_000;
    this.probePath = options.probePath ?? '/healthz';
    this.healthIntervalMs = options.healthIntervalMs ?? 60_000;
    this.backoff = {
      baseMs: options.backoff?.baseMs ?? 1000,
      maxMs: options.backoff?.maxMs ?? 60_000,
    };
  }

  status(): TunnelStatus {
    return { ...this.current };
  }

  onStatus(listener: (status: TunnelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): Promise<void> {
    if (this.running) return this.running.firstSettled;
    const controller = new AbortController();
    let settleFirst: () => void = () => {};
    const firstSettled = new Promise<void>((resolve) => (settleFirst = resolve));
    const previous = this.stopping;
    this.setStatus({ state: 'starting', url: null, error: null, attempts: 0 });
    const running: Running = { controller, done: Promise.resolve(), firstSettled };
    running.done = previous
      .then(() => this.run(controller.signal, settleFirst))
      .catch((err: unknown) => {
        // run() handles every failure itself; reaching here is a bug, not a network problem.
        this.log.error('tunnel stopped unexpectedly', { error: asError(err) });
      })
      .finally(() => {
        // A run that gave up by itself (state 'error') is over: the next start() begins anew.
        if (this.running === running) this.running = undefined;
        settleFirst();
      });
    this.running = running;
    return firstSettled;
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (running) {
      this.running = undefined;
      this.stopping = running.done;
      running.controller.abort();
      await running.done;
      if (this.running) return; // start() was called meanwhile: its status wins.
    }
    if (this.current.state === 'stopped') return;
    this.setStatus({ state: 'stopped', url: null, error: null, attempts: 0 });
    this.log.info('tunnel stopped');
  }

  /** Keeps a tunnel open until the signal aborts: attempt, back off, attempt again. */
  private async run(signal: AbortSignal, settleFirst: () => void): Promise<void> {
    while (!signal.aborted) {
      const failure = await this.attempt(signal, settleFirst);
      if (!failure) return;
      const attempts = this.current.attempts + 1;
      if (failure instanceof TunnelRelayError && failure.permanent) {
        this.setStatus({ state: 'error', url: null, error: failure.message, attempts });
        this.log.error('tunnel refused; not retrying until restarted', { error: failure.message });
        return;
      }
      settleFirst();
      const delay = backoffDelay(attempts, this.backoff);
      this.setStatus({ state: 'reconnecting', url: null, error: failure.message, attempts });
      this.log.warn('tunnel down; reconnecting', { error: failure.message, attempts, delay });
      await sleep(delay, signal);
    }
  }

  /** One tunnel, from asking the relay to its end: resolves with why it ended, or null on stop(). */
  private async attempt(signal: AbortSignal, settleFirst: () => void): Promise<Error | null> {
    let connection: RelayConnection | undefined;
    try {
      connection = await this.connect(signal);
      await this.probe(connection.url, signal);
      if (signal.aborted) return null;
      this.setStatus({ state: 'open', url: connection.url, error: null, attempts: 0 });
      this.log.info('tunnel open', { url: connection.url });
      settleFirst();
      this.announceUrl(connection.url);
      return await this.watch(connection, signal);
    } catch (err) {
      return signal.aborted ? null : asError(err);
    } finally {
      // Closed before the next attempt starts, so there are never two tunnels at once.
      await connection?.close();
    }
  }

  /**
   * While open: waits for the relay to drop the tunnel, probing again every so often, because a
   * relay can forget a tunnel whose sockets still look alive (after the laptop slept, say).
   * Resolves with why the tunnel is no longer usable, or null on stop().
   */
  private async watch(connection: RelayConnection, signal: AbortSignal): Promise<Error | null> {
    if (this.healthIntervalMs <= 0) return abortable(connection.failed, signal);
    const wake = new AbortController();
    const onStop = () => wake.abort();
    signal.addEventListener('abort', onStop, { once: true });
    void connection.failed.then(() => wake.abort());
    try {
      while (!wake.signal.aborted) {
        await sleep(this.healthIntervalMs, wake.signal);
        if (wake.signal.aborted) break;
        try {
          await this.probe(connection.url, wake.signal);
        } catch (err) {
          if (!wake.signal.aborted) return asError(err);
        }
      }
    } finally {
      signal.removeEventListener('abort', onStop);
    }
    return signal.aborted ? null : connection.failed;
  }

  private async connect(signal: AbortSignal): Promise<RelayConnection> {
    const limit = deadline(signal, this.openTimeoutMs);
    let connection: RelayConnection | undefined;
    try {
      const grant = await requestTunnel(this.host, this.options.subdomain, limit.signal);
      connection = new RelayConnection(grant, this.local, this.log);
      await abortable(connection.ready, limit.signal);
      return connection;
    } catch (err) {
      await connection?.close();
      if (limit.expired())
        throw new Error(
          `Opening a tunnel through ${this.host} timed out after ${this.openTimeoutMs} ms.`,
          { cause: err },
        );
      throw err;
    } finally {
      limit.clear();
    }
  }

  /** Relays may answer with a reminder page or an error of their own: only our /healthz counts. */
  private async probe(url: string, signal: AbortSignal): Promise<void> {
    const target = url + this.probePath;
    const limit = deadline(signal, this.probeTimeoutMs);
    let status: number;
    let body: string;
    try {
      const res = await fetch(target, {
        headers: { 'bypass-tunnel-reminder': 'pulse-desk', accept: 'application/json' },
        redirect: 'manual',
        signal: limit.signal,
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      if (limit.expired())
        throw new Error(
          `The public URL ${target} did not answer within ${this.probeTimeoutMs} ms.`,
          {
            cause: err,
          },
        );
      if (signal.aborted) throw err;
      throw new Error(`The public URL ${target} cannot be reached: ${describeFetchError(err)}`, {
        cause: err,
      });
    } finally {
      limit.clear();
    }
    if (status !== 200)
      throw new Error(
        `The public URL does not reach Pulse Desk: ${target} answered HTTP ${status}.`,
      );
    if (!isOurHealthz(body))
      throw new Error(
        `The public URL does not reach Pulse Desk: ${target} answered a page that is not ours (a relay reminder page?).`,
      );
  }

  private announceUrl(url: string): void {
    if (url === this.announcedUrl) return;
    this.announcedUrl = url;
    const callback = this.options.onUrlChange;
    if (!callback) return;
    // Chained so that a slow callback for an old URL never lands after the one for a newer URL.
    this.urlCallbacks = this.urlCallbacks
      .then(() => callback(url))
      .catch((err: unknown) => {
        this.log.warn('the tunnel URL changed but updating it elsewhere failed', {
          url,
          error: asError(err),
        });
      });
  }

  private setStatus(next: Omit<TunnelStatus, 'since'>): void {
    const prev = this.current;
    if (
      prev.state === next.state &&
      prev.url === next.url &&
      prev.error === next.error &&
      prev.attempts === next.attempts
    )
      return;
    const since = prev.state === next.state ? prev.since : new Date().toISOString();
    this.current = { ...next, since };
    for (const listener of [...this.listeners]) {
      try {
        listener(this.status());
      } catch (err) {
        this.log.error('a tunnel status listener failed', { error: asError(err) });
      }
    }
  }
}

// --- the relay protocol -------------------------------------------------------------------

/** What the relay grants: where to dial, how many sockets, and the public URL. */
interface TunnelGrant {
  id: string;
  url: string;
  remoteHost: string;
  remotePort: number;
  maxConn: number;
}

// localtunnel/server gives 10 by default; a relay asking for more does not get them.
const MAX_SOCKETS = 10;

const GrantSchema = z.object({
  id: z.string().min(1),
  ip: z.string().min(1).nullish(),
  port: z.number().int().min(1).max(65535),
  max_conn_count: z.number().int().min(1).nullish(),
  url: z.url({ protocol: /^https?$/ }),
});

/** `GET {host}/?new` (or `/{subdomain}`): asks the relay for a tunnel. */
async function requestTunnel(
  host: string,
  subdomain: string | undefined,
  signal: AbortSignal,
): Promise<TunnelGrant> {
  const endpoint = `${host}/${subdomain ? encodeURIComponent(subdomain) : '?new'}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(endpoint, { headers: { accept: 'application/json' }, signal });
    text = await res.text();
  } catch (err) {
    if (signal.aborted) throw err;
    throw new TunnelRelayError(
      `Cannot reach the tunnel relay ${host}: ${describeFetchError(err)}`,
      false,
      { cause: err },
    );
  }
  const body = parseJson(text);
  if (res.status !== 200) {
    throw new TunnelRelayError(
      `The tunnel relay ${host} refused a tunnel (HTTP ${res.status}): ${relayMessage(body, text)}`,
      // A bad or forbidden subdomain stays bad; timeouts, rate limits and 5xx pass.
      res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429,
    );
  }
  const grant = GrantSchema.safeParse(body);
  if (!grant.success)
    throw new TunnelRelayError(
      `The tunnel relay ${host} answered something that is not a tunnel.`,
      false,
    );
  return {
    id: grant.data.id,
    url: grant.data.url.replace(/\/+$/, ''),
    remoteHost: grant.data.ip ?? new URL(host).hostname.replace(/^\[(.*)\]$/, '$1'),
    remotePort: grant.data.port,
    maxConn: Math.min(grant.data.max_conn_count ?? 1, MAX_SOCKETS),
  };
}

// A socket that the relay closes this soon without sending anything was refused, not used.
const QUICK_DROP_MS = 1000;

/**
 * The sockets of one granted tunnel. Each relay socket carries HTTP requests for us; it is
 * piped to a fresh connection to our listener when its first bytes arrive, so idle sockets
 * hold nothing open locally and a listener that is down only fails the request at hand.
 */
class RelayConnection {
  readonly url: string;
  /** Resolves when the first socket is connected; rejects if the tunnel fails before that. */
  readonly ready: Promise<void>;
  /** Resolves with the reason once the tunnel is unusable (the relay dropped it). */
  readonly failed: Promise<Error>;
  private markReady: () => void = () => {};
  private rejectReady: (err: Error) => void = () => {};
  private markFailed: (err: Error) => void = () => {};
  private readonly sockets = new Set<Socket>();
  private closing = false;
  private hasFailed = false;
  private quickDrops = 0;

  private readonly grant: TunnelGrant;
  private readonly local: { host: string; port: number };
  private readonly log: Logger;

  constructor(grant: TunnelGrant, local: { host: string; port: number }, log: Logger) {
    this.grant = grant;
    this.local = local;
    this.log = log;
    this.url = grant.url;
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // observed through `failed`; never an unhandled rejection
    this.failed = new Promise<Error>((resolve) => (this.markFailed = resolve));
    for (let i = 0; i < grant.maxConn; i++) this.dial();
  }

  async close(): Promise<void> {
    this.closing = true;
    const sockets = [...this.sockets];
    const closed = sockets.map((s) =>
      s.closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => s.once('close', () => resolve())),
    );
    for (const s of sockets) s.destroy();
    await Promise.all(closed);
  }

  private fail(err: Error): void {
    if (this.closing || this.hasFailed) return;
    this.hasFailed = true;
    this.rejectReady(err);
    this.markFailed(err);
  }

  private dial(): void {
    if (this.closing || this.hasFailed) return;
    const { remoteHost, remotePort } = this.grant;
    const remote = connect({ host: remoteHost, port: remotePort });
    this.sockets.add(remote);
    let connectedAt = 0;
    let carried = false;
    // Probes an idle socket after 30 s, so a path that died (Wi-Fi change, sleep) is noticed.
    remote.setKeepAlive(true, 30_000);
    remote.once('connect', () => {
      connectedAt = Date.now();
      this.markReady();
    });
    remote.once('data', (first: Buffer) => {
      carried = true;
      remote.pause(); // hold what follows until our listener is connected
      this.bridge(remote, first);
    });
    remote.on('error', (err) => {
      // A socket that cannot even connect means the relay has dropped this tunnel.
      if (!connectedAt)
        this.fail(
          new Error(`The tunnel relay ${remoteHost}:${remotePort} refused us: ${err.message}`),
        );
      else this.log.debug('tunnel socket error', { error: err });
    });
    remote.once('close', () => {
      this.sockets.delete(remote);
      if (this.closing || !connectedAt) return;
      if (!carried && Date.now() - connectedAt < QUICK_DROP_MS) {
        if (++this.quickDrops >= 2 * this.grant.maxConn + 1) {
          this.fail(new Error('The tunnel relay keeps closing our connections.'));
          return;
        }
      } else {
        this.quickDrops = 0;
      }
      this.dial(); // the relay expects the full set of sockets at all times
    });
  }

  /** Bytes go through untouched: the webhook signature is computed over them. */
  private bridge(remote: Socket, first: Buffer): void {
    const local = connect({ host: this.local.host, port: this.local.port });
    this.sockets.add(local);
    local.once('connect', () => {
      local.write(first);
      remote.pipe(local).pipe(remote);
    });
    local.on('error', (err) => {
      this.log.warn('a tunnelled request could not reach the public listener', { error: err });
      remote.destroy();
    });
    local.once('close', () => this.sockets.delete(local));
    remote.once('close', () => local.destroy());
  }
}

// --- small helpers ------------------------------------------------------------------------

const OurHealthz = z.object({ ok: z.literal(true) });
const RelayRefusal = z.object({ message: z.string().min(1) });

function isOurHealthz(body: string): boolean {
  return OurHealthz.safeParse(parseJson(body)).success;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function relayMessage(body: unknown, text: string): string {
  const refusal = RelayRefusal.safeParse(body);
  const raw = refusal.success ? refusal.data.message : text.replace(/\s+/g, ' ').trim();
  return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw || 'no reason given';
}

/** fetch() says only "fetch failed"; the reason is in its cause. */
function describeFetchError(err: unknown): string {
  const error = asError(err);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

interface Deadline {
  /** Aborts when the time is up or the parent aborts. */
  signal: AbortSignal;
  expired(): boolean;
  clear(): void;
}

function deadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  const onParent = () => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    clear() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}

/** Settles like `promise`, or rejects once `signal` aborts, whichever comes first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(asError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(asError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort))
      .catch(() => {});
  });
}

/** Waits `ms`, or less if `signal` aborts first; leaves no timer behind either way. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
