import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Channel, DeliveryStatus } from '../../../shared/model';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { Store } from '../store/db';
import type { OutboxTable } from '../store/schema';
import type { GraphClient } from './graph';
import { GraphError, OutgoingMessage, parseRecipient } from './graph';
import { applyKnownStatuses } from './ingest';

// The durable outbox: every outgoing WhatsApp (or simulator) send is a row first, so a crash,
// a Meta outage or a rate limit never loses a reply and never sends one twice.
// Spec: whatsapp-cloud-api.md §5 (sending), §6 (24-hour window), §7 (errors), §8 (limits).
// Store access is synchronous (store.run / store.transaction): a transaction is microseconds of
// work and never spans the network call.

export const OUTBOX_KINDS = [
  'text',
  'template',
  'interactive',
  'media',
  'reaction',
  'read',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
const OutboxKindSchema = z.enum(OUTBOX_KINDS);

/** Kinds that are not templates: Meta only takes them inside the 24-hour window (§6). */
const FREE_FORM_KINDS: ReadonlySet<OutboxKind> = new Set([
  'text',
  'interactive',
  'media',
  'reaction',
]);

export type OutboxRow = Selectable<OutboxTable>;

/** Delivers one claimed outbox row on a channel. Throws GraphError on failure. */
export interface ChannelTransport {
  send(row: OutboxRow): Promise<{ wamid: string | null }>;
}

type ChangedMessage = { conversationId: string; messageId: string };

// ---------------------------------------------------------------------------------------------
// Payload

const MessagePayload = z.object({
  message: OutgoingMessage,
  optOutConfirmation: z.literal(true).optional(),
});
const ReadPayload = z.object({
  wamid: z.string().min(1),
  typing: z.boolean(),
  optOutConfirmation: z.literal(true).optional(),
});

export type ParsedOutboxPayload =
  | { kind: 'read'; wamid: string; typing: boolean; optOutConfirmation: boolean }
  | { kind: Exclude<OutboxKind, 'read'>; message: OutgoingMessage; optOutConfirmation: boolean };

/** The outbox kind a message is stored under (buttons and lists are both `interactive`). */
export function outboxKindOf(message: OutgoingMessage): Exclude<OutboxKind, 'read'> {
  return message.type === 'buttons' || message.type === 'list' ? 'interactive' : message.type;
}

/** Parses a row's kind and JSON payload; throws if the row does not hold what its kind says. */
export function readOutboxPayload(row: Pick<OutboxRow, 'kind' | 'payload'>): ParsedOutboxPayload {
  const kind = OutboxKindSchema.parse(row.kind);
  const json: unknown = JSON.parse(row.payload);
  if (kind === 'read') {
    const p = ReadPayload.parse(json);
    return { kind, wamid: p.wamid, typing: p.typing, optOutConfirmation: !!p.optOutConfirmation };
  }
  const p = MessagePayload.parse(json);
  if (outboxKindOf(p.message) !== kind)
    throw new Error(`outbox kind ${kind} does not match a ${p.message.type} message`);
  return { kind, message: p.message, optOutConfirmation: !!p.optOutConfirmation };
}

// ---------------------------------------------------------------------------------------------
// Enqueue

export type EnqueueInput = {
  channel: Channel;
  /** A phone number (E.164) or a BSUID, as the channel addresses the voter. */
  recipient: string;
  conversationId?: string | null;
  /** The `messages` row this send delivers; its delivery_status follows the send. */
  messageId?: string | null;
  /** The one message an opted-out voter still gets: the confirmation of their opt-out. */
  optOutConfirmation?: boolean;
  now?: number;
} & ({ message: OutgoingMessage } | { read: { wamid: string; typing: boolean } });

/**
 * Queues a send. Synchronous, so it can run inside the caller's `store.transaction` and the
 * reply and its outbox row commit together; call `sender.kick()` after. Returns the outbox id.
 * Throws (a ZodError) on a message Meta would refuse, so the bug surfaces at its caller.
 */
export function enqueueOutgoing(store: Store, input: EnqueueInput): string {
  const now = input.now ?? Date.now();
  const at = iso(now);
  const flags = input.optOutConfirmation ? { optOutConfirmation: true as const } : {};
  let kind: OutboxKind;
  let payload: Record<string, unknown>;
  if ('message' in input) {
    const message = OutgoingMessage.parse(input.message);
    kind = outboxKindOf(message);
    payload = { message, ...flags };
  } else {
    kind = 'read';
    payload = { ...ReadPayload.parse(input.read), ...flags };
  }
  const id = newOutboxId(now);
  store.run(
    store.db.insertInto('outbox').values({
      id,
      message_id: input.messageId ?? null,
      conversation_id: input.conversationId ?? null,
      channel: input.channel,
      recipient: input.recipient,
      kind,
      payload: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    }),
  );
  if (input.messageId && kind !== 'read') advanceMessageDelivery(store, input.messageId, 'queued');
  return id;
}

let lastIdMs = 0;
let idSeq = 0;

/**
 * A UUIDv7: time-ordered, so rows enqueued in the same millisecond still go out in enqueue
 * order (the sender orders by next_attempt_at, then id).
 */
export function newOutboxId(now: number = Date.now()): string {
  if (now > lastIdMs) {
    lastIdMs = now;
    idSeq = 0;
  } else if (++idSeq > 0xfff) {
    lastIdMs += 1;
    idSeq = 0;
  }
  const b = randomBytes(16);
  b.writeUIntBE(lastIdMs, 0, 6);
  b[6] = 0x70 | (idSeq >> 8);
  b[7] = idSeq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// The send gate (pure, so the UI can refuse before anything is queued)

export const WINDOW_MS = 24 * 60 * 60 * 1000;
export const OUTSIDE_WINDOW_ERROR =
  'Outside the 24-hour window: only an approved template can be sent';
export const OPTED_OUT_ERROR =
  'The voter has opted out: nothing is sent to them except the opt-out confirmation';

export type SendVerdict =
  { ok: true } | { ok: false; reason: 'opted_out' | 'outside_window'; message: string };

/** Whether Pulse Desk may send this kind to this voter now (opt-out first, then the window). */
export function checkSendAllowed(input: {
  kind: OutboxKind;
  /** The voter's last inbound message (ISO string or ms), or null if they never wrote. */
  lastInboundAt: string | number | null;
  optedOutAt: string | null;
  optOutConfirmation?: boolean;
  now: number;
}): SendVerdict {
  if (input.optedOutAt !== null && !input.optOutConfirmation)
    return { ok: false, reason: 'opted_out', message: OPTED_OUT_ERROR };
  if (FREE_FORM_KINDS.has(input.kind) && !insideWindow(input.lastInboundAt, input.now))
    return { ok: false, reason: 'outside_window', message: OUTSIDE_WINDOW_ERROR };
  return { ok: true };
}

function insideWindow(lastInboundAt: string | number | null, now: number): boolean {
  if (lastInboundAt === null) return false;
  const at = typeof lastInboundAt === 'number' ? lastInboundAt : Date.parse(lastInboundAt);
  return Number.isFinite(at) && now - at < WINDOW_MS;
}

// ---------------------------------------------------------------------------------------------
// Delivery status of the linked message

const DELIVERY_RANK: Record<Exclude<DeliveryStatus, 'failed'>, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/**
 * Statuses only move forward (queued < sent < delivered < read); failed is terminal, and a
 * failure cannot undo a delivered or read message.
 */
export function canAdvanceDelivery(from: DeliveryStatus | null, to: DeliveryStatus): boolean {
  if (from === null) return true;
  if (from === 'failed') return false;
  if (to === 'failed') return from === 'queued' || from === 'sent';
  return DELIVERY_RANK[to] > DELIVERY_RANK[from];
}

const ALL_DELIVERY: DeliveryStatus[] = ['queued', 'sent', 'delivered', 'read', 'failed'];

/**
 * Moves a message's delivery status forward (never back) and records the wamid if it has none.
 * Returns the message to announce if it changed.
 */
export function advanceMessageDelivery(
  store: Store,
  messageId: string,
  to: DeliveryStatus,
  opts: { wamid?: string | null; error?: string | null } = {},
): ChangedMessage | null {
  const from = ALL_DELIVERY.filter((s) => canAdvanceDelivery(s, to));
  const { wamid } = opts;
  const row = store.first(
    store.db
      .updateTable('messages')
      .set((eb) => ({
        delivery_status: to,
        ...(to === 'failed' ? { delivery_error: opts.error ?? null } : {}),
        ...(wamid
          ? { whatsapp_message_id: eb.fn.coalesce('whatsapp_message_id', eb.val(wamid)) }
          : {}),
      }))
      .where('id', '=', messageId)
      .where((eb) =>
        from.length > 0
          ? eb.or([eb('delivery_status', 'is', null), eb('delivery_status', 'in', from)])
          : eb('delivery_status', 'is', null),
      )
      .returning(['conversation_id']),
  );
  return row ? { conversationId: row.conversation_id, messageId } : null;
}

// ---------------------------------------------------------------------------------------------
// Reconciliation (status webhook → outbox)

/**
 * A status webhook whose `biz_opaque_callback_data` names an outbox row proves Meta accepted
 * that send: record it as sent, even if we had marked it interrupted, or queued it for a retry
 * (which stops the retry). Synchronous; nests inside the caller's transaction.
 */
export function reconcileFromStatus(
  store: Store,
  outboxId: string,
  wamid: string,
  now: number = Date.now(),
): { reconciled: boolean; changed: ChangedMessage | null } {
  return store.transaction(() => {
    const row = store.first(
      store.db
        .updateTable('outbox')
        .set({
          status: 'sent',
          whatsapp_message_id: wamid,
          last_error: null,
          last_error_code: null,
          updated_at: iso(now),
        })
        .where('id', '=', outboxId)
        .where('whatsapp_message_id', 'is', null)
        .where('status', 'in', ['queued', 'sending', 'failed'])
        .returning(['message_id', 'kind']),
    );
    if (!row) return { reconciled: false, changed: null };
    if (!row.message_id || row.kind === 'read') return { reconciled: true, changed: null };
    // The one case where 'failed' may become 'sent': the failure was ours, not Meta's.
    const sent = store.first(
      store.db
        .updateTable('messages')
        .set((eb) => ({
          delivery_status: 'sent',
          delivery_error: null,
          whatsapp_message_id: eb.fn.coalesce('whatsapp_message_id', eb.val(wamid)),
        }))
        .where('id', '=', row.message_id)
        .where((eb) =>
          eb.or([
            eb('delivery_status', 'is', null),
            eb('delivery_status', 'in', ['queued', 'failed']),
          ]),
        )
        .returning(['conversation_id']),
    );
    const later = knownStatusChanges(store, wamid);
    const changed = sent
      ? { conversationId: sent.conversation_id, messageId: row.message_id }
      : (later[0] ?? null);
    return { reconciled: true, changed };
  });
}

/** Statuses Meta sent before we recorded the wamid (its webhook can beat our HTTP answer). */
function knownStatusChanges(store: Store, wamid: string): ChangedMessage[] {
  return applyKnownStatuses(store, wamid).map((m) => ({
    conversationId: m.conversation_id,
    messageId: m.id,
  }));
}

function uniqueMessages(changed: ChangedMessage[]): ChangedMessage[] {
  const byId = new Map(changed.map((c) => [c.messageId, c]));
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------
// The WhatsApp transport

/** The outbox's WhatsApp channel: one row → one Graph call, with the outbox id as callback data. */
export function graphTransport(client: GraphClient): ChannelTransport {
  return {
    async send(row) {
      const payload = readOutboxPayload(row);
      if (payload.kind === 'read') {
        await client.markRead(payload.wamid, { typing: payload.typing });
        return { wamid: null };
      }
      return client.sendMessage(parseRecipient(row.recipient), payload.message, {
        bizOpaqueCallbackData: row.id,
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The sender

export interface OutboxPolicy {
  /** First retry delay; doubles per attempt, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts (including the first) before a retryable failure becomes final. */
  maxAttempts: number;
  /** Meta's per-number throughput (80 mps by default, §8). WhatsApp only. */
  perNumberPerSecond: number;
  /** Meta's pair limit: one message per 6 s to the same user (§8). WhatsApp only; reads do not count. */
  perRecipientIntervalMs: number;
  /** Sends awaiting an answer at once. */
  maxInFlight: number;
  /** Longest sleep between looks at the table (a kick wakes the loop sooner). */
  pollIntervalMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 8,
  perNumberPerSecond: 80,
  perRecipientIntervalMs: 6_000,
  maxInFlight: 64,
  pollIntervalMs: 1_000,
};

export interface OutboxAlert {
  code: number | null;
  message: string;
  /** UTC ISO time the alert was raised. */
  at: string;
}

export interface OutboxSenderOptions {
  store: () => Store;
  transports: { whatsapp?: ChannelTransport; simulator?: ChannelTransport };
  log: Logger;
  events?: EventBus;
  now?: () => number;
  policy?: Partial<OutboxPolicy>;
  /** For the backoff jitter; tests may pin it. */
  random?: () => number;
}

export const INTERRUPTED_ERROR = 'interrupted while sending; not retried to avoid a duplicate';

/** How many due rows one pass looks at. */
const BATCH = 100;

type SendOutcome = { ok: true; wamid: string | null } | { ok: false; error: unknown };

/**
 * Sends what is in the outbox: claims due rows one at a time, sends them outside any
 * transaction, records the outcome, and paces sends to Meta's limits.
 */
export class OutboxSender {
  private readonly policy: OutboxPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Recipients with a paced send awaiting Meta. */
  private readonly busyRecipients = new Set<string>();
  /** When the last paced send to each recipient finished (ms). */
  private readonly lastSendAt = new Map<string, number>();
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private alertState: OutboxAlert | null = null;

  constructor(private readonly options: OutboxSenderOptions) {
    this.policy = { ...DEFAULT_OUTBOX_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.bucket = new TokenBucket(this.policy.perNumberPerSecond, this.now());
  }

  /** Fails rows a crash left in 'sending' (never resent), then starts the loop. */
  async start(): Promise<void> {
    if (this.running) return;
    this.failInterrupted();
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops claiming, and resolves once every send already with Meta has been recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks at the table now (call after enqueueing). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * For tests: resolves once nothing is being sent and no row is due (with `includeDeferred`,
   * once no row is queued at all). Rows held by an alert or a missing transport do not count.
   */
  async drain(opts: { includeDeferred?: boolean } = {}): Promise<void> {
    if (!this.running) throw new Error('OutboxSender.drain() needs start() first');
    while (this.inFlight.size > 0 || this.pendingCount(opts.includeDeferred ?? false) > 0) {
      this.kick();
      await delay(5);
    }
  }

  /** The problem that paused WhatsApp sends, or null while sending. */
  alert(): OutboxAlert | null {
    return this.alertState;
  }

  /** Resumes WhatsApp sends after the admin fixed the cause (a new token, an unlocked account). */
  clearAlert(): void {
    if (!this.alertState) return;
    this.alertState = null;
    this.options.log.info('outbox: WhatsApp sending resumed');
    this.options.events?.emit('statusChanged', {});
    this.kick();
  }

  // --- the loop ------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let sleepMs: number;
      try {
        sleepMs = this.pass();
      } catch (err) {
        this.options.log.error('outbox: pass failed', { error: err });
        sleepMs = this.policy.pollIntervalMs;
      }
      if (this.running) await this.sleep(sleepMs);
    }
  }

  /** One look at the table: claims and launches what may go now; returns how long to sleep. */
  private pass(): number {
    const now = this.now();
    const held = this.heldChannels();
    let waitForToken: number | undefined;
    for (const row of this.dueRows(now, held)) {
      if (this.inFlight.size >= this.policy.maxInFlight) break;
      const paced = row.channel === 'whatsapp';
      if (paced && row.kind !== 'read') {
        const freeAt = this.recipientFreeAt(recipientKey(row.recipient), now);
        // Deferred in the table, not by sleeping on the row: other recipients go meanwhile.
        if (freeAt > now) {
          this.defer(row.id, freeAt, now);
          continue;
        }
      }
      if (paced && !this.bucket.canTake(now)) {
        waitForToken = this.bucket.msUntilToken(now);
        break;
      }
      if (!this.claim(row, now)) continue;
      if (paced) this.bucket.take();
      this.launch(row);
    }
    if (this.inFlight.size >= this.policy.maxInFlight) return this.policy.pollIntervalMs;
    if (waitForToken !== undefined) return waitForToken;
    return this.msUntilNextDue(now, held);
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }

  /** Channels not sent now: no transport configured, or WhatsApp paused by an alert. */
  private heldChannels(): Channel[] {
    const held: Channel[] = [];
    if (!this.options.transports.whatsapp || this.alertState) held.push('whatsapp');
    if (!this.options.transports.simulator) held.push('simulator');
    return held;
  }

  private recipientFreeAt(recipient: string, now: number): number {
    const interval = this.policy.perRecipientIntervalMs;
    if (interval <= 0) return now;
    if (this.busyRecipients.has(recipient)) return now + interval;
    const last = this.lastSendAt.get(recipient);
    if (last === undefined) return now;
    if (last + interval <= now) {
      this.lastSendAt.delete(recipient); // keeps the map to the last few seconds' recipients
      return now;
    }
    return last + interval;
  }

  // --- queries -------------------------------------------------------------------------------

  private dueRows(now: number, held: Channel[]): OutboxRow[] {
    const store = this.options.store();
    return store.all(
      store.db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', iso(now))
        .$if(held.length > 0, (qb) => qb.where('channel', 'not in', held))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(BATCH),
    );
  }

  private msUntilNextDue(now: number, held: Channel[]): number {
    const store = this.options.store();
    const row = store.first(
      store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('status', '=', 'queued')
        .$if(held.length > 0, (qb) => qb.where('channel', 'not in', held)),
    );
    const next = row?.next ? Date.parse(row.next) : NaN;
    if (!Number.isFinite(next)) return this.policy.pollIntervalMs;
    return Math.min(this.policy.pollIntervalMs, Math.max(0, next - now));
  }

  private pendingCount(includeDeferred: boolean): number {
    const store = this.options.store();
    const held = this.heldChannels();
    const row = store.first(
      store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) =>
          eb.or([
            // A claimed row is 'sending' a moment before its send is in flight.
            eb('status', '=', 'sending'),
            eb.and([
              eb('status', '=', 'queued'),
              ...(includeDeferred ? [] : [eb('next_attempt_at', '<=', iso(this.now()))]),
              ...(held.length > 0 ? [eb('channel', 'not in', held)] : []),
            ]),
          ]),
        ),
    );
    return Number(row?.n ?? 0);
  }

  private defer(id: string, until: number, now: number): void {
    const store = this.options.store();
    store.run(
      store.db
        .updateTable('outbox')
        .set({ next_attempt_at: iso(until), updated_at: iso(now) })
        .where('id', '=', id)
        .where('status', '=', 'queued'),
    );
  }

  // --- claim, send, record ---------------------------------------------------------------------

  /**
   * In one short transaction: checks the opt-out and the 24-hour window (refusing before Meta
   * is called), then moves the row queued → sending. False if it must not be sent now.
   */
  private claim(row: OutboxRow, now: number): boolean {
    const store = this.options.store();
    const result = store.transaction(
      (): { claimed: boolean; refused?: string; changed?: ChangedMessage | null } => {
        let payload: ParsedOutboxPayload;
        try {
          payload = readOutboxPayload(row);
        } catch (err) {
          const refused = invalidPayload(err);
          return {
            claimed: false,
            refused,
            changed: failRow(store, row, 'queued', refused, null, now),
          };
        }
        const voter = voterForRow(store, row);
        const verdict = checkSendAllowed({
          kind: payload.kind,
          lastInboundAt: voter?.last_inbound_at ?? null,
          optedOutAt: voter?.opted_out_at ?? null,
          optOutConfirmation: payload.optOutConfirmation,
          now,
        });
        if (!verdict.ok) {
          const changed = failRow(store, row, 'queued', verdict.message, null, now);
          return { claimed: false, refused: verdict.message, changed };
        }
        const { changes } = store.run(
          store.db
            .updateTable('outbox')
            .set({ status: 'sending', updated_at: iso(now) })
            .where('id', '=', row.id)
            .where('status', '=', 'queued'),
        );
        return { claimed: changes > 0 };
      },
    );
    if (result.refused)
      this.options.log.info('outbox: send refused before Meta', {
        outboxId: row.id,
        reason: result.refused,
      });
    this.announce(result.changed ? [result.changed] : []);
    return result.claimed;
  }

  private launch(row: OutboxRow): void {
    const transport =
      row.channel === 'whatsapp'
        ? this.options.transports.whatsapp
        : this.options.transports.simulator;
    const paced = row.channel === 'whatsapp' && row.kind !== 'read';
    const key = recipientKey(row.recipient);
    if (paced) this.busyRecipients.add(key);
    const run = async () => {
      let outcome: SendOutcome;
      try {
        if (!transport) throw new Error(`no transport for channel ${row.channel}`);
        outcome = { ok: true, wamid: (await transport.send(row)).wamid };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        if (paced) {
          this.busyRecipients.delete(key);
          // Measured from the answer, so the next send starts a full interval after Meta had this one.
          this.lastSendAt.set(key, this.now());
        }
      }
      try {
        this.record(row, outcome);
      } catch (err) {
        // The row stays 'sending'; the next start marks it interrupted rather than resend it.
        this.options.log.error('outbox: could not record a send outcome', {
          outboxId: row.id,
          error: err,
        });
      }
    };
    const p = run().finally(() => {
      this.inFlight.delete(row.id);
      this.kick();
    });
    this.inFlight.set(row.id, p);
  }

  private record(row: OutboxRow, outcome: SendOutcome): void {
    if (outcome.ok) return this.recordSent(row, outcome.wamid);
    const err = outcome.error;
    if (!(err instanceof GraphError)) {
      // Not a Graph answer (a transport bug, the simulator): we cannot know whether it went
      // out, so do not risk sending it twice.
      const message = err instanceof Error ? err.message : String(err);
      this.options.log.error('outbox: send failed', { outboxId: row.id, error: message });
      return this.recordFailed(row, message, null);
    }
    switch (err.kind) {
      case 'retryable':
        return this.recordRetry(row, err);
      case 'alert':
        // Only WhatsApp can be paused; elsewhere a retry would just spin on the same error.
        if (row.channel === 'whatsapp') return this.recordAlert(row, err);
        return this.recordFailed(row, err.describe(), err.code ?? null);
      case 'permanent':
        this.options.log.warn('outbox: send failed permanently', {
          outboxId: row.id,
          code: err.code,
          error: err.describe(),
        });
        return this.recordFailed(row, err.describe(), err.code ?? null, err.code === 131050);
    }
  }

  private recordSent(row: OutboxRow, wamid: string | null): void {
    const now = this.now();
    const store = this.options.store();
    const changed = store.transaction((): ChangedMessage[] => {
      const { changes } = store.run(
        store.db
          .updateTable('outbox')
          .set({
            status: 'sent',
            whatsapp_message_id: wamid,
            attempts: row.attempts + 1,
            last_error: null,
            last_error_code: null,
            updated_at: iso(now),
          })
          .where('id', '=', row.id)
          .where('status', '=', 'sending'),
      );
      if (changes === 0 || !row.message_id || row.kind === 'read') return [];
      const sent = advanceMessageDelivery(store, row.message_id, 'sent', { wamid });
      return [...(sent ? [sent] : []), ...(wamid ? knownStatusChanges(store, wamid) : [])];
    });
    this.options.log.debug('outbox: sent', { outboxId: row.id, kind: row.kind });
    this.announce(changed);
  }

  private recordRetry(row: OutboxRow, err: GraphError): void {
    const attempts = row.attempts + 1;
    if (attempts >= this.policy.maxAttempts) {
      this.options.log.warn('outbox: giving up after retries', {
        outboxId: row.id,
        attempts,
        code: err.code,
        error: err.describe(),
      });
      return this.recordFailed(
        row,
        `Gave up after ${attempts} attempts: ${err.describe()}`,
        err.code ?? null,
      );
    }
    const now = this.now();
    // Throughput exceeded: slow every send down, not just this one.
    if (err.code === 130429) this.bucket.empty(now);
    const retryAt = now + backoffMs(attempts, this.policy, this.random);
    this.options.log.info('outbox: send will be retried', {
      outboxId: row.id,
      attempts,
      code: err.code,
      error: err.describe(),
    });
    const store = this.options.store();
    store.run(
      store.db
        .updateTable('outbox')
        .set({
          status: 'queued',
          attempts,
          next_attempt_at: iso(retryAt),
          last_error_code: err.code ?? null,
          last_error: err.describe(),
          updated_at: iso(now),
        })
        .where('id', '=', row.id)
        .where('status', '=', 'sending'),
    );
  }

  /** The row waits (not lost, attempt not counted); all WhatsApp sends pause until clearAlert(). */
  private recordAlert(row: OutboxRow, err: GraphError): void {
    const now = this.now();
    const message = err.describe();
    const code = err.code ?? null;
    const store = this.options.store();
    store.run(
      store.db
        .updateTable('outbox')
        .set({ status: 'queued', last_error_code: code, last_error: message, updated_at: iso(now) })
        .where('id', '=', row.id)
        .where('status', '=', 'sending'),
    );
    if (this.alertState?.code === code && this.alertState.message === message) return;
    this.alertState = { code, message, at: iso(now) };
    this.options.log.error('outbox: WhatsApp sending paused; the admin must act', {
      code,
      error: message,
    });
    this.options.events?.emit('statusChanged', {});
  }

  private recordFailed(row: OutboxRow, error: string, code: number | null, optedOut = false): void {
    const now = this.now();
    const store = this.options.store();
    const changed = store.transaction(() => {
      const result = failRow(store, row, 'sending', error, code, now, row.attempts + 1);
      // 131050: the voter stopped marketing messages in WhatsApp; honour it everywhere.
      if (optedOut) recordOptOut(store, row, 'error_131050', now);
      return result;
    });
    this.announce(changed ? [changed] : []);
  }

  /** A row still 'sending' at start was cut off mid-send: Meta may have it, so never resend. */
  private failInterrupted(): void {
    const now = this.now();
    const store = this.options.store();
    const rows = store.all(
      store.db.selectFrom('outbox').selectAll().where('status', '=', 'sending'),
    );
    for (const row of rows) {
      const changed = store.transaction(() =>
        failRow(store, row, 'sending', INTERRUPTED_ERROR, null, now),
      );
      this.options.log.warn('outbox: send interrupted by a stop or crash; not resent', {
        outboxId: row.id,
      });
      this.announce(changed ? [changed] : []);
    }
  }

  private announce(changed: ChangedMessage[]): void {
    for (const c of uniqueMessages(changed)) this.options.events?.emit('messageChanged', c);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Fails a row (if still in `from`) and its message; returns the message to announce. */
function failRow(
  store: Store,
  row: OutboxRow,
  from: 'queued' | 'sending',
  error: string,
  code: number | null,
  now: number,
  attempts: number = row.attempts,
): ChangedMessage | null {
  const { changes } = store.run(
    store.db
      .updateTable('outbox')
      .set({
        status: 'failed',
        attempts,
        last_error: error,
        last_error_code: code,
        updated_at: iso(now),
      })
      .where('id', '=', row.id)
      .where('status', '=', from),
  );
  if (changes === 0 || !row.message_id || row.kind === 'read') return null;
  return advanceMessageDelivery(store, row.message_id, 'failed', { error });
}

type VoterGate = { id: string; last_inbound_at: string | null; opted_out_at: string | null };

/** The voter a row goes to: through its conversation, else by the recipient's number or BSUID. */
function voterForRow(store: Store, row: OutboxRow): VoterGate | undefined {
  if (row.conversation_id) {
    const viaConversation = store.first(
      store.db
        .selectFrom('conversations')
        .innerJoin('voter_profiles', 'voter_profiles.id', 'conversations.voter_id')
        .select([
          'voter_profiles.id',
          'voter_profiles.last_inbound_at',
          'voter_profiles.opted_out_at',
        ])
        .where('conversations.id', '=', row.conversation_id),
    );
    if (viaConversation) return viaConversation;
  }
  const digits = row.recipient.replace(/^\+/, '');
  return store.first(
    store.db
      .selectFrom('voter_profiles')
      .select(['id', 'last_inbound_at', 'opted_out_at'])
      .where((eb) =>
        eb.or([
          eb('phone_number', 'in', [row.recipient, digits, `+${digits}`]),
          eb('wa_user_id', '=', row.recipient),
        ]),
      ),
  );
}

function recordOptOut(store: Store, row: OutboxRow, method: string, now: number): void {
  const voter = voterForRow(store, row);
  if (!voter) return;
  store.run(
    store.db
      .updateTable('voter_profiles')
      .set({ opted_out_at: iso(now), opt_out_method: method, updated_at: iso(now) })
      .where('id', '=', voter.id)
      .where('opted_out_at', 'is', null),
  );
}

/** One key per voter for pacing, however the number was written (+91…, 91…). */
function recipientKey(recipient: string): string {
  const r = parseRecipient(recipient);
  return 'userId' in r ? r.userId : r.phone.replace(/[^\d]/g, '');
}

function invalidPayload(err: unknown): string {
  const detail = err instanceof z.ZodError ? z.prettifyError(err) : String(err);
  return `Invalid outbox row, not sent: ${detail}`;
}

/** Exponential backoff (attempt 1 = base), capped, with jitter in the upper half. */
export function backoffMs(
  attempt: number,
  policy: Pick<OutboxPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * Meta's per-number throughput: tokens refill at `perSecond` with room for one, so sends are
 * spread evenly through each second rather than burst at its start.
 */
class TokenBucket {
  private tokens = 1;

  constructor(
    private readonly perSecond: number,
    private last: number,
  ) {}

  canTake(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  take(): void {
    this.tokens -= 1;
  }

  msUntilToken(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  empty(now: number): void {
    this.refill(now);
    this.tokens = 0;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(1, this.tokens + ((now - this.last) * this.perSecond) / 1000);
      this.last = now;
    }
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
