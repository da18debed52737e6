import type { Migration } from './types';

// The operator desk: named accounts with roles, persistent sessions, who has read what, and
// the approved templates that may be sent outside the 24-hour window.
export const migration0003: Migration = {
  version: 3,
  name: 'desk',
  up: `
CREATE TABLE operators (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','operator')),
  password_hash TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Only a hash of the cookie value is kept: a copied database does not sign anyone in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  operator_id TEXT REFERENCES operators(id) ON DELETE CASCADE,
  actor TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','operator')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE conversation_reads (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  reader TEXT NOT NULL,
  read_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, reader)
);

CREATE TABLE message_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('utility','marketing','authentication')),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (name, language)
);

CREATE INDEX conversations_assigned ON conversations(assigned_operator);
CREATE INDEX conversations_handoff ON conversations(human_handoff, updated_at DESC);
`,
};
