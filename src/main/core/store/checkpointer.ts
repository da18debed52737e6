import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL pages after which the app's own connection checkpoints, when nobody else does. */
export const DEFAULT_AUTOCHECKPOINT = 1000;
/** While held, the WAL may grow to this size before the worker checkpoints anyway. */
export const MAX_HELD_WAL_BYTES = 256 * 1024 * 1024;
/** The backstop while the checkpointer runs, in 4 KiB pages: twice the most a hold lets pile up. */
export const BACKSTOP_AUTOCHECKPOINT = (2 * MAX_HELD_WAL_BYTES) / 4096;

// The worker's code, inline so it bundles with the rest (no separate entry to build).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
const heldUntil = new BigInt64Array(workerData.hold);
const walBytes = () => {
  try {
    return statSync(workerData.file + '-wal').size;
  } catch {
    return 0;
  }
};
const pass = (force) => {
  if (force !== true && BigInt(Date.now()) < Atomics.load(heldUntil, 0) && walBytes() < workerData.maxHeldWal)
    return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next pass (or the app's backstop) catches up.
  }
};
const timer = setInterval(pass, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  pass(true);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

export interface Checkpointer {
  /** Resolves once the worker checkpoints; rejects when it could not start. */
  ready: Promise<void>;
  /** Resolves when the worker's thread has ended, whyever it ended. */
  exited: Promise<void>;
  /**
   * Asks the worker to wait `ms` before its next checkpoint (unless the WAL passes
   * MAX_HELD_WAL_BYTES): someone is waiting on the writes under way.
   */
  hold(ms: number): void;
  /** Stops the worker after a last checkpoint; resolves when its thread has ended. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL database from a worker thread with its own connection. A checkpoint copies
 * the WAL into the database file and fsyncs it; on the connection that acknowledges webhooks
 * that stalls the event loop for tens of milliseconds every few thousand requests. PASSIVE
 * never blocks the writer, and the WAL restarts from its beginning once fully copied.
 *
 * The fsync still stalls the writer's own writes on a journaling file system (ext4 commits its
 * journal, and a write to the WAL waits for that). So while webhooks arrive in a burst, the
 * writer holds the checkpoints off (`hold`) and the WAL is copied in the pauses.
 */
export function startCheckpointer(
  file: string,
  everyMs = 200,
  maxHeldWal = MAX_HELD_WAL_BYTES,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // Milliseconds since the epoch until which checkpoints wait; shared, so holding costs a store.
  const hold = new SharedArrayBuffer(8);
  const heldUntil = new BigInt64Array(hold);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver, everyMs, hold, maxHeldWal },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    void exited.then(() => reject(new Error('checkpointer exited before it started')));
  });
  ready.catch(() => undefined);
  return {
    ready,
    exited,
    hold(ms) {
      Atomics.store(heldUntil, 0, BigInt(Date.now() + ms));
    },
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
