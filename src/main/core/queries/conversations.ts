import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ConversationFilter } from '../../../shared/contract';
import type { Conversation, Message, Page } from '../../../shared/model';
import { toConversation, toMessage } from '../store/mappers';
import type { DB } from '../store/schema';

export type ConversationQuery = z.output<typeof ConversationFilter>;

/**
 * Conversations matching the filter, most recently active first, one page at a time. With a
 * reader, "mine" means held by them and each row carries the count of voter messages after the
 * reader last opened the conversation.
 */
export async function listConversationsQuery(
  db: Kysely<DB>,
  f: ConversationQuery,
  reader: { key: string; name: string } | null,
): Promise<Page<Conversation>> {
  let q = db.selectFrom('conversations');
  if (f.mine) q = q.where('assigned_operator', '=', reader?.name ?? '');
  if (f.language) q = q.where('language', '=', f.language);
  if (f.sentiment) q = q.where('sentiment', '=', f.sentiment);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.campaign) q = q.where('source_campaign', '=', f.campaign);
  if (f.bot) q = q.where('bot_id', '=', f.bot);
  // A literal, so the partial index on handoff reasons (human_handoff = 1) can serve it.
  if (f.humanHandoff !== undefined)
    q = q.where('human_handoff', '=', sql.lit(f.humanHandoff ? 1 : 0));
  if (f.resolved !== undefined) q = q.where('resolved', '=', f.resolved ? 1 : 0);
  if (f.topic)
    q = q.where(
      sql<boolean>`exists (select 1 from json_each(conversations.topics) where value = ${f.topic})`,
    );
  if (f.issue)
    q = q.where(
      sql<boolean>`exists (select 1 from json_each(conversations.issues) where value = ${f.issue})`,
    );
  if (f.handoffReason) q = q.where('handoff_reason', '=', f.handoffReason);
  if (f.location) q = q.where('user_location', '=', f.location);
  if (f.from) q = q.where('started_at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('started_at', '<', new Date(f.to).toISOString());
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
      .select((eb) =>
        eb
          .selectFrom('messages as m')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('m.conversation_id', '=', 'conversations.id')
          .where('m.sender', '=', 'user')
          .where(
            'm.timestamp',
            '>',
            eb.fn.coalesce(
              eb
                .selectFrom('conversation_reads as r')
                .select('r.read_at')
                .whereRef('r.conversation_id', '=', 'conversations.id')
                .where('r.reader', '=', reader?.key ?? ''),
              eb.val(reader ? '' : '9999'),
            ),
          )
          .as('unread'),
      )
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...toConversation(r), unread: Number(r.unread ?? 0) })),
    total: Number(count.n),
    offset: f.offset,
    limit: f.limit,
  };
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
