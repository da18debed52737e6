import type { Migration } from './types';

// The WhatsApp channel: every inbound message and status is staged as received (deduplicated
// by wamid) before the webhook is acknowledged; jobs run per lane (one voter's messages in order).
export const migration0002: Migration = {
  version: 2,
  name: 'channel',
  up: `
ALTER TABLE webhook_events ADD COLUMN body_sha256 TEXT;
CREATE UNIQUE INDEX webhook_events_body_sha256 ON webhook_events(body_sha256);

CREATE TABLE inbound_messages (
  wamid TEXT PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES webhook_events(id),
  channel TEXT NOT NULL CHECK (channel IN ('whatsapp','simulator')),
  phone_number_id TEXT,
  from_phone TEXT,
  from_user_id TEXT,
  sent_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  message_id TEXT REFERENCES messages(id) ON DELETE SET NULL
);

CREATE TABLE message_statuses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  wamid TEXT NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  recipient TEXT,
  errors TEXT NOT NULL DEFAULT '[]',
  payload TEXT NOT NULL DEFAULT '{}',
  event_id INTEGER REFERENCES webhook_events(id),
  UNIQUE (wamid, status)
);

ALTER TABLE jobs ADD COLUMN lane TEXT;
CREATE INDEX jobs_lane ON jobs(lane, status);

ALTER TABLE conversations ADD COLUMN last_message_at TEXT;
ALTER TABLE conversations ADD COLUMN handoff_reason TEXT;
ALTER TABLE conversations ADD COLUMN assigned_operator TEXT;
CREATE INDEX conversations_open ON conversations(voter_id, channel, ended_at);

ALTER TABLE voter_profiles ADD COLUMN opt_out_confirmed_at TEXT;

-- Problems Meta reports about the account or the app (value.errors), kept for the Settings page.
CREATE TABLE channel_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  code INTEGER,
  title TEXT,
  message TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  resolved_at TEXT
);
`,
};
