import { z } from 'zod';
import type {
  AnalyticsSummary,
  BotConfiguration,
  CampaignQr,
  CampaignSummary,
  Dashboard,
  Conversation,
  ConversationDetail,
  GeneratedLink,
  Message,
  Page,
  SystemStatus,
  AuditEntry,
  Identity,
  MessageTemplate,
  Operator,
  PipelineSettings,
  TestPhoneThread,
  TryResult,
  VoterDetail,
  VoterProfile,
  WebhookSetup,
  ConnectionSettings,
  OpenAiCheck,
  TestMessageResult,
} from './model';
import {
  CONNECTION_SETTINGS,
  Category,
  Channel,
  Language,
  MANAGED_SECRETS,
  Personality,
  ROLES,
  Sentiment,
  THREAD_PAGE,
} from './model';
import type { Result } from './result';
import { AppError } from './result';

// The one list of what the UI may call and hear. The IPC binding, the HTTP binding, the
// preload and the renderer's client are all derived from `methods` and `events` below.

/** A method: its input schema (validated at every boundary) and, as a type only, its output. */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom field carrying the output type; never set at run time. */
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

const Empty = z.object({}).strict();
const Id = z.string().min(1, 'An id is required.').max(200);
const Paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

export const ConversationFilter = z
  .object({
    search: z.string().trim().max(200).optional(),
    language: Language.optional(),
    sentiment: Sentiment.optional(),
    category: Category.optional(),
    channel: Channel.optional(),
    campaign: z.string().max(200).optional(),
    /** Answered by this bot (its id). */
    bot: Id.optional(),
    humanHandoff: z.boolean().optional(),
    resolved: z.boolean().optional(),
    /** Only conversations the caller holds. */
    mine: z.boolean().optional(),
    /** Drill-down from the dashboard: conversations with this topic / issue / handoff reason. */
    topic: z.string().max(200).optional(),
    issue: z.string().max(200).optional(),
    handoffReason: z.string().max(200).optional(),
    location: z.string().max(200).optional(),
    /** Started in [from, to). */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    ...Paging,
  })
  .strict();

export const VoterFilter = z
  .object({
    search: z.string().trim().max(200).optional(),
    language: Language.optional(),
    sort: z
      .enum(['lastContacted', 'name', 'totalMessagesSent', 'avgSentimentScore', 'referralsMade'])
      .default('lastContacted'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    ...Paging,
  })
  .strict();

/** Which voters an export holds: the listVoters filter without paging or sort (exports go by id). */
export const VoterExportFilter = VoterFilter.pick({ search: true, language: true });

export const DashboardFilter = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    language: Language.optional(),
    campaign: z.string().max(200).optional(),
    /** Conversations and messages answered by this bot (voter figures do not depend on it). */
    bot: Id.optional(),
    bucket: z.enum(['day', 'week']).default('day'),
  })
  .strict();

export const DateRange = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const GenerateLinkInput = z
  .object({
    text: z.string().trim().max(500).optional(),
    campaign: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Use 1 to 40 letters, digits, - or _.')
      .optional(),
    referralCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{4,12}$/, 'A referral code is 4 to 12 letters or digits.')
      .optional(),
  })
  .strict();

const Phone = z
  .string()
  .trim()
  .regex(
    /^\d{8,15}$/,
    'Use the full number with country code, digits only (for example 919800000001).',
  );

export const TestPhoneSendInput = z
  .object({
    phone: Phone,
    name: z.string().trim().max(60).optional(),
    text: z.string().trim().min(1, 'Write a message first.').max(4096),
  })
  .strict();

const Username = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9._-]{3,32}$/,
    'Use 3 to 32 lowercase letters, digits, dots, dashes or underscores.',
  );
const Password = z.string().min(10, 'Use at least 10 characters.').max(200);

export const OperatorInput = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1, 'Give a name people will see.').max(60),
    role: z.enum(ROLES),
    password: Password,
  })
  .strict();

