import { describe, expect, it } from 'vitest';
import {
  dashboardCharts,
  describeDrill,
  drillAt,
  drillLinks,
  handoffChart,
  inboxHref,
  languageChart,
  parseDrill,
  responseTimeChart,
  sentimentTrendChart,
  timelineChart,
  topicChart,
} from '../../src/renderer/src/features/analytics/charts';
import { sentimentHistoryChart } from '../../src/renderer/src/features/voters/voterCharts';
import { qrFileBase } from '../../src/renderer/src/features/campaigns/QrCode';
import type { Dashboard } from '../../src/shared/model';

const base = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
const zero = { positive: 0, neutral: 0, negative: 0, unknown: 0 };

const dashboard: Dashboard = {
  ...base,
  bucket: 'day',
  language: null,
  campaign: 'ward-12',
  bot: null,
  conversations: 3,
  messages: 9,
  voters: 3,
  timeline: [
    {
      bucket: '2026-01-05',
      conversations: 2,
      messages: 6,
      avgSentiment: 0.5,
      sentiment: { ...zero, positive: 1, unknown: 1 },
      filter: { from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00.000Z' },
    },
    {
      bucket: '2026-01-06',
      conversations: 1,
      messages: 3,
      avgSentiment: null,
      sentiment: { ...zero, negative: 1 },
      filter: { from: '2026-01-06T00:00:00.000Z', to: '2026-01-07T00:00:00.000Z' },
    },
  ],
  languages: [
    {
      key: 'ta',
      count: 2,
      share: 2 / 3,
      filter: { ...base, language: 'ta' },
      scripts: { native: 3, roman: 1, mixed: 0, unknown: 0 },
    },
    {
      key: 'en',
      count: 1,
      share: 1 / 3,
      filter: { ...base, language: 'en' },
      scripts: { native: 0, roman: 2, mixed: 0, unknown: 0 },
    },
  ],
  sentiment: [
    { key: 'positive', count: 1, share: 1 / 3, filter: { ...base, sentiment: 'positive' } },
    { key: 'unknown', count: 2, share: 2 / 3, filter: null },
  ],
  categories: [
    { key: 'complaint', count: 3, share: 1, filter: { ...base, category: 'complaint' } },
  ],
  topics: [
    { key: 'water', count: 2, share: 2 / 3, filter: { ...base, topic: 'water' } },
    { key: 'roads', count: 1, share: 1 / 3, filter: { ...base, topic: 'roads' } },
  ],
  issues: [],
  handoff: {
    conversations: 3,
    handedOff: 1,
    rate: 1 / 3,
    reasons: [
      {
        key: 'low_confidence',
        count: 1,
        share: 1,
        filter: { ...base, handoffReason: 'low_confidence' },
      },
    ],
  },
  responseTimes: {
    bot: { count: 4, p50Seconds: 2, p95Seconds: 5 },
    operator: { count: 0, p50Seconds: null, p95Seconds: null },
  },
  locations: [{ key: 'unknown', count: 3, share: 1, filter: null }],
  demographics: { age_group: [], gender: [], occupation: [], location: [] },
  referrals: { referredVoters: 2, withMessages: 1, returning: 0, leaderboard: [] },
  model: { promptTokens: 100, completionTokens: 20, cost: { INR: 0.5 }, unpriced: [] },
};

describe('dashboard charts', () => {
  it('draws a chart for every figure, each with a drill target per data point', () => {
    const charts = dashboardCharts(dashboard);
    const ids = charts.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'timeline',
        'sentiment-trend',
        'languages',
        'scripts',
        'categories',
        'topics',
        'issues',
        'handoff',
        'handoff-reasons',
        'response-times',
        'tokens',
        'referral-funnel',
        'referral-leaderboard',
        'locations',
        'demographic-gender',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of charts) {
      expect(c.drill).toHaveLength(c.data.datasets.length);
      c.data.datasets.forEach((ds, i) => expect(c.drill[i]).toHaveLength(ds.data.length));
      expect(c.options.responsive).toBe(true);
    }
  });

  it('timeline: conversations and messages per bucket, drilling to the bucket', () => {
    const c = timelineChart(dashboard);
    expect(c.type).toBe('bar');
    expect(c.data.labels).toEqual(['2026-01-05', '2026-01-06']);
    expect(c.data.datasets.map((d) => d.data)).toEqual([
      [2, 1],
      [6, 3],
    ]);
    expect(drillAt(c, 1, 1)).toEqual(dashboard.timeline[1]!.filter);
    expect(drillLinks(c).map((l) => [l.label, l.count])).toEqual([
      ['2026-01-05', 2],
      ['2026-01-06', 1],
    ]);
  });

  it('sentiment trend stacks sentiments and drills to bucket + sentiment', () => {
    const c = sentimentTrendChart(dashboard);
    expect(c.options.scales?.x?.stacked).toBe(true);
    expect(c.data.datasets.map((d) => d.label)).toEqual([
      'Positive',
      'Negative',
      'Neutral',
      'Unknown',
    ]);
    expect(c.data.datasets[1]!.data).toEqual([0, 1]);
    expect(drillAt(c, 0, 0)).toEqual({ ...dashboard.timeline[0]!.filter, sentiment: 'positive' });
    expect(drillAt(c, 3, 0)).toEqual(dashboard.timeline[0]!.filter);
    expect(c.caption).toContain('0.50');
    expect(drillLinks(c)).toEqual([]);
  });

  it('breakdowns label keys and keep the server filter (null for unknown)', () => {
    const lang = languageChart(dashboard);
    expect(lang.type).toBe('doughnut');
    expect(lang.data.labels).toEqual(['Tamil · தமிழ்', 'English']);
    expect(drillAt(lang, 0, 0)).toEqual({ ...base, language: 'ta' });
    const topics = topicChart(dashboard);
    expect(topics.options.indexAxis).toBe('y');
    expect(drillLinks(topics).map((l) => l.filter.topic)).toEqual(['water', 'roads']);
    const sentiment = dashboardCharts(dashboard).find((c) => c.id === 'sentiment')!;
    expect(drillAt(sentiment, 0, 1)).toBeNull();
    expect(drillAt(sentiment, 5, 5)).toBeNull();
  });

  it('handoff slices drill to handed-off and bot-only conversations within the filters', () => {
    const c = handoffChart(dashboard);
    expect(c.data.datasets[0]!.data).toEqual([1, 2]);
    expect(drillAt(c, 0, 0)).toEqual({ ...base, campaign: 'ward-12', humanHandoff: true });
    expect(drillAt(c, 0, 1)).toEqual({ ...base, campaign: 'ward-12', humanHandoff: false });
    expect(c.caption).toContain('33.3%');
  });

  it('response times compare bot and operator p50/p95 without drill-down', () => {
    const c = responseTimeChart(dashboard);
    expect(c.data.datasets.map((d) => d.data)).toEqual([
      [2, 5],
      [null, null],
    ]);
    expect(drillAt(c, 0, 0)).toBeNull();
  });
});

