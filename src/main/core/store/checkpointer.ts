import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL pages after which the app's own connection checkpoints, when nobody else does. */
export const DEFAULT_AUTOCHECKPOINT = 1000;
/** The backstop while the checkpointer runs: it normally keeps the WAL far below this. */
export const BACKSTOP_AUTOCHECKPOINT = 10_000;

// The worker's code, inline so it bundles with the rest (no separate entry to build).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
const pass = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next pass (or the app's backstop) catches up.
  }
};
const timer = setInterval(pass, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  pass();
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
  /** Stops the worker after a last checkpoint; resolves when its thread has ended. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL database from a worker thread with its own connection. A checkpoint copies
 * the WAL into the database file and fsyncs it; on the connection that acknowledges webhooks
 * that stalls the event loop for tens of milliseconds every few thousand requests. PASSIVE
 * never blocks the writer, and the WAL restarts from its beginning once fully copied.
 */
export function startCheckpointer(file: string, everyMs = 200): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
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
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