export const OperatorUpdate = z
  .object({
    id: Id,
    displayName: z.string().trim().min(1).max(60).optional(),
    role: z.enum(ROLES).optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

const KnowledgeEntryInput = z
  .object({
    question: z.string().trim().min(1, 'A question is required.').max(500),
    answer: z.string().trim().min(1, 'An answer is required.').max(2000),
    language: Language.optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .strict();

/** Every field of a bot configuration a person edits (DATA-MODEL.md). */
export const BotInput = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(2, 'Give the bot a name (2 to 80 characters).').max(80),
    description: z.string().trim().max(500).default(''),
    personality: Personality,
    languages: z.array(Language).min(1, 'Choose at least one language.'),
    channels: z.array(Channel).min(1, 'Choose at least one channel.'),
    aiModel: z.string().trim().max(100).default(''),
    systemPrompt: z
      .string()
      .trim()
      .min(20, 'Write a system prompt of at least 20 characters.')
      .max(8000),
    customPrompts: z.record(z.string().trim().min(1).max(60), z.string().max(2000)).default({}),
    knowledgeBase: z.array(KnowledgeEntryInput).max(500).default([]),
    responseTimeTarget: z.number().min(1, 'At least 1 second.').max(86400),
    maxConversationLength: z.number().int().min(2, 'At least 2 messages.').max(1000),
    autoHandoffThreshold: z.number().min(0, 'Between 0 and 1.').max(1, 'Between 0 and 1.'),
  })
  .strict();

export const TemplateInput = z
  .object({
    id: Id.optional(),
    name: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9_]{1,512}$/,
        'Use the name approved at Meta: lowercase letters, digits and underscores.',
      ),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'A language code such as ta, en_US or hi.'),
    category: z.enum(['utility', 'marketing', 'authentication']),
    body: z.string().trim().min(1, 'Paste the approved body text.').max(1024),
  })
  .strict();

const PriceInput = z
  .object({
    inputPerMillion: z.number().min(0, 'A price cannot be negative.').max(1_000_000),
    outputPerMillion: z.number().min(0, 'A price cannot be negative.').max(1_000_000),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'A currency code such as INR or USD.'),
  })
  .strict();

export const PipelineSettingsInput = z
  .object({
    consentNotice: z.record(
      Language,
      z.string().trim().min(10, 'Write at least a sentence.').max(1000),
    ),
    modelPrices: z.record(z.string().trim().min(1).max(100), PriceInput),
  })
  .strict();

/** Partial: a missing key stays as it is, '' goes back to the default. Core checks the values. */
export const ConnectionInput = z.partialRecord(
  z.enum(CONNECTION_SETTINGS),
  z.string().trim().max(2000, 'At most 2000 characters.'),
);

export const SecretInput = z
  .object({
    name: z.enum(MANAGED_SECRETS),
    /** null clears the stored value. */
    value: z
      .string()
      .trim()
      .min(8, 'That is too short for a key or token: paste the whole value.')
      .max(4096, 'At most 4096 characters.')
      .regex(/^\S+$/, 'Paste the value alone, without spaces or line breaks.')
      .nullable(),
  })
  .strict();

export const TestMessageInput = z
  .object({
    to: Phone,
    /** Meta takes free-form text only within 24 hours of the person's last message. */
    kind: z.enum(['template', 'text']).default('template'),
    text: z.string().trim().max(4096).optional(),
  })
  .strict()
  .refine((v) => v.kind === 'template' || (v.text ?? '') !== '', {
    path: ['text'],
    message: 'Write the text to send.',
  });

