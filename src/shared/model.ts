import { z } from 'zod';

// The data model of DATA-MODEL.md as the contract carries it (camelCase, parsed values).

export const LANGUAGES = ['ta', 'en', 'hi', 'te'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const CHANNELS = ['whatsapp', 'simulator'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;
export const Sentiment = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof Sentiment>;

export const CATEGORIES = ['feedback', 'complaint', 'suggestion', 'inquiry', 'political'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SENDERS = ['user', 'bot', 'human'] as const;
export type Sender = (typeof SENDERS)[number];

export const MESSAGE_TYPES = [
  'text',
  'voice',
  'audio',
  'image',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'template',
  'unsupported',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const PERSONALITIES = ['formal', 'friendly', 'professional', 'casual'] as const;
export const Personality = z.enum(PERSONALITIES);
export type Personality = z.infer<typeof Personality>;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Conversation {
  id: string;
  voterId: string | null;
  phoneNumber: string | null;
  waUserId: string | null;
  userName: string | null;
  userLocation: string | null;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  messageCount: number;
  language: Language;
  channel: Channel;
  sentiment: Sentiment | null;
  sentimentScore: number | null;
  category: Category | null;
  priority: Priority | null;
  topics: string[];
  keywords: string[];
  issues: string[];
  demographics: JsonObject;
  politicalLean: string | null;
  aiConfidence: number | null;
  satisfactionScore: number | null;
  resolved: boolean;
  humanHandoff: boolean;
  sessionId: string | null;
  sourceCampaign: string | null;
  /** The bot that answered it (null before any answer, or when that bot was deleted). */
  botId: string | null;
  referralCode: string | null;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
  handoffReason: string | null;
  /** The operator holding the conversation (the bot is silent while one does). */
  assignedOperator: string | null;
  /** Voter messages the caller has not seen (list views only; 0 elsewhere). */
  unread: number;
}

export interface Message {
  id: string;
  conversationId: string;
  sender: Sender;
  messageType: MessageType;
  content: string;
  mediaUrl: string | null;
  whatsappMessageId: string | null;
  timestamp: string;
  intent: string | null;
  confidence: number | null;
  sentiment: Sentiment | null;
  entities: JsonObject;
  language: Language | null;
  processed: boolean;
  processingError: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  modelUsed: string | null;
  metadata: JsonObject;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  operatorName: string | null;
  createdAt: string;
}

export interface SentimentPoint {
  date: string;
  score: number;
}

export interface VoterProfile {
  id: string;
  phoneNumber: string | null;
  waUserId: string | null;
  name: string | null;
  preferredLanguage: Language;
  locationData: JsonObject;
  demographics: JsonObject;
  politicalLean: string | null;
  interactionCount: number;
  totalMessagesSent: number;
  avgSentimentScore: number | null;
  lastContacted: string | null;
  firstContacted: string | null;
  topicInterests: Record<string, number>;
  issuesRaised: string[];
  sentimentHistory: SentimentPoint[];
  referralCode: string;
  referralsMade: number;
  referredBy: string | null;
  /** The campaign tag of the voter's first conversation, if it had one. */
  sourceCampaign: string | null;
  optedOutAt: string | null;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

/** Another voter, as a profile page links to them. */
export interface VoterRef {
  id: string;
  name: string | null;
  referralCode: string;
  firstContacted: string | null;
}

/** A voter's profile page: the profile, their conversations and their referrals. */
export interface VoterDetail {
  voter: VoterProfile;
  /** Newest first, at most 100; `conversationCount` is all of them. */
  conversations: Conversation[];
  conversationCount: number;
  referredBy: VoterRef | null;
  /** The voters who came through their referral code, newest first, at most 100. */
  referred: VoterRef[];
}

export interface KnowledgeEntry {
  question: string;
  answer: string;
  language?: Language;
  tags?: string[];
}

export interface BotConfiguration {
  id: string;
  name: string;
  description: string;
  personality: Personality;
  languages: Language[];
  channels: Channel[];
  aiModel: string;
  systemPrompt: string;
  customPrompts: Record<string, string>;
  knowledgeBase: KnowledgeEntry[];
  responseTimeTarget: number;
  maxConversationLength: number;
  autoHandoffThreshold: number;
  active: boolean;
  totalConversations: number;
  accuracyRate: number | null;
  satisfactionRate: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** How many of a conversation's newest messages the thread shows at first, and adds per step. */
export const THREAD_PAGE = 200;

export interface ConversationDetail {
  conversation: Conversation;
  /** The newest messages, oldest first (at most the limit asked for). */
  messages: Message[];
  /** How many older messages there are before the first of `messages`. */
  earlierMessages: number;
  /** The voter's profile (null once erased). */
  voter: VoterProfile | null;
  /** When the 24-hour customer-service window closes (null: closed, or the voter never wrote). */
  windowClosesAt: string | null;
}

export const ROLES = ['admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface Operator {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** Who the current caller is. */
export interface Identity {
  /** Null for the desktop window and the admin token, which act as admin. */
  operator: Operator | null;
  role: Role;
  name: string;
}

export interface MessageTemplate {
  id: string;
  /** The template's name as approved at Meta (lowercase, underscores). */
  name: string;
  language: string;
  category: 'utility' | 'marketing' | 'authentication';
  /** The body with {{1}}, {{2}} placeholders, as approved. */
  body: string;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: JsonObject;
}

export interface TryResult {
  language: Language;
  script: string;
  intent: string;
  category: Category;
  sentiment: Sentiment;
  sentimentScore: number;
  confidence: number;
  topics: string[];
  source: 'model' | 'embedded';
  fallbackReason: string | null;
  handoff: { handoff: boolean; reason: string | null; detail: string };
  reply: string;
}

export interface ListenerStatus {
  host: string;
  port: number;
  url: string;
}

export interface ServiceStatus {
  configured: boolean;
  /** Names of the settings still missing for this service to switch on. */
  missing: string[];
  detail: string;
}

export interface SystemStatus {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
  startedAt: string;
  listeners: { public: ListenerStatus | null; admin: ListenerStatus | null };
  services: {
    whatsapp: ServiceStatus;
    openai: ServiceStatus & { model: string; baseUrl: string };
    tunnel: ServiceStatus & {
      url: string | null;
      state: 'stopped' | 'starting' | 'open' | 'reconnecting' | 'error';
    };
    testPhone: ServiceStatus;
  };
  counts: { conversations: number; messages: number; voters: number; bots: number };
}

export interface AnalyticsSummary {
  from: string | null;
  to: string | null;
  conversations: number;
  messages: number;
  voters: number;
  handoffs: number;
  byLanguage: Record<Language, number>;
  bySentiment: Record<Sentiment | 'unknown', number>;
  byCategory: Record<Category | 'unknown', number>;
  /** Tokens recorded per message and what they cost by the admin's price table. */
  model: {
    promptTokens: number;
    completionTokens: number;
    /** Cost per currency; models without a price are listed in `unpriced`. */
    cost: Record<string, number>;
    unpriced: string[];
  };
}

export interface ModelPrice {
  /** Price of one million prompt (input) tokens. */
  inputPerMillion: number;
  /** Price of one million completion (output) tokens. */
  outputPerMillion: number;
  currency: string;
}

/** What admins tune about the pipeline without touching a bot. */
export interface PipelineSettings {
  /** The first-contact notice per language; {office} is replaced with the bot's name. */
  consentNotice: Record<Language, string>;
  /** Prices per model name, for the cost figures. */
  modelPrices: Record<string, ModelPrice>;
}

export interface GeneratedLink {
  url: string;
  text: string;
  tag: string | null;
}

export interface WebhookSetup {
  /** The path Meta calls on the public listener (append it to the public URL). */
  webhookPath: string;
  /** The public URL Meta can reach (the tunnel's), when there is one. */
  publicUrl: string | null;
  /** Paste this into Meta's App Dashboard with the callback URL. Null: admins only see it. */
  verifyToken: string | null;
  appSecretSet: boolean;
  /** Problems Meta reported or the sender hit (token, account), newest first. */
  alerts: Array<{ at: string; code: number | null; message: string }>;
}

export interface TestPhoneThread {
  messages: Message[];
  optedOut: boolean;
}

/** The conversation-list filter a figure maps to (the input of `listConversations`), for drill-down. */
export interface DrillFilter {
  language?: Language;
  bot?: string;
  sentiment?: Sentiment;
  category?: Category;
  campaign?: string;
  humanHandoff?: boolean;
  topic?: string;
  issue?: string;
  handoffReason?: string;
  location?: string;
  from?: string;
  to?: string;
}

/** One bar of a breakdown; `filter` is null where no conversation list matches (unknown, other). */
export interface Bar {
  key: string;
  count: number;
  /** count / the breakdown's denominator (0 when it is 0). */
  share: number;
  filter: DrillFilter | null;
}

export interface TimelinePoint {
  /** The bucket's first day, YYYY-MM-DD (UTC; weeks start on Monday). */
  bucket: string;
  conversations: number;
  messages: number;
  /** Mean sentiment score of the bucket's conversations that have one. */
  avgSentiment: number | null;
  sentiment: Record<Sentiment | 'unknown', number>;
  filter: DrillFilter;
}

export type Script = 'native' | 'roman' | 'mixed';

export interface ResponseTimes {
  /** Replies measured: a bot (or operator) message right after a voter message. */
  count: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface ReferralLeader {
  voterId: string;
  name: string | null;
  referralCode: string;
  referralsMade: number;
}

/**
 * The analytics dashboard over [from, to) and the filters. Conversation figures count the
 * conversations started in the range (by the conversation's language and campaign); message
 * figures (messages, scripts, tokens, response times) the messages written in it, under their
 * conversation's language and campaign; voter figures (voters, demographics, referrals) the
 * voters first reached in it, by their language and the campaign of their first conversation.
 * The bot filter applies to conversation and message figures (a voter may meet several bots).
 * Read from daily and monthly rollups kept in step with every write (store/rollups.ts).
 */
export interface Dashboard {
  from: string | null;
  to: string | null;
  bucket: 'day' | 'week';
  language: Language | null;
  campaign: string | null;
  bot: string | null;
  conversations: number;
  messages: number;
  voters: number;
  timeline: TimelinePoint[];
  /** Sums to `conversations`. Each carries the scripts of its voter messages (sums to its message count). */
  languages: Array<Bar & { scripts: Record<Script | 'unknown', number> }>;
  /** Sums to `conversations` (unknown: not analysed yet). */
  sentiment: Bar[];
  /** Sums to `conversations`. */
  categories: Bar[];
  /** Top 10; a conversation may have several topics, so shares need not add up. */
  topics: Bar[];
  /** Top 10, as topics. */
  issues: Bar[];
  handoff: {
    conversations: number;
    handedOff: number;
    rate: number;
    /** Sums to `handedOff`; share is of `handedOff`. */
    reasons: Bar[];
  };
  responseTimes: { bot: ResponseTimes; operator: ResponseTimes };
  /** By `conversations.user_location`: the top 20, then `other`, then `unknown`; sums to `conversations`. */
  locations: Bar[];
  /** New voters by declared (else inferred) demographic; each sums to `voters`. */
  demographics: Record<'age_group' | 'gender' | 'occupation' | 'location', Bar[]>;
  referrals: {
    /** Voters who came through someone's referral code (first contacted in the range). */
    referredVoters: number;
    /** … of whom sent at least one message. */
    withMessages: number;
    /** … of whom came back in more than one conversation. */
    returning: number;
    leaderboard: ReferralLeader[];
  };
  model: AnalyticsSummary['model'];
}

export interface CampaignSummary {
  campaign: string;
  conversations: number;
  /** Distinct voters whose first conversation came with this campaign tag. */
  votersJoined: number;
  /** … of whom came through a referral code. */
  referredVoters: number;
}

export type CampaignQr = { format: 'svg'; svg: string } | { format: 'png'; dataUrl: string };

/** Connection settings an admin may change in Settings → Connect, by their environment name. */
export const CONNECTION_SETTINGS = [
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_BUSINESS_ACCOUNT_ID',
  'WHATSAPP_APP_ID',
  'WHATSAPP_DISPLAY_PHONE_NUMBER',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL',
] as const;
export type ConnectionSetting = (typeof CONNECTION_SETTINGS)[number];

/** Secrets an admin may set, replace or clear from the UI (never read back). */
export const MANAGED_SECRETS = [
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_APP_SECRET',
  'OPENAI_API_KEY',
] as const;
export type ManagedSecret = (typeof MANAGED_SECRETS)[number];

export interface ConnectionValue {
  /** '' when unset. */
  value: string;
  /** environment: set where Pulse Desk was started, read-only here; saved: set in Settings. */
  source: 'environment' | 'saved' | 'default';
}

export interface SecretState {
  source: 'environment' | 'stored' | 'missing';
  /** The last 4 characters of a long value, so an admin can tell which key is in use. */
  hint: string | null;
}

/** What Settings → Connect shows. Secret values never leave core; only where they come from. */
export interface ConnectionSettings {
  settings: Record<ConnectionSetting, ConnectionValue>;
  secrets: Record<ManagedSecret | 'WHATSAPP_VERIFY_TOKEN', SecretState>;
  /** keychain: encrypted with the OS keychain (desktop); file: secrets.json readable only by its owner. */
  secretStorage: 'keychain' | 'file';
  graphBaseUrl: string;
}

/** The outcome of a test message sent through the outbox to Meta. */
export type TestMessageResult =
  | { ok: true; to: string; kind: 'template' | 'text'; wamid: string }
  | { ok: false; to: string; kind: 'template' | 'text'; code: number | null; message: string };

/** The outcome of one minimal call to the configured OpenAI-compatible server. */
export type OpenAiCheck =
  | { ok: true; model: string; baseUrl: string; latencyMs: number }
  | { ok: false; model: string; baseUrl: string; status: number | null; message: string };

/** What a restore did (POST /api/restore). */
export interface RestoreResult {
  /** The data file as it was before, kept next to it. */
  previousFile: string;
  schemaVersion: number;
  counts: { conversations: number; messages: number; voters: number };
}
