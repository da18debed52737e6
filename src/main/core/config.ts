import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { ConnectionSetting } from '../../shared/model';

/** Start-up stops with this when a setting is wrong; the message names the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Configuration error in ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');
const url = z.url({ error: 'must be a full http(s) URL' }).refine((u) => /^https?:\/\//.test(u), {
  error: 'must start with http:// or https://',
});
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const digits = optionalText.refine((v) => v === undefined || /^\d{5,20}$/.test(v), {
  error: 'must be digits only',
});
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], { error: 'must be true or false' })
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
const model = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/**
 * The connection settings an admin may also change at run time (Settings → Connect), by their
 * environment name, with the rules they are checked by wherever they come from.
 */
export const CONNECTION_SETTINGS = {
  WHATSAPP_PHONE_NUMBER_ID: digits,
  WHATSAPP_BUSINESS_ACCOUNT_ID: digits,
  WHATSAPP_APP_ID: digits,
  WHATSAPP_DISPLAY_PHONE_NUMBER: digits,
  OPENAI_BASE_URL: url.optional(),
  OPENAI_MODEL: model.optional(),
} as const satisfies Record<ConnectionSetting, z.ZodType>;
export type ConnectionSettingName = keyof typeof CONNECTION_SETTINGS;
export const CONNECTION_SETTING_NAMES = Object.keys(CONNECTION_SETTINGS) as ConnectionSettingName[];

// Every non-secret setting, by its environment name. Secrets live in the SecretStore.
const EnvSchema = z.object({
  DATA_DIR: optionalText,
  PUBLIC_HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_PORT: port.default(8787),
  ADMIN_HOST: optionalText,
  ADMIN_PORT: port.default(8788),
  ADMIN_LAN: bool,
  ...CONNECTION_SETTINGS,
  WHATSAPP_GRAPH_BASE_URL: url.default('https://graph.facebook.com/v25.0'),
  OPENAI_BASE_URL: url.default(DEFAULT_OPENAI_BASE_URL),
  OPENAI_MODEL: model.default(DEFAULT_OPENAI_MODEL),
  TUNNEL_ENABLED: bool,
  TUNNEL_HOST: url.default('https://localtunnel.me'),
  TUNNEL_SUBDOMAIN: optionalText.refine(
    (v) => v === undefined || /^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/.test(v),
    {
      error: 'must be 4 to 63 lowercase letters, digits or dashes',
    },
  ),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' })
    .default('info'),
});

export interface CoreConfig {
  mode: 'desktop' | 'headless';
  version: string;
  dataDir: string;
  publicListener: { host: string; port: number };
  adminListener: { host: string; port: number };
  whatsapp: {
    phoneNumberId: string | undefined;
    businessAccountId: string | undefined;
    appId: string | undefined;
    displayPhoneNumber: string | undefined;
    graphBaseUrl: string;
  };
  openai: { baseUrl: string; model: string };
  /**
   * Connection settings given in the environment. They win over values saved in Settings and
   * cannot be changed from the UI; the others may be (see connect.ts), in place in this object.
   */
  fromEnvironment: ConnectionSettingName[];
  /** The public URL for Meta, from a laptop: localtunnel's relay. Started at launch when enabled. */
  tunnel: { enabled: boolean; host: string; subdomain: string | undefined };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The built renderer served by the admin listener; absent when there is none (unit tests). */
  rendererDir: string | undefined;
}

/** Where Electron keeps userData for this app, so headless and desktop share one data folder. */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'pulse-desk');
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'pulse-desk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'pulse-desk');
}

/** Reads a `.env` file if there is one; the real environment wins over it. */
export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new ConfigError(file, `cannot be read as a .env file (${(err as Error).message})`);
  }
}

/** Parses the settings, or throws ConfigError naming the first bad one. */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: {
    mode: 'desktop' | 'headless';
    version: string;
    dataDir?: string;
    rendererDir?: string;
  },
): CoreConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(
      setting,
      `${issue?.message ?? 'invalid'} (got ${JSON.stringify(env[setting] ?? '')})`,
    );
  }
  const e = parsed.data;
  const adminHost = e.ADMIN_HOST ?? (e.ADMIN_LAN ? '0.0.0.0' : '127.0.0.1');
  if (e.ADMIN_PORT !== 0 && e.ADMIN_PORT === e.PUBLIC_PORT) {
    throw new ConfigError(
      'ADMIN_PORT',
      `must differ from PUBLIC_PORT (both are ${e.ADMIN_PORT}): the admin and public listeners are never one`,
    );
  }
  return {
    mode: options.mode,
    version: options.version,
    dataDir: resolve(e.DATA_DIR ?? options.dataDir ?? defaultDataDir()),
    publicListener: { host: e.PUBLIC_HOST, port: e.PUBLIC_PORT },
    adminListener: { host: adminHost, port: e.ADMIN_PORT },
    whatsapp: {
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
      businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID,
      appId: e.WHATSAPP_APP_ID,
      displayPhoneNumber: e.WHATSAPP_DISPLAY_PHONE_NUMBER,
      graphBaseUrl: e.WHATSAPP_GRAPH_BASE_URL.replace(/\/+$/, ''),
    },
    openai: { baseUrl: e.OPENAI_BASE_URL.replace(/\/+$/, ''), model: e.OPENAI_MODEL },
    fromEnvironment: CONNECTION_SETTING_NAMES.filter((n) => (env[n]?.trim() ?? '') !== ''),
    tunnel: {
      enabled: e.TUNNEL_ENABLED,
      host: e.TUNNEL_HOST.replace(/\/+$/, ''),
      subdomain: e.TUNNEL_SUBDOMAIN,
    },
    logLevel: e.LOG_LEVEL,
    rendererDir: options.rendererDir,
  };
}

/**
 * Puts one connection setting into the running config (undefined = back to the default), so
 * every reader sees it on its next use.
 */
export function applyConnectionSetting(
  config: Pick<CoreConfig, 'whatsapp' | 'openai'>,
  name: ConnectionSettingName,
  value: string | undefined,
): void {
  switch (name) {
    case 'WHATSAPP_PHONE_NUMBER_ID':
      config.whatsapp.phoneNumberId = value;
      return;
    case 'WHATSAPP_BUSINESS_ACCOUNT_ID':
      config.whatsapp.businessAccountId = value;
      return;
    case 'WHATSAPP_APP_ID':
      config.whatsapp.appId = value;
      return;
    case 'WHATSAPP_DISPLAY_PHONE_NUMBER':
      config.whatsapp.displayPhoneNumber = value;
      return;
    case 'OPENAI_BASE_URL':
      config.openai.baseUrl = (value ?? DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, '');
      return;
    case 'OPENAI_MODEL':
      config.openai.model = value ?? DEFAULT_OPENAI_MODEL;
      return;
  }
}

/** The current value of one connection setting in the running config ('' when unset). */
export function connectionSettingValue(
  config: Pick<CoreConfig, 'whatsapp' | 'openai'>,
  name: ConnectionSettingName,
): string {
  const values: Record<ConnectionSettingName, string | undefined> = {
    WHATSAPP_PHONE_NUMBER_ID: config.whatsapp.phoneNumberId,
    WHATSAPP_BUSINESS_ACCOUNT_ID: config.whatsapp.businessAccountId,
    WHATSAPP_APP_ID: config.whatsapp.appId,
    WHATSAPP_DISPLAY_PHONE_NUMBER: config.whatsapp.displayPhoneNumber,
    OPENAI_BASE_URL: config.openai.baseUrl,
    OPENAI_MODEL: config.openai.model,
  };
  return values[name] ?? '';
}
