import { replySeconds } from '../../src/main/core/analytics/reply-time';
import type { Store } from '../../src/main/core/store/db';

// A small store for the analytics and export tests: five voters (Tamil, Hindi, Telugu names,
// one opted out, one formula-looking name, one with a comma, quotes and a line break), four
// conversations with topics, handoffs, campaigns and locations, and timed messages.

const T = '2026-11-20T00:00:00.000Z';

/** Inserts the fixture rows (call inside store.transaction). */
export function seedInsight(s: Store): void {
  const voter = (id: string, o: Record<string, unknown>) =>
    s.run(
      s.db.insertInto('voter_profiles').values({
        id,
        referral_code: `CODE${id.toUpperCase()}`,
        created_at: T,
        updated_at: T,
        ...o,
      }),
    );
  voter('v1', {
    name: 'கவிதா',
    phone_number: '919800000001',
    preferred_language: 'ta',
    demographics: JSON.stringify({
      declared: { gender: 'female' },
      inferred: { age_group: { value: '25-34', confidence: 0.7 } },
    }),
    first_contacted: '2026-11-20T10:00:00.000Z',
    source_campaign: 'ward5',
    referrals_made: 1,
    total_messages_sent: 4,
    interaction_count: 2,
    avg_sentiment_score: -0.6,
    topic_interests: JSON.stringify({ water: 2 }),
  });
  voter('v2', {
    name: 'राजेश',
    phone_number: '919800000002',
    preferred_language: 'hi',
    referred_by: 'v1',
    first_contacted: '2026-11-21T09:00:00.000Z',
    source_campaign: 'ward5',
    total_messages_sent: 2,
    interaction_count: 2,
  });
  voter('v3', {
    name: 'లక్ష్మి',
    phone_number: '919800000003',
    preferred_language: 'te',
    first_contacted: '2026-11-28T08:00:00.000Z',
    source_campaign: 'flyer',
    opted_out_at: '2026-11-29T00:00:00.000Z',
  });
  voter('v4', {
    name: '=HYPERLINK("http://x")',
    phone_number: '14155550123',
    first_contacted: '2026-11-24T00:00:00.000Z',
  });
  voter('v5', { name: 'Ravi, "the" teacher\nline two', phone_number: null, wa_user_id: 'IN.1234' });

  s.run(
    s.db
      .insertInto('bot_configurations')
      .values({ id: 'bot-ward', name: 'Ward desk', created_at: T, updated_at: T }),
  );
  const conv = (id: string, o: Record<string, unknown>) =>
    s.run(
      s.db.insertInto('conversations').values({
        id,
        started_at: T,
        created_at: T,
        updated_at: T,
        ...o,
      } as never),
    );
  conv('c1', {
    voter_id: 'v1',
    language: 'ta',
    started_at: '2026-11-20T10:00:00.000Z',
    sentiment: 'negative',
    sentiment_score: -0.6,
    category: 'complaint',
    topics: JSON.stringify(['water', 'roads']),
    issues: JSON.stringify(['no water']),
    human_handoff: 1,
    handoff_reason: 'urgent',
    user_location: 'Madurai',
    source_campaign: 'ward5',
    bot_id: 'bot-ward',
  });
  conv('c2', {
    voter_id: 'v2',
    language: 'hi',
    started_at: '2026-11-21T09:00:00.000Z',
    sentiment: 'positive',
    sentiment_score: 0.8,
    category: 'inquiry',
    topics: JSON.stringify(['water']),
    source_campaign: 'ward5',
    referral_code: 'CODEV1',
    bot_id: 'bot-ward',
  });
  conv('c3', {
    voter_id: 'v1',
    language: 'ta',
    started_at: '2026-11-22T12:00:00.000Z',
    human_handoff: 1,
    user_location: 'Madurai',
  });
  conv('c4', {
    voter_id: 'v3',
    language: 'te',
    started_at: '2026-11-28T08:00:00.000Z',
    source_campaign: 'flyer',
  });
  let n = 0;
  const msg = (cid: string, sender: string, ts: string, o: Record<string, unknown> = {}) =>
    s.run(
      s.db.insertInto('messages').values({
        id: `m${++n}`,
        conversation_id: cid,
        sender,
        timestamp: ts,
        created_at: ts,
        // What the write paths (queueText, sendTemplate) record for a reply.
        reply_seconds: sender === 'user' ? null : replySeconds(s, cid, ts),
        ...o,
      }),
    );
  const script = (x: string) => ({ entities: JSON.stringify({ script: x }) });
  msg('c1', 'user', '2026-11-20T10:00:00.000Z', script('native'));
  msg('c1', 'user', '2026-11-20T10:00:10.000Z');
  msg('c1', 'bot', '2026-11-20T10:00:20.000Z', {
    prompt_tokens: 100,
    completion_tokens: 50,
    model_used: 'test-model',
  });
  msg('c1', 'user', '2026-11-20T10:05:00.000Z', script('mixed'));
  msg('c1', 'human', '2026-11-20T10:06:00.000Z');
  msg('c2', 'user', '2026-11-21T09:00:00.000Z', script('roman'));
  msg('c2', 'bot', '2026-11-21T09:00:05.000Z');
  msg('c4', 'user', '2026-11-28T08:00:00.000Z', script('native'));
}
