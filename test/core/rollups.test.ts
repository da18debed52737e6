import { describe, expect, it } from 'vitest';
import { dashboard, periodRanges, splitRange } from '../../src/main/core/analytics/dashboard';
import { listCampaigns } from '../../src/main/core/analytics/campaigns';
import type { Store } from '../../src/main/core/store/db';
import { openStore } from '../../src/main/core/store/db';
import { rebuildRollups } from '../../src/main/core/store/rollups';
import type { Dashboard } from '../../src/shared/model';
import { rng } from '../helpers/rng';

// The dashboard reads daily rollups kept by triggers. Here a store goes through random inserts,
// updates (language, campaign, sentiment, topics, scripts, demographics…) and deletes (messages,
// conversations, voters with their cascade), and every figure is then compared with the same
// figure computed in this file from the rows themselves, for ranges that cut days in the middle.

const LANGS = ['ta', 'en', 'hi', 'te'] as const;
const CAMPAIGNS = [null, null, 'ward5', 'flyer'] as const;
const SENTIMENTS = ['positive', 'negative', 'neutral', null] as const;
const CATEGORIES = ['feedback', 'complaint', 'suggestion', 'inquiry', 'political', null] as const;
const TOPICS = ['water', 'roads', 'power', 'school'];
const PLACES = ['Madurai', 'Salem', null];
const BOTS = [null, 'b1', 'b2', 'b3'] as const;
const START = Date.parse('2026-10-29T00:00:00.000Z');
const HOUR = 3_600_000;

function build(seed: number, offsetMinutes: number): Store {
  const s = openStore(':memory:');
  rebuildRollups(s, offsetMinutes); // the office's time zone, whatever this machine's is
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const iso = (t: number) => new Date(t).toISOString();
  const demographics = () =>
    JSON.stringify({
      declared: r() < 0.3 ? { gender: pick(['female', 'male']) } : {},
      inferred: r() < 0.6 ? { age_group: { value: pick(['18-24', '55+']), confidence: 0.6 } } : {},
    });
  s.transaction(() => {
    for (const b of ['b1', 'b2', 'b3'])
      s.run(
        s.db.insertInto('bot_configurations').values({
          id: b,
          name: `Bot ${b}`,
          created_at: iso(START),
          updated_at: iso(START),
        }),
      );
    for (let v = 0; v < 30; v++)
      s.run(
        s.db.insertInto('voter_profiles').values({
          id: `v${v}`,
          phone_number: `91980000${String(v).padStart(4, '0')}`,
          referral_code: `CODE${v}`,
          preferred_language: pick(LANGS),
          first_contacted: r() < 0.9 ? iso(START + r() * 6 * 24 * HOUR) : null,
          source_campaign: pick(CAMPAIGNS),
          referred_by: v > 0 && r() < 0.4 ? `v${Math.floor(r() * v)}` : null,
          total_messages_sent: Math.floor(r() * 3),
          interaction_count: 1 + Math.floor(r() * 2),
          demographics: demographics(),
          created_at: iso(START),
          updated_at: iso(START),
        }),
      );
    let m = 0;
    for (let c = 0; c < 60; c++) {
      const started = START + r() * 6 * 24 * HOUR;
      const handoff = r() < 0.3;
      const sentiment = pick(SENTIMENTS);
      s.run(
        s.db.insertInto('conversations').values({
          id: `c${c}`,
          voter_id: `v${Math.floor(r() * 30)}`,
          started_at: iso(started),
          language: pick(LANGS),
          sentiment,
          sentiment_score: sentiment ? Math.round((r() * 2 - 1) * 100) / 100 : null,
          category: pick(CATEGORIES),
          topics: r() < 0.1 ? 'not json' : JSON.stringify([pick(TOPICS), pick(TOPICS)]),
          issues: JSON.stringify(r() < 0.5 ? ['no water'] : []),
          human_handoff: handoff ? 1 : 0,
          handoff_reason: handoff ? pick(['urgent', 'wants_human', null]) : null,
          user_location: pick(PLACES),
          source_campaign: pick(CAMPAIGNS),
          bot_id: pick(BOTS),
          created_at: iso(started),
          updated_at: iso(started),
        }),
      );
      for (let k = 0; k < 1 + Math.floor(r() * 6); k++) {
        const sender = k % 2 === 0 ? 'user' : pick(['bot', 'bot', 'human'] as const);
        const bot = sender === 'bot';
        s.run(
          s.db.insertInto('messages').values({
            id: `m${m++}`,
            conversation_id: `c${c}`,
            sender,
            timestamp: iso(started + k * 0.7 * HOUR + r() * 1000),
            entities:
              sender === 'user'
                ? JSON.stringify(r() < 0.8 ? { script: pick(['native', 'roman', 'mixed']) } : {})
                : '{}',
            reply_seconds: sender === 'user' ? null : Math.round(r() * 300 * 10) / 10,
            prompt_tokens: bot ? 100 + Math.floor(r() * 50) : null,
            completion_tokens: bot ? 20 + Math.floor(r() * 10) : null,
            model_used: bot ? pick(['gpt-4o-mini', 'local']) : null,
            created_at: iso(started),
          }),
        );
      }
    }
  });
  // Changes after the fact, as analysis, operators and erasure make them.
  for (let i = 0; i < 80; i++) {
    const c = `c${Math.floor(r() * 60)}`;
    const what = Math.floor(r() * 8);
    s.transaction(() => {
      const conv = s.db.updateTable('conversations').where('id', '=', c);
      // (b3 may have been deleted by now: move conversations among the others.)
      if (what === 0) s.run(conv.set({ language: pick(LANGS), bot_id: pick(BOTS.slice(0, 3)) }));
      else if (what === 1) s.run(conv.set({ source_campaign: pick(CAMPAIGNS) }));
      else if (what === 2)
        s.run(conv.set({ sentiment: pick(SENTIMENTS), sentiment_score: r() * 2 - 1 }));
      else if (what === 3)
        s.run(conv.set({ topics: JSON.stringify([pick(TOPICS)]), human_handoff: 1 }));
      else if (what === 4)
        s.run(
          s.db
            .updateTable('messages')
            .set({ entities: JSON.stringify({ script: 'roman', sentimentScore: 0.2 }) })
            .where('conversation_id', '=', c)
            .where('sender', '=', 'user'),
        );
      else if (what === 5)
        s.run(
          s.db
            .updateTable('voter_profiles')
            .set({ demographics: demographics(), total_messages_sent: 5, interaction_count: 2 })
            .where('id', '=', `v${Math.floor(r() * 30)}`),
        );
      else if (what === 6 && r() < 0.3) s.run(s.db.deleteFrom('conversations').where('id', '=', c));
      else if (what === 6)
        s.run(
          s.db.deleteFrom('messages').where('conversation_id', '=', c).where('sender', '=', 'bot'),
        );
      else if (r() < 0.2)
        s.run(s.db.deleteFrom('voter_profiles').where('id', '=', `v${Math.floor(r() * 30)}`));
      else if (r() < 0.05) s.run(s.db.deleteFrom('bot_configurations').where('id', '=', 'b3'));
    });
  }
  return s;
}

