import { createHash } from 'node:crypto';
import { z } from 'zod';

// The Cloud API (Graph) subset Pulse Desk uses: send, mark read / typing, media lookup and
// download. Spec: /work/shared/design/whatsapp-cloud-api.md §5 (sending), §7 (errors).

// ---------------------------------------------------------------------------------------------
// Outgoing messages: one zod schema per shape, so the outbox can validate on enqueue and parse
// again on claim (its payload is JSON text in the store).

/** A phone number (E.164, `+` added if missing) or a business-scoped user id (BSUID, §2.2). */
export type Recipient = { phone: string } | { userId: string };

const MediaSource = z.union([
  z.object({ id: z.string().min(1) }).strict(),
  z.object({ link: z.url() }).strict(),
]);
export type MediaSource = z.infer<typeof MediaSource>;

const HeaderMediaType = z.enum(['image', 'video', 'document']);

const TemplateParameter = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string(),
    parameter_name: z.string().optional(),
  }),
  z.object({ type: z.literal('payload'), payload: z.string() }),
  z.object({ type: z.literal('image'), image: MediaSource }),
  z.object({ type: z.literal('video'), video: MediaSource }),
  z.object({ type: z.literal('document'), document: MediaSource }),
]);

const TemplateComponent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), parameters: z.array(TemplateParameter) }),
  z.object({ type: z.literal('body'), parameters: z.array(TemplateParameter) }),
  z.object({
    type: z.literal('button'),
    sub_type: z.enum(['quick_reply', 'url']),
    index: z.string().regex(/^\d+$/),
    parameters: z.array(TemplateParameter),
  }),
]);
export type TemplateComponent = z.infer<typeof TemplateComponent>;

const ReplyTo = z.string().min(1).optional();

const TextMessage = z.object({
  type: z.literal('text'),
  body: z.string().min(1).max(4096),
  previewUrl: z.boolean().optional(),
  /** The wamid to quote (sent as `context.message_id`). */
  replyTo: ReplyTo,
});

const TemplateMessage = z.object({
  type: z.literal('template'),
  name: z.string().regex(/^[a-z0-9_]+$/, 'template names are lowercase with underscores'),
  languageCode: z.string().min(2),
  components: z.array(TemplateComponent).optional(),
  replyTo: ReplyTo,
});

const ButtonsHeader = z.union([
  z.object({ type: z.literal('text'), text: z.string().min(1).max(60) }),
  z.object({ type: HeaderMediaType, media: MediaSource }),
]);

