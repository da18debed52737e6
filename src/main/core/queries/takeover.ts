import type { Conversation } from '../../../shared/model';
import { AppError } from '../../../shared/result';
import { audit } from '../audit';
import type { Emitted } from '../jobs';
import type { Store } from '../store/db';
import { toConversation } from '../store/mappers';

/**
 * Runs `change` on a conversation nobody else holds, in one transaction, and returns the result.
 * One owner at a time: another operator's conversation is refused with who holds it.
 */
function onUnheldBy(
  s: Store,
  conversationId: string,
  operator: string,
  conflict: (holder: string) => string,
  change: () => void,
): { conversation: Conversation; emitted: Emitted[] } {
  return s.transaction(() => {
    const c = s.first(
      s.db.selectFrom('conversations').select('assigned_operator').where('id', '=', conversationId),
    );
    if (!c)
      throw new AppError(
        'not_found',
        'That conversation does not exist (it may have been deleted).',
      );
    if (c.assigned_operator && c.assigned_operator !== operator)
      throw new AppError('conflict', conflict(c.assigned_operator));
    change();
    const row = s.first(
      s.db.selectFrom('conversations').selectAll().where('id', '=', conversationId),
    )!;
    return {
      conversation: toConversation(row),
      emitted: [['conversationChanged', { conversationId }]],
    };
  });
}

/**
 * An operator takes a conversation. The bot goes silent at once: its queued, unsent replies in
 * this conversation are cancelled, and a reply still being written is dropped at its commit
 * (the pipeline checks the owner inside its transaction).
 */
export function takeOver(
  s: Store,
  conversationId: string,
  operator: string,
  now: number,
): { conversation: Conversation; emitted: Emitted[] } {
  return onUnheldBy(
    s,
    conversationId,
    operator,
    (holder) => `${holder} is already handling this conversation.`,
    () => {
      const at = new Date(now).toISOString();
      s.run(
        s.db
          .updateTable('conversations')
          .set({ assigned_operator: operator, human_handoff: 1, updated_at: at })
          .where('id', '=', conversationId),
      );
      const cancelled = s.all(
        s.db
          .updateTable('outbox')
          .set({
            status: 'failed',
            last_error: 'cancelled: an operator took over the conversation',
            updated_at: at,
          })
          .where('conversation_id', '=', conversationId)
          .where('status', '=', 'queued')
          .where('kind', '!=', 'read')
          .where(
            'message_id',
            'in',
            s.db
              .selectFrom('messages')
              .select('id')
              .where('conversation_id', '=', conversationId)
              .where('sender', '=', 'bot'),
          )
          .returning('message_id'),
      );
      for (const row of cancelled) {
        if (row.message_id) {
          s.run(
            s.db
              .updateTable('messages')
              .set({
                delivery_status: 'failed',
                delivery_error: 'cancelled: an operator took over',
              })
              .where('id', '=', row.message_id),
          );
        }
      }
      audit(s, operator, 'take_over', conversationId, { cancelledReplies: cancelled.length }, now);
    },
  );
}

/** Gives the conversation back to the bot, which answers the next message again. */
export function handBack(
  s: Store,
  conversationId: string,
  operator: string,
  now: number,
): { conversation: Conversation; emitted: Emitted[] } {
  return onUnheldBy(
    s,
    conversationId,
    operator,
    (holder) => `${holder} is handling this conversation; only they can hand it back.`,
    () => {
      s.run(
        s.db
          .updateTable('conversations')
          .set({
            assigned_operator: null,
            human_handoff: 0,
            handoff_reason: null,
            updated_at: new Date(now).toISOString(),
          })
          .where('id', '=', conversationId),
      );
      audit(s, operator, 'hand_back', conversationId, {}, now);
    },
  );
}
