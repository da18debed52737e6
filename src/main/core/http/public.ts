import express from 'express';
import helmet from 'helmet';
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

const WEBHOOK_PATHS = ['/api/whatsapp/webhook', '/api/whatsapp/webhook/status'];

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

/** The internet-facing listener: the webhook and /healthz, nothing else answers. */
export function createPublicApp(deps: PublicDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  const limiter = new FailureLimiter();
  const ipOf = (req: express.Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  app.use((req, res, next) => {
    if (!limiter.allowed(ipOf(req))) {
      res.status(429).set('retry-after', '60').type('text/plain').send('Too many failed requests');
      return;
    }
    res.on('finish', () => {
      if (res.statusCode >= 400) limiter.charge(ipOf(req));
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get(WEBHOOK_PATHS, (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    const expected = deps.verifyToken();
    if (
      mode === 'subscribe' &&
      typeof token === 'string' &&
      expected &&
      token === expected &&
      typeof challenge === 'string'
    ) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    deps.log.warn('webhook verification refused', { mode: typeof mode === 'string' ? mode : null });
    res.status(403).type('text/plain').send('Forbidden');
  });

  app.post(WEBHOOK_PATHS, express.raw({ type: () => true, limit: '3mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await deps.receiveWebhook(raw, req.get('x-hub-signature-256'));
    if (outcome.status === 'stored') {
      res.status(200).type('text/plain').send('OK');
    } else {
      res.status(outcome.httpStatus).type('text/plain').send(outcome.reason);
    }
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  app.use(
    (
      err: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (status === 500) deps.log.error('public listener error', { error: err });
      res
        .status(status)
        .type('text/plain')
        .send(status === 413 ? 'Payload too large' : 'Bad request');
    },
  );
  return app;
}
