import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Channel } from '../../../shared/model';
import type { Emitted } from '../jobs';
import { audit } from '../audit';
import { enqueueJob } from '../jobs';
import { newReferralCode } from '../referral';
import type { Store } from '../store/db';
import type { ConversationsTable, VoterProfilesTable } from '../store/schema';
import { optCommand, optConfirmation } from './optout';
import { queueRead, queueText } from './outgoing';
import type { InboundMessage } from './webhook';

export const CONVERSATION_GAP_MS = 24 * 60 * 60 * 1000;

export interface Processed {
  emitted: Emitted[];
  messageId: string | null;
  conversationId: string | null;
  voterId: string | null;
  /** True when the message should go on to analysis and a reply. */
  forPipeline: boolean;
}

const NOTHING: Processed = {
  emitted: [],
  messageId: null,
  conversationId: null,
  voterId: null,
  forPipeline: false,
};

/** Finds the voter by business-scoped user id, then phone; creates one if new. Keeps both ids. */
export function findOrCreateVoter(
  store: Store,
  who: {
    phone: string | null;
    userId: string | null;
    name: string | null;
    username?: string | null;
  },
  at: string,
): Selectable<VoterProfilesTable> {
  const { db } = store;
  let voter =
    (who.userId
      ? store.first(
          db.selectFrom('voter_profiles').selectAll().where('wa_user_id', '=', who.userId),
        )
      : undefined) ??
    (who.phone
      ? store.first(
          db.selectFrom('voter_profiles').selectAll().where('phone_number', '=', who.phone),
        )
      : undefined);
  if (voter) {
    const patch: Partial<Selectable<VoterProfilesTable>> = {};
    if (who.userId && voter.wa_user_id !== who.userId) patch.wa_user_id = who.userId;
    if (who.phone && !voter.phone_number) patch.phone_number = who.phone;
    if (who.name && !voter.name) patch.name = who.name;
    if (Object.keys(patch).length > 0) {
      store.run(
        db
          .updateTable('voter_profiles')
          .set({ ...patch, updated_at: at })
          .where('id', '=', voter.id),
      );
      voter = { ...voter, ...patch };
    }
    return voter;
  }
  if (!who.phone && !who.userId)
    throw new Error('a message without any sender id cannot be attributed to a voter');
  const id = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      store.run(
        db.insertInto('voter_profiles').values({
          id,
          phone_number: who.phone,
          wa_user_id: who.userId,
          name: who.name,
          referral_code: newReferralCode(),
          first_contacted: at,
          metadata: JSON.stringify(who.username ? { username: who.username } : {}),
          created_at: at,
          updated_at: at,
        }),
      );
      break;
    } catch (err) {
      if (attempt < 5 && String(err).includes('referral_code')) continue;
      throw err;
    }
  }
  return store.first(db.selectFrom('voter_profiles').selectAll().where('id', '=', id))!;
}

/**
 * The voter's open conversation on this channel, or a new one when there is none or the last
 * message is more than 24 hours old (the old one is then ended, with its duration).
 */
export function openConversation(
  store: Store,
  voter: Selectable<VoterProfilesTable>,
  channel: Channel,
  sentAt: string,
  name: string | null,
  nowIso: string,
): { conversation: Selectable<ConversationsTable>; created: boolean; ended: string | null } {
  const { db } = store;
  const open = store.first(
    db
      .selectFrom('conversations')
      .selectAll()
      .where('voter_id', '=', voter.id)
      .where('channel', '=', channel)
      .where('ended_at', 'is', null)
      .orderBy('started_at', 'desc')
      .limit(1),
  );
  let ended: string | null = null;
  if (open) {
    const last = open.last_message_at ?? open.started_at;
    if (Date.parse(sentAt) - Date.parse(last) <= CONVERSATION_GAP_MS)
      return { conversation: open, created: false, ended };
    const duration = Math.max(
      0,
      Math.round((Date.parse(last) - Date.parse(open.started_at)) / 1000),
    );
    store.run(
      db
        .updateTable('conversations')
        .set({ ended_at: last, duration_seconds: duration, updated_at: nowIso })
        .where('id', '=', open.id),
    );
    ended = open.id;
  }
  const id = randomUUID();
  store.run(
    db.insertInto('conversations').values({
      id,
      voter_id: voter.id,
      phone_number: voter.phone_number,
      wa_user_id: voter.wa_user_id,
      user_name: name ?? voter.name,
      started_at: sentAt,
      last_message_at: sentAt,
      language: voter.preferred_language,
      channel,
      session_id: randomUUID(),
      created_at: nowIso,
      updated_at: nowIso,
    }),
  );
  store.run(
    db
      .updateTable('voter_profiles')
      .set((eb) => ({ interaction_count: eb('interaction_count', '+', 1) }))
      .where('id', '=', voter.id),
  );
  return {
    conversation: store.first(db.selectFrom('conversations').selectAll().where('id', '=', id))!,
    created: true,
    ended,
  };
}

