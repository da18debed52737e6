import { sql } from 'kysely';
import type { Store } from './db';

// Rollups for the analytics dashboard. Every dashboard figure is a sum over rows of
//   (kind, period, language, campaign, bot, key) → n, total
// where a period is a day of the office ('2026-11-20', at a fixed offset from UTC, see
// `localDay`) or a month ('M2026-11'; the prefix sorts months after every day, so a range of days
// and a range of months are each one index range). Each record
// counts in its day and in its month. Each source table says, in one SQL definition, which rows
// one of its records contributes.
// That one definition serves three uses, so they cannot drift apart:
//   - triggers add a record's rows when it is written and take them away when it changes or goes,
//     in the same transaction as the write (so the rollups are never behind the data);
//   - the migration that creates the rollups fills them from the existing records;
//   - the dashboard adds the rows of records in partial days at the edges of a date range.
// Changing a definition here changes what the triggers of an existing file compute only through
// a new migration (which calls `rebuildRollups`); a test pins the generated SQL.

/** Reply-time histogram: bucket 0 is under a second, then 10 % wide buckets. */
const REPLY_BUCKET = `printf('%03d', case when m.reply_seconds < 1 then 0
  else 1 + cast(ln(m.reply_seconds) / ln(1.1) as integer) end)`;

const jsonText = (column: string, path: string) =>
  `case when json_valid(${column}) then json_extract(${column}, '${path}') end`;
const jsonArray = (column: string) =>
  `json_each(case when json_valid(${column}) then ${column} else '[]' end)`;

const DEMOGRAPHIC_KEYS = ['age_group', 'gender', 'occupation', 'location'] as const;

/** A demographic as declared by the voter, else as inferred, else ''. */
const demographic = (column: string, k: string) =>
  `coalesce(${jsonText(column, `$.declared.${k}`)}, ${jsonText(column, `$.inferred.${k}.value`)}, '')`;

/** One kind of row a record contributes (zero, one or several rows). */
interface Branch {
  kind: string;
  key: string;
  total?: string;
  where?: string;
  /** Extra FROM items after the record (a json_each). */
  join?: string;
  /** What this branch's rows depend on besides the source's head, for a record prefix. */
  watch: (p: string) => string[];
}

export interface RollupSource {
  table: 'conversations' | 'messages' | 'voter_profiles';
  /** The alias the definitions use for the record. */
  alias: 'c' | 'm' | 'v';
  /** The columns the rows are computed from. */
  columns: readonly string[];
  /** The record's day, language, campaign and bot: a change moves all its rows. */
  head: string;
  headWatch: (p: string) => string[];
  /** A condition every row needs. */
  always?: string;
  /** Whether its records have a bot (the `bot` column); the bot filter leaves the others alone. */
  byBot: boolean;
  branches: readonly Branch[];
  /** The kinds this source contributes. */
  kinds: readonly string[];
  /** `from` for the records whose time is in [from, to) (ISO text, already checked). */
  between(from: string, to: string): string;
}

const col =
  (...columns: string[]) =>
  (p: string) =>
    columns.map((c) => `${p}${c}`);

/** The rows of the records in `from`, a FROM item defining the source's alias(es). */
export function rowsOf(src: RollupSource, from: string, branches = src.branches): string {
  return branches
    .map((b) => {
      const where = [src.always, b.where].filter(Boolean).join(' and ');
      return `select '${b.kind}' as kind, ${src.head}, cast(${b.key} as text) as key, 1 as n,
  ${b.total ?? '0'} as total from ${from}${b.join ? `, ${b.join}` : ''}${where ? ` where ${where}` : ''}`;
    })
    .join('\nunion all\n');
}

function source(s: Omit<RollupSource, 'kinds'>): RollupSource {
  return { ...s, kinds: s.branches.map((b) => b.kind) };
}

/**
 * The office's day of a UTC ISO time, `offsetMinutes` east of UTC (India: 330), so the
 * dashboard's days are the office's days and its date filters fall on whole days.
 */
export function localDay(column: string, offsetMinutes: number): string {
  return offsetMinutes === 0
    ? `substr(${column}, 1, 10)`
    : `date(${column}, '${offsetMinutes > 0 ? '+' : ''}${offsetMinutes} minutes')`;
}