/** The dashboard's figures computed from the rows, without the rollups. */
function expected(
  s: Store,
  f: { from?: string; to?: string; language?: string; campaign?: string; bot?: string },
  offsetMinutes = 0,
) {
  const localDay = (t: string) =>
    new Date(Date.parse(t) + offsetMinutes * 60_000).toISOString().slice(0, 10);
  const inRange = (t: string | null) =>
    t !== null && (!f.from || t >= f.from) && (!f.to || t < f.to);
  // Voters have no bot: the bot filter applies to conversations and messages only.
  const matches = (lang: string, campaign: string | null, bot?: string | null) =>
    (!f.language || lang === f.language) &&
    (!f.campaign || campaign === f.campaign) &&
    (!f.bot || bot === undefined || bot === f.bot);
  const convs = s
    .all(s.db.selectFrom('conversations').selectAll())
    .filter((c) => inRange(c.started_at) && matches(c.language, c.source_campaign, c.bot_id));
  const byId = new Map(s.all(s.db.selectFrom('conversations').selectAll()).map((c) => [c.id, c]));
  const msgs = s.all(s.db.selectFrom('messages').selectAll()).filter((m) => {
    const c = byId.get(m.conversation_id)!;
    return inRange(m.timestamp) && matches(c.language, c.source_campaign, c.bot_id);
  });
  const voters = s
    .all(s.db.selectFrom('voter_profiles').selectAll())
    .filter((v) => inRange(v.first_contacted) && matches(v.preferred_language, v.source_campaign));
  const count = <T>(xs: T[], key: (x: T) => string | null) => {
    const out: Record<string, number> = {};
    for (const x of xs) {
      const k = key(x) ?? 'unknown';
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const json = <T>(text: string, fallback: T): T => {
    try {
      return JSON.parse(text) as T;
    } catch {
      return fallback;
    }
  };
  const demo = (v: (typeof voters)[number], k: string) => {
    const d = json<{
      declared?: Record<string, string>;
      inferred?: Record<string, { value: string }>;
    }>(v.demographics, {});
    return d.declared?.[k] ?? d.inferred?.[k]?.value ?? null;
  };
  const replies = (sender: string) =>
    msgs.filter((m) => m.sender === sender && m.reply_seconds !== null);
  const exactMedian = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.ceil(0.5 * sorted.length) - 1]! : null;
  };
  const referred = voters.filter((v) => v.referred_by !== null);
  return {
    conversations: convs.length,
    messages: msgs.length,
    voters: voters.length,
    languages: count(convs, (c) => c.language),
    scripts: count(
      msgs.filter((m) => m.sender === 'user'),
      (m) =>
        `${byId.get(m.conversation_id)!.language}:${json<{ script?: string }>(m.entities, {}).script ?? 'unknown'}`,
    ),
    sentiment: count(convs, (c) => c.sentiment),
    categories: count(convs, (c) => c.category),
    handedOff: convs.filter((c) => c.human_handoff === 1).length,
    reasons: count(
      convs.filter((c) => c.human_handoff === 1),
      (c) => c.handoff_reason,
    ),
    topics: count(
      convs.flatMap((c) => json<string[]>(c.topics, [])),
      (t) => t,
    ),
    locations: count(convs, (c) => c.user_location),
    gender: count(voters, (v) => demo(v, 'gender')),
    age_group: count(voters, (v) => demo(v, 'age_group')),
    referrals: {
      referredVoters: referred.length,
      withMessages: referred.filter((v) => v.total_messages_sent > 0).length,
      returning: referred.filter((v) => v.total_messages_sent > 0 && v.interaction_count > 1)
        .length,
    },
    promptTokens: msgs.reduce((x, m) => x + (m.prompt_tokens ?? 0), 0),
    completionTokens: msgs.reduce((x, m) => x + (m.completion_tokens ?? 0), 0),
    bot: {
      count: replies('bot').length,
      p50: exactMedian(replies('bot').map((m) => m.reply_seconds!)),
    },
    operator: { count: replies('human').length },
    perDay: count(convs, (c) => localDay(c.started_at)),
    messagesPerDay: count(msgs, (m) => localDay(m.timestamp)),
  };
}