const recipientOf = (v: { phone_number: string | null; wa_user_id: string | null }) =>
  v.phone_number ?? v.wa_user_id ?? '';

/**
 * Turns one staged inbound message into the voter, conversation and message rows, in the
 * caller's transaction. Idempotent: a message already processed is left alone.
 */
export function processInbound(store: Store, wamid: string, now: number): Processed {
  const { db } = store;
  const staged = store.first(
    db.selectFrom('inbound_messages').selectAll().where('wamid', '=', wamid),
  );
  if (!staged || staged.message_id) return NOTHING;
  const m = JSON.parse(staged.payload) as InboundMessage;
  const channel = staged.channel as Channel;
  const nowIso = new Date(now).toISOString();
  const emitted: Emitted[] = [];

  // Edits and revokes change a message we already have; reactions point at one.
  const targetId =
    m.waType === 'reaction'
      ? (m.raw.reaction as { message_id?: string } | undefined)?.message_id
      : undefined;

  let voter = findOrCreateVoter(
    store,
    { phone: m.fromPhone, userId: m.fromUserId, name: m.profileName, username: m.username },
    nowIso,
  );
  const { conversation, created, ended } = openConversation(
    store,
    voter,
    channel,
    m.sentAt,
    m.profileName,
    nowIso,
  );
  if (ended) emitted.push(['conversationChanged', { conversationId: ended }]);

  const messageId = randomUUID();
  const metadata: Record<string, unknown> = { waType: m.waType, raw: m.raw };
  if (m.context) metadata.context = m.context;
  if (m.referral) metadata.referral = m.referral;
  if (m.errors.length > 0) metadata.errors = m.errors;
  if (m.media) metadata.media = m.media;
  if (targetId) {
    metadata.reactionTo = targetId;
    metadata.removed = m.content === '';
  }
  store.run(
    db.insertInto('messages').values({
      id: messageId,
      conversation_id: conversation.id,
      sender: 'user',
      message_type: m.type,
      content: m.content,
      whatsapp_message_id: m.wamid,
      timestamp: m.sentAt,
      processed: 0,
      metadata: JSON.stringify(metadata),
      created_at: nowIso,
    }),
  );
  store.run(
    db.updateTable('inbound_messages').set({ message_id: messageId }).where('wamid', '=', wamid),
  );
  const lastMessageAt =
    conversation.last_message_at && conversation.last_message_at > m.sentAt
      ? conversation.last_message_at
      : m.sentAt;
  store.run(
    db
      .updateTable('conversations')
      .set((eb) => ({
        message_count: eb('message_count', '+', 1),
        last_message_at: lastMessageAt,
        user_name: m.profileName ?? conversation.user_name,
        updated_at: nowIso,
      }))
      .where('id', '=', conversation.id),
  );
  const lastInbound =
    voter.last_inbound_at && voter.last_inbound_at > m.sentAt ? voter.last_inbound_at : m.sentAt;
  store.run(
    db
      .updateTable('voter_profiles')
      .set((eb) => ({
        total_messages_sent: eb('total_messages_sent', '+', 1),
        last_contacted: lastInbound,
        last_inbound_at: lastInbound,
        updated_at: nowIso,
      }))
      .where('id', '=', voter.id),
  );
  voter = { ...voter, last_inbound_at: lastInbound };
  emitted.push(
    ['messageChanged', { conversationId: conversation.id, messageId }],
    ['conversationChanged', { conversationId: conversation.id }],
  );

  if (m.waType === 'system') {
    const sys = m.raw.system as { type?: string; wa_id?: string; user_id?: string } | undefined;
    if (sys?.type === 'user_changed_number' && sys.wa_id) {
      const taken = store.first(
        db.selectFrom('voter_profiles').select('id').where('phone_number', '=', sys.wa_id),
      );
      if (!taken)
        store.run(
          db
            .updateTable('voter_profiles')
            .set({ phone_number: sys.wa_id, updated_at: nowIso })
            .where('id', '=', voter.id),
        );
    }
    if (sys?.type === 'user_changed_user_id' && sys.user_id) {
      store.run(
        db
          .updateTable('voter_profiles')
          .set({ wa_user_id: sys.user_id, updated_at: nowIso })
          .where('id', '=', voter.id),
      );
    }
  }
  if (m.media?.id && channel === 'whatsapp') {
    enqueueJob(
      store,
      {
        kind: 'media',
        payload: {
          messageId,
          mediaId: m.media.id,
          url: m.media.url,
          mimeType: m.media.mimeType,
          sha256: m.media.sha256,
          filename: m.media.filename,
        },
      },
      now,
    );
  }

  const buttonPayload =
    m.waType === 'button'
      ? ((m.raw.button as { payload?: string } | undefined)?.payload ?? null)
      : null;
  const command =
    m.type === 'text' || m.type === 'button' || m.type === 'interactive'
      ? optCommand(m.content, buttonPayload)
      : null;
  const recipient = recipientOf(voter);
  if (command) {
    emitted.push(
      ...applyOptCommand(
        store,
        voter.id,
        conversation.id,
        channel,
        recipient,
        command.kind,
        command.method,
        command.language,
        now,
      ),
    );
    store.run(
      db
        .updateTable('messages')
        .set({ processed: 1, intent: command.kind === 'stop' ? 'opt_out' : 'opt_in' })
        .where('id', '=', messageId),
    );
    return {
      emitted,
      messageId,
      conversationId: conversation.id,
      voterId: voter.id,
      forPipeline: false,
    };
  }

  const optedOut = voter.opted_out_at !== null;
  const answerable = !optedOut && !['reaction', 'system', 'unsupported'].includes(m.type);
  if (!answerable)
    store.run(db.updateTable('messages').set({ processed: 1 }).where('id', '=', messageId));
  if (channel === 'whatsapp' && !optedOut) {
    queueRead(store, {
      conversationId: conversation.id,
      channel,
      recipient,
      wamid: m.wamid,
      typing: answerable,
      now,
    });
  }
  if (created) emitted.push(['conversationChanged', { conversationId: conversation.id }]);
  return {
    emitted,
    messageId,
    conversationId: conversation.id,
    voterId: voter.id,
    forPipeline: answerable,
  };
}

