import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/migrate';

const columns = (db: BetterSqlite3.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe('migration 0002: channel', () => {
  it('upgrades a version 1 file with data in it, keeping the rows', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, { target: 1 });
    const now = '2026-11-25T10:00:00.000Z';
    db.prepare(
      `INSERT INTO voter_profiles (id, phone_number, referral_code, created_at, updated_at) VALUES ('v1','919800000001','ABCD2345',?,?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO conversations (id, voter_id, started_at, created_at, updated_at) VALUES ('c1','v1',?,?,?)`,
    ).run(now, now, now);
    db.prepare(
      `INSERT INTO webhook_events (source, received_at, body) VALUES ('whatsapp', ?, '{}')`,
    ).run(now);
    db.prepare(`INSERT INTO jobs (kind, run_at, created_at, updated_at) VALUES ('x', ?, ?, ?)`).run(
      now,
      now,
      now,
    );

    expect(migrate(db, { target: 2 })).toBe(2);
    expect(db.prepare('SELECT count(*) n FROM conversations').get()).toEqual({ n: 1 });
    expect(columns(db, 'conversations')).toEqual(
      expect.arrayContaining(['last_message_at', 'handoff_reason', 'assigned_operator']),
    );
    expect(columns(db, 'voter_profiles')).toContain('opt_out_confirmed_at');
    expect(columns(db, 'jobs')).toContain('lane');
    expect(columns(db, 'webhook_events')).toContain('body_sha256');
    expect(columns(db, 'inbound_messages')).toEqual(
      expect.arrayContaining([
        'wamid',
        'event_id',
        'channel',
        'from_phone',
        'from_user_id',
        'payload',
        'message_id',
      ]),
    );
    expect(columns(db, 'channel_alerts')).toEqual(
      expect.arrayContaining(['code', 'message', 'resolved_at']),
    );

    // Identical bodies are one event; a message id is staged once; a status per (wamid, status) once.
    const ev = db.prepare(
      `INSERT INTO webhook_events (source, received_at, body, body_sha256) VALUES ('whatsapp', ?, '{}', 'abc')`,
    );
    ev.run(now);
    expect(() => ev.run(now)).toThrow(/UNIQUE/);
    const st = db.prepare(
      `INSERT INTO message_statuses (wamid, status, at) VALUES ('wamid.1', 'read', ?)`,
    );
    st.run(now);
    expect(() => st.run(now)).toThrow(/UNIQUE/);
    const inbound = db.prepare(
      `INSERT INTO inbound_messages (wamid, event_id, channel, sent_at, received_at, payload) VALUES ('wamid.A', 1, 'whatsapp', ?, ?, '{}')`,
    );
    inbound.run(now, now);
    expect(() => inbound.run(now, now)).toThrow(/UNIQUE|PRIMARY/);
  });
});
