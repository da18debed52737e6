import OpenAI from 'openai';
import type {
  ConnectionSetting,
  ConnectionSettings,
  ManagedSecret,
  OpenAiCheck,
  SecretState,
  TestMessageResult,
} from '../../shared/model';
import { MANAGED_SECRETS } from '../../shared/model';
import { AppError } from '../../shared/result';
import { audit } from './audit';
import type { CoreConfig } from './config';
import {
  CONNECTION_SETTINGS,
  CONNECTION_SETTING_NAMES,
  applyConnectionSetting,
  connectionSettingValue,
} from './config';
import type { SecretName, SecretStore } from './secrets';
import { randomToken } from './secrets';
import { readSetting, writeSetting } from './settings';
import type { Store } from './store/db';
import type { OutgoingMessage } from './whatsapp/graph';
import { OUTSIDE_WINDOW_ERROR, enqueueOutgoing } from './whatsapp/outbox';

// Settings → Connect: connection settings and secrets changed at run time, and the two checks
// (a WhatsApp test message, one OpenAI call). The rule for where a value comes from is one:
// the environment wins and is read-only here; else the value saved in Settings; else the default.

const SAVED_KEY = 'connection';

type Saved = Partial<Record<ConnectionSetting, string>>;

function savedConnection(s: Store): Saved {
  return readSetting<Saved>(s, SAVED_KEY) ?? {};
}

const fromEnvironment = (config: CoreConfig, name: ConnectionSetting) =>
  config.fromEnvironment.includes(name);

/** Puts the saved connection settings into the running config (the environment's stay). */
export function applySavedConnection(s: Store, config: CoreConfig): void {
  const saved = savedConnection(s);
  for (const name of CONNECTION_SETTING_NAMES) {
    if (fromEnvironment(config, name)) continue;
    // A saved value that no longer passes the rules is ignored rather than stopping start-up.
    const parsed =
      saved[name] === undefined ? undefined : CONNECTION_SETTINGS[name].safeParse(saved[name]);
    applyConnectionSetting(config, name, parsed?.success ? parsed.data : undefined);
  }
}

/** Only the last 4 characters of a long value: enough to tell two keys apart, never the key. */
function secretState(secrets: SecretStore, name: SecretName): SecretState {
  const value = secrets.get(name);
  return {
    source: secrets.source(name),
    hint: value !== undefined && value.length >= 16 ? value.slice(-4) : null,
  };
}

/** What the Connect wizard shows: values and where they come from, never a secret's value. */
export function connectionSettings(
  s: Store,
  config: CoreConfig,
  secrets: SecretStore,
): ConnectionSettings {
  const saved = savedConnection(s);
  const settings = Object.fromEntries(
    CONNECTION_SETTING_NAMES.map((name) => [
      name,
      {
        value: connectionSettingValue(config, name),
        source: fromEnvironment(config, name)
          ? 'environment'
          : saved[name] !== undefined
            ? 'saved'
            : 'default',
      },
    ]),
  ) as ConnectionSettings['settings'];
  const names = [...MANAGED_SECRETS, 'WHATSAPP_VERIFY_TOKEN'] as const;
  return {
    settings,
    secrets: Object.fromEntries(
      names.map((n) => [n, secretState(secrets, n)]),
    ) as ConnectionSettings['secrets'],
    secretStorage: config.mode === 'desktop' ? 'keychain' : 'file',
    graphBaseUrl: config.whatsapp.graphBaseUrl,
  };
}

