import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, Language, Message } from '../../shared/model';
import { AppError } from '../../shared/result';
import type { CoreConfig } from './config';
import type { EventBus } from './events';
import type { Emitted, JobHandler } from './jobs';
import { JobRunner } from './jobs';
import type { Logger } from './logger';
import type { SecretStore } from './secrets';
import type { Store } from './store/db';
import { toMessage } from './store/mappers';
import { GraphClient } from './whatsapp/graph';
import { laneOf } from './whatsapp/ingest';
import type { ChannelTransport, OutboxRow } from './whatsapp/outbox';
import {
  OutboxSender,
  graphTransport,
  readOutboxPayload,
  reconcileFromStatus,
} from './whatsapp/outbox';
import { applyOptCommand, findOrCreateVoter, processInbound } from './whatsapp/process';
import { WebhookReceiver } from './whatsapp/receive';

export const SIMULATOR_PHONE_NUMBER_ID = 'simulator';

/** What happens to an answerable inbound message after it is stored (the AI pipeline). */
export type AfterInbound = (
  store: Store,
  ids: { messageId: string; conversationId: string; voterId: string; lane: string | null },
  now: number,
) => void;

export interface ChannelDeps {
  config: CoreConfig;
  store: () => Store;
  secrets: SecretStore;
  log: Logger;
  events: EventBus;
  now?: () => number;
  /** Extra job kinds (the pipeline's) run by the same durable queue. */
  jobs?: Record<string, JobHandler>;
  afterInbound?: AfterInbound;
  outboxPolicy?: ConstructorParameters<typeof OutboxSender>[0]['policy'];
  jobRetry?: { baseMs: number; maxMs: number; maxAttempts: number };
}

/** A WhatsApp-shaped webhook body, so the test phone's messages take exactly Meta's path. */
export function simulatorBody(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'simulator',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: 'simulator',
                phone_number_id: SIMULATOR_PHONE_NUMBER_ID,
              },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

const unix = (ms: number) => String(Math.floor(ms / 1000));

/**
 * The channel: webhook in (Meta's and the test phone's), durable jobs, outbox out. The test
 * phone is a real channel: its messages are webhook bodies through the same receiver, and the
 * bot's replies to it are outbox rows "delivered" by the simulator transport.
 */
