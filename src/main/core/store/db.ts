import BetterSqlite3 from 'better-sqlite3';
import type { Compilable } from 'kysely';
import { Kysely, SqliteDialect } from 'kysely';
import type { Checkpointer } from './checkpointer';
import { BACKSTOP_AUTOCHECKPOINT, DEFAULT_AUTOCHECKPOINT, startCheckpointer } from './checkpointer';
import { migrate } from './migrate';
import type { DB } from './schema';

/** Runs kysely-built queries synchronously on the store's connection. */
export interface SyncQueries {
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): { changes: number; lastInsertRowid: number | bigint };
}

/** The open store: one SQLite file, reached through kysely. */
export interface Store extends SyncQueries {
  db: Kysely<DB>;
  /** The file path, or ':memory:'. */
  file: string;
  schemaVersion: number;
  /**
   * Runs `fn` inside one transaction and commits when it returns. `fn` is synchronous on
   * purpose: a transaction is microseconds of work and never awaits the network. Every
   * multi-statement write goes through here (never a kysely async transaction, which could
   * interleave with other work on the one connection).
   */
  transaction<T>(fn: () => T): T;
  /**
   * Copies the database to `destination` with SQLite's online backup, while the app keeps
   * working: the copy is one consistent state (writes on this connection are carried into it).
   */
  backup(destination: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) and migrates the database; refuses a file newer than the code. */
export function openStore(file: string): Store {
  const sqlite = new BetterSqlite3(file);
  try {
    if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const version = migrate(sqlite);
    // Checkpoints run on a worker's connection; this one keeps only a distant backstop, and
    // takes the job back if the worker cannot start or ends.
    let checkpointer: Checkpointer | undefined;
    if (file !== ':memory:') {
      checkpointer = startCheckpointer(file);
      checkpointer.ready.then(
        () => {
          if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
        },
        () => undefined,
      );
      void checkpointer.exited.then(() => {
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
      });
    }
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    // Queries are built with kysely (portable) and executed here; statements are cached by SQL text.
    const statements = new Map<string, BetterSqlite3.Statement>();
    const prepare = (query: Compilable<unknown>) => {
      const compiled = query.compile();
      let stmt = statements.get(compiled.sql);
      if (!stmt) {
        stmt = sqlite.prepare(compiled.sql);
        statements.set(compiled.sql, stmt);
      }
      return { stmt, params: compiled.parameters as unknown[] };
    };
    return {
      db,
      file,
      schemaVersion: version,
      all<R>(query: Compilable<R>): R[] {
        const { stmt, params } = prepare(query);
        return stmt.all(...params) as R[];
      },
      first<R>(query: Compilable<R>): R | undefined {
        const { stmt, params } = prepare(query);
        return stmt.get(...params) as R | undefined;
      },
      run(query) {
        const { stmt, params } = prepare(query);
        if (stmt.reader) {
          stmt.all(...params);
          return { changes: 0, lastInsertRowid: 0 };
        }
        return stmt.run(...params);
      },
      transaction<T>(fn: () => T): T {
        return sqlite.transaction(fn).immediate();
      },
      async backup(destination) {
        await sqlite.backup(destination);
      },
      async close() {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
