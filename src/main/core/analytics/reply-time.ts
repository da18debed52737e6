import type { Store } from '../store/db';

/**
 * How long the voter has waited for a reply written at `at`: seconds since the first voter
 * message after the previous reply, or null when no voter message is waiting. Call it before
 * inserting the reply (its result goes into messages.reply_seconds).
 */
export function replySeconds(s: Store, conversationId: string, at: string): number | null {
  const lastReply = s.first(
    s.db
      .selectFrom('messages')
      .select((eb) => eb.fn.max('timestamp').as('t'))
      .where('conversation_id', '=', conversationId)
      .where('sender', '<>', 'user')
      .where('timestamp', '<=', at),
  )?.t;
  const firstWaiting = s.first(
    s.db
      .selectFrom('messages')
      .select((eb) => eb.fn.min('timestamp').as('t'))
      .where('conversation_id', '=', conversationId)
      .where('sender', '=', 'user')
      .where('timestamp', '<=', at)
      .where('timestamp', '>', lastReply ?? ''),
  )?.t;
  return firstWaiting ? Math.max(0, (Date.parse(at) - Date.parse(firstWaiting)) / 1000) : null;
}