export function createChannel(deps: ChannelDeps) {
  const { config, log, events } = deps;
  const now = deps.now ?? Date.now;
  const store = deps.store;
  let runner: JobRunner | undefined;
  let sender: OutboxSender | undefined;

  const receiver = new WebhookReceiver({
    store,
    secrets: deps.secrets,
    log,
    events,
    now,
    onCommitted: () => runner?.kick(),
  });

  const graph = (): GraphClient | undefined => {
    if (!config.whatsapp.phoneNumberId) return undefined;
    return new GraphClient({
      baseUrl: config.whatsapp.graphBaseUrl,
      phoneNumberId: config.whatsapp.phoneNumberId,
      accessToken: () => deps.secrets.get('WHATSAPP_ACCESS_TOKEN'),
    });
  };

  // The simulator "delivers" at once and reports delivered through the status webhook path.
  const simulatorTransport: ChannelTransport = {
    async send(row: OutboxRow) {
      const payload = readOutboxPayload(row);
      if (payload.kind === 'read') return { wamid: null };
      const wamid = `sim.out.${randomUUID()}`;
      setImmediate(() => {
        void receiver
          .ingest(
            'simulator',
            simulatorBody({
              statuses: [
                {
                  id: wamid,
                  status: 'delivered',
                  timestamp: unix(now()),
                  recipient_id: row.recipient,
                  biz_opaque_callback_data: row.id,
                },
              ],
            }),
            null,
          )
          .catch((err: unknown) =>
            log.error('test phone: delivery status not stored', { error: err }),
          );
      });
      return { wamid };
    },
  };

  const handlers: Record<string, JobHandler> = {
    inbound: async (job) => () => {
      const s = store();
      const result = processInbound(s, String(job.payload.wamid), now());
      if (result.forPipeline && result.messageId && result.conversationId && result.voterId) {
        deps.afterInbound?.(
          s,
          {
            messageId: result.messageId,
            conversationId: result.conversationId,
            voterId: result.voterId,
            lane: job.lane,
          },
          now(),
        );
      }
      return result.emitted;
    },
    status: async (job) => {
      const p = job.payload as {
        wamid: string;
        status: string;
        callbackData: string | null;
        errors: Array<{ code?: number }>;
        recipient: string | null;
        recipientUserId: string | null;
      };
      let reconciled: Emitted[] = [];
      if (p.callbackData) {
        const r = await reconcileFromStatus(store(), p.callbackData, p.wamid, now());
        if (r.changed) reconciled = [['messageChanged', r.changed]];
      }
      return () => {
        const s = store();
        const emitted = [...reconciled];
        if (p.status === 'failed' && p.errors.some((e) => e.code === 131050)) {
          const voter = findOrCreateVoter(
            s,
            { phone: p.recipient, userId: p.recipientUserId, name: null },
            new Date(now()).toISOString(),
          );
          if (!voter.opted_out_at)
            emitted.push(
              ...applyOptCommand(
                s,
                voter.id,
                null,
                'whatsapp',
                p.recipient ?? '',
                'stop',
                'error_131050',
                voter.preferred_language as Language,
                now(),
              ),
            );
        }
        return emitted;
      };
    },
    preference: async (job) => () => {
      const s = store();
      const p = job.payload as { phone: string | null; userId: string | null; value: string };
      if (p.value !== 'stop' && p.value !== 'resume') return [];
      const voter = findOrCreateVoter(
        s,
        { phone: p.phone, userId: p.userId, name: null },
        new Date(now()).toISOString(),
      );
      const conv = s.first(
        s.db
          .selectFrom('conversations')
          .select(['id', 'channel'])
          .where('voter_id', '=', voter.id)
          .where('ended_at', 'is', null)
          .orderBy('started_at', 'desc')
          .limit(1),
      );
      return applyOptCommand(
        s,
        voter.id,
        conv?.id ?? null,
        (conv?.channel as Channel | undefined) ?? 'whatsapp',
        voter.phone_number ?? voter.wa_user_id ?? '',
        p.value === 'stop' ? 'stop' : 'start',
        'user_preferences',
        voter.preferred_language as Language,
        now(),
      );
    },
    media: async (job) => {
      const p = job.payload as {
        messageId: string;
        mediaId: string;
        url: string | null;
        sha256: string | null;
        mimeType: string | null;
        filename: string | null;
      };
      const client = graph();
      if (!client || !deps.secrets.get('WHATSAPP_ACCESS_TOKEN')) {
        // Nothing to retry until WhatsApp is configured: say so on the message and finish.
        return () => {
          const s = store();
          const row = s.first(
            s.db
              .selectFrom('messages')
              .select(['conversation_id', 'metadata'])
              .where('id', '=', p.messageId),
          );
          if (!row) return [];
          const metadata = {
            ...(JSON.parse(row.metadata) as Record<string, unknown>),
            mediaError: 'Not downloaded: set WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN.',
          };
          s.run(
            s.db
              .updateTable('messages')
              .set({ metadata: JSON.stringify(metadata) })
              .where('id', '=', p.messageId),
          );
          return [
            ['messageChanged', { conversationId: row.conversation_id, messageId: p.messageId }],
          ];
        };
      }
      const media = await client.downloadMedia(p.mediaId, {
        ...(p.url ? { url: p.url } : {}),
        ...(p.sha256 ? { sha256: p.sha256 } : {}),
        ...(p.mimeType ? { mimeType: p.mimeType } : {}),
      });
      if (!media.sha256Ok)
        throw new Error(`media ${p.mediaId}: the file does not match its sha256; not kept`);
      const dir = join(config.dataDir, 'media');
      mkdirSync(dir, { recursive: true });
      const file = `${p.messageId}${extensionOf(media.mimeType, p.filename)}`;
      writeFileSync(join(dir, file), media.bytes, { mode: 0o600 });
      return () => {
        const s = store();
        const row = s.first(
          s.db
            .updateTable('messages')
            .set({ media_url: `/api/media/${file}` })
            .where('id', '=', p.messageId)
            .returning('conversation_id'),
        );
        return row
          ? [['messageChanged', { conversationId: row.conversation_id, messageId: p.messageId }]]
          : [];
      };
    },
    ...deps.jobs,
  };

  return {
    receiver,
    get sender(): OutboxSender {
      if (!sender) throw new AppError('unavailable', 'Pulse Desk is still starting.');
      return sender;
    },
    get runner(): JobRunner {
      if (!runner) throw new AppError('unavailable', 'Pulse Desk is still starting.');
      return runner;
    },

    async start(): Promise<void> {
      const client = graph();
      sender = new OutboxSender({
        store,
        transports: {
          simulator: simulatorTransport,
          ...(client ? { whatsapp: graphTransport(client) } : {}),
        },
        log,
        events,
        now,
        ...(deps.outboxPolicy ? { policy: deps.outboxPolicy } : {}),
      });
      runner = new JobRunner({
        store,
        log,
        events,
        handlers,
        now,
        ...(deps.jobRetry ? { retry: deps.jobRetry } : {}),
        onCommitted: () => sender?.kick(),
        busy: () => receiver.busy(),
        onGiveUp: (job, error) => {
          const s = store();
          if (job.kind === 'inbound') {
            const staged = s.first(
              s.db
                .selectFrom('inbound_messages')
                .select('message_id')
                .where('wamid', '=', String(job.payload.wamid)),
            );
            if (staged?.message_id)
              s.run(
                s.db
                  .updateTable('messages')
                  .set({ processing_error: error })
                  .where('id', '=', staged.message_id),
              );
          }
        },
      });
      await sender.start();
      runner.start();
    },

    async stop(): Promise<void> {
      await runner?.stop();
      await sender?.stop();
    },

    /** After a transaction queued outgoing rows. */
    kickSender(): void {
      sender?.kick();
    },

    /** The test phone: writes as a voter, through the same webhook path as WhatsApp. */
    async testPhoneSend(input: {
      phone: string;
      name?: string | undefined;
      text: string;
    }): Promise<{ wamid: string }> {
      const wamid = `sim.in.${randomUUID()}`;
      const contact: Record<string, unknown> = {
        wa_id: input.phone,
        ...(input.name ? { profile: { name: input.name } } : {}),
      };
      await receiver.ingest(
        'simulator',
        simulatorBody({
          contacts: [contact],
          messages: [
            {
              from: input.phone,
              id: wamid,
              timestamp: unix(now()),
              type: 'text',
              text: { body: input.text },
            },
          ],
        }),
        null,
      );
      return { wamid };
    },

    /** The test phone's screen: its conversation, and the bot's messages marked read as it shows them. */
    async testPhoneThread(input: {
      phone: string;
    }): Promise<{ messages: Message[]; optedOut: boolean }> {
      const s = store();
      const voter = s.first(
        s.db
          .selectFrom('voter_profiles')
          .select(['id', 'opted_out_at'])
          .where('phone_number', '=', input.phone),
      );
      if (!voter) return { messages: [], optedOut: false };
      const rows = s.all(
        s.db
          .selectFrom('messages')
          .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
          .selectAll('messages')
          .where('conversations.voter_id', '=', voter.id)
          .where('conversations.channel', '=', 'simulator')
          .orderBy('messages.timestamp', 'desc')
          .orderBy('messages.created_at', 'desc')
          .orderBy(sql`messages.rowid`, 'desc')
          .limit(200),
      );
      const unread = rows.filter(
        (r) =>
          r.sender !== 'user' &&
          r.whatsapp_message_id &&
          r.delivery_status !== 'read' &&
          r.delivery_status !== 'failed',
      );
      if (unread.length > 0) {
        const ts = unix(now());
        await receiver.ingest(
          'simulator',
          simulatorBody({
            statuses: unread.map((r) => ({
              id: r.whatsapp_message_id,
              status: 'read',
              timestamp: ts,
              recipient_id: input.phone,
            })),
          }),
          null,
        );
      }
      return { messages: rows.reverse().map(toMessage), optedOut: voter.opted_out_at !== null };
    },

    lane: laneOf,
  };
}

export type ChannelService = ReturnType<typeof createChannel>;

function extensionOf(mime: string, filename: string | null): string {
  const fromName = filename?.match(/\.[A-Za-z0-9]{1,8}$/)?.[0];
  if (fromName) return fromName.toLowerCase();
  const map: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/webp': '.webp',
    'video/mp4': '.mp4',
    'audio/ogg': '.ogg',
    'audio/mpeg': '.mp3',
    'application/pdf': '.pdf',
  };
  return map[mime.split(';')[0]!.trim()] ?? '.bin';
}
