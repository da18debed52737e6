import type { Migration } from './types';

// Indexes for the analytics dashboard and the campaign table: filters by language or
// campaign over a date range, handoff reasons, and the referral figures. Each reply also
// keeps how long the voter waited for it (seconds from the first unanswered voter message),
// recorded when the reply is written, so response-time percentiles need no window scan.
export const migration0004: Migration = {
  version: 4,
  name: 'analytics',
  up: `
CREATE INDEX conversations_language_started ON conversations(language, started_at);
CREATE INDEX conversations_campaign_started ON conversations(source_campaign, started_at)
  WHERE source_campaign IS NOT NULL;
CREATE INDEX conversations_handoff_reason ON conversations(handoff_reason)
  WHERE human_handoff = 1;
CREATE INDEX voter_profiles_referrals_made ON voter_profiles(referrals_made DESC)
  WHERE referrals_made > 0;
CREATE INDEX voter_profiles_referred_by ON voter_profiles(referred_by);

ALTER TABLE messages ADD COLUMN reply_seconds REAL;
WITH t AS (
  SELECT id, conversation_id AS cid, sender, timestamp AS ts,
    coalesce(sum(sender <> 'user') OVER (
      PARTITION BY conversation_id ORDER BY timestamp, rowid
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS g
  FROM messages
), runs AS (
  SELECT max(CASE WHEN sender <> 'user' THEN id END) AS reply_id,
    min(CASE WHEN sender = 'user' THEN ts END) AS first_user
  FROM t GROUP BY cid, g
)
UPDATE messages SET reply_seconds = max(0,
  unixepoch(messages.timestamp, 'subsec') - unixepoch(runs.first_user, 'subsec'))
FROM runs WHERE messages.id = runs.reply_id AND runs.first_user IS NOT NULL;
CREATE INDEX messages_reply_seconds ON messages(conversation_id, sender, reply_seconds)
  WHERE reply_seconds IS NOT NULL;
`,
};
