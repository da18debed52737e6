import type { ChartData, ChartOptions, ChartType } from 'chart.js';
import type {
  Bar,
  Category,
  Dashboard,
  DrillFilter,
  Language,
  Sentiment,
} from '../../../../shared/model';
import { CATEGORIES, LANGUAGES, SENTIMENTS } from '../../../../shared/model';
import { categoryLabel, handoffReasonLabel, languageLabel, sentimentLabel } from '../../lib/format';

// Every chart of the Analytics page as plain data: the dashboard in, chart.js `data` and
// `options` out, plus the inbox filter each bar or slice drills down to. No React, no DOM,
// so it is unit-tested in node.

export interface ChartSpec<T extends ChartType = ChartType> {
  id: string;
  title: string;
  type: T;
  data: ChartData<T>;
  options: ChartOptions<T>;
  /** drill[datasetIndex][dataIndex]: the inbox filter that element opens, or null. */
  drill: Array<Array<DrillFilter | null>>;
  /** Shown under the title (totals, rates); optional. */
  caption?: string;
  /** Whether there is nothing to draw; by default, when every value is zero or missing. */
  empty?: boolean;
}

export const PALETTE = [
  '#1976d2',
  '#2e7d32',
  '#ed6c02',
  '#9c27b0',
  '#d32f2f',
  '#0288d1',
  '#7b1fa2',
  '#558b2f',
  '#f9a825',
  '#6d4c41',
];
const SENTIMENT_COLORS: Record<Sentiment | 'unknown', string> = {
  positive: '#2e7d32',
  neutral: '#757575',
  negative: '#d32f2f',
  unknown: '#bdbdbd',
};
const GREY = '#bdbdbd';

export const colorAt = (i: number): string => PALETTE[i % PALETTE.length] ?? '#1976d2';

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** The human label of a breakdown key (unknown/other included). */
export function barLabel(kind: string, key: string): string {
  if (key === 'unknown') return 'Unknown';
  if (key === 'other') return 'Other';
  if (kind === 'language') return languageLabel(key);
  if (kind === 'sentiment' && isOneOf(SENTIMENTS, key)) return sentimentLabel(key);
  if (kind === 'category' && isOneOf(CATEGORIES, key)) return categoryLabel(key);
  if (kind === 'handoffReason') return handoffReasonLabel(key);
  return key;
}

/** The dashboard's own filters as a drill filter (the base of the synthetic figures). */
export function baseFilter(d: Dashboard): DrillFilter {
  const f: DrillFilter = {};
  if (d.from) f.from = d.from;
  if (d.to) f.to = d.to;
  if (d.language) f.language = d.language;
  if (d.campaign) f.campaign = d.campaign;
  return f;
}

function legend(display: boolean) {
  return { display, position: 'bottom' as const };
}

function barOptions(horizontal: boolean, stacked = false, showLegend = false): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: horizontal ? 'y' : 'x',
    plugins: { legend: legend(showLegend) },
    scales: {
      x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
    },
  };
}

function doughnutOptions(): ChartOptions<'doughnut'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: legend(true) },
  };
}

/** One bar per breakdown entry; each bar drills to its own filter. */
export function breakdownChart(
  id: string,
  title: string,
  bars: Bar[],
  opts: { kind?: string; horizontal?: boolean; label?: string } = {},
): ChartSpec<'bar'> {
  return {
    id,
    title,
    type: 'bar',
    data: {
      labels: bars.map((b) => barLabel(opts.kind ?? '', b.key)),
      datasets: [
        {
          label: opts.label ?? 'Conversations',
          data: bars.map((b) => b.count),
          backgroundColor: bars.map((b, i) =>
            b.key === 'unknown' || b.key === 'other' ? GREY : colorAt(i),
          ),
        },
      ],
    },
    options: barOptions(opts.horizontal ?? true),
    drill: [bars.map((b) => b.filter)],
  };
}

function doughnutChart(
  id: string,
  title: string,
  bars: Bar[],
  kind: string,
  colors?: (key: string, i: number) => string,
): ChartSpec<'doughnut'> {
  return {
    id,
    title,
    type: 'doughnut',
    data: {
      labels: bars.map((b) => barLabel(kind, b.key)),
      datasets: [
        {
          label: 'Conversations',
          data: bars.map((b) => b.count),
          backgroundColor: bars.map((b, i) =>
            colors ? colors(b.key, i) : b.key === 'unknown' ? GREY : colorAt(i),
          ),
        },
      ],
    },
    options: doughnutOptions(),
    drill: [bars.map((b) => b.filter)],
  };
}