export const methods = {
  getStatus: method<SystemStatus>()(Empty),
  listConversations: method<Page<Conversation>>()(ConversationFilter),
  getConversation: method<ConversationDetail>()(
    z
      .object({
        id: Id,
        /** The newest `limit` messages are sent; `earlierMessages` counts the rest. */
        limit: z.number().int().min(1).max(10_000).default(THREAD_PAGE),
      })
      .strict(),
  ),
  listMessages: method<Message[]>()(
    z
      .object({
        conversationId: Id.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  listVoters: method<Page<VoterProfile>>()(VoterFilter),
  getVoter: method<VoterDetail>()(z.object({ id: Id }).strict()),
  listBots: method<BotConfiguration[]>()(Empty),
  getAnalytics: method<AnalyticsSummary>()(DateRange),
  getDashboard: method<Dashboard>()(DashboardFilter),
  listCampaigns: method<CampaignSummary[]>()(Empty),
  campaignQr: method<CampaignQr>()(
    z
      .object({
        url: z
          .url({ protocol: /^https?$/, error: 'Give a full http(s) link, such as a wa.me link.' })
          .max(2000),
        format: z.enum(['svg', 'png']).default('svg'),
      })
      .strict(),
  ),
  generateLink: method<GeneratedLink>()(GenerateLinkInput),
  getWebhookSetup: method<WebhookSetup>()(Empty),
  startTunnel: method<SystemStatus['services']['tunnel']>()(Empty),
  stopTunnel: method<SystemStatus['services']['tunnel']>()(Empty),
  whoAmI: method<Identity>()(Empty),
  listOperators: method<Operator[]>()(Empty),
  createOperator: method<Operator>()(OperatorInput),
  updateOperator: method<Operator>()(OperatorUpdate),
  listAudit: method<Page<AuditEntry>>()(z.object({ ...Paging }).strict()),
  saveBot: method<BotConfiguration>()(BotInput),
  activateBot: method<BotConfiguration>()(z.object({ id: Id }).strict()),
  deleteBot: method<{ deleted: true }>()(z.object({ id: Id }).strict()),
  tryBot: method<TryResult>()(
    z
      .object({
        botId: Id.optional(),
        text: z.string().trim().min(1, 'Write a message to try.').max(4096),
      })
      .strict(),
  ),
  listTemplates: method<MessageTemplate[]>()(Empty),
  saveTemplate: method<MessageTemplate>()(TemplateInput),
  deleteTemplate: method<{ deleted: true }>()(z.object({ id: Id }).strict()),
  sendReply: method<Message>()(
    z
      .object({
        conversationId: Id,
        text: z.string().trim().min(1, 'Write a reply first.').max(4096),
      })
      .strict(),
  ),
  sendTemplate: method<Message>()(
    z
      .object({
        conversationId: Id,
        templateId: Id,
        params: z
          .array(z.string().trim().min(1, 'Fill in every placeholder.').max(500))
          .max(20)
          .default([]),
      })
      .strict(),
  ),
  resolveConversation: method<Conversation>()(
    z.object({ conversationId: Id, resolved: z.boolean() }).strict(),
  ),
  markRead: method<{ ok: true }>()(z.object({ conversationId: Id }).strict()),
  getPipelineSettings: method<PipelineSettings>()(Empty),
  savePipelineSettings: method<PipelineSettings>()(PipelineSettingsInput),
  takeOver: method<Conversation>()(z.object({ conversationId: Id }).strict()),
  handBack: method<Conversation>()(z.object({ conversationId: Id }).strict()),
  testPhoneSend: method<{ wamid: string }>()(TestPhoneSendInput),
  testPhoneThread: method<TestPhoneThread>()(z.object({ phone: Phone }).strict()),
  getConnection: method<ConnectionSettings>()(Empty),
  saveConnection: method<ConnectionSettings>()(ConnectionInput),
  setSecret: method<ConnectionSettings>()(SecretInput),
  regenerateVerifyToken: method<ConnectionSettings>()(Empty),
  sendTestMessage: method<TestMessageResult>()(TestMessageInput),
  checkOpenAi: method<OpenAiCheck>()(Empty),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Methods[M]['output']>;

/** The method names, in contract order: what every binding must expose, no more, no less. */
export const methodNames = Object.keys(methods) as MethodName[];

/** Events the UI can subscribe to, with their payloads. */
export interface Events {
  conversationChanged: { conversationId: string };
  /**
   * Someone read a conversation (unread counts are per reader: lists refresh their badges).
   * Apart from conversationChanged so that an open thread, which marks itself read when it
   * reloads, does not reload for it.
   */
  conversationRead: { conversationId: string };
  /** A conversation now waits for a person (the handoff policy decided so). */
  handoffRequested: { conversationId: string; reason: string; detail: string };
  messageChanged: { conversationId: string; messageId: string };
  statusChanged: Record<string, never>;
}
export type EventName = keyof Events;
export const eventNames: readonly EventName[] = [
  'conversationChanged',
  'conversationRead',
  'handoffRequested',
  'messageChanged',
  'statusChanged',
] as const;

/** What the renderer holds: one async function per method, plus event subscription. */
export type Api = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

/** Core's side: one handler per method, given parsed input and who is calling. */
export type Handlers<Ctx> = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: Ctx) => Promise<MethodOutput<M>>;
};

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** The IPC channel names: one invoke channel per method, one channel for all events. */
export const ipcChannel = (name: MethodName): string => `pulse:${name}`;
export const IPC_EVENT_CHANNEL = 'pulse:event';

/** HTTP paths on the admin listener. */
export const RPC_PATH_PREFIX = '/api/rpc/';
export const EVENTS_PATH = '/api/events';
export const SESSION_PATH = '/api/session';

/** The transport-level face of the contract: every method answers data, never throws. */
export type ResultApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
};

export type Unsubscribe = () => void;

/** What the preload puts on `window.pulse`. */
export interface PreloadBridge {
  api: ResultApi;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
}

/** Wraps a transport's invoke function into the typed Api the renderer uses (errors thrown as AppError). */
export function createApi(
  invoke: (name: MethodName, input: unknown) => Promise<Result<unknown>>,
): Api {
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const name of methodNames) {
    api[name] = async (input: unknown) => {
      const result = await invoke(name, input ?? {});
      if (result.ok) return result.value;
      throw new AppError(result.error.code, result.error.message, result.error.fields);
    };
  }
  return api as unknown as Api;
}

/** Parses a method's input, or returns the invalid_input error data with one message per field. */
export function parseInput<M extends MethodName>(
  name: M,
  input: unknown,
): Result<MethodParsedInput<M>> {
  const parsed = methods[name].input.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as MethodParsedInput<M> };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || '(input)';
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: first ? `${first[0]}: ${first[1]}` : 'The input is not valid.',
      fields,
    },
  };
}
