import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ConversationFilter } from '../../../shared/contract';
import type { Conversation, ConversationDetail, Message, Page } from '../../../shared/model';
import { AppError } from '../../../shared/result';
import { toConversation, toMessage } from '../store/mappers';
import type { DB } from '../store/schema';

export type ConversationQuery = z.output<typeof ConversationFilter>;

/** Conversations matching the filter, most recently active first, one page at a time. */
export async function listConversations(
  db: Kysely<DB>,
  f: ConversationQuery,
): Promise<Page<Conversation>> {
  let q = db.selectFrom('conversations');
  if (f.language) q = q.where('language', '=', f.language);
  if (f.sentiment) q = q.where('sentiment', '=', f.sentiment);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.campaign) q = q.where('source_campaign', '=', f.campaign);
  if (f.humanHandoff !== undefined) q = q.where('human_handoff', '=', f.humanHandoff ? 1 : 0);
  if (f.resolved !== undefined) q = q.where('resolved', '=', f.resolved ? 1 : 0);
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('user_name', 'like', like),
        eb('phone_number', 'like', like),
        eb.exists(
          eb
            .selectFrom('messages')
            .select('messages.id')
            .whereRef('messages.conversation_id', '=', 'conversations.id')
            .where('messages.content', 'like', like),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map(toConversation),
    total: Number(count.n),
    offset: f.offset,
    limit: f.limit,
  };
}

/** One conversation with its messages, oldest first. */
export async function getConversation(db: Kysely<DB>, id: string): Promise<ConversationDetail> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new AppError('not_found', 'That conversation does not exist (it may have been deleted).');
  const messages = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', id)
    .orderBy('timestamp', 'asc')
    .orderBy('created_at', 'asc')
    .execute();
  return { conversation: toConversation(row), messages: messages.map(toMessage) };
}

/** The most recent messages, of one conversation or of all, newest first. */
export async function listMessages(
  db: Kysely<DB>,
  input: { conversationId?: string | undefined; limit: number },
): Promise<Message[]> {
  let q = db.selectFrom('messages').selectAll();
  if (input.conversationId) q = q.where('conversation_id', '=', input.conversationId);
  const rows = await q.orderBy('timestamp', 'desc').limit(input.limit).execute();
  return rows.map(toMessage);
}
