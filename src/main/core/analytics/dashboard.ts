import type { Compilable, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { DashboardFilter } from '../../../shared/contract';
import type {
  Bar,
  Dashboard,
  DrillFilter,
  Language,
  ModelPrice,
  ReferralLeader,
  ResponseTimes,
  Script,
  Sentiment,
  TimelinePoint,
} from '../../../shared/model';
import { CATEGORIES, LANGUAGES, SENTIMENTS } from '../../../shared/model';
import { priceTokens } from '../queries/analytics';
import type { Store } from '../store/db';

export type DashboardQuery = z.output<typeof DashboardFilter>;

const DEMOGRAPHIC_KEYS = ['age_group', 'gender', 'occupation', 'location'] as const;
const SCRIPTS = ['native', 'roman', 'mixed'] as const;
const TOP = 10;
const TOP_LOCATIONS = 20;
const DAY_MS = 86_400_000;

/** Every dashboard figure for conversations started in [from, to) matching the filters. */
export function dashboard(
  s: Store,
  f: DashboardQuery,
  prices: Record<string, ModelPrice> = {},
): Dashboard {
  const from = f.from ? new Date(f.from).toISOString() : null;
  const to = f.to ? new Date(f.to).toISOString() : null;
  const raw = <R>(q: RawBuilder<R>): Compilable<R> => ({ compile: () => q.compile(s.db) });
  const all = <R>(q: RawBuilder<R>) => s.all(raw(q));

  // The conversations every figure counts (alias c).
  const conds = [
    from ? sql`c.started_at >= ${from}` : null,
    to ? sql`c.started_at < ${to}` : null,
    f.language ? sql`c.language = ${f.language}` : null,
    f.campaign ? sql`c.source_campaign = ${f.campaign}` : null,
  ].filter((x) => x !== null);
  const where = conds.length ? sql.join(conds, sql` and `) : sql`1`;
  const base: DrillFilter = {
    ...(f.language ? { language: f.language } : {}),
    ...(f.campaign ? { campaign: f.campaign } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const bucketOf = (col: RawBuilder<unknown>) =>
    f.bucket === 'week' ? sql`date(${col}, '-6 days', 'weekday 1')` : sql`substr(${col}, 1, 10)`;

  // One pass over the conversations: timeline, languages, sentiment, categories, handoffs.
  const groups = all<{
    b: string;
    language: string;
    sentiment: string | null;
    category: string | null;
    handoff: number;
    n: number;
    scored: number;
    score: number | null;
  }>(sql`
    select ${bucketOf(sql.ref('c.started_at'))} as b, c.language as language,
      c.sentiment as sentiment, c.category as category, c.human_handoff as handoff,
      count(*) as n, count(c.sentiment_score) as scored, sum(c.sentiment_score) as score
    from conversations c where ${where}
    group by 1, 2, 3, 4, 5`);

  // Messages (by their own timestamp in the range) of conversations in the language/campaign.
  const msgConds = [
    from ? sql`m.timestamp >= ${from}` : null,
    to ? sql`m.timestamp < ${to}` : null,
    f.language ? sql`c.language = ${f.language}` : null,
    f.campaign ? sql`c.source_campaign = ${f.campaign}` : null,
  ].filter((x) => x !== null);
  const msgJoin =
    f.language || f.campaign ? sql`join conversations c on c.id = m.conversation_id` : sql``;
  const msgWhere = msgConds.length ? sql.join(msgConds, sql` and `) : sql`1`;
  const msgGroups = all<{ b: string; model_used: string | null; n: number; p: number; c: number }>(
    sql`select ${bucketOf(sql.ref('m.timestamp'))} as b, m.model_used as model_used, count(*) as n,
      sum(m.prompt_tokens) as p, sum(m.completion_tokens) as c
    from messages m ${msgJoin} where ${msgWhere} group by 1, 2`,
  );

  const scripts = all<{ language: string; script: string | null; n: number }>(sql`
    select c.language as language, json_extract(m.entities, '$.script') as script, count(*) as n
    from conversations c join messages m on m.conversation_id = c.id
    where ${where} and m.sender = 'user' group by 1, 2`);

  const jsonTop = (column: 'topics' | 'issues') =>
    all<{ key: string; n: number }>(sql`
      select j.value as key, count(*) as n
      from conversations c, json_each(c.${sql.raw(column)}) j
      where ${where} and json_valid(c.${sql.raw(column)})
      group by 1 order by 2 desc, 1 limit ${TOP}`);

  const reasons = all<{ key: string | null; n: number }>(sql`
    select c.handoff_reason as key, count(*) as n from conversations c
    where ${where} and c.human_handoff = 1 group by 1 order by 2 desc`);

  const locations = all<{ key: string | null; n: number }>(sql`
    select c.user_location as key, count(*) as n from conversations c
    where ${where} group by 1 order by 2 desc`);

  // Voters of these conversations: one pass over their demographics and referral facts.
  const voterRows = all<{
    age_group: string | null;
    gender: string | null;
    occupation: string | null;
    location: string | null;
    n: number;
    referred: number;
    with_messages: number;
    came_back: number;
  }>(sql`
    select ${sql.join(
      DEMOGRAPHIC_KEYS.map(
        (k) =>
          sql`coalesce(json_extract(v.demographics, ${`$.declared.${k}`}),
            json_extract(v.demographics, ${`$.inferred.${k}.value`})) as ${sql.ref(k)}`,
      ),
    )},
      count(*) as n,
      sum(v.referred_by is not null) as referred,
      sum(v.referred_by is not null and v.total_messages_sent > 0) as with_messages,
      sum(v.referred_by is not null and v.total_messages_sent > 0 and v.interaction_count > 1)
        as came_back
    from voter_profiles v
    where v.id in (select c.voter_id from conversations c where ${where})
    group by 1, 2, 3, 4`);

  const leaders = all<{
    id: string;
    name: string | null;
    referral_code: string;
    referrals_made: number;
  }>(sql`
    select id, name, referral_code, referrals_made from voter_profiles
    where referrals_made > 0 order by referrals_made desc, id limit ${TOP}`);

  // ---- assemble ----
  const conversations = groups.reduce((x, g) => x + g.n, 0);
  const sumBy = <K extends string>(key: (g: (typeof groups)[number]) => K) => {
    const out = new Map<K, number>();
    for (const g of groups) out.set(key(g), (out.get(key(g)) ?? 0) + g.n);
    return out;
  };
  const known = <K extends string>(keys: readonly K[], v: string | null): K | 'unknown' =>
    v !== null && (keys as readonly string[]).includes(v) ? (v as K) : 'unknown';

  const byLanguage = sumBy((g) => g.language);
  const scriptsOf = (lang: string) => {
    const out: Record<Script | 'unknown', number> = { native: 0, roman: 0, mixed: 0, unknown: 0 };
    for (const r of scripts) if (r.language === lang) out[known(SCRIPTS, r.script)] += Number(r.n);
    return out;
  };
  const languages = [...LANGUAGES, ...[...byLanguage.keys()].filter((l) => !isLanguage(l))].map(
    (lang) => ({
      ...bar(
        lang,
        byLanguage.get(lang) ?? 0,
        conversations,
        isLanguage(lang) ? { ...base, language: lang } : null,
      ),
      scripts: scriptsOf(lang),
    }),
  );
  const bySentiment = sumBy((g) => known(SENTIMENTS, g.sentiment));
  const sentiment = [...SENTIMENTS, 'unknown' as const].map((k) =>
    bar(
      k,
      bySentiment.get(k) ?? 0,
      conversations,
      k === 'unknown' ? null : { ...base, sentiment: k },
    ),
  );
  const byCategory = sumBy((g) => known(CATEGORIES, g.category));
  const categories = [...CATEGORIES, 'unknown' as const].map((k) =>
    bar(
      k,
      byCategory.get(k) ?? 0,
      conversations,
      k === 'unknown' ? null : { ...base, category: k },
    ),
  );
  const handedOff = groups.reduce((x, g) => x + (g.handoff === 1 ? g.n : 0), 0);

  const timeline = buildTimeline(f.bucket, groups, msgGroups, base, from, to);

  const locationBars: Bar[] = [];
  let other = 0;
  let unknownLocation = 0;
  for (const r of locations) {
    if (r.key === null || r.key === '') unknownLocation += r.n;
    else if (locationBars.length < TOP_LOCATIONS)
      locationBars.push(bar(r.key, r.n, conversations, { ...base, location: r.key }));
    else other += r.n;
  }
  locationBars.push(bar('other', other, conversations, null));
  locationBars.push(bar('unknown', unknownLocation, conversations, null));

  const voters = voterRows.reduce((x, r) => x + r.n, 0);
  const demographics = Object.fromEntries(
    DEMOGRAPHIC_KEYS.map((k) => {
      const counts = new Map<string, number>();
      for (const r of voterRows) {
        const v = r[k] === null || r[k] === '' ? 'unknown' : String(r[k]);
        counts.set(v, (counts.get(v) ?? 0) + r.n);
      }
      const bars = [...counts]
        .sort((a, b) => (a[0] === 'unknown' ? 1 : b[0] === 'unknown' ? -1 : b[1] - a[1]))
        .map(([key, n]) => bar(key, n, voters, null));
      return [k, bars];
    }),
  ) as Dashboard['demographics'];

  const responses = responseTimes(s, raw, where);

  return {
    from,
    to,
    bucket: f.bucket,
    language: f.language ?? null,
    campaign: f.campaign ?? null,
    conversations,
    messages: msgGroups.reduce((x, m) => x + m.n, 0),
    voters,
    timeline,
    languages,
    sentiment,
    categories,
    topics: jsonTop('topics').map((r) => bar(r.key, r.n, conversations, { ...base, topic: r.key })),
    issues: jsonTop('issues').map((r) => bar(r.key, r.n, conversations, { ...base, issue: r.key })),
    handoff: {
      conversations,
      handedOff,
      rate: conversations ? handedOff / conversations : 0,
      reasons: reasons.map((r) =>
        r.key === null
          ? bar('unknown', r.n, handedOff, null)
          : bar(r.key, r.n, handedOff, { ...base, humanHandoff: true, handoffReason: r.key }),
      ),
    },
    responseTimes: responses,
    locations: locationBars,
    demographics,
    referrals: {
      referredVoters: voterRows.reduce((x, r) => x + Number(r.referred ?? 0), 0),
      withMessages: voterRows.reduce((x, r) => x + Number(r.with_messages ?? 0), 0),
      returning: voterRows.reduce((x, r) => x + Number(r.came_back ?? 0), 0),
      leaderboard: leaders.map((l): ReferralLeader => ({
        voterId: l.id,
        name: l.name,
        referralCode: l.referral_code,
        referralsMade: l.referrals_made,
      })),
    },
    model: priceTokens(
      [...groupSum(msgGroups)].map(([model_used, t]) => ({ model_used, p: t.p, c: t.c })),
      prices,
    ),
  };
}

function isLanguage(v: string): v is Language {
  return (LANGUAGES as readonly string[]).includes(v);
}

function bar(key: string, count: number, of: number, filter: DrillFilter | null): Bar {
  return { key, count: Number(count), share: of ? Number(count) / of : 0, filter };
}

function groupSum(rows: { model_used: string | null; p: number | null; c: number | null }[]) {
  const out = new Map<string | null, { p: number; c: number }>();
  for (const r of rows) {
    if (r.p === null && r.c === null) continue;
    const t = out.get(r.model_used) ?? { p: 0, c: 0 };
    t.p += Number(r.p ?? 0);
    t.c += Number(r.c ?? 0);
    out.set(r.model_used, t);
  }
  return out;
}

/** Buckets from the first to the last with data (gaps filled with zeros), oldest first. */
function buildTimeline(
  bucket: 'day' | 'week',
  groups: {
    b: string;
    sentiment: string | null;
    n: number;
    scored: number;
    score: number | null;
  }[],
  msgGroups: { b: string; n: number }[],
  base: DrillFilter,
  from: string | null,
  to: string | null,
): TimelinePoint[] {
  const keys = [...groups.map((g) => g.b), ...msgGroups.map((m) => m.b)].filter(Boolean).sort();
  if (keys.length === 0) return [];
  const step = (bucket === 'week' ? 7 : 1) * DAY_MS;
  const points = new Map<string, TimelinePoint & { scored: number; total: number }>();
  for (let t = Date.parse(keys[0]!); t <= Date.parse(keys.at(-1)!); t += step) {
    const start = new Date(t).toISOString();
    const end = new Date(t + step).toISOString();
    const key = start.slice(0, 10);
    points.set(key, {
      bucket: key,
      conversations: 0,
      messages: 0,
      avgSentiment: null,
      sentiment: { positive: 0, negative: 0, neutral: 0, unknown: 0 },
      filter: {
        ...base,
        from: from && from > start ? from : start,
        to: to && to < end ? to : end,
      },
      scored: 0,
      total: 0,
    });
  }
  for (const g of groups) {
    const p = points.get(g.b);
    if (!p) continue;
    p.conversations += g.n;
    const k: Sentiment | 'unknown' = (SENTIMENTS as readonly string[]).includes(g.sentiment ?? '')
      ? (g.sentiment as Sentiment)
      : 'unknown';
    p.sentiment[k] += g.n;
    p.scored += g.scored;
    p.total += Number(g.score ?? 0);
  }
  for (const m of msgGroups) {
    const p = points.get(m.b);
    if (p) p.messages += m.n;
  }
  return [...points.values()].map(({ scored, total, ...p }) => ({
    ...p,
    avgSentiment: scored ? total / scored : null,
  }));
}

/** Reply-time percentiles from messages.reply_seconds (recorded as each reply is written). */
function responseTimes(
  s: Store,
  raw: <R>(q: RawBuilder<R>) => Compilable<R>,
  where: RawBuilder<unknown>,
): Dashboard['responseTimes'] {
  const rows = s.all(
    raw(
      sql<{ sender: string; rt: number }>`
      select m.sender as sender, m.reply_seconds as rt
      from conversations c join messages m on m.conversation_id = c.id
      where ${where} and m.reply_seconds is not null`,
    ),
  );
  const bot: number[] = [];
  const human: number[] = [];
  for (const r of rows) (r.sender === 'bot' ? bot : human).push(r.rt);
  return { bot: percentiles(bot), operator: percentiles(human) };
}

function percentiles(values: number[]): ResponseTimes {
  if (values.length === 0) return { count: 0, p50Seconds: null, p95Seconds: null };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { count: sorted.length, p50Seconds: at(0.5), p95Seconds: at(0.95) };
}
