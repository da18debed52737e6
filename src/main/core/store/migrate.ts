import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migrations';
import { migrations as allMigrations } from './migrations';

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The data file has schema version ${found}, but this Pulse Desk knows only up to ${known}. ` +
        'It was written by a newer version: update Pulse Desk. The file was left unchanged.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/** Brings the database up to the newest migration (or `target`), each step in its own transaction. */
export function migrate(
  sqlite: BetterSqlite3.Database,
  options: { migrations?: readonly Migration[]; target?: number } = {},
): number {
  const list = options.migrations ?? allMigrations;
  const latest = list.at(-1)?.version ?? 0;
  const target = options.target ?? latest;
  const current = schemaVersion(sqlite);
  if (current > latest) throw new SchemaTooNewError(current, latest);
  for (const m of list) {
    if (m.version <= current || m.version > target) continue;
    sqlite.transaction(() => {
      sqlite.exec(m.up);
      sqlite.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(sqlite);
}