/** Conversations and messages per bucket; each bucket drills to its date range. */
export function timelineChart(d: Dashboard): ChartSpec<'bar'> {
  const drill = d.timeline.map((p) => p.filter);
  return {
    id: 'timeline',
    title: `Conversations and messages per ${d.bucket}`,
    type: 'bar',
    data: {
      labels: d.timeline.map((p) => p.bucket),
      datasets: [
        {
          label: 'Conversations',
          data: d.timeline.map((p) => p.conversations),
          backgroundColor: colorAt(0),
        },
        { label: 'Messages', data: d.timeline.map((p) => p.messages), backgroundColor: colorAt(1) },
      ],
    },
    options: barOptions(false, false, true),
    drill: [drill, drill],
  };
}

/** Conversations per bucket by sentiment (stacked), each segment drilling to bucket + sentiment. */
export function sentimentTrendChart(d: Dashboard): ChartSpec<'bar'> {
  const keys = [...SENTIMENTS, 'unknown'] as const;
  return {
    id: 'sentiment-trend',
    title: 'Sentiment trend',
    caption: averageSentimentCaption(d),
    type: 'bar',
    data: {
      labels: d.timeline.map((p) => p.bucket),
      datasets: keys.map((k) => ({
        label: sentimentLabel(k),
        data: d.timeline.map((p) => p.sentiment[k] ?? 0),
        backgroundColor: SENTIMENT_COLORS[k],
      })),
    },
    options: barOptions(false, true, true),
    drill: keys.map((k) =>
      d.timeline.map((p) => (k === 'unknown' ? p.filter : { ...p.filter, sentiment: k })),
    ),
  };
}

function averageSentimentCaption(d: Dashboard): string {
  const scores = d.timeline.map((p) => p.avgSentiment).filter((s): s is number => s !== null);
  if (!scores.length) return 'No sentiment scores yet.';
  const last = scores[scores.length - 1] ?? 0;
  return `Latest average score ${last.toFixed(2)} (−1 to 1).`;
}

export function sentimentChart(d: Dashboard): ChartSpec<'doughnut'> {
  return doughnutChart(
    'sentiment',
    'Sentiment',
    d.sentiment,
    'sentiment',
    (k) => SENTIMENT_COLORS[k as Sentiment | 'unknown'] ?? GREY,
  );
}

export function languageChart(d: Dashboard): ChartSpec<'doughnut'> {
  return doughnutChart('languages', 'Language mix', d.languages, 'language');
}

/** Voter messages per language by script (native, roman, mixed), stacked. */
export function scriptChart(d: Dashboard): ChartSpec<'bar'> {
  const scripts = ['native', 'roman', 'mixed', 'unknown'] as const;
  const names = {
    native: 'Native script',
    roman: 'Roman script',
    mixed: 'Mixed',
    unknown: 'Unknown',
  };
  return {
    id: 'scripts',
    title: 'Script of voter messages',
    type: 'bar',
    data: {
      labels: d.languages.map((b) => barLabel('language', b.key)),
      datasets: scripts.map((s, i) => ({
        label: names[s],
        data: d.languages.map((b) => b.scripts[s] ?? 0),
        backgroundColor: s === 'unknown' ? GREY : colorAt(i),
      })),
    },
    options: barOptions(false, true, true),
    drill: scripts.map(() => d.languages.map((b) => b.filter)),
  };
}

export function categoryChart(d: Dashboard): ChartSpec<'bar'> {
  return breakdownChart('categories', 'Categories', d.categories, { kind: 'category' });
}

export function topicChart(d: Dashboard): ChartSpec<'bar'> {
  return breakdownChart('topics', 'Top topics', d.topics);
}

export function issueChart(d: Dashboard): ChartSpec<'bar'> {
  return breakdownChart('issues', 'Top issues', d.issues);
}

