import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** The secrets Pulse Desk knows. Values never reach a log line or the renderer in clear. */
export const SECRET_NAMES = [
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'OPENAI_API_KEY',
  'ADMIN_TOKEN',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
  /** Where a value comes from, for the Settings page: never the value itself. */
  source(name: SecretName): 'environment' | 'stored' | 'missing';
}

/** How stored values are protected at rest: identity in headless mode, safeStorage on the desktop. */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

const plainCipher: SecretCipher = { encrypt: (s) => s, decrypt: (s) => s };

/**
 * Secrets from the environment first, then from a JSON file readable by its owner only (0600).
 * The file's values pass through `cipher`, so the desktop shell can keep them in the OS keychain's
 * encryption (safeStorage) with the same mechanism.
 */
export function createFileSecretStore(options: {
  file: string;
  env?: Record<string, string | undefined>;
  cipher?: SecretCipher;
}): SecretStore {
  const { file } = options;
  const env = options.env ?? {};
  const cipher = options.cipher ?? plainCipher;
  let stored: Record<string, string> = {};
  if (existsSync(file)) {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  }
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
  };
  const fromEnv = (name: SecretName) => {
    const v = env[name];
    return v != null && v.trim() !== '' ? v.trim() : undefined;
  };
  return {
    get(name) {
      const e = fromEnv(name);
      if (e !== undefined) return e;
      const s = stored[name];
      return s === undefined ? undefined : cipher.decrypt(s);
    },
    set(name, value) {
      stored[name] = cipher.encrypt(value);
      save();
    },
    delete(name) {
      if (!(name in stored)) return;
      delete stored[name];
      save();
    },
    source(name) {
      if (fromEnv(name) !== undefined) return 'environment';
      return stored[name] !== undefined ? 'stored' : 'missing';
    },
  };
}

/** A random token, URL-safe, for generated verify and admin tokens. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Makes sure the secrets that must never have a shared default exist, generating them once. */
export function ensureGeneratedSecrets(secrets: SecretStore): void {
  for (const name of ['WHATSAPP_VERIFY_TOKEN', 'ADMIN_TOKEN'] as const) {
    if (secrets.get(name) === undefined) secrets.set(name, randomToken());
  }
}
