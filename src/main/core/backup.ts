import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/result';
import { SchemaTooNewError } from './store/migrate';
import { migrations } from './store/migrations';
import type { Store } from './store/db';

// Backup and restore of the data file. A backup is SQLite's online backup of the open store; a
// restore checks the uploaded file completely before anything is touched, keeps the current
// file next to it, and swaps (core stops and restarts processing around the swap).

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Tables every Pulse Desk data file has had since its first schema version. */
const REQUIRED_TABLES = [
  'voter_profiles',
  'conversations',
  'messages',
  'bot_configurations',
  'jobs',
  'outbox',
  'settings',
  'audit_log',
];

const SIDECARS = ['-wal', '-shm', '-journal'];

/** A temporary file name in `dir` (same disk as the data file, so a rename can swap it in). */
export function tempDataFile(dir: string, purpose: 'backup' | 'restore'): string {
  return join(dir, `.${purpose}-${Date.now()}-${randomBytes(6).toString('hex')}.sqlite`);
}

/** Removes a temporary data file and whatever SQLite left beside it. */
export function removeDataFile(file: string): void {
  for (const suffix of ['', ...SIDECARS]) rmSync(file + suffix, { force: true });
}

/** A consistent copy of the open store in a new temporary file in `dir`; returns its path. */
export async function createBackup(store: Store, dir: string): Promise<string> {
  const file = tempDataFile(dir, 'backup');
  try {
    await store.backup(file);
  } catch (err) {
    removeDataFile(file);
    throw err;
  }
  return file;
}

const notOurs = (why: string) =>
  new AppError(
    'invalid_input',
    `This file cannot be restored: ${why} Nothing was changed. Choose a backup made by Pulse Desk (a .sqlite file).`,
  );

/**
 * Checks that `file` is a whole, undamaged Pulse Desk data file this version can open, without
 * writing to it. Throws an invalid_input AppError saying what is wrong.
 */
export function checkDataFile(file: string): { schemaVersion: number } {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER))
    throw notOurs('it is not an SQLite database.');
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw notOurs(`SQLite cannot open it (${(err as Error).message}).`);
  }
  try {
    const problems = (db.pragma('integrity_check(5)') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw notOurs(`it is damaged (${problems.join('; ')}).`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.at(-1)?.version ?? 0;
    if (version > latest)
      throw new AppError(
        'invalid_input',
        `This file cannot be restored: ${new SchemaTooNewError(version, latest).message}`,
      );
    const tables = new Set(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (version < 1 || missing.length > 0)
      throw notOurs(
        `it is an SQLite database, but not a Pulse Desk data file${missing.length > 0 ? ` (no ${missing.join(', ')} table)` : ''}.`,
      );
    return { schemaVersion: version };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notOurs(`SQLite cannot read it (${(err as Error).message}).`);
  } finally {
    db.close();
  }
}

/**
 * Puts `replacement` in place of the (closed) data file `current`, keeping the current one (and
 * any SQLite sidecar files, which belong to it) as a timestamped `.before-restore` copy.
 * Returns the copy's path.
 */
export function swapDataFile(current: string, replacement: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const previous = `${current}.${stamp}.before-restore`;
  for (const suffix of ['', ...SIDECARS])
    if (existsSync(current + suffix)) renameSync(current + suffix, previous + suffix);
  for (const suffix of SIDECARS) rmSync(replacement + suffix, { force: true });
  renameSync(replacement, current);
  return previous;
}

/** Undoes swapDataFile when the swapped-in file would not open: the previous file comes back. */
export function unswapDataFile(current: string, previous: string): void {
  removeDataFile(current);
  for (const suffix of ['', ...SIDECARS])
    if (existsSync(previous + suffix)) renameSync(previous + suffix, current + suffix);
}
