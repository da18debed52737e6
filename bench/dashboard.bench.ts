import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Compilable } from 'kysely';
import { sql } from 'kysely';
import { it } from 'vitest';
import { dashboard } from '../src/main/core/analytics/dashboard';
import { listCampaigns } from '../src/main/core/analytics/campaigns';
import { exportVoters } from '../src/main/core/export/voters';
import { listConversationsQuery } from '../src/main/core/queries/conversations';
import type { Prepared, Store } from '../src/main/core/store/db';
import { openStore } from '../src/main/core/store/db';
import { rebuildRollups } from '../src/main/core/store/rollups';
import { rng } from '../test/helpers/rng';

// Prints figures for issue 6's targets; run by `npm run bench` (vitest --project bench), not
// by `npm test`. BENCH_SCALE=0.1 runs a tenth of the size. BENCH_DB=/path/file.sqlite keeps the
// generated store there and reuses it on the next run (for working on the queries).

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const VOTERS = Math.round(80_000 * SCALE);
const CONVERSATIONS = Math.round(100_000 * SCALE);
const PER_CONVERSATION = 10; // 1,000,000 messages at scale 1
const BATCH = 100;

const LANGS = ['ta', 'ta', 'ta', 'en', 'hi', 'te'] as const;
const SENTIMENTS = ['positive', 'negative', 'neutral', null] as const;
const CATEGORIES = ['feedback', 'complaint', 'suggestion', 'inquiry', 'political', null] as const;
const TOPICS = ['water', 'roads', 'power', 'ration', 'health', 'school', 'jobs', 'drainage'];
const ISSUES = ['no water', 'potholes', 'power cut', 'ration delay', 'garbage', 'street light'];
const REASONS = ['urgent', 'wants_human', 'low_confidence', 'abusive', null] as const;
const SCRIPTS = ['native', 'roman', 'mixed'] as const;
const PLACES = Array.from({ length: 60 }, (_, i) => `Ward ${i + 1}`);
const NAMES = ['கவிதா', 'राजेश', 'లక్ష్మి', 'Ravi', 'Meena', 'Arjun'];
const START = Date.parse('2026-08-01T00:00:00Z');
const DAY = 86_400_000;

function generate(store: Store) {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const iso = (t: number) => new Date(t).toISOString();
  const inBatches = <T>(n: number, make: (i: number) => T, insert: (rows: T[]) => void) => {
    for (let i = 0; i < n; i += BATCH * 50) {
      store.transaction(() => {
        for (let j = i; j < Math.min(n, i + BATCH * 50); j += BATCH) {
          const rows: T[] = [];
          for (let k = j; k < Math.min(n, j + BATCH); k++) rows.push(make(k));
          insert(rows);
        }
      });
    }
  };
  inBatches(
    VOTERS,
    (i) => ({
      id: `v${String(i).padStart(6, '0')}`,
      phone_number: `9198${String(i).padStart(8, '0')}`,
      name: `${pick(NAMES)} ${i}`,
      preferred_language: pick(LANGS),
      demographics: JSON.stringify({
        declared: r() < 0.1 ? { gender: pick(['female', 'male']) } : {},
        inferred: {
          age_group: { value: pick(['18-24', '25-34', '35-54', '55+']), confidence: 0.6 },
        },
      }),
      total_messages_sent: Math.floor(r() * 20),
      interaction_count: 1 + Math.floor(r() * 3),
      avg_sentiment_score: r() * 2 - 1,
      referral_code: `R${String(i).padStart(7, '0')}`,
      referrals_made: r() < 0.05 ? Math.floor(r() * 30) : 0,
      referred_by: i > 10 && r() < 0.2 ? `v${String(Math.floor(r() * i)).padStart(6, '0')}` : null,
      opted_out_at: r() < 0.02 ? iso(START) : null,
      last_contacted: iso(START + r() * 90 * DAY),
      first_contacted: iso(START + (i / VOTERS) * 90 * DAY),
      source_campaign: r() < 0.3 ? pick(['ward5', 'flyer', 'radio', 'door']) : null,
      created_at: iso(START),
      updated_at: iso(START),
    }),
    (rows) => store.run(store.db.insertInto('voter_profiles').values(rows)),
  );
  const convStart: number[] = [];
  inBatches(
    CONVERSATIONS,
    (i) => {
      const started = START + (i / CONVERSATIONS) * 90 * DAY + r() * 3_600_000;
      convStart[i] = started;
      const handoff = r() < 0.1;
      const sentiment = pick(SENTIMENTS);
      return {
        id: `c${String(i).padStart(7, '0')}`,
        voter_id: `v${String(i % VOTERS).padStart(6, '0')}`,
        phone_number: `9198${String(i % VOTERS).padStart(8, '0')}`,
        started_at: iso(started),
        language: pick(LANGS),
        channel: 'whatsapp',
        sentiment,
        sentiment_score: sentiment ? r() * 2 - 1 : null,
        category: pick(CATEGORIES),
        topics: JSON.stringify(
          [pick(TOPICS), pick(TOPICS)].filter((x, k, a) => a.indexOf(x) === k),
        ),
        issues: JSON.stringify(r() < 0.5 ? [pick(ISSUES)] : []),
        human_handoff: handoff ? 1 : 0,
        handoff_reason: handoff ? pick(REASONS) : null,
        user_location: r() < 0.7 ? pick(PLACES) : null,
        source_campaign: r() < 0.3 ? pick(['ward5', 'flyer', 'radio', 'door']) : null,
        message_count: PER_CONVERSATION,
        created_at: iso(started),
        updated_at: iso(started + PER_CONVERSATION * 60_000),
        last_message_at: iso(started + PER_CONVERSATION * 60_000),
      };
    },
    (rows) => store.run(store.db.insertInto('conversations').values(rows)),
  );
  inBatches(
    CONVERSATIONS * PER_CONVERSATION,
    (i) => {
      const c = Math.floor(i / PER_CONVERSATION);
      const k = i % PER_CONVERSATION;
      const user = k % 2 === 0;
      const sender = user ? 'user' : r() < 0.1 ? 'human' : 'bot';
      const wait = user ? 0 : 60_000 + r() * 30_000; // since the voter message before it
      return {
        id: `m${String(i).padStart(8, '0')}`,
        conversation_id: `c${String(c).padStart(7, '0')}`,
        sender,
        content: user ? 'எங்கள் தெருவில் குடிநீர் வரவில்லை' : 'நன்றி, பதிவு செய்தோம்.',
        timestamp: iso(convStart[c]! + (k - (user ? 0 : 1)) * 60_000 + wait),
        reply_seconds: user ? null : wait / 1000,
        entities: user ? JSON.stringify({ script: pick(SCRIPTS) }) : '{}',
        prompt_tokens: sender === 'bot' ? 400 + Math.floor(r() * 200) : null,
        completion_tokens: sender === 'bot' ? 80 + Math.floor(r() * 40) : null,
        model_used: sender === 'bot' ? 'gpt-4o-mini' : null,
        created_at: iso(convStart[c]!),
      };
    },
    (rows) => store.run(store.db.insertInto('messages').values(rows)),
  );
}