const ButtonsMessage = z.object({
  type: z.literal('buttons'),
  body: z.string().min(1).max(1024),
  buttons: z
    .array(z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
    .min(1)
    .max(3)
    .refine(
      (bs) => new Set(bs.map((b) => b.title)).size === bs.length,
      'button titles must be unique',
    ),
  header: ButtonsHeader.optional(),
  footer: z.string().min(1).max(60).optional(),
  replyTo: ReplyTo,
});

const ListMessage = z.object({
  type: z.literal('list'),
  body: z.string().min(1).max(4096),
  /** The label of the button that opens the list. */
  buttonText: z.string().min(1).max(20),
  sections: z
    .array(
      z.object({
        title: z.string().min(1).max(24).optional(),
        rows: z
          .array(
            z.object({
              id: z.string().min(1).max(200),
              title: z.string().min(1).max(24),
              description: z.string().max(72).optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1)
    .max(10)
    // Meta caps rows across all sections, not per section.
    .refine((ss) => ss.reduce((n, s) => n + s.rows.length, 0) <= 10, 'at most 10 rows in total'),
  header: z.string().min(1).max(60).optional(),
  footer: z.string().min(1).max(60).optional(),
  replyTo: ReplyTo,
});

const MediaMessage = z
  .object({
    type: z.literal('media'),
    mediaType: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
    source: MediaSource,
    caption: z.string().min(1).max(1024).optional(),
    filename: z.string().min(1).optional(),
    replyTo: ReplyTo,
  })
  .refine(
    (m) => m.caption === undefined || (m.mediaType !== 'audio' && m.mediaType !== 'sticker'),
    'audio and stickers take no caption',
  )
  .refine(
    (m) => m.filename === undefined || m.mediaType === 'document',
    'only documents take a filename',
  );

const ReactionMessage = z.object({
  type: z.literal('reaction'),
  /** The wamid reacted to. A reaction cannot also be a contextual reply. */
  messageId: z.string().min(1),
  /** An empty string removes our earlier reaction. */
  emoji: z.string(),
});

export const OutgoingMessage = z.discriminatedUnion('type', [
  TextMessage,
  TemplateMessage,
  ButtonsMessage,
  ListMessage,
  MediaMessage,
  ReactionMessage,
]);
export type OutgoingMessage = z.infer<typeof OutgoingMessage>;

// ---------------------------------------------------------------------------------------------
// Errors

export type GraphErrorKind = 'retryable' | 'permanent' | 'alert';

// §7: throttling, "something went wrong", temporary downtime, app rate limits, maintenance.
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004]);
// §7: the token, the permissions or the whole account is in trouble: every further send would
// fail the same way (or make enforcement worse), so stop and tell the admin.
// 131045 ("incorrect certificate", a number registration error) is from Meta's table, not §7;
// like 133010 it breaks every send until the number is re-registered.
const ALERT_CODES = new Set([
  0, 10, 190, 368, 131005, 131031, 131042, 131045, 131048, 131064, 133010,
]);

/** The one place that decides what a Graph failure means for the outbox. */
export function classifyGraphError(
  code: number | undefined,
  httpStatus: number | undefined,
): GraphErrorKind {
  if (code !== undefined) {
    if (ALERT_CODES.has(code) || (code >= 200 && code <= 299)) return 'alert';
    if (RETRYABLE_CODES.has(code)) return 'retryable';
  }
  if (httpStatus !== undefined && httpStatus >= 500) return 'retryable';
  if (code === undefined) {
    // No answer at all (network error, timeout) or one without Meta's envelope.
    if (httpStatus === undefined || httpStatus === 408 || httpStatus === 429) return 'retryable';
    if (httpStatus === 401 || httpStatus === 403) return 'alert';
  }
  return 'permanent';
}

/** A failed Graph call, with Meta's code (if it answered) and what the outbox should do about it. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly details: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly kind: GraphErrorKind;

  constructor(init: {
    message: string;
    code?: number | undefined;
    subcode?: number | undefined;
    httpStatus?: number | undefined;
    details?: string | undefined;
    fbtraceId?: string | undefined;
  }) {
    super(init.message);
    this.code = init.code;
    this.subcode = init.subcode;
    this.httpStatus = init.httpStatus;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.kind = classifyGraphError(init.code, init.httpStatus);
  }

  /** One line for people (stored as last_error / delivery_error): message, details, code. */
  describe(): string {
    const details = this.details && !this.message.includes(this.details) ? `: ${this.details}` : '';
    const code = this.code !== undefined ? ` (code ${this.code})` : '';
    return `${this.message}${details}${code}`;
  }
}

const ErrorEnvelope = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Responses

const SendResponse = z.object({
  messages: z.array(z.object({ id: z.string().min(1) })).min(1),
});
const SuccessResponse = z.object({ success: z.literal(true) });
const MediaInfoResponse = z.object({
  url: z.url(),
  mime_type: z.string(),
  sha256: z.string(),
  // Graph has sent this as a number and as a numeric string.
  file_size: z.coerce.number().int().nonnegative(),
  id: z.string().optional(),
});

export interface MediaInfo {
  url: string;
  mimeType: string;
  /** Base64 SHA-256 of the file, as Meta reports it. */
  sha256: string;
  fileSize: number;
}

export interface DownloadedMedia {
  bytes: Buffer;
  mimeType: string;
  /** Whether the bytes hash to the sha256 Meta announced. Do not use the file when false. */
  sha256Ok: boolean;
}

// ---------------------------------------------------------------------------------------------
// Request bodies (pure, exported so the simulator and tests can reuse them)

/** What goes in the body to address `to`: `{to}` for a phone (with `+`), `{recipient}` for a BSUID. */
export function recipientField(to: Recipient): { to: string } | { recipient: string } {
  if ('userId' in to) return { recipient: to.userId };
  // Without `+`, Meta prepends the business number's country code (§5.1); a wa_id already
  // carries the country code, so it only lacks the `+`.
  const digits = to.phone.replace(/[^\d]/g, '');
  return { to: `+${digits}` };
}

/** A stored recipient string back to a Recipient: BSUIDs look like `US.1349…` (§2.2). */
export function parseRecipient(text: string): Recipient {
  return /^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(text) ? { userId: text } : { phone: text };
}

/** The JSON body of POST /{phone-number-id}/messages for one message. */
export function buildMessageBody(
  to: Recipient,
  message: OutgoingMessage,
  opts: { bizOpaqueCallbackData?: string } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientField(to),
    ...messageContent(message),
  };
  if (message.type !== 'reaction' && message.replyTo)
    body.context = { message_id: message.replyTo };
  if (opts.bizOpaqueCallbackData) body.biz_opaque_callback_data = opts.bizOpaqueCallbackData;
  return body;
}

function messageContent(m: OutgoingMessage): Record<string, unknown> {
  switch (m.type) {
    case 'text':
      return { type: 'text', text: { body: m.body, preview_url: m.previewUrl ?? false } };
    case 'template':
      return {
        type: 'template',
        template: {
          name: m.name,
          language: { code: m.languageCode },
          ...(m.components ? { components: m.components } : {}),
        },
      };
    case 'buttons':
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          ...(m.header ? { header: buttonsHeader(m.header) } : {}),
          body: { text: m.body },
          ...(m.footer ? { footer: { text: m.footer } } : {}),
          action: {
            buttons: m.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
          },
        },
      };
    case 'list':
      return {
        type: 'interactive',
        interactive: {
          type: 'list',
          ...(m.header ? { header: { type: 'text', text: m.header } } : {}),
          body: { text: m.body },
          ...(m.footer ? { footer: { text: m.footer } } : {}),
          action: { button: m.buttonText, sections: m.sections },
        },
      };
    case 'media':
      return {
        type: m.mediaType,
        [m.mediaType]: {
          ...m.source,
          ...(m.caption !== undefined ? { caption: m.caption } : {}),
          ...(m.filename !== undefined ? { filename: m.filename } : {}),
        },
      };
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: m.messageId, emoji: m.emoji } };
  }
}

