import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/core/store/migrate';

const columns = (db: BetterSqlite3.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe('migration 0001: initial schema', () => {
  it('starts from an empty file and creates every table and field of DATA-MODEL.md', () => {
    const db = new BetterSqlite3(':memory:');
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, { target: 1 })).toBe(1);

    expect(columns(db, 'conversations')).toEqual(
      expect.arrayContaining([
        'phone_number',
        'user_name',
        'user_location',
        'started_at',
        'ended_at',
        'duration_seconds',
        'message_count',
        'language',
        'channel',
        'sentiment',
        'sentiment_score',
        'category',
        'priority',
        'topics',
        'keywords',
        'issues',
        'demographics',
        'political_lean',
        'ai_confidence',
        'satisfaction_score',
        'resolved',
        'human_handoff',
        'session_id',
        'source_campaign',
        'referral_code',
        'metadata',
        'created_at',
        'updated_at',
      ]),
    );
    expect(columns(db, 'messages')).toEqual(
      expect.arrayContaining([
        'conversation_id',
        'sender',
        'message_type',
        'content',
        'media_url',
        'whatsapp_message_id',
        'timestamp',
        'intent',
        'confidence',
        'sentiment',
        'entities',
        'language',
        'processed',
        'processing_error',
        'prompt_tokens',
        'completion_tokens',
        'model_used',
        'metadata',
        'created_at',
        'delivery_status',
        'delivery_error',
        'operator_name',
      ]),
    );
    expect(columns(db, 'voter_profiles')).toEqual(
      expect.arrayContaining([
        'phone_number',
        'name',
        'preferred_language',
        'location_data',
        'demographics',
        'political_lean',
        'interaction_count',
        'total_messages_sent',
        'avg_sentiment_score',
        'last_contacted',
        'first_contacted',
        'topic_interests',
        'issues_raised',
        'sentiment_history',
        'referral_code',
        'referrals_made',
        'referred_by',
        'metadata',
        'created_at',
        'updated_at',
      ]),
    );
    expect(columns(db, 'bot_configurations')).toEqual(
      expect.arrayContaining([
        'name',
        'description',
        'personality',
        'languages',
        'channels',
        'ai_model',
        'system_prompt',
        'custom_prompts',
        'knowledge_base',
        'response_time_target',
        'max_conversation_length',
        'auto_handoff_threshold',
        'active',
        'total_conversations',
        'accuracy_rate',
        'satisfaction_rate',
        'created_at',
        'updated_at',
      ]),
    );
    for (const t of ['webhook_events', 'jobs', 'outbox', 'settings', 'audit_log']) {
      expect(columns(db, t).length).toBeGreaterThan(2);
    }
  });

  it('enforces the model: cascade delete, unique message ids and referral codes, one active bot', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, { target: 1 });
    const now = '2026-11-25T10:00:00.000Z';
    db.prepare(
      `INSERT INTO voter_profiles (id, phone_number, referral_code, created_at, updated_at) VALUES ('v1','919800000001','ABCD2345',?,?)`,
    ).run(now, now);
    expect(() =>
      db
        .prepare(
          `INSERT INTO voter_profiles (id, phone_number, referral_code, created_at, updated_at) VALUES ('v2','919800000002','ABCD2345',?,?)`,
        )
        .run(now, now),
    ).toThrow(/UNIQUE/);
    // A voter known only by a business-scoped user id (no phone) is valid; one with neither is not.
    db.prepare(
      `INSERT INTO voter_profiles (id, wa_user_id, referral_code, created_at, updated_at) VALUES ('v3','IN.123','WXYZ2345',?,?)`,
    ).run(now, now);
    expect(() =>
      db
        .prepare(
          `INSERT INTO voter_profiles (id, referral_code, created_at, updated_at) VALUES ('v4','QQQQ2345',?,?)`,
        )
        .run(now, now),
    ).toThrow(/CHECK/);

    db.prepare(
      `INSERT INTO conversations (id, voter_id, phone_number, started_at, created_at, updated_at) VALUES ('c1','v1','919800000001',?,?,?)`,
    ).run(now, now, now);
    const msg = db.prepare(
      `INSERT INTO messages (id, conversation_id, sender, whatsapp_message_id, timestamp, created_at) VALUES (?, 'c1', 'user', ?, ?, ?)`,
    );
    msg.run('m1', 'wamid.1', now, now);
    expect(() => msg.run('m2', 'wamid.1', now, now)).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO messages (id, conversation_id, sender, timestamp, created_at) VALUES ('m3','c1','robot',?,?)`,
        )
        .run(now, now),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`UPDATE conversations SET language = 'fr' WHERE id = 'c1'`).run(),
    ).toThrow(/CHECK/);

    db.prepare(`DELETE FROM voter_profiles WHERE id = 'v1'`).run();
    expect(db.prepare('SELECT count(*) n FROM conversations').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) n FROM messages').get()).toEqual({ n: 0 });

    const bot = db.prepare(
      `INSERT INTO bot_configurations (id, name, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    );
    bot.run('b1', 'One', 1, now, now);
    bot.run('b2', 'Two', 0, now, now);
    expect(() => bot.run('b3', 'Three', 1, now, now)).toThrow(/UNIQUE/);
    expect(() => bot.run('b4', 'One', 0, now, now)).toThrow(/UNIQUE/);
  });
});