/** Handed to a person or not; each slice drills to conversations with/without a handoff. */
export function handoffChart(d: Dashboard): ChartSpec<'doughnut'> {
  const base = baseFilter(d);
  const { conversations, handedOff, rate } = d.handoff;
  return {
    id: 'handoff',
    title: 'Handoff rate',
    caption: `${(rate * 100).toFixed(1)}% of ${conversations} conversations went to a person.`,
    type: 'doughnut',
    data: {
      labels: ['Handed to a person', 'Bot only'],
      datasets: [
        {
          label: 'Conversations',
          data: [handedOff, Math.max(0, conversations - handedOff)],
          backgroundColor: [colorAt(2), colorAt(0)],
        },
      ],
    },
    options: doughnutOptions(),
    drill: [
      [
        { ...base, humanHandoff: true },
        { ...base, humanHandoff: false },
      ],
    ],
  };
}

export function handoffReasonChart(d: Dashboard): ChartSpec<'bar'> {
  return breakdownChart('handoff-reasons', 'Handoff reasons', d.handoff.reasons, {
    kind: 'handoffReason',
  });
}

/** Response times p50/p95 in seconds, bot against operator (no drill-down: not a list). */
export function responseTimeChart(d: Dashboard): ChartSpec<'bar'> {
  const { bot, operator } = d.responseTimes;
  return {
    id: 'response-times',
    title: 'Response times (seconds)',
    caption: `Measured replies: bot ${bot.count}, operator ${operator.count}.`,
    type: 'bar',
    data: {
      labels: ['p50', 'p95'],
      datasets: [
        { label: 'Bot', data: [bot.p50Seconds, bot.p95Seconds], backgroundColor: colorAt(0) },
        {
          label: 'Operator',
          data: [operator.p50Seconds, operator.p95Seconds],
          backgroundColor: colorAt(2),
        },
      ],
    },
    options: barOptions(false, false, true),
    drill: [
      [null, null],
      [null, null],
    ],
  };
}

export function referralFunnelChart(d: Dashboard): ChartSpec<'bar'> {
  const r = d.referrals;
  return {
    id: 'referral-funnel',
    title: 'Referral funnel',
    type: 'bar',
    data: {
      labels: ['Referred voters', 'Sent a message', 'Came back'],
      datasets: [
        {
          label: 'Voters',
          data: [r.referredVoters, r.withMessages, r.returning],
          backgroundColor: [colorAt(0), colorAt(1), colorAt(2)],
        },
      ],
    },
    options: barOptions(false),
    drill: [[null, null, null]],
  };
}

export function referralLeaderboardChart(d: Dashboard): ChartSpec<'bar'> {
  const leaders = d.referrals.leaderboard;
  return {
    id: 'referral-leaderboard',
    title: 'Referral leaderboard',
    type: 'bar',
    data: {
      labels: leaders.map((l) => `${l.name ?? 'Unnamed'} (${l.referralCode})`),
      datasets: [
        {
          label: 'Referrals',
          data: leaders.map((l) => l.referralsMade),
          backgroundColor: leaders.map((_, i) => colorAt(i)),
        },
      ],
    },
    options: barOptions(true),
    drill: [leaders.map(() => null)],
  };
}

function formatCost(cost: Record<string, number>): string {
  const parts = Object.entries(cost).map(([cur, n]) => `${n.toFixed(2)} ${cur}`);
  return parts.length ? parts.join(', ') : 'no priced model';
}

export function tokenChart(d: Dashboard): ChartSpec<'bar'> {
  const m = d.model;
  const unpriced = m.unpriced.length ? `; no price for ${m.unpriced.join(', ')}` : '';
  return {
    id: 'tokens',
    title: 'Tokens and cost',
    caption: `Cost: ${formatCost(m.cost)}${unpriced}.`,
    type: 'bar',
    data: {
      labels: ['Prompt', 'Completion'],
      datasets: [
        {
          label: 'Tokens',
          data: [m.promptTokens, m.completionTokens],
          backgroundColor: [colorAt(0), colorAt(3)],
        },
      ],
    },
    options: barOptions(false),
    drill: [[null, null]],
  };
}

export function locationChart(d: Dashboard): ChartSpec<'bar'> {
  return breakdownChart('locations', 'Locations', d.locations);
}

const DEMOGRAPHIC_TITLES = {
  age_group: 'Age group',
  gender: 'Gender',
  occupation: 'Occupation',
  location: 'Voter location',
} as const;

export function demographicCharts(d: Dashboard): Array<ChartSpec<'bar'>> {
  return (Object.keys(DEMOGRAPHIC_TITLES) as Array<keyof typeof DEMOGRAPHIC_TITLES>).map((k) =>
    breakdownChart(`demographic-${k}`, DEMOGRAPHIC_TITLES[k], d.demographics[k] ?? [], {
      label: 'New voters',
    }),
  );
}

