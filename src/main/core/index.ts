import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import type { RestoreResult, ServiceStatus, SystemStatus } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { CoreConfig } from './config';
import { EventBus } from './events';
import { createAdminApp } from './http/admin';
import { fileRoutes } from './http/file-routes';
import type { WebRoute } from './http/web';
import type { RunningListener } from './http/listener';
import { listen } from './http/listener';
import { createPublicApp } from './http/public';
import { generateLink } from './links';
import type { Logger } from './logger';
import { createLogger } from './logger';
import { analyticsSummary } from './queries/analytics';
import { dashboard } from './analytics/dashboard';
import { campaignQr, listCampaigns } from './analytics/campaigns';
import { ensureDefaultBot, listBots } from './queries/bots';
import { listMessages } from './queries/conversations';
import * as desk from './desk';
import { pipelineSettings, savePipelineSettings } from './settings';
import { createOperator, listOperators, toOperator, updateOperator } from './operators';
import { analyzeMessage } from './pipeline/pipeline';
import { decideHandoff } from './pipeline/policy';
import { isAdmin, requireAdmin } from './rpc';
import { listVoters, voterDetail } from './queries/voters';
import type { CallContext } from './rpc';
import type { Emitted } from './jobs';
import type { SecretStore } from './secrets';
import { SECRET_NAMES, ensureGeneratedSecrets } from './secrets';
import type { Store } from './store/db';
import { openStore } from './store/db';
import { createLocalTunnel } from './tunnel/localtunnel';
import { updateMetaWebhookUrl } from './tunnel/meta-webhook';
import type { TunnelProvider } from './tunnel/provider';
import type { ChannelService } from './channel';
import { createPipeline } from './pipeline/pipeline';
import { handBack, takeOver } from './queries/takeover';
import { createChannel } from './channel';
import { audit } from './audit';
import { checkDataFile, createBackup, swapDataFile, unswapDataFile } from './backup';
import * as connect from './connect';

export interface Core {
  readonly config: CoreConfig;
  readonly channel: ChannelService;
  readonly events: EventBus;
  readonly handlers: Handlers<CallContext>;
  readonly log: Logger;
  /** The open store; throws before start(). */
  store(): Store;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<SystemStatus>;
  /** Voter export, backup and restore as web Request → Response, for the desktop window's protocol. */
  readonly fileRoutes: WebRoute;
}

export interface CoreDeps {
  secrets: SecretStore;
  log?: Logger;
  now?: () => number;
  /** How long one model call may take before the embedded analyzer answers instead. */
  modelTimeoutMs?: number;
  /** Test-only tuning of retry and pacing delays. */
  tuning?: Pick<Parameters<typeof createChannel>[0], 'outboxPolicy' | 'jobRetry'>;
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
  let tunnel: TunnelProvider | undefined;

  /** Points Meta's webhook at the new public URL when the app id and secret allow it. */
  const updateMeta = async (url: string) => {
    const appId = config.whatsapp.appId;
    const appSecret = secrets.get('WHATSAPP_APP_SECRET');
    if (!appId || !appSecret) return;
    await updateMetaWebhookUrl({
      graphBaseUrl: config.whatsapp.graphBaseUrl,
      appId,
      appSecret,
      callbackUrl: `${url}/api/whatsapp/webhook/`,
      verifyToken: secrets.get('WHATSAPP_VERIFY_TOKEN') ?? '',
    });
    log.info('Meta webhook callback URL updated', { url });
  };

  const startTunnel = async () => {
    if (!publicListener)
      throw new AppError(
        'unavailable',
        'The public listener is not running, so there is nothing to tunnel to.',
      );
    if (!tunnel) {
      const host = publicListener.status.host;
      tunnel = createLocalTunnel({
        localPort: publicListener.status.port,
        localHost: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host,
        host: config.tunnel.host,
        ...(config.tunnel.subdomain ? { subdomain: config.tunnel.subdomain } : {}),
        log,
        onUrlChange: updateMeta,
      });
      tunnel.onStatus(() => events.emit('statusChanged', {}));
    }
    await tunnel.start();
  };