function actual(d: Dashboard) {
  const bars = (xs: { key: string; count: number }[]) =>
    Object.fromEntries(xs.filter((b) => b.count > 0).map((b) => [b.key, b.count]));
  const scripts: Record<string, number> = {};
  for (const l of d.languages)
    for (const [k, n] of Object.entries(l.scripts)) if (n) scripts[`${l.key}:${k}`] = n;
  const locations = bars(d.locations);
  return {
    conversations: d.conversations,
    messages: d.messages,
    voters: d.voters,
    languages: bars(d.languages),
    scripts,
    sentiment: bars(d.sentiment),
    categories: bars(d.categories),
    handedOff: d.handoff.handedOff,
    reasons: bars(d.handoff.reasons),
    topics: bars(d.topics),
    locations,
    gender: bars(d.demographics.gender),
    age_group: bars(d.demographics.age_group),
    referrals: {
      referredVoters: d.referrals.referredVoters,
      withMessages: d.referrals.withMessages,
      returning: d.referrals.returning,
    },
    promptTokens: d.model.promptTokens,
    completionTokens: d.model.completionTokens,
    bot: { count: d.responseTimes.bot.count, p50: d.responseTimes.bot.p50Seconds },
    operator: { count: d.responseTimes.operator.count },
    perDay: bars(d.timeline.map((p) => ({ key: p.bucket, count: p.conversations }))),
    messagesPerDay: bars(d.timeline.map((p) => ({ key: p.bucket, count: p.messages }))),
  };
}

