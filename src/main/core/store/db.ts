import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from './migrate';
import type { DB } from './schema';

/** The open store: one SQLite file, reached through kysely. */
export interface Store {
  db: Kysely<DB>;
  /** The file path, or ':memory:'. */
  file: string;
  schemaVersion: number;
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
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      file,
      schemaVersion: version,
      close: () => db.destroy(),
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
