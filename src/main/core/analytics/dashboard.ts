import type { Kysely } from 'kysely';
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
import type { DB } from '../store/schema';
import {
  ROLLUP_OFFSET_SETTING,
  VOTER_KINDS,
  monthOf,
  rollupSources,
  rowsOf,
} from '../store/rollups';
import { readSetting } from '../settings';

export type DashboardQuery = z.output<typeof DashboardFilter>;

const DEMOGRAPHIC_KEYS = ['age_group', 'gender', 'occupation', 'location'] as const;
const SCRIPTS = ['native', 'roman', 'mixed'] as const;
const TOP = 10;

/** The voters who brought the most others. */
export const referralLeaders = (db: Kysely<DB>) =>
  db
    .selectFrom('voter_profiles')
    .select(['id', 'name', 'referral_code', 'referrals_made'])
    // A literal, so SQLite sees the partial index's own condition (referrals_made > 0).
    .where('referrals_made', '>', sql.lit(0))
    .orderBy('referrals_made', 'desc')
    .orderBy('id')
    .limit(TOP);
const TOP_LOCATIONS = 20;
const DAY_MS = 86_400_000;

/** Every dashboard figure for [from, to) matching the filters, from the daily rollups. */
export function dashboard(
  s: Store,
  f: DashboardQuery,
  prices: Record<string, ModelPrice> = {},
): Dashboard {
  const from = f.from ? new Date(f.from).toISOString() : null;
  const to = f.to ? new Date(f.to).toISOString() : null;
  const base: DrillFilter = {
    ...(f.language ? { language: f.language } : {}),
    ...(f.campaign ? { campaign: f.campaign } : {}),
    ...(f.bot ? { bot: f.bot } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  // The office's days: the offset the rollups were built with.
  const offset = readSetting<number>(s, ROLLUP_OFFSET_SETTING) ?? 0;
  const read = (kinds: readonly string[], by: { bucket?: boolean; language?: boolean } = {}) =>
    readRollups(
      s,
      {
        from,
        to,
        language: f.language,
        campaign: f.campaign,
        bot: f.bot,
      },
      kinds,
      { ...(by.bucket ? { bucket: f.bucket } : {}), language: by.language ?? false },
      offset,
    );

  const daily = read(['conversation', 'scored', 'sentiment', 'message'], {
    bucket: true,
    language: true,
  });
  const scripts = read(['script'], { language: true });
  const tallies = read([
    'category',
    'handoff',
    'reason',
    'topic',
    'issue',
    'prompt_tokens',
    'completion_tokens',
    'reply.bot',
    'reply.human',
  ]);
  const locations = read(['location']);
  const voterRows = read(VOTER_KINDS);
  const leaders = s.all(referralLeaders(s.db));

  // ---- assemble ----
  const of = (rows: Figure[], kind: string) => rows.filter((r) => r.kind === kind);
  const sumKeys = (rows: Figure[]) => {
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.key, (out.get(r.key) ?? 0) + r.n);
    return out;
  };
  const total = (rows: Figure[]) => rows.reduce((x, r) => x + r.n, 0);
  const conversations = total(of(daily, 'conversation'));
  const known = <K extends string>(keys: readonly K[], v: string): K | 'unknown' =>
    (keys as readonly string[]).includes(v) ? (v as K) : 'unknown';
  /** Bars for a closed set of keys plus `unknown`, each (but unknown) drilling down by `filter`. */
  const closedBars = <K extends string>(
    keys: readonly K[],
    counts: Map<string, number>,
    filter: (k: K) => DrillFilter,
  ) => {
    const byKey = new Map<K | 'unknown', number>();
    for (const [k, n] of counts) byKey.set(known(keys, k), (byKey.get(known(keys, k)) ?? 0) + n);
    return [...keys, 'unknown' as const].map((k) =>
      bar(k, byKey.get(k) ?? 0, conversations, k === 'unknown' ? null : filter(k as K)),
    );
  };

  const byLanguage = new Map<string, number>();
  for (const r of of(daily, 'conversation'))
    byLanguage.set(r.language, (byLanguage.get(r.language) ?? 0) + r.n);
  const scriptsOf = (lang: string) => {
    const out: Record<Script | 'unknown', number> = { native: 0, roman: 0, mixed: 0, unknown: 0 };
    for (const r of scripts) if (r.language === lang) out[known(SCRIPTS, r.key)] += r.n;
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
  const sentiment = closedBars(SENTIMENTS, sumKeys(of(daily, 'sentiment')), (k) => ({
    ...base,
    sentiment: k,
  }));
  const categories = closedBars(CATEGORIES, sumKeys(of(tallies, 'category')), (k) => ({
    ...base,
    category: k,
  }));
  const handedOff = total(of(tallies, 'handoff'));
  const top = (kind: 'topic' | 'issue') =>
    [...sumKeys(of(tallies, kind))]
      .filter(([key, n]) => key !== '' && n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOP)
      .map(([key, n]) => bar(key, n, conversations, { ...base, [kind]: key }));

  const locationBars: Bar[] = [];
  let other = 0;
  const locationCounts = sumKeys(locations);
  const unknownLocation = locationCounts.get('') ?? 0;
  locationCounts.delete('');
  for (const [key, n] of [...locationCounts].sort((a, b) => b[1] - a[1])) {
    if (n <= 0) continue;
    if (locationBars.length < TOP_LOCATIONS)
      locationBars.push(bar(key, n, conversations, { ...base, location: key }));
    else other += n;
  }
  locationBars.push(bar('other', other, conversations, null));
  locationBars.push(bar('unknown', unknownLocation, conversations, null));

  const voters = total(of(voterRows, 'voter'));
  const demographics = Object.fromEntries(
    DEMOGRAPHIC_KEYS.map((k) => {
      const counts = sumKeys(of(voterRows, `voter.${k}`));
      const bars = [...counts]
        .filter(([, n]) => n > 0)
        .map(([key, n]) => [key === '' ? 'unknown' : key, n] as const)
        .sort((a, b) => (a[0] === 'unknown' ? 1 : b[0] === 'unknown' ? -1 : b[1] - a[1]))
        .map(([key, n]) => bar(key, n, voters, null));
      return [k, bars];
    }),
  ) as Dashboard['demographics'];

  const tokens = new Map<string, { p: number; c: number }>();
  for (const r of [...of(tallies, 'prompt_tokens'), ...of(tallies, 'completion_tokens')]) {
    const t = tokens.get(r.key) ?? { p: 0, c: 0 };
    if (r.kind === 'prompt_tokens') t.p += r.total;
    else t.c += r.total;
    tokens.set(r.key, t);
  }

  return {
    from,
    to,
    bucket: f.bucket,
    language: f.language ?? null,
    campaign: f.campaign ?? null,
    bot: f.bot ?? null,
    conversations,
    messages: total(of(daily, 'message')),
    voters,
    timeline: buildTimeline(f.bucket, daily, base, from, to, offset),
    languages,
    sentiment,
    categories,
    topics: top('topic'),
    issues: top('issue'),
    handoff: {
      conversations,
      handedOff,
      rate: conversations ? handedOff / conversations : 0,
      reasons: [...sumKeys(of(tallies, 'reason'))]
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([key, n]) =>
          key === ''
            ? bar('unknown', n, handedOff, null)
            : bar(key, n, handedOff, { ...base, humanHandoff: true, handoffReason: key }),
        ),
    },
    responseTimes: {
      bot: percentiles(of(tallies, 'reply.bot')),
      operator: percentiles(of(tallies, 'reply.human')),
    },
    locations: locationBars,
    demographics,
    referrals: {
      referredVoters: total(of(voterRows, 'voter.referred')),
      withMessages: total(of(voterRows, 'voter.with_messages')),
      returning: total(of(voterRows, 'voter.came_back')),
      leaderboard: leaders.map((l): ReferralLeader => ({
        voterId: l.id,
        name: l.name,
        referralCode: l.referral_code,
        referralsMade: l.referrals_made,
      })),
    },
    model: priceTokens(
      [...tokens].map(([model, t]) => ({ model_used: model || null, p: t.p, c: t.c })),
      prices,
    ),
  };
}

/** One summed rollup row: a key of a kind, per bucket and language when asked. */
export interface Figure {
  kind: string;
  key: string;
  /** The bucket's first day, or '' when not grouped by bucket. */
  b: string;
  /** The language, or '' when not grouped by language. */
  language: string;
  n: number;
  total: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const midnight = (t: string) => `${t.slice(0, 10)}T00:00:00.000Z`;
const nextMidnight = (t: string) => new Date(Date.parse(midnight(t)) + DAY_MS).toISOString();
const shift = (t: string, minutes: number) =>
  new Date(Date.parse(t) + minutes * 60_000).toISOString();

/**
 * Which whole days [fromDay, toDay) of the office (`offsetMinutes` east of UTC) the rollups
 * answer, and the partial days at the edges of [from, to) (UTC), read from the records.
 */
export function splitRange(
  from: string | null,
  to: string | null,
  offsetMinutes = 0,
): { fromDay: string | null; toDay: string | null; edges: Array<[string, string]> } {
  for (const t of [from, to])
    if (t !== null && !ISO.test(t)) throw new Error(`not an ISO time: ${t}`);
  // Work in office time (as if it were UTC), then take the edges back to UTC.
  const a = from === null ? null : shift(from, offsetMinutes);
  const b = to === null ? null : shift(to, offsetMinutes);
  const edges: Array<[string, string]> = [];
  const wholeFrom = a === null || a === midnight(a) ? a : nextMidnight(a);
  if (a !== null && a !== wholeFrom) edges.push([a, b !== null && b < wholeFrom! ? b : wholeFrom!]);
  if (b !== null && b !== midnight(b) && (wholeFrom === null || midnight(b) >= wholeFrom))
    edges.push([midnight(b), b]);
  return {
    fromDay: wholeFrom?.slice(0, 10) ?? null,
    toDay: b === null ? null : b.slice(0, 10),
    edges: edges
      .filter(([x, y]) => x < y)
      .map(([x, y]) => [shift(x, -offsetMinutes), shift(y, -offsetMinutes)]),
  };
}

/**
 * The period ranges [lo, hi) covering the whole days [fromDay, toDay) (null: open): the whole
 * months in it and the days before and after them, or only days when `months` is false.
 */
export function periodRanges(
  fromDay: string | null,
  toDay: string | null,
  months: boolean,
): Array<[string, string]> {
  const days = (lo: string | null, hi: string | null): Array<[string, string]> =>
    (lo ?? '') < (hi ?? 'M') ? [[lo ?? '', hi ?? 'M']] : [];
  if (!months) return days(fromDay, toDay);
  // The first whole month starts on or after fromDay; months before toDay's month are whole.
  const first =
    fromDay === null ? null : fromDay.endsWith('-01') ? fromDay : nextMonthStart(fromDay);
  const end = toDay === null ? null : `${toDay.slice(0, 7)}-01`;
  if (first !== null && end !== null && first >= end) return days(fromDay, toDay);
  return [
    ...(first === null ? [] : days(fromDay, first)),
    [first === null ? 'M' : monthOf(first), end === null ? 'N' : monthOf(end)],
    ...(end === null ? [] : days(end, toDay)),
  ];
}

function nextMonthStart(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Sums the rollups of `kinds` over [from, to) and the filters, grouped by kind and key. */
export function readRollups(
  s: Store,
  range: {
    from: string | null;
    to: string | null;
    language?: string | undefined;
    campaign?: string | undefined;
    bot?: string | undefined;
  },
  kinds: readonly string[],
  by: { bucket?: 'day' | 'week'; language: boolean },
  offsetMinutes: number,
): Figure[] {
  const { fromDay, toDay, edges } = splitRange(range.from, range.to, offsetMinutes);
  const list = (xs: readonly string[]) => sql.join(xs.map((x) => sql`${x}`));
  const sources = rollupSources(offsetMinutes).filter((src) =>
    src.kinds.some((k) => kinds.includes(k)),
  );
  // The bot filter keeps the rows of sources that have a bot; the others' rows all stay.
  const botless = sources.filter((src) => !src.byBot).flatMap((src) => src.kinds);
  const filters = sql.join(
    [
      sql`kind in (${list(kinds)})`,
      range.language ? sql`language = ${range.language}` : null,
      range.campaign ? sql`campaign = ${range.campaign}` : null,
      range.bot
        ? botless.length
          ? sql`(bot = ${range.bot} or kind in (${list(botless)}))`
          : sql`bot = ${range.bot}`
        : null,
    ].filter((x) => x !== null),
    sql` and `,
  );
  const ranges = periodRanges(fromDay, toDay, by.bucket === undefined);
  const periods = ranges.length
    ? sql.join(
        ranges.map(([lo, hi]) => sql`(period >= ${lo} and period < ${hi})`),
        sql` or `,
      )
    : sql`0`;
  const partial = edges.flatMap(([a, b]) =>
    sources.map(
      (src) =>
        sql`union all select kind, day as period, language, campaign, bot, key, n, total
          from (${sql.raw(rowsOf(src, src.between(a, b)))}) where ${filters}`,
    ),
  );
  const bucket = !by.bucket
    ? sql`''`
    : by.bucket === 'week'
      ? sql`date(period, '-6 days', 'weekday 1')`
      : sql`period`;
  const query = sql<Figure>`
    select kind, key, ${bucket} as b, ${by.language ? sql`language` : sql`''`} as language,
      sum(n) as n, sum(total) as total
    from (
      select kind, period, language, campaign, bot, key, n, total from rollups
      where ${filters} and (${periods})
      ${sql.join(partial, sql` `)}
    )
    group by kind, key, b, language`;
  return s.all({ compile: () => query.compile(s.db) });
}

function isLanguage(v: string): v is Language {
  return (LANGUAGES as readonly string[]).includes(v);
}

function bar(key: string, count: number, of: number, filter: DrillFilter | null): Bar {
  return { key, count: Number(count), share: of ? Number(count) / of : 0, filter };
}

/** Buckets from the first to the last with data (gaps filled with zeros), oldest first. */
function buildTimeline(
  bucket: 'day' | 'week',
  daily: Figure[],
  base: DrillFilter,
  from: string | null,
  to: string | null,
  offsetMinutes: number,
): TimelinePoint[] {
  const keys = daily
    .filter((r) => r.n !== 0)
    .map((r) => r.b)
    .sort();
  if (keys.length === 0) return [];
  const step = (bucket === 'week' ? 7 : 1) * DAY_MS;
  const points = new Map<string, TimelinePoint & { scored: number; total: number }>();
  // Buckets are the office's days; their drill-down filters are the same instants in UTC.
  const offsetMs = offsetMinutes * 60_000;
  for (let t = Date.parse(keys[0]!); t <= Date.parse(keys.at(-1)!); t += step) {
    const key = new Date(t).toISOString().slice(0, 10);
    const start = new Date(t - offsetMs).toISOString();
    const end = new Date(t + step - offsetMs).toISOString();
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
  for (const r of daily) {
    const p = points.get(r.b);
    if (!p) continue;
    if (r.kind === 'conversation') p.conversations += r.n;
    else if (r.kind === 'message') p.messages += r.n;
    else if (r.kind === 'scored') {
      p.scored += r.n;
      p.total += r.total;
    } else if (r.kind === 'sentiment') {
      const k: Sentiment | 'unknown' = (SENTIMENTS as readonly string[]).includes(r.key)
        ? (r.key as Sentiment)
        : 'unknown';
      p.sentiment[k] += r.n;
    }
  }
  return [...points.values()].map(({ scored, total, ...p }) => ({
    ...p,
    avgSentiment: scored ? total / scored : null,
  }));
}

/**
 * Reply-time percentiles from the rollups' histogram (10 %-wide buckets): the value reported
 * is the mean of the bucket the percentile falls in, so it is within 10 % of the exact one.
 */
function percentiles(histogram: Figure[]): ResponseTimes {
  const buckets = histogram.filter((h) => h.n > 0).sort((a, b) => Number(a.key) - Number(b.key));
  const count = buckets.reduce((x, h) => x + h.n, 0);
  if (count === 0) return { count: 0, p50Seconds: null, p95Seconds: null };
  const at = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (const h of buckets) {
      seen += h.n;
      if (seen >= rank) return h.total / h.n;
    }
    return null;
  };
  return { count, p50Seconds: at(0.5), p95Seconds: at(0.95) };
}