function buttonsHeader(h: z.infer<typeof ButtonsHeader>): Record<string, unknown> {
  return h.type === 'text' ? h : { type: h.type, [h.type]: h.media };
}

/** Whether `bytes` hash to Meta's sha256 (base64; a hex digest is accepted too). */
export function sha256Matches(bytes: Buffer, expected: string): boolean {
  const digest = createHash('sha256').update(bytes).digest();
  const want = expected.trim();
  return want === digest.toString('base64') || want.toLowerCase() === digest.toString('hex');
}

// ---------------------------------------------------------------------------------------------
// The client

export interface GraphClientOptions {
  /** Including the version, e.g. https://graph.facebook.com/v25.0 */
  baseUrl: string;
  phoneNumberId: string;
  /** Read on every call, so a rotated token takes effect without a restart. */
  accessToken: () => string | undefined;
  fetch?: typeof fetch;
  /** Per API call. Default 15 s. */
  timeoutMs?: number;
  /** Per media download (files up to 100 MB). Default 120 s. */
  downloadTimeoutMs?: number;
}

type Schema<T> = z.ZodType<T>;

/** Talks to the Cloud API for one business phone number. Never puts the token in an error. */
export class GraphClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly downloadTimeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 120_000;
  }

  /** Sends one message; resolves with Meta's wamid once Meta has accepted it (not delivered). */
  async sendMessage(
    to: Recipient,
    message: OutgoingMessage,
    opts: { bizOpaqueCallbackData?: string } = {},
  ): Promise<{ wamid: string }> {
    const body = buildMessageBody(to, message, opts);
    const res = await this.call('POST', this.messagesUrl(), body, SendResponse);
    return { wamid: res.messages[0]!.id };
  }

  /** Marks an inbound message (and the earlier ones) read; with `typing`, also shows "typing…" for up to 25 s. */
  async markRead(wamid: string, opts: { typing: boolean }): Promise<void> {
    const body: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: wamid,
    };
    if (opts.typing) body.typing_indicator = { type: 'text' };
    await this.call('POST', this.messagesUrl(), body, SuccessResponse);
  }

  /** Looks a media id up; the returned url is valid for 5 minutes and needs the token. */
  async getMediaInfo(mediaId: string): Promise<MediaInfo> {
    const url = `${this.baseUrl}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(this.options.phoneNumberId)}`;
    const res = await this.call('GET', url, undefined, MediaInfoResponse);
    return { url: res.url, mimeType: res.mime_type, sha256: res.sha256, fileSize: res.file_size };
  }

  /**
   * Downloads a media file and checks its hash. With the webhook's `url` and `sha256` the lookup
   * is skipped (an expired url, 404, falls back to it once); a url without its sha256 is not
   * used, since the file could not be checked: the lookup gives a fresh url and the hash.
   */
  async downloadMedia(
    mediaId: string,
    opts: { url?: string; sha256?: string; mimeType?: string } = {},
  ): Promise<DownloadedMedia> {
    if (opts.url && opts.sha256) {
      try {
        return await this.download(opts.url, opts.sha256, opts.mimeType);
      } catch (err) {
        if (!(err instanceof GraphError && err.httpStatus === 404)) throw err;
      }
    }
    const info = await this.getMediaInfo(mediaId);
    return this.download(info.url, info.sha256, info.mimeType);
  }

  private async download(url: string, sha256: string, mimeType?: string): Promise<DownloadedMedia> {
    const res = await this.fetchRaw('GET', url, undefined, this.downloadTimeoutMs);
    if (!res.ok) throw await this.errorFrom(res);
    const bytes = Buffer.from(await this.guard(() => res.arrayBuffer(), this.downloadTimeoutMs));
    const contentType = res.headers.get('content-type') ?? undefined;
    return {
      bytes,
      mimeType: contentType ?? mimeType ?? 'application/octet-stream',
      sha256Ok: sha256Matches(bytes, sha256),
    };
  }

  private messagesUrl(): string {
    return `${this.baseUrl}/${encodeURIComponent(this.options.phoneNumberId)}/messages`;
  }

  private async call<T>(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    schema: Schema<T>,
  ): Promise<T> {
    const res = await this.fetchRaw(method, url, body, this.timeoutMs);
    if (!res.ok) throw await this.errorFrom(res);
    const text = await this.guard(() => res.text(), this.timeoutMs);
    const parsed = schema.safeParse(safeJsonParse(text));
    if (!parsed.success)
      // Meta answered 2xx, so the request may well have been accepted: the outbox must not
      // retry this (permanent), and the status webhook can still reconcile it.
      throw new GraphError({
        message: `Unexpected Graph response (HTTP ${res.status}): ${this.redact(text.slice(0, 200))}`,
        httpStatus: res.status,
      });
    return parsed.data;
  }

  private async fetchRaw(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<Response> {
    const token = this.options.accessToken();
    if (!token)
      // Reported like Meta's unauthorized answer, so it takes the same (alert) path.
      throw new GraphError({
        message: 'WhatsApp access token is not set. Add WHATSAPP_ACCESS_TOKEN in Settings.',
        httpStatus: 401,
      });
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.guard(
      () =>
        this.fetchFn(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        }),
      timeoutMs,
    );
  }

  /** Runs a network step, turning timeouts and socket errors into retryable GraphErrors. */
  private async guard<T>(step: () => Promise<T>, timeoutMs: number): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof GraphError) throw err;
      const name = err instanceof Error ? err.name : '';
      const message =
        name === 'TimeoutError' || name === 'AbortError'
          ? `Graph request timed out after ${timeoutMs} ms`
          : `Graph request failed: ${describeNetworkError(err)}`;
      throw new GraphError({ message: this.redact(message) });
    }
  }

  private async errorFrom(res: Response): Promise<GraphError> {
    const text = await res.text().catch(() => '');
    const envelope = ErrorEnvelope.safeParse(safeJsonParse(text));
    if (!envelope.success)
      return new GraphError({
        message: this.redact(`Graph HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`),
        httpStatus: res.status,
      });
    const e = envelope.data.error;
    return new GraphError({
      message: this.redact(e.message),
      code: e.code,
      subcode: e.error_subcode,
      httpStatus: res.status,
      details: e.error_data?.details !== undefined ? this.redact(e.error_data.details) : undefined,
      fbtraceId: e.fbtrace_id,
    });
  }

  private redact(text: string): string {
    const token = this.options.accessToken();
    return token ? text.split(token).join('[redacted]') : text;
  }
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici hides the socket error (ECONNRESET, ECONNREFUSED…) in `cause`.
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