const sentence = (problem: string) => `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;

/**
 * Checks the changed settings with the same rules as the environment's, saves them, audits the
 * change and puts them into the running config. Returns the names whose value changed.
 */
export function saveConnection(
  s: Store,
  config: CoreConfig,
  input: Partial<Record<ConnectionSetting, string>>,
  actor: string,
  now: number,
): ConnectionSetting[] {
  const fields: Record<string, string> = {};
  const before = savedConnection(s);
  const next: Saved = { ...before };
  const changes: Partial<Record<ConnectionSetting, string | null>> = {};
  for (const name of CONNECTION_SETTING_NAMES) {
    const raw = input[name];
    if (raw === undefined) continue;
    const current = connectionSettingValue(config, name);
    if (fromEnvironment(config, name)) {
      if (raw !== current)
        fields[name] =
          `Set in the environment (${name}) where Pulse Desk was started: change it there and restart.`;
      continue;
    }
    let value: string | undefined;
    if (raw !== '') {
      const parsed = CONNECTION_SETTINGS[name].safeParse(raw);
      if (!parsed.success) {
        fields[name] = sentence(parsed.error.issues[0]?.message ?? 'not valid');
        continue;
      }
      value = parsed.data;
    }
    if (name === 'OPENAI_BASE_URL' && value) value = value.replace(/\/+$/, '');
    if (value === undefined) delete next[name];
    else next[name] = value;
    if (next[name] !== before[name]) changes[name] = value ?? null;
  }
  if (Object.keys(fields).length > 0)
    throw new AppError(
      'invalid_input',
      `${Object.keys(fields).length === 1 ? 'One setting needs' : 'Some settings need'} fixing: see the message under it.`,
      fields,
    );
  const changed = Object.keys(changes) as ConnectionSetting[];
  if (changed.length === 0) return [];
  s.transaction(() => {
    writeSetting(s, SAVED_KEY, next, now);
    // Not secrets: the audit may say what they became.
    audit(s, actor, 'connection_changed', null, { changes }, now);
  });
  for (const name of changed) applyConnectionSetting(config, name, next[name]);
  return changed;
}

const inEnvironment = (name: string) =>
  new AppError(
    'conflict',
    `${name} is set in the environment where Pulse Desk was started, so it cannot be changed here. Change it there and restart Pulse Desk.`,
  );

/** Stores, replaces or (with null) clears a secret; audited without its value. */
export function setSecret(
  s: Store,
  secrets: SecretStore,
  input: { name: ManagedSecret; value: string | null },
  actor: string,
  now: number,
): void {
  const { name, value } = input;
  const before = secrets.source(name);
  if (before === 'environment') throw inEnvironment(name);
  if (value === null && before === 'missing') return;
  keep(() => (value === null ? secrets.delete(name) : secrets.set(name, value)));
  const action =
    value === null ? 'secret_cleared' : before === 'stored' ? 'secret_replaced' : 'secret_set';
  audit(s, actor, action, name, {}, now);
}

/** A new random verify token (Meta must be given it again); audited without its value. */
export function regenerateVerifyToken(
  s: Store,
  secrets: SecretStore,
  actor: string,
  now: number,
): void {
  if (secrets.source('WHATSAPP_VERIFY_TOKEN') === 'environment')
    throw inEnvironment('WHATSAPP_VERIFY_TOKEN');
  keep(() => secrets.set('WHATSAPP_VERIFY_TOKEN', randomToken()));
  audit(s, actor, 'secret_replaced', 'WHATSAPP_VERIFY_TOKEN', { generated: true }, now);
}

/** The secret store may refuse (no OS keychain): say so as data, with its own words. */
function keep(write: () => void): void {
  try {
    write();
  } catch (err) {
    throw new AppError(
      'unavailable',
      `The secret was not saved: ${(err as Error).message || 'the secret store refused it'}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Every WhatsApp Business Account has this template, approved, in en_US. */
export const TEST_TEMPLATE = { name: 'hello_world', languageCode: 'en_US' } as const;

export interface TestMessageDeps {
  store: () => Store;
  config: CoreConfig;
  secrets: SecretStore;
  /** Wakes the outbox sender, resuming WhatsApp sends an alert had paused. */
  wakeSender: () => void;
  now: () => number;
  /** How long to wait for Meta's answer before reporting none. */
  waitMs?: number;
}

/**
 * Sends a test message through the outbox and Meta, exactly as a reply goes, and reports
 * Meta's answer: the wamid, or its error code and message. A failed test is not retried later.
 */
