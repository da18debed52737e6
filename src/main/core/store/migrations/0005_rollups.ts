import { createRollupsSql } from '../rollups';
import type { Migration } from './types';

// Conversations remember the bot that answered them, for the dashboard's bot filter.
// Daily and monthly rollups for the dashboard (see ../rollups.ts), kept by triggers, with days
// in the time zone of the machine that creates them (the office's laptop). Voters remember the
// campaign of their first conversation, so "joined through a campaign" is a fact of the voter
// rather than a search over their conversations.
export const migration0005: Migration = {
  version: 5,
  name: 'rollups',
  up: `
ALTER TABLE voter_profiles ADD COLUMN source_campaign TEXT;
UPDATE voter_profiles SET source_campaign = (
  SELECT c.source_campaign FROM conversations c
  WHERE c.voter_id = voter_profiles.id ORDER BY c.started_at, c.rowid LIMIT 1);
CREATE INDEX voter_profiles_first_contacted ON voter_profiles(first_contacted);
ALTER TABLE conversations ADD COLUMN bot_id TEXT REFERENCES bot_configurations(id) ON DELETE SET NULL;
CREATE INDEX conversations_bot_started ON conversations(bot_id, started_at) WHERE bot_id IS NOT NULL;
${createRollupsSql(-new Date().getTimezoneOffset())}
`,
};