  const requireStore = (): Store => {
    if (!store)
      throw new AppError(
        'unavailable',
        restoring
          ? 'Pulse Desk is restoring a backup. Try again in a moment.'
          : 'Pulse Desk is still starting. Try again in a moment.',
      );
    return store;
  };
  let restoring = false;
  // Restarting the channel and swapping the data file never overlap.
  let channelWork: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = channelWork.then(fn);
    channelWork = run.catch(() => undefined);
    return run;
  };
  const db = () => requireStore().db;
  const clock = deps.now ?? Date.now;
  /** Whose read marks: the operator's account, else the caller's name (desktop, admin token). */
  const reader = (ctx: CallContext) => ctx.operatorId ?? `actor:${ctx.actor}`;
  const afterWrite = (emitted: Emitted[]) => {
    channel.kickSender();
    emitted.forEach(([n, p]) => events.emit(n, p as never));
  };
  const pipeline = createPipeline({
    config,
    store: requireStore,
    secrets,
    log,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.modelTimeoutMs ? { modelTimeoutMs: deps.modelTimeoutMs } : {}),
  });
  const channel = createChannel({
    config,
    store: requireStore,
    secrets,
    log,
    events,
    jobs: { analyze: pipeline.handler },
    afterInbound: (s, ids, at) => pipeline.enqueue(s, ids.messageId, ids.lane, at),
    ...(deps.now ? { now: deps.now } : {}),
    ...deps.tuning,
  });

  const service = (missing: string[], on: string, off: string): ServiceStatus => ({
    configured: missing.length === 0,
    missing,
    detail: missing.length === 0 ? on : off,
  });
  const missingSecrets = (...names: (typeof SECRET_NAMES)[number][]) =>
    names.filter((n) => secrets.get(n) === undefined);

  const tunnelStatus = (): SystemStatus['services']['tunnel'] => {
    const t = tunnel?.status();
    const state = t?.state ?? 'stopped';
    const detail =
      state === 'open'
        ? `Public URL active: Meta can reach the webhook at ${t?.url}/api/whatsapp/webhook/.`
        : state === 'stopped'
          ? 'No public URL: start the tunnel so Meta can reach the webhook.'
          : `Tunnel ${state}${t?.error ? `: ${t.error}` : ''}.`;
    return {
      configured: state === 'open',
      missing: state === 'open' ? [] : ['tunnel'],
      detail,
      url: t?.url ?? null,
      state,
    };
  };

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
        tunnel: tunnelStatus(),
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
    listConversations: (input, ctx) =>
      desk.listInbox(requireStore(), input, { key: reader(ctx), name: ctx.actor }),
    getConversation: async (input) =>
      desk.conversationDetail(requireStore(), input.id, clock(), input.limit),
    whoAmI: async (_input, ctx) => {
      const s = requireStore();
      const row = ctx.operatorId
        ? s.first(s.db.selectFrom('operators').selectAll().where('id', '=', ctx.operatorId))
        : undefined;
      return { operator: row ? toOperator(row) : null, role: ctx.role ?? 'admin', name: ctx.actor };
    },
    listOperators: async (_input, ctx) => {
      requireAdmin(ctx);
      return listOperators(requireStore());
    },
    createOperator: async (input, ctx) => {
      requireAdmin(ctx);
      const op = await createOperator(requireStore(), input, clock());
      desk.audit(
        requireStore(),
        ctx.actor,
        'operator_created',
        op.id,
        { username: op.username, role: op.role },
        clock(),
      );
      return op;
    },
    updateOperator: async (input, ctx) => {
      requireAdmin(ctx);
      const op = await updateOperator(requireStore(), input, clock());
      desk.audit(
        requireStore(),
        ctx.actor,
        'operator_updated',
        op.id,
        {
          role: input.role,
          disabled: input.disabled,
          passwordChanged: input.password !== undefined,
        },
        clock(),
      );
      return op;
    },
    listAudit: async (input, ctx) => {
      requireAdmin(ctx);
      return desk.listAudit(requireStore(), input);
    },
    saveBot: async (input, ctx) => {
      requireAdmin(ctx);
      return desk.saveBot(requireStore(), input, ctx.actor, clock());
    },
    activateBot: async (input, ctx) => {
      requireAdmin(ctx);
      return desk.activateBot(requireStore(), input.id, ctx.actor, clock());
    },
    deleteBot: async (input, ctx) => {
      requireAdmin(ctx);
      desk.deleteBot(requireStore(), input.id, ctx.actor, clock());
      return { deleted: true as const };
    },
    tryBot: async (input) => {
      const bot = desk.getBot(requireStore(), input.botId);
      const { analysis: a, failed } = await analyzeMessage(
        {
          config,
          secrets,
          ...(deps.modelTimeoutMs ? { modelTimeoutMs: deps.modelTimeoutMs } : {}),
        },
        { bot, text: input.text, recent: [], summary: null, voterName: null },
      );
      return {
        language: a.language,
        script: a.script,
        intent: a.intent,
        category: a.category,
        sentiment: a.sentiment,
        sentimentScore: a.sentiment_score,
        confidence: a.confidence,
        topics: a.topics,
        source: a.source,
        fallbackReason: a.fallbackReason,
        handoff: decideHandoff({
          analysis: a,
          bot,
          messageCount: 1,
          consecutiveModelFailures: failed ? 1 : 0,
        }),
        reply: a.reply,
      };
    },
    listTemplates: async () => desk.listTemplates(requireStore()),
    saveTemplate: async (input, ctx) => {
      requireAdmin(ctx);
      return desk.saveTemplate(requireStore(), input, ctx.actor, clock());
    },
    deleteTemplate: async (input, ctx) => {
      requireAdmin(ctx);
      desk.deleteTemplate(requireStore(), input.id, ctx.actor, clock());
      return { deleted: true as const };
    },
    sendReply: async (input, ctx) => {
      const r = desk.sendReply(requireStore(), input, ctx.actor, clock());
      afterWrite(r.emitted);
      return r.message;
    },
    sendTemplate: async (input, ctx) => {
      const r = desk.sendTemplate(requireStore(), input, ctx.actor, clock());
      afterWrite(r.emitted);
      return r.message;
    },
    resolveConversation: async (input, ctx) => {
      const c = desk.resolveConversation(requireStore(), input, ctx.actor, clock());
      events.emit('conversationChanged', { conversationId: c.id });
      return c;
    },
    markRead: async (input, ctx) => {
      desk.markRead(requireStore(), input.conversationId, reader(ctx), clock());
      events.emit('conversationRead', { conversationId: input.conversationId });
      return { ok: true as const };
    },
    listMessages: (input) => listMessages(db(), input),
    listVoters: (input) => listVoters(db(), input),
    getVoter: async (input) => voterDetail(requireStore(), input.id),
    listBots: () => listBots(db()),
    getAnalytics: (input) =>
      analyticsSummary(db(), input, pipelineSettings(requireStore()).modelPrices),
    getDashboard: async (input) =>
      dashboard(requireStore(), input, pipelineSettings(requireStore()).modelPrices),
    listCampaigns: async () => listCampaigns(requireStore()),
    campaignQr: (input) => campaignQr(input.url, input.format),
    getPipelineSettings: async () => pipelineSettings(requireStore()),
    savePipelineSettings: async (input, ctx) => {
      requireAdmin(ctx);
      return savePipelineSettings(requireStore(), input, ctx.actor, clock());
    },
    generateLink: async (input) => generateLink(config.whatsapp.displayPhoneNumber, input),
    getWebhookSetup: async (_input, ctx) => {
      const s = requireStore();
      const stored = s.all(
        s.db
          .selectFrom('channel_alerts')
          .select(['at', 'code', 'title', 'message'])
          .where('resolved_at', 'is', null)
          .orderBy('at', 'desc')
          .limit(20),
      );
      const senderAlert = channel.sender.alert();
      return {
        webhookPath: '/api/whatsapp/webhook/',
        publicUrl: tunnel?.status().url ?? null,
        verifyToken: isAdmin(ctx) ? (secrets.get('WHATSAPP_VERIFY_TOKEN') ?? '') : null,
        appSecretSet: secrets.get('WHATSAPP_APP_SECRET') !== undefined,
        alerts: [
          ...(senderAlert
            ? [{ at: senderAlert.at, code: senderAlert.code, message: senderAlert.message }]
            : []),
          ...stored.map((a) => ({
            at: a.at,
            code: a.code,
            message: [a.title, a.message].filter(Boolean).join(': '),
          })),
        ],
      };
    },
    startTunnel: async (_input, ctx) => {
      requireAdmin(ctx);
      desk.audit(requireStore(), ctx.actor, 'tunnel_started', null, {}, clock());
      await startTunnel();
      return tunnelStatus();
    },
    stopTunnel: async (_input, ctx) => {
      requireAdmin(ctx);
      desk.audit(requireStore(), ctx.actor, 'tunnel_stopped', null, {}, clock());
      await tunnel?.stop();
      return tunnelStatus();
    },
    takeOver: async (input, ctx) => {
      const r = takeOver(requireStore(), input.conversationId, ctx.actor, (deps.now ?? Date.now)());
      r.emitted.forEach(([n, p]) => events.emit(n, p as never));
      return r.conversation;
    },
    handBack: async (input, ctx) => {
      const r = handBack(requireStore(), input.conversationId, ctx.actor, (deps.now ?? Date.now)());
      r.emitted.forEach(([n, p]) => events.emit(n, p as never));
      return r.conversation;
    },
    testPhoneSend: (input) => channel.testPhoneSend(input),
    testPhoneThread: (input) => channel.testPhoneThread(input),
    getConnection: async (_input, ctx) => {
      requireAdmin(ctx);
      return connect.connectionSettings(requireStore(), config, secrets);
    },
    saveConnection: async (input, ctx) => {
      requireAdmin(ctx);
      const changed = connect.saveConnection(requireStore(), config, input, ctx.actor, clock());
      // The sender's WhatsApp transport is built for one phone number id.
      if (changed.includes('WHATSAPP_PHONE_NUMBER_ID')) await exclusive(restartChannel);
      if (changed.length > 0) events.emit('statusChanged', {});
      return connect.connectionSettings(requireStore(), config, secrets);
    },
    setSecret: async (input, ctx) => {
      requireAdmin(ctx);
      connect.setSecret(requireStore(), secrets, input, ctx.actor, clock());
      // A new token is what an alert (bad token, account trouble) was waiting for.
      if (input.name === 'WHATSAPP_ACCESS_TOKEN') channel.sender.clearAlert();
      events.emit('statusChanged', {});
      return connect.connectionSettings(requireStore(), config, secrets);
    },
    regenerateVerifyToken: async (_input, ctx) => {
      requireAdmin(ctx);
      connect.regenerateVerifyToken(requireStore(), secrets, ctx.actor, clock());
      events.emit('statusChanged', {});
      return connect.connectionSettings(requireStore(), config, secrets);
    },
    sendTestMessage: async (input, ctx) => {
      requireAdmin(ctx);
      return connect.sendTestMessage(
        {
          store: requireStore,
          config,
          secrets,
          now: clock,
          wakeSender: () => {
            channel.sender.clearAlert();
            channel.kickSender();
          },
        },
        input,
        ctx.actor,
      );
    },
    checkOpenAi: async (_input, ctx) => {
      requireAdmin(ctx);
      return connect.checkOpenAi(config, secrets);
    },
  };

  async function restartChannel(): Promise<void> {
    await channel.stop();
    await channel.start();
  }

  /** Swaps in a checked backup: processing stops, the file is replaced, everything restarts on it. */
  const restore = (upload: string, actor: string): Promise<RestoreResult> =>
    exclusive(async () => {
      if (!store || restoring)
        throw new AppError(
          'unavailable',
          'Pulse Desk is not ready to restore. Try again in a moment.',
        );
      const checked = checkDataFile(upload);
      restoring = true;
      let previous: string | undefined;
      try {
        await channel.stop();
        await store.close();
        store = undefined;
        previous = swapDataFile(databaseFile, upload, clock());
        try {
          store = openStore(databaseFile);
        } catch (err) {
          unswapDataFile(databaseFile, previous);
          store = openStore(databaseFile);
          log.error('restore: the backup would not open; the previous data file is back', {
            error: err,
          });
          throw new AppError(
            'invalid_input',
            `The backup could not be opened (${(err as Error).message}). Nothing was changed.`,
          );
        }
        connect.applySavedConnection(store, config);
        await ensureDefaultBot(store.db, config.openai.model, new Date(clock()).toISOString());
        audit(
          store,
          actor,
          'data_restored',
          null,
          {
            previousFile: basename(previous),
            fromSchemaVersion: checked.schemaVersion,
            schemaVersion: store.schemaVersion,
          },
          clock(),
        );
        const counts = (await status()).counts;
        log.info('data file restored from a backup', { previousFile: previous });
        return {
          previousFile: previous,
          schemaVersion: store.schemaVersion,
          counts: {
            conversations: counts.conversations,
            messages: counts.messages,
            voters: counts.voters,
          },
        };
      } finally {
        restoring = false;
        if (store) await channel.start();
        events.emit('statusChanged', {});
      }
    });

  const dataFile = {
    dir: config.dataDir,
    backup: () => createBackup(requireStore(), config.dataDir),
    restore,
  };
  const routes = fileRoutes({ store: requireStore, log, now: clock, ...dataFile });

  const which = deps.listeners ?? { public: true, admin: true };

  return {
    config,
    channel,
    events,
    handlers,
    log,
    store: requireStore,
    status,
    fileRoutes: routes,
    async start() {
      if (store) return;
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      ensureGeneratedSecrets(secrets);
      store = openStore(databaseFile);
      try {
        connect.applySavedConnection(store, config);
        await ensureDefaultBot(store.db, config.openai.model, new Date().toISOString());
        await channel.start();
        if (which.public) {
          const app = createPublicApp({
            log,
            verifyToken: () => secrets.get('WHATSAPP_VERIFY_TOKEN'),
            receiveWebhook: (raw, signature) => channel.receiver.receive(raw, signature),
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
            store: requireStore,
            now: clock,
            mediaDir: join(config.dataDir, 'media'),
            backup: dataFile,
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
        // Never hold start-up on the internet: the tunnel opens in the background.
        if (config.tunnel.enabled && publicListener) {
          startTunnel().catch((err: unknown) => log.warn('tunnel did not start', { error: err }));
        }
      } catch (err) {
        await this.stop();
        throw err;
      }
      events.emit('statusChanged', {});
    },
    async stop() {
      await tunnel?.stop();
      tunnel = undefined;
      await publicListener?.close();
      await adminListener?.close();
      await channel.stop();
      publicListener = adminListener = undefined;
      await store?.close();
      store = undefined;
    },
  };
}
