import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared WhatsApp webhook fixtures, as exact bytes with their valid signatures. */
export const FIXTURE_DIR = join(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../shared/fixtures/whatsapp',
);

const signatures = JSON.parse(readFileSync(join(FIXTURE_DIR, 'signatures.json'), 'utf8')) as {
  app_secret: string;
  signatures: Record<string, string>;
};

export const FIXTURE_APP_SECRET = signatures.app_secret;

export interface Fixture {
  name: string;
  bytes: Buffer;
  signature: string;
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => /^\d\d_.*\.json$/.test(f))
    .sort()
    .map((name) => ({
      name,
      bytes: readFileSync(join(FIXTURE_DIR, name)),
      signature: signatures.signatures[name]!,
    }));
}

export function fixture(prefix: string): Fixture {
  const f = fixtures().find((x) => x.name.startsWith(prefix));
  if (!f) throw new Error(`no fixture ${prefix}`);
  return f;
}

/** Signs a body the way Meta does, for bodies the tests build themselves. */
export function sign(body: string | Buffer, secret = FIXTURE_APP_SECRET): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** POSTs raw bytes to the webhook with the given signature header (none when undefined). */
export async function postWebhook(
  publicUrl: string,
  body: string | Buffer,
  signature: string | undefined,
): Promise<Response> {
  return fetch(`${publicUrl}/api/whatsapp/webhook/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

/** A minimal Meta-shaped body with the given value (messages, statuses, errors...). */
export function webhookBody(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '110000000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '919800000000',
                phone_number_id: '120000000000001',
              },
              ...value,
            },
          },
        ],
      },
    ],
  });
}
