import { randomUUID } from 'node:crypto';
import type { Channel } from '../../../shared/model';
import type { Emitted } from '../jobs';
import { replySeconds } from '../analytics/reply-time';
import type { Store } from '../store/db';
import { enqueueOutgoing } from './outbox';

export interface QueueText {
  conversationId: string;
  channel: Channel;
  recipient: string;
  body: string;
  sender: 'bot' | 'human';
  operatorName?: string | null;
  replyTo?: string | null;
  /** The one message an opted-out voter still receives: the confirmation of their opt-out. */
  optOutConfirmation?: boolean;
  metadata?: Record<string, unknown>;
  now: number;
}

/**
 * Records an outgoing text and its outbox row in the caller's transaction. The sender picks the
 * row up after commit, so a reply is either fully queued or not at all.
 */
export function queueText(
  store: Store,
  q: QueueText,
): { messageId: string; outboxId: string; emitted: Emitted[] } {
  const messageId = randomUUID();
  const at = new Date(q.now).toISOString();
  store.run(
    store.db.insertInto('messages').values({
      id: messageId,
      conversation_id: q.conversationId,
      sender: q.sender,
      message_type: 'text',
      content: q.body,
      timestamp: at,
      processed: 1,
      delivery_status: 'queued',
      operator_name: q.operatorName ?? null,
      reply_seconds: replySeconds(store, q.conversationId, at),
      metadata: JSON.stringify({
        ...(q.metadata ?? {}),
        ...(q.replyTo ? { replyTo: q.replyTo } : {}),
      }),
      created_at: at,
    }),
  );
  const outboxId = enqueueOutgoing(store, {
    channel: q.channel,
    recipient: q.recipient,
    conversationId: q.conversationId,
    messageId,
    optOutConfirmation: q.optOutConfirmation ?? false,
    now: q.now,
    message: { type: 'text', body: q.body, ...(q.replyTo ? { replyTo: q.replyTo } : {}) },
  });
  store.run(
    store.db
      .updateTable('conversations')
      .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: at }))
      .where('id', '=', q.conversationId),
  );
  return {
    messageId,
    outboxId,
    emitted: [
      ['messageChanged', { conversationId: q.conversationId, messageId }],
      ['conversationChanged', { conversationId: q.conversationId }],
    ],
  };
}

/** Queues a read receipt (with the typing indicator while a reply is being written). */
export function queueRead(
  store: Store,
  q: {
    conversationId: string;
    channel: Channel;
    recipient: string;
    wamid: string;
    typing: boolean;
    now: number;
  },
): void {
  enqueueOutgoing(store, {
    channel: q.channel,
    recipient: q.recipient,
    conversationId: q.conversationId,
    now: q.now,
    read: { wamid: q.wamid, typing: q.typing },
  });
}
