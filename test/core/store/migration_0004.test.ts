import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/migrate';

describe('migration 0004: analytics', () => {
  it('adds the dashboard indexes to a version 3 file, keeping its rows', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, { target: 3 });
    const now = '2026-11-25T10:00:00.000Z';
    db.prepare(
      `INSERT INTO conversations (id, started_at, created_at, updated_at, source_campaign, language) VALUES ('c1', ?, ?, ?, 'ward5', 'ta')`,
    ).run(now, now, now);
    expect(migrate(db, { target: 4 })).toBe(4);
    const names = (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_%'`)
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'conversations_language_started',
        'conversations_campaign_started',
        'conversations_handoff_reason',
        'voter_profiles_referrals_made',
        'voter_profiles_referred_by',
      ]),
    );
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(*) FROM conversations WHERE source_campaign = 'ward5' AND started_at >= ?`,
      )
      .all(now) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/conversations_campaign_started/);
    expect(db.prepare(`SELECT id FROM conversations`).all()).toEqual([{ id: 'c1' }]);
  });
});

describe('migration 0004: reply times', () => {
  it('back-fills reply_seconds from the first unanswered voter message', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, { target: 3 });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 10) + s * 1000).toISOString();
    db.prepare(
      `INSERT INTO conversations (id, started_at, created_at, updated_at) VALUES ('c1', ?, ?, ?)`,
    ).run(at(0), at(0), at(0));
    const msg = db.prepare(
      `INSERT INTO messages (id, conversation_id, sender, timestamp, created_at) VALUES (?, 'c1', ?, ?, ?)`,
    );
    for (const [id, sender, s] of [
      ['m1', 'user', 0],
      ['m2', 'user', 10],
      ['m3', 'bot', 20],
      ['m4', 'bot', 25],
      ['m5', 'user', 30],
      ['m6', 'human', 45.5],
    ] as const)
      msg.run(id, sender, at(s), at(s));
    migrate(db, { target: 4 });
    expect(db.prepare('SELECT id, reply_seconds AS r FROM messages ORDER BY id').all()).toEqual([
      { id: 'm1', r: null },
      { id: 'm2', r: null },
      { id: 'm3', r: 20 },
      { id: 'm4', r: null },
      { id: 'm5', r: null },
      { id: 'm6', r: 15.5 },
    ]);
  });
});
