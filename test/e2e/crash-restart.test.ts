import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import { FIXTURE_APP_SECRET, postWebhook, sign, webhookBody } from '../helpers/fixtures';
import type { ServeProcess } from '../helpers/serve';
import { startServe } from '../helpers/serve';

// Kill -9 the real server while it acknowledges and processes webhooks, start it again on the
// same data folder: every acknowledged message is kept, none is processed twice.

const tmp = tempDir('pulse-crash-');
const env = {
  DATA_DIR: tmp.dir,
  WHATSAPP_APP_SECRET: FIXTURE_APP_SECRET,
  ADMIN_TOKEN: 'crash-test-admin-token',
};
let server: ServeProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  tmp.cleanup();
});

function body(n: number): { wamid: string; text: string } {
  const wamid = `wamid.CRASH${String(n).padStart(5, '0')}`;
  const phone = `9198000${String(10000 + (n % 40)).padStart(5, '0')}`;
  return {
    wamid,
    text: webhookBody({
      contacts: [{ wa_id: phone, profile: { name: `Voter ${n % 40}` } }],
      messages: [
        {
          from: phone,
          id: wamid,
          timestamp: String(1781000000 + n),
          type: 'text',
          text: { body: `message ${n}` },
        },
      ],
    }),
  };
}

/** Posts bodies [from, to) with some concurrency; kills the server after `killAfter` acks. */
async function blast(
  s: ServeProcess,
  from: number,
  to: number,
  killAfter: number,
): Promise<string[]> {
  const acked: string[] = [];
  let next = from;
  const worker = async () => {
    while (next < to) {
      const b = body(next++);
      try {
        const res = await postWebhook(s.publicUrl, b.text, sign(b.text));
        if (res.status === 200) acked.push(b.wamid);
        if (acked.length === killAfter) s.child.kill('SIGKILL');
      } catch {
        // The server is gone: this one was never acknowledged.
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return acked;
}

const count = (db: BetterSqlite3.Database, sql: string) =>
  (db.prepare(sql).get() as { n: number }).n;

function snapshot() {
  const db = new BetterSqlite3(join(tmp.dir, 'pulse-desk.sqlite'), { readonly: true });
  try {
    return {
      messages: db
        .prepare(`SELECT whatsapp_message_id w FROM messages WHERE sender = 'user'`)
        .all() as Array<{ w: string }>,
      unfinished: (
        db.prepare(`SELECT count(*) n FROM jobs WHERE status != 'done'`).get() as { n: number }
      ).n,
      reads: (
        db.prepare(`SELECT count(*) n FROM outbox WHERE kind = 'read'`).get() as { n: number }
      ).n,
      staged: (db.prepare(`SELECT count(*) n FROM inbound_messages`).get() as { n: number }).n,
      counted: (
        db.prepare(`SELECT coalesce(sum(message_count), 0) n FROM conversations`).get() as {
          n: number;
        }
      ).n,
      all: count(db, `SELECT count(*) n FROM messages`),
      unanalysed: count(
        db,
        `SELECT count(*) n FROM messages WHERE sender = 'user' AND processed = 0`,
      ),
      doubleReplies: count(
        db,
        `SELECT count(*) n FROM (SELECT json_extract(metadata, '$.inReplyTo') r, json_extract(metadata, '$.kind') k, count(*) c
           FROM messages WHERE sender = 'bot' GROUP BY r, k HAVING c > 1)`,
      ),
      replies: count(
        db,
        `SELECT count(DISTINCT json_extract(metadata, '$.inReplyTo')) n FROM messages WHERE sender = 'bot'`,
      ),
    };
  } finally {
    db.close();
  }
}

async function settled(): Promise<ReturnType<typeof snapshot>> {
  for (let i = 0; i < 500; i++) {
    const s = snapshot();
    if (s.unfinished === 0 && s.messages.length === s.staged && s.unanalysed === 0) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  const last = snapshot();
  throw new Error(
    `jobs did not finish: ${JSON.stringify({ ...last, messages: last.messages.length })}`,
  );
}

describe('crash and restart', () => {
  it('keeps every acknowledged message and processes each exactly once', async () => {
    const acked = new Set<string>();
    server = await startServe(env);
    for (const w of await blast(server, 0, 400, 120)) acked.add(w);
    await server.exited;
    expect(acked.size).toBeGreaterThanOrEqual(120);

    // Second run: resume, take more, and die again in the middle of processing.
    server = await startServe(env);
    for (const w of await blast(server, 400, 700, 150)) acked.add(w);
    await server.exited;

    server = await startServe(env);
    const s = await settled();
    const stored = s.messages.map((m) => m.w);
    expect(new Set(stored).size).toBe(stored.length);
    for (const w of acked) expect(stored).toContain(w);
    // Exactly-once processing: one read receipt per voter message, every message counted once,
    // every voter message analysed, and no reply sent twice for the same message.
    expect(s.reads).toBe(stored.length);
    expect(s.counted).toBe(s.all);
    expect(s.doubleReplies).toBe(0);
    expect(s.replies).toBeGreaterThan(0);

    // A retry from Meta after the crash is acknowledged and dropped.
    const again = body(0);
    expect((await postWebhook(server.publicUrl, again.text, sign(again.text))).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const after = snapshot();
    expect(after.messages.length).toBe(stored.length);
  });
});
