import type { EventBus } from '../events';
import type { WebhookOutcome } from '../http/public';
import { verifySignature } from '../http/webhook-signature';
import type { Emitted } from '../jobs';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import type { Store } from '../store/db';
import type { IngestItem, IngestResult, WebhookSource } from './ingest';
import { writeWebhook } from './ingest';
import { WebhookFormatError, parseWebhook } from './webhook';

interface Pending {
  item: IngestItem;
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

/** How long each batch holds the background checkpoint off: bursts hold it, a trickle does not. */
const HOLD_CHECKPOINTS_MS = 50;

/**
 * Takes webhook bodies (Meta's, signature-checked, and the test phone's) and makes them durable
 * before anyone is told "OK". Bodies arriving together are committed together: one transaction
 * per batch instead of one per request, and no request is acknowledged before its commit.
 */
export class WebhookReceiver {
  private pending: Pending[] = [];
  private scheduled = false;
  private lastFlushAt = 0;

  /** True while bodies are arriving (a batch committed in the last 20 ms). */
  busy(): boolean {
    return this.pending.length > 0 || performance.now() - this.lastFlushAt < 20;
  }

  constructor(
    private readonly deps: {
      store: () => Store;
      secrets: SecretStore;
      log: Logger;
      events: EventBus;
      /** Called after each commit that queued work. */
      onCommitted: () => void;
      now?: () => number;
    },
  ) {}

  /** Meta's POST: verify over the raw bytes, then store. */
  async receive(raw: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    const appSecret = this.deps.secrets.get('WHATSAPP_APP_SECRET');
    if (!appSecret) {
      this.deps.log.warn(
        'webhook POST refused: WHATSAPP_APP_SECRET is not set, so its signature cannot be checked. Set it in Settings or the environment.',
      );
      return { status: 'rejected', httpStatus: 503, reason: 'Webhook not configured' };
    }
    if (!signature)
      return { status: 'rejected', httpStatus: 401, reason: 'Missing X-Hub-Signature-256' };
    if (!verifySignature(raw, signature, appSecret)) {
      this.deps.log.warn('webhook POST refused: signature does not match');
      return { status: 'rejected', httpStatus: 401, reason: 'Invalid signature' };
    }
    const body = raw.toString('utf8');
    try {
      await this.ingest('whatsapp', body, signature);
    } catch (err) {
      if (err instanceof WebhookFormatError || err instanceof SyntaxError) {
        this.deps.log.warn('webhook POST refused: signed but not a WhatsApp notification', {
          error: err.message,
        });
        return { status: 'rejected', httpStatus: 400, reason: 'Not a WhatsApp notification' };
      }
      this.deps.log.error('webhook POST could not be stored', { error: err });
      return { status: 'rejected', httpStatus: 500, reason: 'Not stored, retry later' };
    }
    return { status: 'stored' };
  }

  /** Stores a body from a trusted source (the test phone, or Meta's after verification). */
  ingest(source: WebhookSource, body: string, signature: string | null): Promise<IngestResult> {
    const receivedAt = new Date((this.deps.now ?? Date.now)()).toISOString();
    const parsed = parseWebhook(JSON.parse(body) as unknown, receivedAt);
    return new Promise<IngestResult>((resolve, reject) => {
      this.pending.push({ item: { source, body, signature, parsed, receivedAt }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    this.lastFlushAt = performance.now();
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    let store: Store;
    try {
      store = this.deps.store();
    } catch (error) {
      // The store closed (core stopping) while bodies waited: they are not stored, say so.
      batch.forEach((p) => p.reject(error));
      return;
    }
    // Bodies are arriving: no checkpoint (and its fsync) under the next batches' writes.
    store.holdCheckpoints(HOLD_CHECKPOINTS_MS);
    const now = (this.deps.now ?? Date.now)();
    type Outcome =
      { ok: true; result: IngestResult; emitted: Emitted[] } | { ok: false; error: unknown };
    let outcomes: Outcome[];
    try {
      // The fast path: the whole batch in one transaction.
      outcomes = store.transaction(() =>
        batch.map((p): Outcome => ({ ok: true, ...writeWebhook(store, p.item, now) })),
      );
    } catch {
      // Something in the batch failed: redo each body on its own, so one bad body sinks only itself.
      outcomes = batch.map((p): Outcome => {
        try {
          return { ok: true, ...store.transaction(() => writeWebhook(store, p.item, now)) };
        } catch (error) {
          return { ok: false, error };
        }
      });
    }
    let queued = false;
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (!o.ok) return p.reject(o.error);
      p.resolve(o.result);
      if (o.result.newMessages > 0 || o.result.statuses > 0 || p.item.parsed.preferences.length > 0)
        queued = true;
      for (const [name, payload] of o.emitted) this.deps.events.emit(name, payload as never);
    });
    if (queued) this.deps.onCommitted();
  }
}