export type RollupSources = readonly [RollupSource, RollupSource, RollupSource];

const cache = new Map<number, RollupSources>();

/** Conversations, messages and voters as rollup sources, with days `offsetMinutes` from UTC. */
export function rollupSources(offsetMinutes: number): RollupSources {
  const cached = cache.get(offsetMinutes);
  if (cached) return cached;
  const day = (column: string) => localDay(column, offsetMinutes);
  const conversation = source({
    table: 'conversations',
    alias: 'c',
    columns: [
      'id',
      'started_at',
      'language',
      'source_campaign',
      'bot_id',
      'sentiment',
      'sentiment_score',
      'category',
      'human_handoff',
      'handoff_reason',
      'topics',
      'issues',
      'user_location',
    ],
    head: `${day('c.started_at')} as day, c.language as language,
    coalesce(c.source_campaign, '') as campaign, coalesce(c.bot_id, '') as bot`,
    headWatch: col('started_at', 'language', 'source_campaign', 'bot_id'),
    byBot: true,
    branches: [
      { kind: 'conversation', key: `''`, watch: () => [] },
      {
        kind: 'scored',
        key: `''`,
        total: 'c.sentiment_score',
        where: 'c.sentiment_score is not null',
        watch: col('sentiment_score'),
      },
      { kind: 'sentiment', key: `coalesce(c.sentiment, '')`, watch: col('sentiment') },
      { kind: 'category', key: `coalesce(c.category, '')`, watch: col('category') },
      { kind: 'handoff', key: `''`, where: 'c.human_handoff = 1', watch: col('human_handoff') },
      {
        kind: 'reason',
        key: `coalesce(c.handoff_reason, '')`,
        where: 'c.human_handoff = 1',
        watch: col('human_handoff', 'handoff_reason'),
      },
      { kind: 'location', key: `coalesce(c.user_location, '')`, watch: col('user_location') },
      {
        kind: 'topic',
        key: `coalesce(t.value, '')`,
        join: `${jsonArray('c.topics')} t`,
        watch: col('topics'),
      },
      {
        kind: 'issue',
        key: `coalesce(t.value, '')`,
        join: `${jsonArray('c.issues')} t`,
        watch: col('issues'),
      },
    ],
    between: (a, b) =>
      `(select * from conversations where started_at >= '${a}' and started_at < '${b}') c`,
  });

  /** Messages count under their conversation's language, campaign and bot, on their own day. */
  const message = source({
    table: 'messages',
    alias: 'm',
    columns: [
      'conversation_id',
      'timestamp',
      'sender',
      'entities',
      'prompt_tokens',
      'completion_tokens',
      'model_used',
      'reply_seconds',
    ],
    head: `${day('m.timestamp')} as day, c.language as language,
    coalesce(c.source_campaign, '') as campaign, coalesce(c.bot_id, '') as bot`,
    headWatch: col('conversation_id', 'timestamp', 'sender'),
    byBot: true,
    branches: [
      { kind: 'message', key: 'm.sender', watch: () => [] },
      {
        kind: 'script',
        key: `coalesce(${jsonText('m.entities', '$.script')}, '')`,
        where: `m.sender = 'user'`,
        // Analysis rewrites `entities`; only the script in it counts.
        watch: (p) => [jsonText(`${p}entities`, '$.script')],
      },
      ...(['prompt', 'completion'] as const).map((t) => ({
        kind: `${t}_tokens`,
        key: `coalesce(m.model_used, '')`,
        total: `m.${t}_tokens`,
        where: `m.${t}_tokens is not null`,
        watch: col('model_used', `${t}_tokens`),
      })),
      ...(['bot', 'human'] as const).map((sender) => ({
        kind: `reply.${sender}`,
        key: REPLY_BUCKET,
        total: 'm.reply_seconds',
        where: `m.sender = '${sender}' and m.reply_seconds is not null`,
        watch: col('reply_seconds'),
      })),
    ],
    between: (a, b) =>
      `(select * from messages where timestamp >= '${a}' and timestamp < '${b}') m
    join conversations c on c.id = m.conversation_id`,
  });

  /**
   * Voters count once, on the day they were first reached, by their language and first campaign.
   * A voter has no bot (several may have answered them): their bot is ''.
   */
  const voter = source({
    table: 'voter_profiles',
    alias: 'v',
    columns: [
      'first_contacted',
      'preferred_language',
      'source_campaign',
      'demographics',
      'referred_by',
      'total_messages_sent',
      'interaction_count',
    ],
    head: `${day('v.first_contacted')} as day, v.preferred_language as language,
    coalesce(v.source_campaign, '') as campaign, '' as bot`,
    headWatch: col('first_contacted', 'preferred_language', 'source_campaign'),
    byBot: false,
    always: 'v.first_contacted is not null',
    branches: [
      { kind: 'voter', key: `''`, watch: () => [] },
      {
        kind: 'voter.referred',
        key: `''`,
        where: 'v.referred_by is not null',
        watch: col('referred_by'),
      },
      {
        kind: 'voter.with_messages',
        key: `''`,
        where: 'v.referred_by is not null and v.total_messages_sent > 0',
        watch: (p) => [`${p}referred_by`, `${p}total_messages_sent > 0`],
      },
      {
        kind: 'voter.came_back',
        key: `''`,
        where:
          'v.referred_by is not null and v.total_messages_sent > 0 and v.interaction_count > 1',
        watch: (p) => [
          `${p}referred_by`,
          `${p}total_messages_sent > 0`,
          `${p}interaction_count > 1`,
        ],
      },
      ...DEMOGRAPHIC_KEYS.map((k) => ({
        kind: `voter.${k}`,
        key: demographic('v.demographics', k),
        watch: (p: string) => [demographic(`${p}demographics`, k)],
      })),
    ],
    between: (a, b) =>
      `(select * from voter_profiles where first_contacted >= '${a}' and first_contacted < '${b}') v`,
  });
  const all = [conversation, message, voter] as const;
  cache.set(offsetMinutes, all);
  return all;
}

