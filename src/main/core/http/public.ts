import helmet from 'helmet';
import type { RequestListener } from 'node:http';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { Logger } from '../logger';

export interface PublicDeps {
  log: Logger;
  /** The current verify token (generated on first start when none is set). */
  verifyToken: () => string | undefined;
  /** Takes a signed webhook body; resolves once it is durably stored. */
  receiveWebhook: (raw: Buffer, signature: string | undefined) => Promise<WebhookOutcome>;
}

export type WebhookOutcome =
  { status: 'stored' } | { status: 'rejected'; httpStatus: number; reason: string };

/** Meta's webhook paths, lower-cased and without the trailing slash (both forms answer). */
const WEBHOOK_PATHS = new Set(['/api/whatsapp/webhook', '/api/whatsapp/webhook/status']);
const BODY_LIMIT = 3 * 1024 * 1024;

/**
 * Per-IP limit on what fails: 404s, refused verifications, bad signatures. Correctly signed
 * POSTs come from Meta (only Meta has the secret) and are never throttled; an address that keeps
 * failing is refused with 429 before its body is read.
 */
export class FailureLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly burst = 60,
    private readonly perSecond = 1,
  ) {}

  private bucket(ip: string, now: number) {
    const b = this.buckets.get(ip) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(ip, b);
    if (this.buckets.size > 10_000) this.buckets.clear();
    return b;
  }

  allowed(ip: string, now = Date.now()): boolean {
    return this.bucket(ip, now).tokens >= 1;
  }

  charge(ip: string, now = Date.now()): void {
    this.bucket(ip, now).tokens -= 1;
  }
}

/** The headers helmet's defaults set, taken from helmet itself once, as [name, value, ...]. */
function securityHeaders(): string[] {
  const probe = new ServerResponse(new IncomingMessage(new Socket()));
  helmet()(probe.req, probe, () => {});
  return Object.entries(probe.getHeaders()).flatMap(([name, value]) => [name, String(value)]);
}

const isLoopback = (ip: string) =>
  ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');

/**
 * The client's address, trusting X-Forwarded-For only from loopback hops (the tunnel runs on
 * this machine): the nearest address that is not loopback, as express's `trust proxy: loopback`.
 */
function clientIp(req: IncomingMessage): string {
  let ip = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (!forwarded || !isLoopback(ip)) return ip;
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (!hop) continue;
    ip = hop;
    if (!isLoopback(hop)) break;
  }
  return ip;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function decoder(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * Reads the whole body (inflating gzip, deflate and br), at most `limit` bytes once inflated.
 * Past the limit the rest is read off and dropped, and the read fails with 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    let source: NodeJS.ReadableStream = req;
    if (encoding !== 'identity') {
      const inflate = decoder(encoding);
      if (!inflate) {
        req.resume();
        reject(new HttpError(415, `unsupported content encoding "${encoding}"`));
        return;
      }
      inflate.on('error', (err) => fail(new HttpError(400, err.message)));
      source = req.pipe(inflate);
    } else if (Number(req.headers['content-length']) > limit) {
      req.resume();
      req.once('end', () => reject(new HttpError(413, 'request entity too large')));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: HttpError) => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      if (source !== req) req.unpipe();
      // Read off the rest so the answer reaches a client still sending.
      req.resume();
      if (req.readableEnded) reject(err);
      else req.once('end', () => reject(err));
    };
    source.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) fail(new HttpError(413, 'request entity too large'));
      else chunks.push(chunk);
    });
    source.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      failed = true;
      reject(new HttpError(400, err.message));
    });
  });
}

/**
 * The internet-facing listener: the webhook and /healthz, nothing else answers. Plain node:http
 * (it serves four routes, and this is the path Meta waits on); every answer carries helmet's
 * security headers.
 */
export function createPublicApp(deps: PublicDeps): RequestListener {
  const security = securityHeaders();
  const limiter = new FailureLimiter();

  return (req, res) => {
    const ip = clientIp(req);
    const send = (status: number, type: string, body: string, extra: string[] = []) => {
      if (status >= 400 && status !== 429) limiter.charge(ip);
      res.writeHead(status, [
        ...security,
        'content-type',
        `${type}; charset=utf-8`,
        'content-length',
        String(Buffer.byteLength(body)),
        ...extra,
      ]);
      res.end(body);
    };
    if (!limiter.allowed(ip)) {
      send(429, 'text/plain', 'Too many failed requests', ['retry-after', '60']);
      return;
    }

    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const method = req.method === 'HEAD' ? 'GET' : req.method;

    if (method === 'GET' && path === '/healthz') {
      send(200, 'application/json', JSON.stringify({ ok: true }));
    } else if (method === 'GET' && WEBHOOK_PATHS.has(path)) {
      const query = parseQuery(q < 0 ? '' : url.slice(q + 1));
      const mode = query['hub.mode'];
      const token = query['hub.verify_token'];
      const challenge = query['hub.challenge'];
      const expected = deps.verifyToken();
      if (
        mode === 'subscribe' &&
        typeof token === 'string' &&
        expected &&
        token === expected &&
        typeof challenge === 'string'
      ) {
        send(200, 'text/plain', challenge);
        return;
      }
      deps.log.warn('webhook verification refused', {
        mode: typeof mode === 'string' ? mode : null,
      });
      send(403, 'text/plain', 'Forbidden');
    } else if (method === 'POST' && WEBHOOK_PATHS.has(path)) {
      readBody(req, BODY_LIMIT)
        .then((raw) => {
          const signature = req.headers['x-hub-signature-256'];
          return deps.receiveWebhook(raw, Array.isArray(signature) ? signature[0] : signature);
        })
        .then(
          (outcome) => {
            if (outcome.status === 'stored') send(200, 'text/plain', 'OK');
            else send(outcome.httpStatus, 'text/plain', outcome.reason);
          },
          (err: unknown) => {
            const status =
              err instanceof HttpError && err.status >= 400 && err.status < 500 ? err.status : 500;
            if (status === 500) deps.log.error('public listener error', { error: err });
            if (!res.headersSent && !res.destroyed)
              send(status, 'text/plain', status === 413 ? 'Payload too large' : 'Bad request');
          },
        );
    } else {
      send(404, 'text/plain', 'Not found');
    }
  };
}