describe('dashboard rollups', () => {
  it('give the figures computed from the rows, after inserts, updates and deletes', () => {
    for (const [seed, offset] of [
      [1, 0],
      [2, 0],
      [3, 330],
      [4, 330],
      [5, -300],
    ] as const) {
      const s = build(seed, offset);
      const filters: Array<{
        from?: string;
        to?: string;
        language?: 'ta' | 'hi';
        campaign?: string;
        bot?: string;
      }> = [
        {},
        { from: '2026-11-02T00:00:00.000Z', to: '2026-11-05T00:00:00.000Z' },
        { from: '2026-10-30T00:00:00.000Z' },
        { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T10:00:00.000Z' },
        { to: '2026-11-01T00:00:00.000Z' },
        { from: '2026-11-02T07:30:00.000Z', to: '2026-11-05T13:15:00.000Z' },
        { from: '2026-11-03T05:00:00.000Z', to: '2026-11-03T19:00:00.000Z' },
        { from: '2026-11-03T00:00:00.000Z', to: '2026-11-03T12:00:00.000Z' },
        { from: '2026-11-04T09:00:00.000Z' },
        { to: '2026-11-04T09:00:00.000Z', language: 'ta' },
        { campaign: 'ward5', from: '2026-11-01T12:00:00.000Z' },
        { language: 'hi', campaign: 'flyer' },
        { bot: 'b1' },
        { bot: 'b3', from: '2026-11-02T07:30:00.000Z', language: 'ta' },
        // Whole days in India (as the dashboard asks there) and in New York.
        { from: '2026-10-30T18:30:00.000Z', to: '2026-11-02T18:30:00.000Z' },
        { from: '2026-10-31T05:00:00.000Z', to: '2026-11-03T05:00:00.000Z' },
      ];
      for (const f of filters) {
        const want = expected(s, f, offset);
        const got = actual(dashboard(s, { ...f, bucket: 'day' }));
        const p50 = got.bot.p50;
        // The median is the mean of its 10 %-wide histogram bucket.
        if (want.bot.p50 === null) expect(p50).toBeNull();
        else expect(Math.abs(p50! - want.bot.p50)).toBeLessThanOrEqual(0.1 * want.bot.p50 + 0.5);
        got.bot.p50 = want.bot.p50;
        // Only the top 10 topics are listed; here there are four, so all of them.
        expect({ seed, f, ...got }).toEqual({ seed, f, ...want });
        if (f.from === '2026-10-30T18:30:00.000Z' && offset === 330) {
          // Office days: the timeline's buckets drill down to exactly those days.
          const d = dashboard(s, { ...f, bucket: 'day' });
          expect(d.timeline[0]!.filter).toMatchObject({
            from: '2026-10-30T18:30:00.000Z',
            to: '2026-10-31T18:30:00.000Z',
          });
        }
      }
      expect(listCampaigns(s)).toEqual(
        ['ward5', 'flyer']
          .map((campaign) => {
            const e = expected(s, { campaign });
            return {
              campaign,
              conversations: e.conversations,
              votersJoined: e.voters,
              referredVoters: e.referrals.referredVoters,
            };
          })
          .sort((a, b) => b.conversations - a.conversations || (a.campaign < b.campaign ? -1 : 1)),
      );
    }
  });

  it('splits a range into whole days and the partial days at its edges', () => {
    expect(splitRange(null, null)).toEqual({ fromDay: null, toDay: null, edges: [] });
    expect(splitRange('2026-11-02T00:00:00.000Z', '2026-11-05T00:00:00.000Z')).toEqual({
      fromDay: '2026-11-02',
      toDay: '2026-11-05',
      edges: [],
    });
    expect(splitRange('2026-11-02T07:30:00.000Z', '2026-11-05T13:15:00.000Z')).toEqual({
      fromDay: '2026-11-03',
      toDay: '2026-11-05',
      edges: [
        ['2026-11-02T07:30:00.000Z', '2026-11-03T00:00:00.000Z'],
        ['2026-11-05T00:00:00.000Z', '2026-11-05T13:15:00.000Z'],
      ],
    });
    expect(splitRange('2026-11-03T05:00:00.000Z', '2026-11-03T19:00:00.000Z')).toEqual({
      fromDay: '2026-11-04',
      toDay: '2026-11-03',
      edges: [['2026-11-03T05:00:00.000Z', '2026-11-03T19:00:00.000Z']],
    });
    expect(splitRange('2026-10-31T18:30:00.000Z', '2026-11-02T20:00:00.000Z', 330)).toEqual({
      fromDay: '2026-11-01',
      toDay: '2026-11-03',
      edges: [['2026-11-02T18:30:00.000Z', '2026-11-02T20:00:00.000Z']],
    });
    expect(() => splitRange("2026-11-03' or 1=1 --", null)).toThrow(/not an ISO time/);
  });
});

describe('period ranges', () => {
  it('reads whole months from month rows and the days around them from day rows', () => {
    expect(periodRanges(null, null, true)).toEqual([['M', 'N']]);
    expect(periodRanges(null, null, false)).toEqual([['', 'M']]);
    expect(periodRanges('2026-09-29', null, true)).toEqual([
      ['2026-09-29', '2026-10-01'],
      ['M2026-10', 'N'],
    ]);
    expect(periodRanges(null, '2026-11-05', true)).toEqual([
      ['M', 'M2026-11'],
      ['2026-11-01', '2026-11-05'],
    ]);
    expect(periodRanges('2026-09-01', '2026-11-01', true)).toEqual([['M2026-09', 'M2026-11']]);
    expect(periodRanges('2026-12-15', '2027-02-03', true)).toEqual([
      ['2026-12-15', '2027-01-01'],
      ['M2027-01', 'M2027-02'],
      ['2027-02-01', '2027-02-03'],
    ]);
    expect(periodRanges('2026-11-03', '2026-11-20', true)).toEqual([['2026-11-03', '2026-11-20']]);
    expect(periodRanges('2026-11-04', '2026-11-03', true)).toEqual([]);
    expect(periodRanges('2026-11-03', '2026-11-20', false)).toEqual([['2026-11-03', '2026-11-20']]);
  });
});