/** The kinds voters contribute (whatever the offset). */
export const VOTER_KINDS = rollupSources(0)[2].kinds;

/** The month period of a day ('2026-11-20' → 'M2026-11'). */
export const monthOf = (day: string) => `M${day.slice(0, 7)}`;

/**
 * Adds (sign 1) or takes away (sign -1) `rows` in the rollups, in their day and their month.
 * A trigger's few rows go in one by one; a whole table's are summed first.
 */
function apply(sign: 1 | -1, rows: string, summed = false): string {
  const s = sign === 1 ? '' : '-';
  const period = `case l.month when 1 then 'M' || substr(day, 1, 7) else day end`;
  const measures = summed ? `${s}sum(n), ${s}sum(total)` : `${s}n, ${s}total`;
  return `insert into rollups (kind, period, language, campaign, bot, key, n, total)
select kind, ${period}, language, campaign, bot, key, ${measures}
from (${rows}), (select 0 as month union all select 1 as month) l
where true${summed ? ' group by 1, 2, 3, 4, 5, 6' : ''}
on conflict (kind, period, language, campaign, bot, key)
do update set n = n + excluded.n, total = total + excluded.total`;
}

/** A one-row FROM item holding a trigger's `new` or `old` record under `alias`. */
const record = (which: 'new' | 'old', columns: readonly string[], alias: string) =>
  `(select ${columns.map((c) => `${which}.${c} as ${c}`).join(', ')}) ${alias}`;

/** True when the watched values differ between a trigger's `old` and `new`. */
function changed(watch: (p: string) => string[]): string {
  const olds = watch('old.');
  const news = watch('new.');
  return news.length ? news.map((n, i) => `(${olds[i]}) is not (${n})`).join(' or ') : '0';
}

/** The setting that records the offset the rollups were built with. */
export const ROLLUP_OFFSET_SETTING = 'rollups.utcOffsetMinutes';

/**
 * The statements that create the rollups table, its triggers, its content for the records
 * already there, and the setting recording `offsetMinutes`. Run them in one transaction.
 */
