import type { EventName, Events } from '../../shared/contract';
import type { EventBus } from './events';
import type { Logger } from './logger';
import type { Insertable } from 'kysely';
import type { Store } from './store/db';
import { prepared } from './store/db';
import type { JobsTable } from './store/schema';

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  lane: string | null;
}

export type Emitted = { [E in EventName]: [E, Events[E]] }[EventName];

/**
 * A job's work in two steps. The async part may read and call the network but writes nothing;
 * it returns `commit`, a synchronous function that writes the results. The runner runs `commit`
 * and marks the job done in one transaction, so a crash at any point either loses the whole
 * attempt (and the job runs again) or keeps all of it (and it never runs again).
 */
export type JobHandler = (job: Job) => Promise<() => Emitted[] | void>;

export interface JobRunnerOptions {
  store: () => Store;
  log: Logger;
  events: EventBus;
  handlers: Record<string, JobHandler>;
  concurrency?: number;
  now?: () => number;
  retry?: { baseMs: number; maxMs: number; maxAttempts: number };
  /** True while higher-priority work (acknowledging webhooks) is under way. */
  busy?: () => boolean;
  /** Monotonic milliseconds for the gap between jobs while busy (performance.now). */
  clock?: () => number;
  /** Called after a job's work is committed (to wake whoever sends what it queued). */
  onCommitted?: (job: Job) => void;
  /** Called (inside the failing transaction) when a job gives up after its last attempt. */
  onGiveUp?: (job: Job, error: string) => void;
}

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Jobs with the same key are one job: a second enqueue is ignored. */
  dedupeKey?: string;
  /** Jobs in one lane run one at a time, in order (one voter's messages). */
  lane?: string | null;
  runAt?: number;
}

const insertJob = prepared(
  ['kind', 'payload', 'dedupe_key', 'lane', 'run_at', 'created_at', 'updated_at'],
  (db, row: Insertable<JobsTable>) =>
    db
      .insertInto('jobs')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing()),
);

/** Adds a job; synchronous so it can be part of the caller's transaction. */
export function enqueueJob(store: Store, job: NewJob, now = Date.now()): boolean {
  const created = new Date(now).toISOString();
  const res = store.run(insertJob, {
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    dedupe_key: job.dedupeKey ?? null,
    lane: job.lane ?? null,
    run_at: job.runAt === undefined ? created : new Date(job.runAt).toISOString(),
    created_at: created,
    updated_at: created,
  });
  return res.changes > 0;
}

/** While the webhook is busy, one job starts at most this often. */
const BUSY_GAP_MS = 100;

/** Runs durable jobs from the store, a few at a time, never two of one lane at once. */
export class JobRunner {
  private running = 0;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busyLanes = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly clock: () => number;
  private readonly retry: { baseMs: number; maxMs: number; maxAttempts: number };

  constructor(private readonly o: JobRunnerOptions) {
    this.concurrency = o.concurrency ?? 4;
    this.now = o.now ?? Date.now;
    this.clock = o.clock ?? (() => performance.now());
    this.retry = o.retry ?? { baseMs: 2_000, maxMs: 5 * 60_000, maxAttempts: 6 };
  }

  /** Resumes what a previous run left: jobs caught running were not committed, so they run again. */
  start(): void {
    const s = this.o.store();
    const t = new Date(this.now()).toISOString();
    const res = s.run(
      s.db
        .updateTable('jobs')
        .set({ status: 'pending', locked_at: null, updated_at: t })
        .where('status', '=', 'running'),
    );
    if (res.changes > 0) this.o.log.info('resuming interrupted jobs', { count: res.changes });
    this.stopped = false;
    this.kick();
  }

  private pumpScheduled = false;
  /** When the last job started while the webhook was busy (performance.now()). */
  private lastBusyStart = -Infinity;

