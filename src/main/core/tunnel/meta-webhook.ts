import { z } from 'zod';

export interface MetaWebhookUpdate {
  /** e.g. https://graph.facebook.com/v25.0 (no trailing slash needed). */
  graphBaseUrl: string;
  appId: string;
  appSecret: string;
  /** The full webhook URL Meta should call, e.g. `${tunnelUrl}/api/whatsapp/webhook/`. */
  callbackUrl: string;
  /** Meta checks the callback with this token (GET ...?hub.verify_token=) before saving it. */
  verifyToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Meta refused the update; `code` is Graph's error code when it gave one. */
export class MetaWebhookError extends Error {
  readonly code: number | null;
  constructor(message: string, code: number | null) {
    super(message);
    this.name = 'MetaWebhookError';
    this.code = code;
  }
}

/**
 * Points the app's whatsapp_business_account webhook at `callbackUrl` (Graph
 * `POST /{app-id}/subscriptions` with the app access token). Resolves once Meta has accepted it,
 * which includes Meta calling the callback to verify it; throws MetaWebhookError otherwise.
 * The secret travels in the form body only, and never appears in an error message.
 */
export async function updateMetaWebhookUrl(options: MetaWebhookUpdate): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.graphBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.appId)}/subscriptions`;
  const body = new URLSearchParams({
    object: 'whatsapp_business_account',
    callback_url: options.callbackUrl,
    verify_token: options.verifyToken,
    fields: 'messages',
    include_values: 'true',
    access_token: `${options.appId}|${options.appSecret}`,
  });
  const redact = (text: string) => redactSecret(text, options.appSecret);
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await doFetch(endpoint, { method: 'POST', body, signal: controller.signal });
    status = res.status;
    text = await res.text();
  } catch (err) {
    // Deliberately no `cause`: a transport error may carry the request, and with it the secret.
    const reason = controller.signal.aborted
      ? `no answer within ${timeoutMs} ms`
      : redact(describe(err));
    throw new MetaWebhookError(`Cannot reach Meta to update the webhook URL: ${reason}.`, null);
  } finally {
    clearTimeout(timer);
  }
  const answer = parseAnswer(text);
  if (answer.error || status !== 200) {
    const code = answer.error?.code ?? null;
    const what = answer.error?.message ?? `HTTP ${status}`;
    throw new MetaWebhookError(
      redact(
        `Meta refused the webhook URL update${code === null ? '' : ` (code ${code})`}: ${what}`,
      ),
      code,
    );
  }
  if (!answer.success)
    throw new MetaWebhookError('Meta did not confirm the webhook URL update.', null);
}

// Graph's error envelope and its confirmation, the two answers worth reading.
const GraphAnswer = z.union([
  z.object({
    error: z.object({ message: z.string().min(1), code: z.number().int().optional() }).loose(),
  }),
  z.object({ success: z.boolean() }),
]);

function parseAnswer(text: string): {
  error?: { message: string; code: number | null };
  success: boolean;
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { success: false };
  }
  const answer = GraphAnswer.safeParse(json);
  if (!answer.success) return { success: false };
  if ('error' in answer.data)
    return {
      error: { message: answer.data.error.message, code: answer.data.error.code ?? null },
      success: false,
    };
  return { success: answer.data.success };
}

// Meta may echo the access token (`{appId}|{appSecret}`) back in its message.
function redactSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

/** fetch() says only "fetch failed"; the reason is in its cause. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}
