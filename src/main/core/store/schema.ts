import type { Generated } from 'kysely';

// Kysely types describe the rows as SQLite holds them: booleans 0/1, JSON as text.
// Conversion to the contract's types happens once per table, in mappers.ts.

export interface VoterProfilesTable {
  id: string;
  phone_number: string | null;
  wa_user_id: string | null;
  name: string | null;
  preferred_language: Generated<string>;
  location_data: Generated<string>;
  demographics: Generated<string>;
  political_lean: string | null;
  interaction_count: Generated<number>;
  total_messages_sent: Generated<number>;
  avg_sentiment_score: number | null;
  last_contacted: string | null;
  first_contacted: string | null;
  topic_interests: Generated<string>;
  issues_raised: Generated<string>;
  sentiment_history: Generated<string>;
  referral_code: string;
  referrals_made: Generated<number>;
  referred_by: string | null;
  last_inbound_at: string | null;
  opted_out_at: string | null;
  opt_out_method: string | null;
  opt_out_confirmed_at: string | null;
  /** The campaign of the voter's first conversation (migration 0005). */
  source_campaign: string | null;
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface ConversationsTable {
  id: string;
  voter_id: string | null;
  phone_number: string | null;
  wa_user_id: string | null;
  user_name: string | null;
  user_location: string | null;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number | null;
  message_count: Generated<number>;
  language: Generated<string>;
  channel: Generated<string>;
  sentiment: string | null;
  sentiment_score: number | null;
  category: string | null;
  priority: string | null;
  topics: Generated<string>;
  keywords: Generated<string>;
  issues: Generated<string>;
  demographics: Generated<string>;
  political_lean: string | null;
  ai_confidence: number | null;
  satisfaction_score: number | null;
  resolved: Generated<number>;
  human_handoff: Generated<number>;
  /** The bot that answered the conversation (migration 0005). */
  bot_id: string | null;
  session_id: string | null;
  source_campaign: string | null;
  referral_code: string | null;
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
  handoff_reason: string | null;
  assigned_operator: string | null;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  sender: string;
  message_type: Generated<string>;
  content: Generated<string>;
  media_url: string | null;
  whatsapp_message_id: string | null;
  timestamp: string;
  intent: string | null;
  confidence: number | null;
  sentiment: string | null;
  entities: Generated<string>;
  language: string | null;
  processed: Generated<number>;
  processing_error: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  model_used: string | null;
  delivery_status: string | null;
  delivery_error: string | null;
  operator_name: string | null;
  metadata: Generated<string>;
  created_at: string;
  /** For bot and human messages: seconds since the first voter message it answers. */
  reply_seconds: number | null;
}

export interface BotConfigurationsTable {
  id: string;
  name: string;
  description: Generated<string>;
  personality: Generated<string>;
  languages: Generated<string>;
  channels: Generated<string>;
  ai_model: Generated<string>;
  system_prompt: Generated<string>;
  custom_prompts: Generated<string>;
  knowledge_base: Generated<string>;
  response_time_target: Generated<number>;
  max_conversation_length: Generated<number>;
  auto_handoff_threshold: Generated<number>;
  active: Generated<number>;
  total_conversations: Generated<number>;
  accuracy_rate: number | null;
  satisfaction_rate: number | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  source: string;
  received_at: string;
  body: string;
  signature: string | null;
  processed_at: string | null;
  error: string | null;
  body_sha256: string | null;
}

export interface InboundMessagesTable {
  wamid: string;
  event_id: number;
  channel: string;
  phone_number_id: string | null;
  from_phone: string | null;
  from_user_id: string | null;
  sent_at: string;
  received_at: string;
  payload: string;
  message_id: string | null;
}

export interface MessageStatusesTable {
  id: Generated<number>;
  wamid: string;
  status: string;
  at: string;
  recipient: string | null;
  errors: Generated<string>;
  payload: Generated<string>;
  event_id: number | null;
}

export interface ChannelAlertsTable {
  id: Generated<number>;
  at: string;
  source: string;
  code: number | null;
  title: string | null;
  message: string | null;
  details: Generated<string>;
  resolved_at: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Generated<string>;
  dedupe_key: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  run_at: string;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  lane: string | null;
}

export interface OutboxTable {
  id: string;
  message_id: string | null;
  conversation_id: string | null;
  channel: string;
  recipient: string;
  kind: string;
  payload: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  whatsapp_message_id: string | null;
  last_error_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Generated<string>;
}

export interface OperatorsTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  operator_id: string | null;
  actor: string;
  role: string;
  created_at: string;
  expires_at: string;
}

export interface ConversationReadsTable {
  conversation_id: string;
  reader: string;
  read_at: string;
}

export interface MessageTemplatesTable {
  id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  created_at: string;
  updated_at: string;
}

/** Daily dashboard figures kept by triggers (store/rollups.ts). */
export interface RollupsTable {
  kind: string;
  /** A UTC day '2026-11-20' or a month 'M2026-11'. */
  period: string;
  language: string;
  campaign: string;
  bot: string;
  key: string;
  n: number;
  total: number;
}

export interface DB {
  voter_profiles: VoterProfilesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  bot_configurations: BotConfigurationsTable;
  webhook_events: WebhookEventsTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  inbound_messages: InboundMessagesTable;
  message_statuses: MessageStatusesTable;
  channel_alerts: ChannelAlertsTable;
  operators: OperatorsTable;
  sessions: SessionsTable;
  conversation_reads: ConversationReadsTable;
  message_templates: MessageTemplatesTable;
  rollups: RollupsTable;
}