  /**
   * Looks for due work soon (after an enqueue). While the webhook is busy (`busy()`),
   * acknowledging Meta comes first: one job starts at most every BUSY_GAP_MS, a trickle that
   * keeps a steady stream of webhooks from starving processing, and the queue catches up at
   * full speed once the burst is over (it is durable: nothing is lost by waiting).
   */
  kick(): void {
    if (this.stopped || this.pumpScheduled) return;
    this.pumpScheduled = true;
    const run = () => {
      this.pumpScheduled = false;
      this.pump();
    };
    if (this.o.busy?.())
      setTimeout(run, Math.max(5, this.lastBusyStart + BUSY_GAP_MS - this.clock()));
    else setImmediate(run);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves when nothing is running and nothing is due (tests and shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && !this.hasDue()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private hasDue(): boolean {
    const s = this.o.store();
    const row = s.first(
      s.db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', new Date(this.now()).toISOString())
        .limit(1),
    );
    return row !== undefined;
  }

  private pump(): void {
    if (this.stopped) return;
    const busy = this.o.busy?.() ?? false;
    if (busy && this.clock() - this.lastBusyStart < BUSY_GAP_MS) {
      this.kick();
      return;
    }
    const limit = busy ? 1 : this.concurrency;
    while (this.running < limit) {
      const job = this.claim();
      if (!job) break;
      if (busy) this.lastBusyStart = this.clock();
      this.running++;
      if (job.lane) this.busyLanes.add(job.lane);
      const p = this.execute(job).finally(() => {
        this.running--;
        if (job.lane) this.busyLanes.delete(job.lane);
        this.inFlight.delete(p);
        // Yield to I/O between jobs: a queue of instant jobs must not starve the webhook.
        this.kick();
      });
      this.inFlight.add(p);
    }
    if (this.running === 0) {
      const waiters = this.idleWaiters.splice(0);
      if (waiters.length > 0 && !this.hasDue()) waiters.forEach((w) => w());
      else this.idleWaiters.unshift(...waiters);
    }
    this.scheduleNext();
  }

  /** Wakes up when the next delayed job falls due. */
  private scheduleNext(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const s = this.o.store();
    const next = s.first(
      s.db
        .selectFrom('jobs')
        .select('run_at')
        .where('status', '=', 'pending')
        .orderBy('run_at')
        .limit(1),
    );
    const delay = next ? Math.max(50, Date.parse(next.run_at) - this.now()) : 60_000;
    this.timer = setTimeout(() => this.pump(), Math.min(delay, 60_000));
    this.timer.unref();
  }

  /** Takes the oldest due job whose lane is free and has nothing older waiting. */
  private claim(): Job | undefined {
    const s = this.o.store();
    const nowIso = new Date(this.now()).toISOString();
    return s.transaction(() => {
      const candidates = s.all(
        s.db
          .selectFrom('jobs as j')
          .select(['j.id', 'j.kind', 'j.payload', 'j.attempts', 'j.lane'])
          .where('j.status', '=', 'pending')
          .where('j.run_at', '<=', nowIso)
          .where((eb) =>
            eb.or([
              eb('j.lane', 'is', null),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('jobs as o')
                    .select('o.id')
                    .whereRef('o.lane', '=', 'j.lane')
                    .where((e2) =>
                      e2.or([
                        e2('o.status', '=', 'running'),
                        e2.and([e2('o.status', '=', 'pending'), e2('o.id', '<', e2.ref('j.id'))]),
                      ]),
                    ),
                ),
              ),
            ]),
          )
          .orderBy('j.run_at')
          .orderBy('j.id')
          .limit(this.concurrency * 2),
      );
      const pick = candidates.find((c) => !c.lane || !this.busyLanes.has(c.lane));
      if (!pick) return undefined;
      s.run(
        s.db
          .updateTable('jobs')
          .set({
            status: 'running',
            locked_at: nowIso,
            attempts: pick.attempts + 1,
            updated_at: nowIso,
          })
          .where('id', '=', pick.id)
          .where('status', '=', 'pending'),
      );
      return {
        id: pick.id,
        kind: pick.kind,
        payload: JSON.parse(pick.payload) as Record<string, unknown>,
        attempts: pick.attempts + 1,
        lane: pick.lane,
      };
    });
  }

  private async execute(job: Job): Promise<void> {
    const s = this.o.store();
    const handler = this.o.handlers[job.kind];
    let emitted: Emitted[] = [];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const commit = await handler(job);
      s.transaction(() => {
        emitted = commit() ?? [];
        const t = new Date(this.now()).toISOString();
        s.run(
          s.db
            .updateTable('jobs')
            .set({ status: 'done', locked_at: null, last_error: null, updated_at: t })
            .where('id', '=', job.id),
        );
      });
    } catch (err) {
      this.fail(job, err);
      return;
    }
    this.o.onCommitted?.(job);
    for (const [name, payload] of emitted) this.o.events.emit(name, payload as never);
  }

  private fail(job: Job, err: unknown): void {
    const s = this.o.store();
    const message = err instanceof Error ? err.message : String(err);
    const giveUp = job.attempts >= this.retry.maxAttempts;
    const delay =
      Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (job.attempts - 1)) *
      (0.75 + Math.random() * 0.5);
    const t = new Date(this.now()).toISOString();
    try {
      s.transaction(() => {
        s.run(
          s.db
            .updateTable('jobs')
            .set({
              status: giveUp ? 'failed' : 'pending',
              locked_at: null,
              last_error: message,
              run_at: giveUp ? t : new Date(this.now() + delay).toISOString(),
              updated_at: t,
            })
            .where('id', '=', job.id),
        );
        if (giveUp) this.o.onGiveUp?.(job, message);
      });
    } catch (writeErr) {
      this.o.log.error('could not record a job failure', { job: job.id, error: writeErr });
    }
    this.o.log[giveUp ? 'error' : 'warn'](
      `job ${job.kind} ${giveUp ? 'failed for good' : 'failed, will retry'}`,
      {
        job: job.id,
        attempt: job.attempts,
        error: message,
      },
    );
  }
}
