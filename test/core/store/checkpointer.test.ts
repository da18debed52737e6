import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startCheckpointer } from '../../../src/main/core/store/checkpointer';
import { openStore } from '../../../src/main/core/store/db';
import { tempDir } from '../../helpers/core';

// The checkpointer copies the WAL into the database file from its own thread, so the
// connection that acknowledges webhooks never pays for it.

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function walDatabase() {
  const tmp = tempDir('pulse-ckpt-');
  cleanups.push(tmp.cleanup);
  const file = join(tmp.dir, 'x.sqlite');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  // This connection never checkpoints on its own: whatever reaches the file is the worker's doing.
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  cleanups.unshift(() => db.close());
  return { file, db };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('copies committed pages from the WAL into the database file while the writer goes on', async () => {
  const { file, db } = walDatabase();
  const before = statSync(file).size;
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const body = 'x'.repeat(2000);
  for (let i = 0; i < 50; i++)
    db.transaction(() => {
      for (let j = 0; j < 40; j++) insert.run(body);
    })();
  expect(statSync(file).size).toBe(before);
  const ckpt = startCheckpointer(file, 20);
  await ckpt.ready;
  await until(() => statSync(file).size > 4_000_000, 'the database file to hold the rows');
  // The writer is never blocked: it keeps committing while the worker runs.
  db.transaction(() => insert.run('after'))();
  await ckpt.stop();
  const check = new BetterSqlite3(file, { readonly: true });
  expect(check.prepare('SELECT count(*) n FROM t').get()).toEqual({ n: 2001 });
  check.close();
});

it('ends its thread on stop, after a last checkpoint', async () => {
  const { file, db } = walDatabase();
  const ckpt = startCheckpointer(file, 60_000);
  await ckpt.ready;
  db.prepare('INSERT INTO t (body) VALUES (?)').run('y'.repeat(100_000));
  const before = statSync(file).size;
  await ckpt.stop();
  await ckpt.exited;
  expect(statSync(file).size).toBeGreaterThan(before);
});

it('says so when it cannot open the database', async () => {
  const tmp = tempDir('pulse-ckpt-');
  cleanups.push(tmp.cleanup);
  const ckpt = startCheckpointer(join(tmp.dir, 'missing', 'x.sqlite'));
  await expect(ckpt.ready).rejects.toThrow();
  await ckpt.exited;
});

it('a store on a file keeps working across its checkpointer and closes cleanly', async () => {
  const tmp = tempDir('pulse-ckpt-');
  cleanups.push(tmp.cleanup);
  const file = join(tmp.dir, 'store.sqlite');
  const store = openStore(file);
  for (let i = 0; i < 20; i++)
    store.transaction(() =>
      store.run(
        store.db
          .insertInto('settings')
          .values({ key: `k${i}`, value: 'v'.repeat(50_000), updated_at: 'now' }),
      ),
    );
  await store.close();
  const again = openStore(file);
  expect(
    again.all(again.db.selectFrom('settings').select('key').where('key', 'like', 'k%')),
  ).toHaveLength(20);
  await again.close();
});

it('waits while held, unless the WAL outgrows the cap, and catches up once the hold ends', async () => {
  const { file, db } = walDatabase();
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const write = (rows: number) =>
    db.transaction(() => {
      for (let j = 0; j < rows; j++) insert.run('z'.repeat(2000));
    })();
  const walBytes = () => statSync(`${file}-wal`).size;
  const before = statSync(file).size;
  // A cap of 3 MB: 500 rows (about 1 MB of WAL) stay under it, 2000 more pass it.
  const ckpt = startCheckpointer(file, 20, 3_000_000);
  await ckpt.ready;
  ckpt.hold(60_000);
  write(500);
  expect(walBytes()).toBeLessThan(3_000_000);
  // Many passes go by: none copies anything while held.
  await new Promise((r) => setTimeout(r, 300));
  expect(statSync(file).size).toBe(before);
  write(2000);
  expect(walBytes()).toBeGreaterThan(3_000_000);
  await until(() => statSync(file).size > 4_000_000, 'the checkpoint past the cap');
  const afterCap = statSync(file).size;
  ckpt.hold(0);
  write(500);
  await until(() => statSync(file).size > afterCap, 'the checkpoint after the hold');
  await ckpt.stop();
});

it('a store leaves checkpoints to the worker from its first write, even in a long synchronous run', () => {
  const tmp = tempDir('pulse-ckpt-');
  cleanups.push(tmp.cleanup);
  const file = join(tmp.dir, 'store.sqlite');
  const store = openStore(file);
  cleanups.unshift(() => void store.close());
  // The worker waits (the hold is shared memory, no event loop needed), so any growth of the
  // file during this synchronous run would be this thread checkpointing.
  store.holdCheckpoints(60_000);
  const before = statSync(file).size;
  for (let i = 0; i < 40; i++)
    store.transaction(() => {
      for (let j = 0; j < 50; j++)
        store.run(
          store.db
            .insertInto('settings')
            .values({ key: `k${i}-${j}`, value: 'v'.repeat(2000), updated_at: 'now' }),
        );
    });
  // About 4 000 KiB of WAL: past SQLite's default autocheckpoint of 1 000 pages.
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_200_000);
  expect(statSync(file).size).toBe(before);
});
