import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/core/store/db';
import { SchemaTooNewError, migrate } from '../../../src/main/core/store/migrate';
import { migrations } from '../../../src/main/core/store/migrations';
import { tempDir } from '../../helpers/core';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('store', () => {
  it('opens a file in WAL mode with foreign keys and a busy timeout, migrated to the newest version', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const store = openStore(join(tmp.dir, 'db.sqlite'));
    expect(store.schemaVersion).toBe(migrations.at(-1)!.version);
    const raw = new BetterSqlite3(join(tmp.dir, 'db.sqlite'));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(store.db);
    expect(rows[0]?.foreign_keys).toBe(1);
    await store.close();
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'db.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openStore(file)).toThrow(SchemaTooNewError);
    const again = new BetterSqlite3(file);
    expect(again.pragma('user_version', { simple: true })).toBe(999);
    expect(again.prepare("SELECT count(*) n FROM sqlite_master WHERE type='table'").get()).toEqual({
      n: 0,
    });
    again.close();
  });

  it('runs each migration in its own transaction: a failing step leaves the previous version intact', () => {
    const db = new BetterSqlite3(':memory:');
    const list = [
      { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', up: 'CREATE TABLE b (y INTEGER); INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, { migrations: list })).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all(),
    ).toEqual([{ name: 'a' }]);
  });

  it('keeps migrations numbered in order without gaps', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});
