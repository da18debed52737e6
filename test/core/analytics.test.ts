import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/main/core/rpc';
import { seedInsight } from '../helpers/insight-seed';
import { FAKE_ADMIN_TOKEN, startTestCore } from '../helpers/core';

// Issue 6 through the core's public face: the dashboard figures (and that each bar drills down
// to the conversations it counts), the campaign table and QR codes, and the voter export
// over real HTTP in CSV, JSON and XLSX.

let t: Awaited<ReturnType<typeof startTestCore>>;
const admin: CallContext = { actor: 'Anita', transport: 'http', role: 'admin', operatorId: null };
const bearer = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };
beforeAll(async () => {
  t = await startTestCore();
  const s = t.core.store();
  s.transaction(() => seedInsight(s));
});
afterAll(() => t.close());

const range = { from: '2026-11-20T00:00:00Z', to: '2026-11-23T00:00:00Z' };

describe('dashboard', () => {
  it('counts every figure over the range, with shares of one total adding up', async () => {
    const d = await t.core.handlers.getDashboard({ ...range, bucket: 'day' }, admin);
    expect(d).toMatchObject({ conversations: 3, messages: 7, voters: 2 });
    const count = (bars: { key: string; count: number }[]) =>
      Object.fromEntries(bars.filter((b) => b.count).map((b) => [b.key, b.count]));
    expect(count(d.languages)).toEqual({ ta: 2, hi: 1 });
    expect(d.languages.find((l) => l.key === 'ta')!.scripts).toEqual({
      native: 1,
      roman: 0,
      mixed: 1,
      unknown: 1,
    });
    expect(d.languages.find((l) => l.key === 'hi')!.scripts.roman).toBe(1);
    expect(count(d.sentiment)).toEqual({ negative: 1, positive: 1, unknown: 1 });
    expect(count(d.categories)).toEqual({ complaint: 1, inquiry: 1, unknown: 1 });
    for (const bars of [d.languages, d.sentiment, d.categories, d.locations]) {
      expect(bars.reduce((x, b) => x + b.count, 0)).toBe(3);
      expect(bars.reduce((x, b) => x + b.share, 0)).toBeCloseTo(1);
    }
    expect(d.topics.map((b) => [b.key, b.count])).toEqual([
      ['water', 2],
      ['roads', 1],
    ]);
    expect(d.issues.map((b) => [b.key, b.count])).toEqual([['no water', 1]]);
    expect(d.handoff).toMatchObject({ conversations: 3, handedOff: 2 });
    expect(d.handoff.rate).toBeCloseTo(2 / 3);
    expect(count(d.handoff.reasons)).toEqual({ urgent: 1, unknown: 1 });
    expect(d.responseTimes).toEqual({
      bot: { count: 2, p50Seconds: 5, p95Seconds: 20 },
      operator: { count: 1, p50Seconds: 60, p95Seconds: 60 },
    });
    expect(count(d.locations)).toEqual({ Madurai: 2, unknown: 1 });
    expect(count(d.demographics.gender)).toEqual({ female: 1, unknown: 1 });
    expect(count(d.demographics.age_group)).toEqual({ '25-34': 1, unknown: 1 });
    expect(d.referrals).toMatchObject({ referredVoters: 1, withMessages: 1, returning: 1 });
    expect(d.referrals.leaderboard).toEqual([
      { voterId: 'v1', name: 'கவிதா', referralCode: 'CODEV1', referralsMade: 1 },
    ]);
    expect(d.model).toMatchObject({
      promptTokens: 100,
      completionTokens: 50,
      unpriced: ['test-model'],
    });
    expect(d.timeline.map((p) => [p.bucket, p.conversations, p.messages, p.avgSentiment])).toEqual([
      ['2026-11-20', 1, 5, -0.6],
      ['2026-11-21', 1, 2, 0.8],
      ['2026-11-22', 1, 0, null],
    ]);
    const week = await t.core.handlers.getDashboard({ ...range, bucket: 'week' }, admin);
    expect(week.timeline.map((p) => [p.bucket, p.conversations, p.messages])).toEqual([
      ['2026-11-16', 3, 7],
    ]);
  });

  it('filters by language and campaign', async () => {
    const ta = await t.core.handlers.getDashboard({ bucket: 'day', language: 'ta' }, admin);
    // Voters count by their own language: v1 and v4 (whose language defaulted to Tamil).
    expect(ta).toMatchObject({ conversations: 2, messages: 5, voters: 2 });
    const ward = await t.core.handlers.getDashboard({ bucket: 'day', campaign: 'ward5' }, admin);
    expect(ward).toMatchObject({ conversations: 2, messages: 7, voters: 2 });
    // The bot filter: c1 and c2 were answered by the ward desk; voter figures do not depend on it.
    const bot = await t.core.handlers.getDashboard({ bucket: 'day', bot: 'bot-ward' }, admin);
    expect(bot).toMatchObject({ bot: 'bot-ward', conversations: 2, messages: 7, voters: 4 });
    expect(bot.languages.find((l) => l.key === 'hi')!.filter).toMatchObject({ bot: 'bot-ward' });
    const page = await t.core.handlers.listConversations(
      { bot: 'bot-ward', offset: 0, limit: 50 },
      admin,
    );
    expect(page.items.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
  });

  it('maps every bar with a filter to the conversation list it counts', async () => {
    const d = await t.core.handlers.getDashboard({ ...range, bucket: 'day' }, admin);
    const bars = [
      ...d.languages,
      ...d.sentiment,
      ...d.categories,
      ...d.topics,
      ...d.issues,
      ...d.handoff.reasons,
      ...d.locations,
      ...d.timeline.map((p) => ({ key: p.bucket, count: p.conversations, filter: p.filter })),
    ];
    let checked = 0;
    for (const b of bars) {
      if (!b.filter) continue;
      const page = await t.core.handlers.listConversations(
        { ...b.filter, offset: 0, limit: 500 },
        admin,
      );
      expect({ key: b.key, total: page.total }).toEqual({ key: b.key, total: b.count });
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('serves the same figures on the REST analytics endpoint, snake_case, old fields kept', async () => {
    const res = await fetch(
      `${t.adminUrl}/api/whatsapp/conversations/analytics/?from=${range.from}&to=${range.to}`,
      { headers: bearer },
    );
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      conversations: 3,
      by_language: { ta: 2, hi: 1 },
      handoffs: 2,
      handoff: { handed_off: 2 },
      response_times: { bot: { count: 2, p50_seconds: 5 } },
      topics: [{ key: 'water', count: 2, filter: { topic: 'water' } }, { key: 'roads' }],
      referrals: { referred_voters: 1 },
    });
    const drill = await fetch(`${t.adminUrl}/api/whatsapp/conversations/?topic=water`, {
      headers: bearer,
    });
    expect(await drill.json()).toMatchObject({ count: 2 });
  });
});

describe('voter profile page', () => {
  it('shows the profile with their conversations, who referred them and whom they referred', async () => {
    const v1 = await t.core.handlers.getVoter({ id: 'v1' }, admin);
    expect(v1.voter).toMatchObject({ name: 'கவிதா', sourceCampaign: 'ward5', referralsMade: 1 });
    expect(v1.conversations.map((c) => c.id)).toEqual(['c3', 'c1']);
    expect(v1.conversationCount).toBe(2);
    expect(v1.referredBy).toBeNull();
    expect(v1.referred).toEqual([
      {
        id: 'v2',
        name: 'राजेश',
        referralCode: 'CODEV2',
        firstContacted: '2026-11-21T09:00:00.000Z',
      },
    ]);
    const v2 = await t.core.handlers.getVoter({ id: 'v2' }, admin);
    expect(v2.referredBy).toMatchObject({ id: 'v1', referralCode: 'CODEV1' });
    expect(v2.referred).toEqual([]);
    await expect(t.core.handlers.getVoter({ id: 'nobody' }, admin)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('campaigns', () => {
  it('lists conversations, voters joined and referred voters per campaign tag', async () => {
    expect(await t.core.handlers.listCampaigns({}, admin)).toEqual([
      { campaign: 'ward5', conversations: 2, votersJoined: 2, referredVoters: 1 },
      { campaign: 'flyer', conversations: 1, votersJoined: 1, referredVoters: 0 },
    ]);
  });

  it('draws a QR code as SVG or PNG, and refuses what is not a link', async () => {
    const url = 'https://wa.me/919800000000?text=ward5';
    const svg = await t.core.handlers.campaignQr({ url, format: 'svg' }, admin);
    expect(svg.format === 'svg' && svg.svg).toMatch(/^<svg[\s\S]*<path/);
    const png = await t.core.handlers.campaignQr({ url, format: 'png' }, admin);
    if (png.format !== 'png') throw new Error('expected png');
    const bytes = Buffer.from(png.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const res = await fetch(`${t.adminUrl}/api/rpc/campaignQr`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'javascript:alert(1)', format: 'svg' }),
    });
    expect(res.status).toBe(400);
  });
});