/** The store with each query timed by its first words. */
function timed(store: Store, times: Array<[string, number]>): Store {
  const label = (q: Compilable<unknown> | Prepared<object, unknown>) =>
    ('build' in q ? q.build(store.db, {}) : q)
      .compile()
      .sql.replace(/\s+/g, ' ')
      .trim()
      .slice(0, 70);
  const all = ((q: Compilable<unknown> | Prepared<object, unknown>, args?: object) => {
    const t0 = performance.now();
    const rows = 'build' in q ? store.all(q, args ?? {}) : store.all(q);
    times.push([label(q), performance.now() - t0]);
    return rows;
  }) as Store['all'];
  return { ...store, all };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

it('dashboard, inbox and export on 1M messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-dashboard-'));
  const keep = process.env.BENCH_DB;
  const reuse = keep !== undefined && existsSync(keep);
  const store = openStore(keep ?? join(dir, 'bench.sqlite'));
  try {
    let t0 = performance.now();
    if (!reuse) {
      rebuildRollups(store, 330); // an office in India: its days are UTC+5:30
      generate(store);
    }
    console.log(
      `\n${reuse ? `Reused ${keep}:` : 'Generated'} ${VOTERS} voters, ${CONVERSATIONS} conversations, ${CONVERSATIONS * PER_CONVERSATION} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    store.run({
      compile: () => ({
        sql: 'ANALYZE',
        parameters: [],
        query: null as never,
        queryId: null as never,
      }),
    } as never);

    for (const [name, filter] of [
      ['all time, by day', { bucket: 'day' as const }],
      // What the page asks in India: from local midnight.
      ['last 30 days, by week', { bucket: 'week' as const, from: '2026-09-28T18:30:00Z' }],
      [
        'Tamil, campaign ward5',
        { bucket: 'day' as const, language: 'ta' as const, campaign: 'ward5' },
      ],
      [
        '7 days cut mid-day, as a REST caller may (partial days read from the rows)',
        { bucket: 'day' as const, from: '2026-10-23T13:30:00Z', to: '2026-10-30T13:30:00Z' },
      ],
    ] as const) {
      dashboard(store, filter); // warm the statement cache
      const times: Array<[string, number]> = [];
      t0 = performance.now();
      dashboard(timed(store, times), filter);
      const total = performance.now() - t0;
      console.log(`\nDashboard (${name}): ${total.toFixed(0)} ms total (target < 200 ms)`);
      for (const [sql, ms] of times)
        console.log(`  ${ms.toFixed(1).padStart(7)} ms ${ms < 50 ? '  ' : '✗ '}${sql}`);
    }

    t0 = performance.now();
    listCampaigns(store);
    console.log(`\nlistCampaigns: ${(performance.now() - t0).toFixed(0)} ms`);

    await listConversationsQuery(store.db, { offset: 0, limit: 50 }, null);
    const inbox: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await listConversationsQuery(store.db, { offset: 0, limit: 50 }, { key: 'x', name: 'x' });
      inbox.push(performance.now() - t0);
    }
    console.log(
      `Inbox first page (offset 0, limit 50): median ${inbox.sort((a, b) => a - b)[2]!.toFixed(1)} ms (target < 10 ms)`,
    );

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let bytes = 0;
    t0 = performance.now();
    for await (const chunk of exportVoters(store, 'csv', {
      filter: {},
      includeOptedOut: true,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    }))
      bytes += chunk.length;
    console.log(
      `CSV export of ${VOTERS} voters: ${(performance.now() - t0).toFixed(0)} ms, ${mb(bytes)} (target < 3 s); RSS before ${mb(before)}, peak ${mb(peak)}`,
    );
    t0 = performance.now();
    let xbytes = 0;
    for await (const chunk of exportVoters(store, 'xlsx', { filter: {}, includeOptedOut: true }))
      xbytes += chunk.length;
    console.log(`XLSX export: ${(performance.now() - t0).toFixed(0)} ms, ${mb(xbytes)}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes like the pipeline's: per voter message, the message, then the analysis updates. */
function writeLike(store: Store, first: number, conversations: number): number {
  const iso = (t: number) => new Date(t).toISOString();
  const t0 = performance.now();
  for (let i = first; i < first + conversations; i++) {
    store.transaction(() => {
      const at = START + i * 60_000;
      store.run(
        store.db.insertInto('voter_profiles').values({
          id: `w${i}`,
          phone_number: `9197${String(i).padStart(8, '0')}`,
          referral_code: `W${String(i).padStart(7, '0')}`,
          first_contacted: iso(at),
          created_at: iso(at),
          updated_at: iso(at),
        }),
      );
      store.run(
        store.db.insertInto('conversations').values({
          id: `w${i}`,
          voter_id: `w${i}`,
          started_at: iso(at),
          created_at: iso(at),
          updated_at: iso(at),
        }),
      );
    });
    for (let k = 0; k < PER_CONVERSATION; k += 2) {
      store.transaction(() => {
        const at = START + i * 60_000 + k * 1000;
        for (const [j, sender] of [
          [k, 'user'],
          [k + 1, 'bot'],
        ] as const)
          store.run(
            store.db.insertInto('messages').values({
              id: `w${i}.${j}`,
              conversation_id: `w${i}`,
              sender,
              timestamp: iso(at + j),
              entities: JSON.stringify({ script: 'roman', sentimentScore: 0.1 * k }),
              reply_seconds: sender === 'bot' ? 2 : null,
              prompt_tokens: sender === 'bot' ? 500 : null,
              completion_tokens: sender === 'bot' ? 90 : null,
              model_used: sender === 'bot' ? 'gpt-4o-mini' : null,
              created_at: iso(at),
            }),
          );
        store.run(
          store.db
            .updateTable('conversations')
            .set({
              language: 'ta',
              sentiment: k % 4 ? 'negative' : 'positive',
              sentiment_score: k % 4 ? -0.5 : 0.5,
              topics: JSON.stringify(['water', `t${k}`]),
              message_count: k + 2,
              updated_at: iso(at),
            })
            .where('id', '=', `w${i}`),
        );
        store.run(
          store.db
            .updateTable('voter_profiles')
            .set({
              total_messages_sent: k + 1,
              demographics: JSON.stringify({
                inferred: { age_group: { value: '25-34', confidence: 0.5 + k / 100 } },
              }),
              updated_at: iso(at),
            })
            .where('id', '=', `w${i}`),
        );
      });
    }
  }
  return ((performance.now() - t0) * 1000) / (conversations * PER_CONVERSATION);
}

it('rollup upkeep: the cost of the triggers on writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-upkeep-'));
  const withRollups = openStore(join(dir, 'with.sqlite'));
  const without = openStore(join(dir, 'without.sqlite'));
  try {
    const triggers = without.all(
      without.db
        .selectFrom(sql<{ name: string; type: string }>`sqlite_master`.as('m'))
        .select('name')
        .where('type', '=', 'trigger')
        .where('name', 'like', 'rollups_%'),
    );
    for (const t of triggers)
      without.run({ compile: () => sql`drop trigger ${sql.ref(t.name)}`.compile(without.db) });
    const n = Math.max(200, Math.round(2000 * SCALE));
    writeLike(withRollups, 0, 50); // warm up
    writeLike(without, 0, 50);
    const a = writeLike(without, 50, n);
    const b = writeLike(withRollups, 50, n);
    console.log(
      `\nWrites like the pipeline's (${n * PER_CONVERSATION} messages with their analysis updates): ${a.toFixed(0)} µs per message without rollups, ${b.toFixed(0)} µs with (+${(b - a).toFixed(0)} µs, ${triggers.length} triggers)`,
    );
  } finally {
    await withRollups.close();
    await without.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