export type AnyChartSpec = ChartSpec<'bar'> | ChartSpec<'doughnut'>;

/** Every chart of the page, in display order. */
export function dashboardCharts(d: Dashboard): AnyChartSpec[] {
  return [
    timelineChart(d),
    sentimentTrendChart(d),
    sentimentChart(d),
    languageChart(d),
    scriptChart(d),
    categoryChart(d),
    topicChart(d),
    issueChart(d),
    handoffChart(d),
    handoffReasonChart(d),
    responseTimeChart(d),
    tokenChart(d),
    referralFunnelChart(d),
    referralLeaderboardChart(d),
    locationChart(d),
    ...demographicCharts(d),
  ];
}

/** The filter a clicked element opens, or null (out of range or not drillable). */
export function drillAt(
  spec: AnyChartSpec,
  datasetIndex: number,
  index: number,
): DrillFilter | null {
  return spec.drill[datasetIndex]?.[index] ?? null;
}

// --- Inbox drill-down addresses: `#/inbox?topic=water&from=...` ---

const STRING_KEYS = [
  'campaign',
  'bot',
  'topic',
  'issue',
  'handoffReason',
  'location',
  'from',
  'to',
] as const;

/** The inbox address showing the conversations of a filter. */
export function inboxHref(filter: DrillFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter) as Array<[string, unknown]>) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const q = params.toString();
  return q ? `#/inbox?${q}` : '#/inbox';
}

/** Reads a drill filter from an address query, keeping only known keys with valid values. */
export function parseDrill(query: string): DrillFilter {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const f: DrillFilter = {};
  const language = params.get('language');
  if (language && isOneOf<Language>(LANGUAGES, language)) f.language = language;
  const sentiment = params.get('sentiment');
  if (sentiment && isOneOf<Sentiment>(SENTIMENTS, sentiment)) f.sentiment = sentiment;
  const category = params.get('category');
  if (category && isOneOf<Category>(CATEGORIES, category)) f.category = category;
  const handoff = params.get('humanHandoff');
  if (handoff === 'true' || handoff === 'false') f.humanHandoff = handoff === 'true';
  for (const k of STRING_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v.slice(0, 200);
  }
  return f;
}

/** A short description of a drill filter, for the inbox's "showing" chip. */
export function describeDrill(f: DrillFilter): string {
  const parts: string[] = [];
  if (f.language) parts.push(`language ${languageLabel(f.language)}`);
  if (f.sentiment) parts.push(`sentiment ${sentimentLabel(f.sentiment)}`);
  if (f.category) parts.push(`category ${categoryLabel(f.category)}`);
  if (f.campaign) parts.push(`campaign ${f.campaign}`);
  if (f.bot) parts.push('answered by the chosen bot');
  if (f.humanHandoff !== undefined) parts.push(f.humanHandoff ? 'handed off' : 'not handed off');
  if (f.topic) parts.push(`topic ${f.topic}`);
  if (f.issue) parts.push(`issue ${f.issue}`);
  if (f.handoffReason) parts.push(`handoff reason ${handoffReasonLabel(f.handoffReason)}`);
  if (f.location) parts.push(`location ${f.location}`);
  if (f.from || f.to)
    parts.push(`started ${f.from?.slice(0, 10) ?? '…'} to ${f.to?.slice(0, 10) ?? '…'}`);
  return parts.join(', ');
}

export interface DrillLink {
  label: string;
  count: number;
  filter: DrillFilter;
}

/**
 * The drill-down links shown under a chart (the same targets as its bars and slices, for the
 * keyboard and for people who cannot click a canvas): one per labelled element of single-series
 * charts and of the timeline; none for stacked or comparison charts.
 */
export function drillLinks(spec: AnyChartSpec): DrillLink[] {
  if (spec.data.datasets.length !== 1 && spec.id !== 'timeline') return [];
  const labels = (spec.data.labels ?? []) as unknown[];
  const values = (spec.data.datasets[0]?.data ?? []) as unknown[];
  const links: DrillLink[] = [];
  labels.forEach((label, i) => {
    const filter = drillAt(spec, 0, i);
    const count = values[i];
    if (filter && typeof count === 'number' && count > 0)
      links.push({ label: String(label), count, filter });
  });
  return links;
}