export async function sendTestMessage(
  deps: TestMessageDeps,
  input: { to: string; kind: 'template' | 'text'; text?: string | undefined },
  actor: string,
): Promise<TestMessageResult> {
  const { config, secrets } = deps;
  const missing = [
    ...(config.whatsapp.phoneNumberId ? [] : ['the phone number id']),
    ...(secrets.get('WHATSAPP_ACCESS_TOKEN') ? [] : ['the access token']),
  ];
  if (missing.length > 0)
    throw new AppError(
      'conflict',
      `Set ${missing.join(' and ')} first (the WhatsApp step), then send the test.`,
    );
  const message: OutgoingMessage =
    input.kind === 'template'
      ? { type: 'template', ...TEST_TEMPLATE }
      : { type: 'text', body: input.text ?? '' };
  const outboxId = enqueueOutgoing(deps.store(), {
    channel: 'whatsapp',
    recipient: input.to,
    message,
    now: deps.now(),
  });
  deps.wakeSender();
  const result = await awaitOutcome(deps, outboxId, input);
  const s = deps.store();
  audit(
    s,
    actor,
    'test_message_sent',
    input.to,
    { kind: input.kind, ok: result.ok, ...(result.ok ? {} : { code: result.code }) },
    deps.now(),
  );
  return result;
}

async function awaitOutcome(
  deps: TestMessageDeps,
  outboxId: string,
  input: { to: string; kind: 'template' | 'text' },
): Promise<TestMessageResult> {
  const waitMs = deps.waitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  const base = { to: input.to, kind: input.kind };
  for (;;) {
    const s = deps.store();
    const row = s.first(
      s.db
        .selectFrom('outbox')
        .select(['status', 'whatsapp_message_id', 'last_error', 'last_error_code'])
        .where('id', '=', outboxId),
    );
    if (!row)
      return {
        ok: false,
        ...base,
        code: null,
        message: 'The test message was lost (the data file was replaced).',
      };
    if (row.status === 'sent' && row.whatsapp_message_id)
      return { ok: true, ...base, wamid: row.whatsapp_message_id };
    if (row.status === 'failed') {
      const hint =
        row.last_error === OUTSIDE_WINDOW_ERROR
          ? ' Meta takes free-form text only within 24 hours of the person’s last message: send the hello_world template instead.'
          : '';
      return {
        ok: false,
        ...base,
        code: row.last_error_code,
        message: `${row.last_error ?? 'Not sent.'}${hint}`,
      };
    }
    // Queued again after an answer: a paused account (alert) or a retry. Report, do not retry.
    const timedOut = Date.now() >= deadline;
    if (row.status === 'queued' && (row.last_error || timedOut)) {
      const message =
        row.last_error ?? `Meta did not answer within ${Math.round(waitMs / 1000)} seconds.`;
      s.run(
        s.db
          .updateTable('outbox')
          .set({
            status: 'failed',
            last_error: `${message} (test message, not retried)`,
            updated_at: new Date(deps.now()).toISOString(),
          })
          .where('id', '=', outboxId)
          .where('status', '=', 'queued'),
      );
      return { ok: false, ...base, code: row.last_error_code, message };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One minimal chat completion with the configured base URL, model and key. */
export async function checkOpenAi(
  config: CoreConfig,
  secrets: SecretStore,
  timeoutMs = 20_000,
): Promise<OpenAiCheck> {
  const base = { model: config.openai.model, baseUrl: config.openai.baseUrl };
  const apiKey = secrets.get('OPENAI_API_KEY');
  if (!apiKey)
    return {
      ok: false,
      ...base,
      status: null,
      message: 'No API key: set OPENAI_API_KEY in the OpenAI step first.',
    };
  const client = new OpenAI({
    apiKey,
    baseURL: base.baseUrl,
    timeout: timeoutMs,
    maxRetries: 0,
  });
  const started = performance.now();
  try {
    await client.chat.completions.create({
      model: base.model,
      messages: [{ role: 'user', content: 'Reply with the word OK.' }],
      max_completion_tokens: 16,
    });
    return { ok: true, ...base, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (err instanceof OpenAI.APIConnectionTimeoutError)
      return {
        ok: false,
        ...base,
        status: null,
        message: `No answer from ${base.baseUrl} in ${Math.round(timeoutMs / 1000)} seconds.`,
      };
    if (err instanceof OpenAI.APIConnectionError)
      return {
        ok: false,
        ...base,
        status: null,
        message: `Could not reach ${base.baseUrl}: ${err.message}`,
      };
    if (err instanceof OpenAI.APIError)
      return {
        ok: false,
        ...base,
        status: err.status ?? null,
        message: `The server answered: ${err.message}`,
      };
    return {
      ok: false,
      ...base,
      status: null,
      message: `The check failed: ${(err as Error).message}`,
    };
  }
}
