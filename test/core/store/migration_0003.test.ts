import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/migrate';

describe('migration 0003: desk', () => {
  it('adds operators, sessions, read marks and templates to a version 2 file', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, { target: 2 });
    const now = '2026-11-25T10:00:00.000Z';
    db.prepare(
      `INSERT INTO conversations (id, started_at, created_at, updated_at) VALUES ('c1', ?, ?, ?)`,
    ).run(now, now, now);
    expect(migrate(db, { target: 3 })).toBe(3);
    const op = db.prepare(
      `INSERT INTO operators (id, username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'A', ?, 'x', ?, ?)`,
    );
    op.run('o1', 'anita', 'admin', now, now);
    expect(() => op.run('o2', 'anita', 'operator', now, now)).toThrow(/UNIQUE/);
    expect(() => op.run('o3', 'ravi', 'boss', now, now)).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO sessions (token_hash, operator_id, actor, role, created_at, expires_at) VALUES ('h', 'o1', 'A', 'admin', ?, ?)`,
    ).run(now, now);
    db.prepare(`DELETE FROM operators WHERE id = 'o1'`).run();
    expect(db.prepare('SELECT count(*) n FROM sessions').get()).toEqual({ n: 0 });
    db.prepare(
      `INSERT INTO conversation_reads (conversation_id, reader, read_at) VALUES ('c1', 'x', ?)`,
    ).run(now);
    db.prepare(`DELETE FROM conversations WHERE id = 'c1'`).run();
    expect(db.prepare('SELECT count(*) n FROM conversation_reads').get()).toEqual({ n: 0 });
    const t = db.prepare(
      `INSERT INTO message_templates (id, name, language, category, body, created_at, updated_at) VALUES (?, 'followup', 'ta', 'utility', 'b', ?, ?)`,
    );
    t.run('t1', now, now);
    expect(() => t.run('t2', now, now)).toThrow(/UNIQUE/);
  });
});