/**
 * Records an opt-out or opt-in with its time and method, and confirms it once. While opted out,
 * nothing else goes to the voter (the outbox refuses) until they write START.
 */
export function applyOptCommand(
  store: Store,
  voterId: string,
  conversationId: string | null,
  channel: Channel,
  recipient: string,
  kind: 'stop' | 'start',
  method: string,
  language: 'ta' | 'en' | 'hi' | 'te',
  now: number,
): Emitted[] {
  const { db } = store;
  const nowIso = new Date(now).toISOString();
  const voter = store.first(
    db
      .selectFrom('voter_profiles')
      .select(['opted_out_at', 'opt_out_confirmed_at'])
      .where('id', '=', voterId),
  );
  if (!voter) return [];
  const emitted: Emitted[] = [];
  if (kind === 'stop') {
    if (voter.opted_out_at === null) {
      store.run(
        db
          .updateTable('voter_profiles')
          .set({ opted_out_at: nowIso, opt_out_method: method, updated_at: nowIso })
          .where('id', '=', voterId),
      );
    }
    if (voter.opt_out_confirmed_at === null && conversationId) {
      store.run(
        db
          .updateTable('voter_profiles')
          .set({ opt_out_confirmed_at: nowIso })
          .where('id', '=', voterId),
      );
      emitted.push(
        ...queueText(store, {
          conversationId,
          channel,
          recipient,
          body: optConfirmation('stop', language),
          sender: 'bot',
          optOutConfirmation: true,
          metadata: { kind: 'opt_out_confirmation' },
          now,
        }).emitted,
      );
    }
  } else if (voter.opted_out_at !== null) {
    store.run(
      db
        .updateTable('voter_profiles')
        .set({
          opted_out_at: null,
          opt_out_method: null,
          opt_out_confirmed_at: null,
          updated_at: nowIso,
        })
        .where('id', '=', voterId),
    );
    if (conversationId) {
      emitted.push(
        ...queueText(store, {
          conversationId,
          channel,
          recipient,
          body: optConfirmation('start', language),
          sender: 'bot',
          metadata: { kind: 'opt_in_confirmation' },
          now,
        }).emitted,
      );
    }
  }
  audit(
    store,
    `voter:${voterId}`,
    kind === 'stop' ? 'opt_out' : 'opt_in',
    voterId,
    { method },
    now,
  );
  return emitted;
}
