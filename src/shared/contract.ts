import { z } from 'zod';
import type {
  AnalyticsSummary,
  BotConfiguration,
  Conversation,
  ConversationDetail,
  GeneratedLink,
  Message,
  Page,
  SystemStatus,
  TestPhoneThread,
  VoterProfile,
  WebhookSetup,
} from './model';
import { Category, Channel, Language, Sentiment } from './model';
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
    humanHandoff: z.boolean().optional(),
    resolved: z.boolean().optional(),
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

export const methods = {
  getStatus: method<SystemStatus>()(Empty),
  listConversations: method<Page<Conversation>>()(ConversationFilter),
  getConversation: method<ConversationDetail>()(z.object({ id: Id }).strict()),
  listMessages: method<Message[]>()(
    z
      .object({
        conversationId: Id.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  listVoters: method<Page<VoterProfile>>()(VoterFilter),
  listBots: method<BotConfiguration[]>()(Empty),
  getAnalytics: method<AnalyticsSummary>()(DateRange),
  generateLink: method<GeneratedLink>()(GenerateLinkInput),
  getWebhookSetup: method<WebhookSetup>()(Empty),
  startTunnel: method<SystemStatus['services']['tunnel']>()(Empty),
  stopTunnel: method<SystemStatus['services']['tunnel']>()(Empty),
  takeOver: method<Conversation>()(z.object({ conversationId: Id }).strict()),
  handBack: method<Conversation>()(z.object({ conversationId: Id }).strict()),
  testPhoneSend: method<{ wamid: string }>()(TestPhoneSendInput),
  testPhoneThread: method<TestPhoneThread>()(z.object({ phone: Phone }).strict()),
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
  /** A conversation now waits for a person (the handoff policy decided so). */
  handoffRequested: { conversationId: string; reason: string; detail: string };
  messageChanged: { conversationId: string; messageId: string };
  statusChanged: Record<string, never>;
}
export type EventName = keyof Events;
export const eventNames: readonly EventName[] = [
  'conversationChanged',
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
