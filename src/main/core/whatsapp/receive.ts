import type { Kysely } from 'kysely';
import type { WebhookOutcome } from '../http/public';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import type { DB } from '../store/schema';
import { verifySignature } from '../http/webhook-signature';

/**
 * Checks a webhook POST and stores its raw body before it is acknowledged. Without an app
 * secret nothing can be verified, so the public webhook refuses (the test phone still works).
 */
export function createWebhookReceiver(deps: {
  db: () => Kysely<DB>;
  secrets: SecretStore;
  log: Logger;
}) {
  return async (raw: Buffer, signature: string | undefined): Promise<WebhookOutcome> => {
    const appSecret = deps.secrets.get('WHATSAPP_APP_SECRET');
    if (!appSecret) {
      deps.log.warn(
        'webhook POST refused: WHATSAPP_APP_SECRET is not set, so its signature cannot be checked. Set it in Settings or the environment.',
      );
      return { status: 'rejected', httpStatus: 503, reason: 'Webhook not configured' };
    }
    if (!signature)
      return { status: 'rejected', httpStatus: 401, reason: 'Missing X-Hub-Signature-256' };
    if (!verifySignature(raw, signature, appSecret)) {
      deps.log.warn('webhook POST refused: signature does not match');
      return { status: 'rejected', httpStatus: 401, reason: 'Invalid signature' };
    }
    const body = raw.toString('utf8');
    try {
      JSON.parse(body);
    } catch {
      return { status: 'rejected', httpStatus: 400, reason: 'Body is not JSON' };
    }
    await deps
      .db()
      .insertInto('webhook_events')
      .values({ source: 'whatsapp', received_at: new Date().toISOString(), body, signature })
      .execute();
    return { status: 'stored' };
  };
}
