import type { Migration } from './types';

// The data model of DATA-MODEL.md, plus the tables the channel and pipeline start from:
// raw webhook events, durable jobs, the outbox, settings and the audit log.
// JSON fields are TEXT holding JSON; booleans are 0/1; times are UTC ISO-8601 text.
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE voter_profiles (
  id TEXT PRIMARY KEY,
  phone_number TEXT UNIQUE,
  wa_user_id TEXT UNIQUE,
  name TEXT,
  preferred_language TEXT NOT NULL DEFAULT 'ta' CHECK (preferred_language IN ('ta','en','hi','te')),
  location_data TEXT NOT NULL DEFAULT '{}',
  demographics TEXT NOT NULL DEFAULT '{}',
  political_lean TEXT,
  interaction_count INTEGER NOT NULL DEFAULT 0,
  total_messages_sent INTEGER NOT NULL DEFAULT 0,
  avg_sentiment_score REAL CHECK (avg_sentiment_score IS NULL OR avg_sentiment_score BETWEEN -1 AND 1),
  last_contacted TEXT,
  first_contacted TEXT,
  topic_interests TEXT NOT NULL DEFAULT '{}',
  issues_raised TEXT NOT NULL DEFAULT '[]',
  sentiment_history TEXT NOT NULL DEFAULT '[]',
  referral_code TEXT NOT NULL UNIQUE,
  referrals_made INTEGER NOT NULL DEFAULT 0,
  referred_by TEXT REFERENCES voter_profiles(id) ON DELETE SET NULL,
  last_inbound_at TEXT,
  opted_out_at TEXT,
  opt_out_method TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (phone_number IS NOT NULL OR wa_user_id IS NOT NULL)
);
CREATE INDEX voter_profiles_last_contacted ON voter_profiles(last_contacted DESC);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  voter_id TEXT REFERENCES voter_profiles(id) ON DELETE CASCADE,
  phone_number TEXT,
  wa_user_id TEXT,
  user_name TEXT,
  user_location TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_seconds INTEGER,
  message_count INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'ta' CHECK (language IN ('ta','en','hi','te')),
  channel TEXT NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp','simulator')),
  sentiment TEXT CHECK (sentiment IN ('positive','negative','neutral')),
  sentiment_score REAL CHECK (sentiment_score IS NULL OR sentiment_score BETWEEN -1 AND 1),
  category TEXT CHECK (category IN ('feedback','complaint','suggestion','inquiry','political')),
  priority TEXT CHECK (priority IN ('high','medium','low')),
  topics TEXT NOT NULL DEFAULT '[]',
  keywords TEXT NOT NULL DEFAULT '[]',
  issues TEXT NOT NULL DEFAULT '[]',
  demographics TEXT NOT NULL DEFAULT '{}',
  political_lean TEXT,
  ai_confidence REAL,
  satisfaction_score REAL,
  resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0,1)),
  human_handoff INTEGER NOT NULL DEFAULT 0 CHECK (human_handoff IN (0,1)),
  session_id TEXT,
  source_campaign TEXT,
  referral_code TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX conversations_phone_number ON conversations(phone_number);
CREATE INDEX conversations_started_at ON conversations(started_at);
CREATE INDEX conversations_updated_at ON conversations(updated_at DESC);
CREATE INDEX conversations_voter ON conversations(voter_id, started_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  sender TEXT NOT NULL CHECK (sender IN ('user','bot','human')),
  message_type TEXT NOT NULL DEFAULT 'text',
  content TEXT NOT NULL DEFAULT '',
  media_url TEXT,
  whatsapp_message_id TEXT UNIQUE,
  timestamp TEXT NOT NULL,
  intent TEXT,
  confidence REAL,
  sentiment TEXT CHECK (sentiment IN ('positive','negative','neutral')),
  entities TEXT NOT NULL DEFAULT '{}',
  language TEXT CHECK (language IN ('ta','en','hi','te')),
  processed INTEGER NOT NULL DEFAULT 0 CHECK (processed IN (0,1)),
  processing_error TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  model_used TEXT,
  delivery_status TEXT CHECK (delivery_status IN ('queued','sent','delivered','read','failed')),
  delivery_error TEXT,
  operator_name TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX messages_conversation_timestamp ON messages(conversation_id, timestamp);
CREATE INDEX messages_timestamp ON messages(timestamp);

CREATE TABLE bot_configurations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  personality TEXT NOT NULL DEFAULT 'friendly' CHECK (personality IN ('formal','friendly','professional','casual')),
  languages TEXT NOT NULL DEFAULT '["ta","en","hi","te"]',
  channels TEXT NOT NULL DEFAULT '["whatsapp","simulator"]',
  ai_model TEXT NOT NULL DEFAULT '',
  system_prompt TEXT NOT NULL DEFAULT '',
  custom_prompts TEXT NOT NULL DEFAULT '{}',
  knowledge_base TEXT NOT NULL DEFAULT '[]',
  response_time_target REAL NOT NULL DEFAULT 30,
  max_conversation_length INTEGER NOT NULL DEFAULT 50 CHECK (max_conversation_length > 0),
  auto_handoff_threshold REAL NOT NULL DEFAULT 0.3 CHECK (auto_handoff_threshold BETWEEN 0 AND 1),
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1)),
  total_conversations INTEGER NOT NULL DEFAULT 0,
  accuracy_rate REAL,
  satisfaction_rate REAL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- At most one active bot.
CREATE UNIQUE INDEX bot_configurations_one_active ON bot_configurations(active) WHERE active = 1;

-- Every webhook body exactly as received (the signature covers these bytes).
CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL CHECK (source IN ('whatsapp','simulator')),
  received_at TEXT NOT NULL,
  body TEXT NOT NULL,
  signature TEXT,
  processed_at TEXT,
  error TEXT
);

-- Durable work queue: a job runs at most once to completion; running jobs found at start resume.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  dedupe_key TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at TEXT NOT NULL,
  locked_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

-- Every outgoing send, so nothing is sent twice and every retry is visible.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  message_id TEXT REFERENCES messages(id) ON DELETE SET NULL,
  conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('whatsapp','simulator')),
  recipient TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','failed','alert')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  whatsapp_message_id TEXT UNIQUE,
  last_error_code INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
`,
};
