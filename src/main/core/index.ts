import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import type { ServiceStatus, SystemStatus } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { CoreConfig } from './config';
import { EventBus } from './events';
import { createAdminApp } from './http/admin';
import type { RunningListener } from './http/listener';
import { listen } from './http/listener';
import { createPublicApp } from './http/public';
import { generateLink } from './links';
import type { Logger } from './logger';
import { createLogger } from './logger';
import { analyticsSummary } from './queries/analytics';
import { ensureDefaultBot, listBots } from './queries/bots';
import { getConversation, listConversations, listMessages } from './queries/conversations';
import { listVoters } from './queries/voters';
import type { CallContext } from './rpc';
import type { SecretStore } from './secrets';
import { SECRET_NAMES, ensureGeneratedSecrets } from './secrets';
import type { Store } from './store/db';
import { openStore } from './store/db';
import { createWebhookReceiver } from './whatsapp/receive';

export interface Core {
  readonly config: CoreConfig;
  readonly events: EventBus;
  readonly handlers: Handlers<CallContext>;
  readonly log: Logger;
  /** The open store; throws before start(). */
  store(): Store;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<SystemStatus>;
}

export interface CoreDeps {
  secrets: SecretStore;
  log?: Logger;
  /** Whether to open the listeners (the desktop shell may run without the admin one). Default both. */
  listeners?: { public: boolean; admin: boolean };
}

export const DATABASE_FILE = 'pulse-desk.sqlite';

/** Wires everything Pulse Desk does, in plain Node. The desktop shell and `npm run serve` both use it. */
export function createCore(config: CoreConfig, deps: CoreDeps): Core {
  const { secrets } = deps;
  const log =
    deps.log ??
    createLogger({
      level: config.logLevel,
      secrets: () => SECRET_NAMES.map((n) => secrets.get(n)),
    });
  const events = new EventBus();
  const databaseFile = join(config.dataDir, DATABASE_FILE);
  const startedAt = new Date().toISOString();
  let store: Store | undefined;
  let publicListener: RunningListener | undefined;
  let adminListener: RunningListener | undefined;

  const requireStore = (): Store => {
    if (!store)
      throw new AppError('unavailable', 'Pulse Desk is still starting. Try again in a moment.');
    return store;
  };
  const db = () => requireStore().db;

  const service = (missing: string[], on: string, off: string): ServiceStatus => ({
    configured: missing.length === 0,
    missing,
    detail: missing.length === 0 ? on : off,
  });
  const missingSecrets = (...names: (typeof SECRET_NAMES)[number][]) =>
    names.filter((n) => secrets.get(n) === undefined);

  const status = async (): Promise<SystemStatus> => {
    const s = requireStore();
    const count = async (
      table: 'conversations' | 'messages' | 'voter_profiles' | 'bot_configurations',
    ) =>
      Number(
        (
          await s.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const whatsappMissing = [
      ...(config.whatsapp.phoneNumberId ? [] : ['WHATSAPP_PHONE_NUMBER_ID']),
      ...missingSecrets('WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET'),
    ];
    const openaiMissing = missingSecrets('OPENAI_API_KEY');
    return {
      version: config.version,
      mode: config.mode,
      dataDir: config.dataDir,
      databaseFile: s.file,
      schemaVersion: s.schemaVersion,
      startedAt,
      listeners: { public: publicListener?.status ?? null, admin: adminListener?.status ?? null },
      services: {
        whatsapp: service(
          whatsappMissing,
          'Connected to the WhatsApp Cloud API: messages arrive at the webhook and replies go out through Meta.',
          'Not connected: voters can be simulated with the test phone. Add the missing settings to use a real WhatsApp Business number.',
        ),
        openai: {
          ...service(
            openaiMissing,
            `Answers and analysis come from ${config.openai.model}.`,
            'No API key: the embedded analyzer answers instead (works offline, less precise).',
          ),
          model: config.openai.model,
          baseUrl: config.openai.baseUrl,
        },
        tunnel: {
          ...service(
            ['tunnel'],
            'Public URL active.',
            'No public URL: start the tunnel so Meta can reach the webhook.',
          ),
          url: null,
        },
        testPhone: service([], 'Always available: write as a voter from the app.', ''),
      },
      counts: {
        conversations: await count('conversations'),
        messages: await count('messages'),
        voters: await count('voter_profiles'),
        bots: await count('bot_configurations'),
      },
    };
  };

  const handlers: Handlers<CallContext> = {
    getStatus: () => status(),
    listConversations: (input) => listConversations(db(), input),
    getConversation: (input) => getConversation(db(), input.id),
    listMessages: (input) => listMessages(db(), input),
    listVoters: (input) => listVoters(db(), input),
    listBots: () => listBots(db()),
    getAnalytics: (input) => analyticsSummary(db(), input),
    generateLink: async (input) => generateLink(config.whatsapp.displayPhoneNumber, input),
  };

  const which = deps.listeners ?? { public: true, admin: true };

  return {
    config,
    events,
    handlers,
    log,
    store: requireStore,
    status,
    async start() {
      if (store) return;
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      ensureGeneratedSecrets(secrets);
      store = openStore(databaseFile);
      try {
        await ensureDefaultBot(store.db, config.openai.model, new Date().toISOString());
        if (which.public) {
          const app = createPublicApp({
            log,
            verifyToken: () => secrets.get('WHATSAPP_VERIFY_TOKEN'),
            receiveWebhook: createWebhookReceiver({ db, secrets, log }),
          });
          publicListener = await listen(
            app,
            config.publicListener.host,
            config.publicListener.port,
            'public',
          );
          log.info('public listener (webhook only) started', { url: publicListener.status.url });
        }
        if (which.admin) {
          const app = createAdminApp({
            log,
            handlers,
            events,
            adminToken: () => secrets.get('ADMIN_TOKEN'),
            rendererDir: config.rendererDir,
          });
          adminListener = await listen(
            app,
            config.adminListener.host,
            config.adminListener.port,
            'admin',
          );
          log.info('admin listener (UI and API, sign-in required) started', {
            url: adminListener.status.url,
          });
        }
      } catch (err) {
        await this.stop();
        throw err;
      }
      events.emit('statusChanged', {});
    },
    async stop() {
      await publicListener?.close();
      await adminListener?.close();
      publicListener = adminListener = undefined;
      await store?.close();
      store = undefined;
    },
  };
}
