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
