import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { referralLeaders } from '../../../src/main/core/analytics/dashboard';
import { bindStable, openStore, prepared } from '../../../src/main/core/store/db';
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

  it('prepares a query once and binds named arguments, constants kept, on every call', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const store = openStore(join(tmp.dir, 'db.sqlite'));
    const insert = prepared(['key', 'value'], (db, row: { key: string; value: string }) =>
      db.insertInto('settings').values({ ...row, updated_at: 'now' }),
    );
    // A constant in the query ('x-' prefix) sits between two arguments.
    const find = prepared(['key', 'min'], (db, a: { key: string; min: string }) =>
      db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', a.key)
        .where('value', '>=', a.min)
        .where('value', 'like', 'x-%'),
    );
    store.run(insert, { key: 'a', value: 'x-1' });
    store.run(insert, { value: 'x-2', key: 'b' });
    store.run(insert, { key: 'c', value: 'y-3' });
    expect(store.first(find, { key: 'b', min: 'x-0' })).toEqual({ value: 'x-2' });
    expect(store.first(find, { key: 'b', min: 'x-3' })).toBeUndefined();
    expect(store.first(find, { key: 'c', min: '' })).toBeUndefined();
    expect(store.all(find, { key: 'a', min: '' })).toEqual([{ value: 'x-1' }]);
    await store.close();
  });

  it('refuses a prepared query whose declared arguments differ from the ones it uses', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const store = openStore(join(tmp.dir, 'db.sqlite'));
    const unused = prepared(['key', 'value'], (db, a: { key: string; value: string }) =>
      db.selectFrom('settings').select('value').where('key', '=', a.key),
    );
    expect(() => store.first(unused, { key: 'a', value: 'b' })).toThrow(
      /declared but not used \[value\]/,
    );
    const undeclared = prepared(['key'], (db, a: { key: string; value: string }) =>
      db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', a.key)
        .where('value', '=', a.value),
    );
    expect(() => store.first(undeclared, { key: 'a', value: 'b' })).toThrow(
      /used but not declared \[value\]/,
    );
    const find = prepared(['key'], (db, a: { key: string | undefined }) =>
      db.selectFrom('settings').select('value').where('key', '=', a.key!),
    );
    expect(() => store.first(find, { key: undefined })).toThrow(/argument "key" is missing/);
    await store.close();
  });

  it('keeps statements stable across bindings: comparisons and limits take +?, IN and LIKE stay', () => {
    expect(
      bindStable(
        'select * from "t" where "a" = ? and "b" <= ? and "c" is not ? and "d" in (?, ?) and "e" like ? order by "f" limit ? offset ?',
      ),
    ).toBe(
      'select * from "t" where "a" = +? and "b" <= +? and "c" is not +? and "d" in (?, ?) and "e" like ? order by "f" limit +? offset +?',
    );
  });

  it('answers the same with stable bindings: column affinity still applies to the value', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const store = openStore(join(tmp.dir, 'db.sqlite'));
    for (const kind of ['a', 'b', 'c'])
      store.run(
        store.db
          .insertInto('jobs')
          .values({ kind, run_at: 'now', created_at: 'now', updated_at: 'now' }),
      );
    // attempts is an INTEGER column: the text '0' is compared as the number 0, as with a bare ?.
    const byAttempts = (attempts: unknown, limit: number) =>
      store.all(
        store.db
          .selectFrom('jobs')
          .select('kind')
          .where('attempts', '=', attempts as number)
          .orderBy('kind', 'desc')
          .limit(limit),
      );
    expect(byAttempts('0', 2)).toEqual([{ kind: 'c' }, { kind: 'b' }]);
    expect(byAttempts(0, 5)).toHaveLength(3);
    expect(byAttempts(1, 5)).toEqual([]);
    await store.close();
  });
});

describe('queries that rely on a partial index', () => {
  it('still use it once their parameters are bound stably', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'db.sqlite');
    const store = openStore(file);
    const plan = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const c = q.compile();
      const raw = new BetterSqlite3(file, { readonly: true });
      const rows = raw
        .prepare(`explain query plan ${bindStable(c.sql)}`)
        .all(...(c.parameters as unknown[])) as Array<{ detail: string }>;
      raw.close();
      return rows.map((r) => r.detail).join(' | ');
    };
    expect(plan(referralLeaders(store.db))).toContain('voter_profiles_referrals_made');
    await store.close();
  });
});