export function rollupStatements(offsetMinutes: number): string[] {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60)
    throw new Error(`not a UTC offset in minutes: ${offsetMinutes}`);
  const sources = rollupSources(offsetMinutes);
  const [conv, msg, voter] = sources;
  // A message record joined with its conversation (present, or the `old`/`new` one of a trigger).
  const messageWith = (m: string, c = 'conversations c') =>
    `${m} join ${c} on c.id = m.conversation_id`;
  const convOf = (which: 'new' | 'old') =>
    record(which, ['id', 'language', 'source_campaign', 'bot_id'], 'c');
  const recordOf = (src: RollupSource, which: 'new' | 'old') => {
    const r = record(which, src.columns, src.alias);
    return src === msg ? messageWith(r) : r;
  };
  const triggers = sources.flatMap((src) => {
    const name = `rollups_${src.table}`;
    const rows = (which: 'new' | 'old', branches?: readonly Branch[]) =>
      rowsOf(src, recordOf(src, which), branches);
    const head = changed(src.headWatch);
    return [
      `create trigger ${name}_insert after insert on ${src.table} begin
${apply(1, rows('new'))};
end`,
      `create trigger ${name}_move after update on ${src.table} when ${head} begin
${apply(-1, rows('old'))};
${apply(1, rows('new'))};
end`,
      // A change that leaves the head alone moves only the rows of the kinds it touches.
      ...src.branches
        .filter((b) => b.watch('new.').length > 0)
        .map(
          (b) => `create trigger ${name}_${b.kind.replace('.', '_')} after update on ${src.table}
when not (${head}) and (${changed(b.watch)}) begin
${apply(-1, rows('old', [b]))};
${apply(1, rows('new', [b]))};
end`,
        ),
      src === conv
        ? // Before the delete, while its messages are still there; their own delete triggers then
          // find no conversation and take nothing away (cascaded deletes run after the parent row).
          `create trigger ${name}_delete before delete on conversations begin
${apply(-1, rows('old'))};
${apply(-1, rowsOf(msg, messageWith('messages m', convOf('old'))))};
end`
        : `create trigger ${name}_delete after delete on ${src.table} begin
${apply(-1, rows('old'))};
end`,
    ];
  });
  const statements = [
    `create table rollups (
  kind text not null,
  period text not null,
  language text not null,
  campaign text not null,
  bot text not null,
  key text not null,
  n integer not null,
  total real not null,
  primary key (kind, period, language, campaign, bot, key)
) without rowid`,
    ...triggers,
    // A conversation's new language, campaign or bot moves its messages' rows too.
    `create trigger rollups_conversations_messages after update of language, source_campaign, bot_id
on conversations when ${changed(col('language', 'source_campaign', 'bot_id'))} begin
${apply(-1, rowsOf(msg, messageWith('messages m', convOf('old'))))};
${apply(1, rowsOf(msg, messageWith('messages m', convOf('new'))))};
end`,
    apply(1, rowsOf(conv, 'conversations c'), true),
    apply(1, rowsOf(msg, messageWith('messages m')), true),
    apply(1, rowsOf(voter, 'voter_profiles v'), true),
    `insert into settings (key, value, updated_at)
values ('${ROLLUP_OFFSET_SETTING}', '${offsetMinutes}', strftime('%Y-%m-%dT%H:%M:%fZ'))
on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
  ];
  return statements;
}

/** The same, as one SQL text (for a migration). */
export function createRollupsSql(offsetMinutes: number): string {
  return rollupStatements(offsetMinutes)
    .map((s) => `${s};`)
    .join('\n\n');
}

/** Statements that remove the rollups and their triggers (before building them again). */
export function dropRollupStatements(): string[] {
  const triggers = rollupStatements(0).flatMap((s) => /^create trigger (\w+)/.exec(s)?.[1] ?? []);
  return [...triggers.map((t) => `drop trigger if exists ${t}`), 'drop table if exists rollups'];
}

/**
 * Builds the rollups again from the records, with days `offsetMinutes` east of UTC: for a new
 * office time zone, or a migration that changes a definition. One transaction.
 */
export function rebuildRollups(s: Store, offsetMinutes: number): void {
  const statements = [...dropRollupStatements(), ...rollupStatements(offsetMinutes)];
  s.transaction(() => {
    for (const text of statements) s.run({ compile: () => sql.raw(text).compile(s.db) });
  });
}
