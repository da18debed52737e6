import BetterSqlite3 from 'better-sqlite3';
import type { Compilable } from 'kysely';
import { Kysely, SqliteDialect } from 'kysely';
import type { Checkpointer } from './checkpointer';
import { BACKSTOP_AUTOCHECKPOINT, DEFAULT_AUTOCHECKPOINT, startCheckpointer } from './checkpointer';
import { migrate } from './migrate';
import type { DB } from './schema';

/**
 * A query kysely builds once per store, from placeholders standing for its named arguments; each
 * call then only binds the arguments to the prepared statement. For the writes done per webhook
 * and per job, where building and compiling a query costs as much as SQLite's own work. `build`
 * must use each argument as one plain value (an insert's `values(args)` or a comparison, not an
 * IN list); the first build checks that the names declared are the names used, and every call
 * must give each of them (null, not undefined, for none).
 */
export interface Prepared<A extends object, R> {
  readonly names: ReadonlyArray<keyof A & string>;
  readonly build: (db: Kysely<DB>, args: A) => Compilable<R>;
}

export const prepared = <A extends object, R>(
  names: ReadonlyArray<keyof A & string>,
  build: (db: Kysely<DB>, args: A) => Compilable<R>,
): Prepared<A, R> => ({ names, build });

type RunResult = { changes: number; lastInsertRowid: number | bigint };

/** Runs kysely-built queries synchronously on the store's connection. */
export interface SyncQueries {
  all<R>(query: Compilable<R>): R[];
  all<A extends object, R>(query: Prepared<A, R>, args: A): R[];
  first<R>(query: Compilable<R>): R | undefined;
  first<A extends object, R>(query: Prepared<A, R>, args: A): R | undefined;
  run(query: Compilable<unknown>): RunResult;
  run<A extends object>(query: Prepared<A, unknown>, args: A): RunResult;
}

/**
 * The statement text SQLite keeps when its parameters change. SQLite re-prepares a statement
 * on every new binding when a bare parameter is compared with an indexed column that also
 * orders, groups or bounds the result (ORDER BY, GROUP BY, min/max), or is the LIMIT or
 * OFFSET: 20–150 µs a call, a whole compile each time. `+?` is the same value to SQLite (same affinity rules, same index),
 * and binds without re-preparing. Applied once per statement text, when it is prepared.
 * What SQLite no longer sees is the value itself: a query that relies on a partial index
 * (`WHERE referrals_made > 0`) states that condition with a literal (`sql.lit`).
 */
export const bindStable = (text: string): string =>
  text.replace(/([=<>]|\bis|\bnot|\blimit|\boffset) \?/gi, '$1 +?');

/** Where a prepared query's parameter comes from: an argument by name, or a constant. */
type Slot = { arg: string } | { value: unknown };
const ARG = '\u0000pulse-arg:';

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
   * Holds the background checkpoint off for `ms`: writes someone waits on are arriving in a
   * burst (the WAL grows meanwhile, within a cap, and is copied into the file in the pause).
   */
  holdCheckpoints(ms: number): void;
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
    // After a burst let the WAL grow (see holdCheckpoints), give the space back once it restarts.
    sqlite.pragma('journal_size_limit = 67108864');
    const version = migrate(sqlite);
    // Checkpoints run on a worker's connection; this one keeps only a distant backstop from
    // the start (not once the worker says it is ready: that message waits for the event loop,
    // and a long synchronous run of writes would checkpoint here meanwhile), and takes the job
    // back if the worker cannot start or ends.
    let checkpointer: Checkpointer | undefined;
    if (file !== ':memory:') {
      checkpointer = startCheckpointer(file);
      sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
      const takeBack = () => {
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
      };
      checkpointer.ready.catch(takeBack);
      void checkpointer.exited.then(takeBack);
    }
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    // Queries are built with kysely (portable) and executed here; statements are cached by SQL
    // text, and prepared queries by their definition (built and compiled once).
    const statements = new Map<string, BetterSqlite3.Statement>();
    const statementFor = (text: string) => {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(bindStable(text));
        statements.set(text, stmt);
      }
      return stmt;
    };
    const preparedQueries = new Map<Prepared<never, unknown>, { text: string; slots: Slot[] }>();
    const compilePrepared = (query: Prepared<never, unknown>) => {
      const undeclared = new Set<string>();
      const placeholders = new Proxy(
        Object.fromEntries(query.names.map((name) => [name, `${ARG}${name}`])),
        {
          get(target, key) {
            if (typeof key === 'string' && !(key in target)) undeclared.add(key);
            return Reflect.get(target, key);
          },
        },
      );
      const compiled = query.build(db, placeholders as never).compile();
      const slots = compiled.parameters.map((value): Slot =>
        typeof value === 'string' && value.startsWith(ARG)
          ? { arg: value.slice(ARG.length) }
          : { value },
      );
      const used = new Set(slots.flatMap((slot) => ('arg' in slot ? [slot.arg] : [])));
      const unused = query.names.filter((name) => !used.has(name));
      if (undeclared.size > 0 || unused.length > 0)
        throw new Error(
          `prepared query ${compiled.sql}: arguments used but not declared [${[...undeclared].join(', ')}], declared but not used [${unused.join(', ')}]`,
        );
      const entry = { text: compiled.sql, slots };
      preparedQueries.set(query, entry);
      return entry;
    };
    type AnyQuery = Compilable<unknown> | Prepared<never, unknown>;
    const prepare = (query: AnyQuery, args?: object) => {
      if (!('build' in query)) {
        const compiled = query.compile();
        return { stmt: statementFor(compiled.sql), params: compiled.parameters as unknown[] };
      }
      const { text, slots } = preparedQueries.get(query) ?? compilePrepared(query);
      const values = args as Record<string, unknown>;
      const params = slots.map((slot) => {
        if (!('arg' in slot)) return slot.value;
        const value = values[slot.arg];
        // A built query would leave the column out; a prepared one has no such shape.
        if (value === undefined)
          throw new Error(`prepared query ${text}: argument "${slot.arg}" is missing (use null)`);
        return value;
      });
      return { stmt: statementFor(text), params };
    };
    return {
      db,
      file,
      schemaVersion: version,
      all: ((query, args) => {
        const { stmt, params } = prepare(query, args);
        return stmt.all(...params);
      }) as SyncQueries['all'],
      first: ((query, args) => {
        const { stmt, params } = prepare(query, args);
        return stmt.get(...params);
      }) as SyncQueries['first'],
      run: ((query, args) => {
        const { stmt, params } = prepare(query, args);
        if (stmt.reader) {
          stmt.all(...params);
          return { changes: 0, lastInsertRowid: 0 };
        }
        return stmt.run(...params);
      }) as SyncQueries['run'],
      transaction<T>(fn: () => T): T {
        return sqlite.transaction(fn).immediate();
      },
      holdCheckpoints(ms) {
        checkpointer?.hold(ms);
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