describe('inbox drill-down addresses', () => {
  it('round-trips a filter through the hash query', () => {
    const f = { ...base, topic: 'water & power', humanHandoff: false, language: 'ta' as const };
    const href = inboxHref(f);
    expect(href.startsWith('#/inbox?')).toBe(true);
    expect(parseDrill(href.slice('#/inbox?'.length))).toEqual(f);
    expect(inboxHref({})).toBe('#/inbox');
  });

  it('drops unknown keys and invalid values', () => {
    expect(parseDrill('language=xx&sentiment=happy&category=feedback&bogus=1&topic=')).toEqual({
      category: 'feedback',
    });
    expect(describeDrill({ topic: 'water', humanHandoff: true })).toBe('handed off, topic water');
  });
});

describe('voter sentiment history chart', () => {
  it('puts the scores in time order, coloured by sign, with the average in the caption', () => {
    const spec = sentimentHistoryChart([
      { date: '2026-11-21T10:00:00.000Z', score: -0.6 },
      { date: '2026-11-20T09:00:00.000Z', score: 0.5 },
      { date: '2026-11-22T08:30:00.000Z', score: 0.05 },
    ]);
    expect(spec.data.labels).toEqual(['2026-11-20 09:00', '2026-11-21 10:00', '2026-11-22 08:30']);
    expect(spec.data.datasets[0]!.data).toEqual([0.5, -0.6, 0.05]);
    expect(spec.data.datasets[0]!.backgroundColor).toEqual(['#2e7d32', '#d32f2f', '#757575']);
    expect(spec.caption).toBe('3 analysed messages, average -0.02 (−1 to 1).');
    expect(spec.drill).toEqual([[null, null, null]]);
    expect(spec.empty).toBe(false);
    expect(sentimentHistoryChart([{ date: '2026-11-20T09:00:00.000Z', score: 0 }]).empty).toBe(
      false,
    );
    expect(sentimentHistoryChart([])).toMatchObject({
      caption: 'No message analysed yet.',
      empty: true,
    });
  });
});

describe('QR file names', () => {
  it('come from the campaign tag, without characters a file system refuses', () => {
    expect(qrFileBase('[camp:ward-12]')).toBe('whatsapp-qr-ward-12');
    expect(qrFileBase('[ref:ABCD2345 camp:ward-12]')).toBe('whatsapp-qr-ref-ABCD2345-ward-12');
    expect(qrFileBase(null)).toBe('whatsapp-qr');
  });
});
