import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/migrate';
import { createRollupsSql } from '../../../src/main/core/store/rollups';

const rows = (db: BetterSqlite3.Database) =>
  db
    .prepare('SELECT * FROM rollups WHERE n <> 0 ORDER BY kind, period, language, campaign, key')
    .all();

/** The same records, written before (backfill) or after (triggers) migration 0005. */
function insert(db: BetterSqlite3.Database) {
  const t = '2026-11-20T10:00:00.000Z';
  db.prepare(
    `INSERT INTO voter_profiles (id, phone_number, referral_code, preferred_language, first_contacted,
      demographics, created_at, updated_at) VALUES ('v1', '919800000001', 'CODE1', 'hi', ?, ?, ?, ?)`,
  ).run(t, JSON.stringify({ declared: { gender: 'female' } }), t, t);
  const conv = db.prepare(
    `INSERT INTO conversations (id, voter_id, started_at, language, source_campaign, sentiment,
      sentiment_score, topics, created_at, updated_at) VALUES (?, 'v1', ?, 'hi', ?, 'positive', 0.5,
      '["water","roads"]', ?, ?)`,
  );
  conv.run('c1', t, 'ward5', t, t);
  conv.run('c2', '2026-11-21T08:00:00.000Z', null, t, t);
  const msg = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender, timestamp, entities, reply_seconds,
      prompt_tokens, model_used, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  msg.run('m1', 'c1', 'user', t, '{"script":"roman"}', null, null, null, t);
  msg.run('m2', 'c1', 'bot', '2026-11-20T10:00:04.000Z', '{}', 4, 120, 'gpt-4o-mini', t);
  msg.run('m3', 'c2', 'user', '2026-11-21T08:00:00.000Z', 'not json', null, null, null, t);
}

describe('migration 0005: rollups', () => {
  it('fills the rollups from existing records exactly as the triggers count new ones', () => {
    const before = new BetterSqlite3(':memory:');
    before.pragma('foreign_keys = ON');
    migrate(before, { target: 4 });
    insert(before);
    expect(migrate(before, { target: 5 })).toBe(5);

    const after = new BetterSqlite3(':memory:');
    after.pragma('foreign_keys = ON');
    migrate(after, { target: 5 });
    insert(after);
    after.prepare(`UPDATE voter_profiles SET source_campaign = 'ward5'`).run();

    expect(before.prepare('SELECT source_campaign FROM voter_profiles').get()).toEqual({
      source_campaign: 'ward5',
    });
    expect(rows(before)).toEqual(rows(after));
    expect(rows(before)).toEqual(
      expect.arrayContaining([
        {
          kind: 'conversation',
          period: '2026-11-20',
          language: 'hi',
          campaign: 'ward5',
          bot: '',
          key: '',
          n: 1,
          total: 0,
        },
        {
          kind: 'topic',
          period: '2026-11-20',
          language: 'hi',
          campaign: 'ward5',
          bot: '',
          key: 'roads',
          n: 1,
          total: 0,
        },
        {
          kind: 'script',
          period: '2026-11-21',
          language: 'hi',
          campaign: '',
          bot: '',
          key: '',
          n: 1,
          total: 0,
        },
        {
          kind: 'voter.gender',
          period: '2026-11-20',
          language: 'hi',
          campaign: 'ward5',
          bot: '',
          key: 'female',
          n: 1,
          total: 0,
        },
        {
          kind: 'prompt_tokens',
          period: '2026-11-20',
          language: 'hi',
          campaign: 'ward5',
          bot: '',
          key: 'gpt-4o-mini',
          n: 1,
          total: 120,
        },
      ]),
    );
  });

  it('is frozen: the rollup definitions have not changed since the migration landed', () => {
    // Existing files keep the triggers they were migrated with. Changing store/rollups.ts needs
    // a new migration that drops the triggers and the table and runs createRollupsSql() again.
    const digest = (offset: number) =>
      createHash('sha256').update(createRollupsSql(offset)).digest('hex').slice(0, 16);
    expect([digest(0), digest(330)]).toEqual(['96eb28f9f61e9f3b', '005815f9b5554f68']);
  });
});
