import { randomUUID } from 'node:crypto';
import { replySeconds } from './analytics/reply-time';
import { sql } from 'kysely';
import type {
  BotConfiguration,
  Conversation,
  ConversationDetail,
  Message,
  MessageTemplate,
  Page,
  AuditEntry,
  JsonObject,
} from '../../shared/model';
import { THREAD_PAGE } from '../../shared/model';
import { AppError } from '../../shared/result';
import { audit } from './audit';
import type { Emitted } from './jobs';

export { audit };
import type { ConversationQuery } from './queries/conversations';
import { listConversationsQuery } from './queries/conversations';
import type { Store } from './store/db';
import { toBotConfiguration, toConversation, toMessage, toVoterProfile } from './store/mappers';
import { WINDOW_MS, checkSendAllowed, enqueueOutgoing } from './whatsapp/outbox';
import { queueText } from './whatsapp/outgoing';
import { takeOver } from './queries/takeover';

// The operator desk's writes and reads: replies, templates, resolve, read marks, bots, audit.

/** The inbox list with each conversation's unread count for this reader. */
export async function listInbox(
  s: Store,
  f: ConversationQuery,
  reader: { key: string; name: string },
): Promise<Page<Conversation>> {
  return listConversationsQuery(s.db, f, reader);
}

/**
 * One conversation with its newest `limit` messages (and how many are older), the voter's
 * profile, and the 24-hour window.
 */
export async function conversationDetail(
  s: Store,
  id: string,
  now: number,
  limit = THREAD_PAGE,
): Promise<ConversationDetail> {
  const row = s.first(s.db.selectFrom('conversations').selectAll().where('id', '=', id));
  if (!row)
    throw new AppError('not_found', 'That conversation does not exist (it may have been deleted).');
  const messages = s
    .all(
      s.db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', id)
        .orderBy('timestamp', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy(sql`rowid`, 'desc')
        .limit(limit),
    )
    .reverse();
  const total =
    messages.length < limit
      ? messages.length
      : Number(
          s.first(
            s.db
              .selectFrom('messages')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('conversation_id', '=', id),
          )?.n ?? 0,
        );
  const voter = row.voter_id
    ? s.first(s.db.selectFrom('voter_profiles').selectAll().where('id', '=', row.voter_id))
    : undefined;
  const closes = voter?.last_inbound_at ? Date.parse(voter.last_inbound_at) + WINDOW_MS : null;
  return {
    conversation: toConversation(row),
    messages: messages.map(toMessage),
    earlierMessages: Math.max(0, total - messages.length),
    voter: voter ? toVoterProfile(voter) : null,
    windowClosesAt: closes && closes > now ? new Date(closes).toISOString() : null,
  };
}

/** Who may write: the operator holding it, or anyone when nobody does (taking it on the way). */
function holdForReply(
  s: Store,
  conversationId: string,
  operator: string,
  now: number,
): { emitted: Emitted[] } {
  const c = s.first(
    s.db.selectFrom('conversations').select(['assigned_operator']).where('id', '=', conversationId),
  );
  if (!c)
    throw new AppError('not_found', 'That conversation does not exist (it may have been deleted).');
  if (c.assigned_operator === operator) return { emitted: [] };
  return { emitted: takeOver(s, conversationId, operator, now).emitted };
}

function recipientOf(s: Store, conversationId: string) {
  const row = s.first(
    s.db
      .selectFrom('conversations')
      .leftJoin('voter_profiles', 'voter_profiles.id', 'conversations.voter_id')
      .select([
        'conversations.channel',
        'voter_profiles.phone_number',
        'voter_profiles.wa_user_id',
        'voter_profiles.last_inbound_at',
        'voter_profiles.opted_out_at',
      ])
      .where('conversations.id', '=', conversationId),
  );
  if (!row || (!row.phone_number && !row.wa_user_id))
    throw new AppError(
      'not_found',
      'This voter has no number to write to (their data may have been erased).',
    );
  return {
    channel: row.channel as 'whatsapp' | 'simulator',
    recipient: row.phone_number ?? row.wa_user_id ?? '',
    lastInboundAt: row.last_inbound_at,
    optedOutAt: row.opted_out_at,
  };
}

/** A person's reply: stored as sender human with their name; refused outside the 24-hour window. */
export function sendReply(
  s: Store,
  input: { conversationId: string; text: string },
  operator: string,
  now: number,
): { message: Message; emitted: Emitted[] } {
  return s.transaction(() => {
    const to = recipientOf(s, input.conversationId);
    const verdict = checkSendAllowed({
      kind: 'text',
      lastInboundAt: to.lastInboundAt,
      optedOutAt: to.optedOutAt,
      now,
    });
    if (!verdict.ok) {
      throw new AppError(
        'conflict',
        verdict.reason === 'outside_window'
          ? 'The 24-hour window has closed: only an approved template can be sent now.'
          : 'This voter has opted out: nothing can be sent until they write START.',
      );
    }
    const held = holdForReply(s, input.conversationId, operator, now);
    const q = queueText(s, {
      conversationId: input.conversationId,
      channel: to.channel,
      recipient: to.recipient,
      body: input.text,
      sender: 'human',
      operatorName: operator,
      metadata: { kind: 'operator_reply' },
      now,
    });
    audit(s, operator, 'reply', input.conversationId, { messageId: q.messageId }, now);
    const row = s.first(s.db.selectFrom('messages').selectAll().where('id', '=', q.messageId))!;
    return { message: toMessage(row), emitted: [...held.emitted, ...q.emitted] };
  });
}

/** An approved template with its placeholders filled: the only thing that may go outside the window. */
export function sendTemplate(
  s: Store,
  input: { conversationId: string; templateId: string; params: string[] },
  operator: string,
  now: number,
): { message: Message; emitted: Emitted[] } {
  return s.transaction(() => {
    const t = s.first(
      s.db.selectFrom('message_templates').selectAll().where('id', '=', input.templateId),
    );
    if (!t) throw new AppError('not_found', 'That template does not exist.');
    const needed = new Set([...t.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
    if (input.params.length !== needed)
      throw new AppError(
        'invalid_input',
        `This template needs ${needed} value${needed === 1 ? '' : 's'}.`,
        { params: `Fill in all ${needed} placeholders.` },
      );
    const to = recipientOf(s, input.conversationId);
    const verdict = checkSendAllowed({
      kind: 'template',
      lastInboundAt: to.lastInboundAt,
      optedOutAt: to.optedOutAt,
      now,
    });
    if (!verdict.ok)
      throw new AppError(
        'conflict',
        'This voter has opted out: nothing can be sent until they write START.',
      );
    const held = holdForReply(s, input.conversationId, operator, now);
    const body = t.body.replace(
      /\{\{(\d+)\}\}/g,
      (_m, n: string) => input.params[Number(n) - 1] ?? '',
    );
    const messageId = randomUUID();
    const at = new Date(now).toISOString();
    s.run(
      s.db.insertInto('messages').values({
        id: messageId,
        conversation_id: input.conversationId,
        sender: 'human',
        message_type: 'template',
        content: body,
        timestamp: at,
        processed: 1,
        delivery_status: 'queued',
        operator_name: operator,
        reply_seconds: replySeconds(s, input.conversationId, at),
        metadata: JSON.stringify({ kind: 'template', template: t.name, language: t.language }),
        created_at: at,
      }),
    );
    enqueueOutgoing(s, {
      channel: to.channel,
      recipient: to.recipient,
      conversationId: input.conversationId,
      messageId,
      now,
      message: {
        type: 'template',
        name: t.name,
        languageCode: t.language,
        ...(input.params.length
          ? {
              components: [
                {
                  type: 'body',
                  parameters: input.params.map((text) => ({ type: 'text' as const, text })),
                },
              ],
            }
          : {}),
      },
    });
    s.run(
      s.db
        .updateTable('conversations')
        .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: at }))
        .where('id', '=', input.conversationId),
    );
    audit(s, operator, 'template', input.conversationId, { template: t.name, messageId }, now);
    const row = s.first(s.db.selectFrom('messages').selectAll().where('id', '=', messageId))!;
    return {
      message: toMessage(row),
      emitted: [
        ...held.emitted,
        ['messageChanged', { conversationId: input.conversationId, messageId }],
        ['conversationChanged', { conversationId: input.conversationId }],
      ],
    };
  });
}

export function resolveConversation(
  s: Store,
  input: { conversationId: string; resolved: boolean },
  operator: string,
  now: number,
): Conversation {
  return s.transaction(() => {
    const res = s.run(
      s.db
        .updateTable('conversations')
        .set({ resolved: input.resolved ? 1 : 0, updated_at: new Date(now).toISOString() })
        .where('id', '=', input.conversationId),
    );
    if (res.changes === 0)
      throw new AppError(
        'not_found',
        'That conversation does not exist (it may have been deleted).',
      );
    audit(s, operator, input.resolved ? 'resolve' : 'reopen', input.conversationId, {}, now);
    return toConversation(
      s.first(s.db.selectFrom('conversations').selectAll().where('id', '=', input.conversationId))!,
    );
  });
}

export function markRead(s: Store, conversationId: string, reader: string, now: number): void {
  const at = new Date(now).toISOString();
  s.run(
    s.db
      .insertInto('conversation_reads')
      .values({ conversation_id: conversationId, reader, read_at: at })
      .onConflict((oc) => oc.columns(['conversation_id', 'reader']).doUpdateSet({ read_at: at })),
  );
}

// --- bots ---

type BotFields = Omit<
  BotConfiguration,
  | 'id'
  | 'active'
  | 'totalConversations'
  | 'accuracyRate'
  | 'satisfactionRate'
  | 'createdAt'
  | 'updatedAt'
> & { id?: string | undefined };

export function saveBot(s: Store, input: BotFields, actor: string, now: number): BotConfiguration {
  const at = new Date(now).toISOString();
  const values = {
    name: input.name,
    description: input.description,
    personality: input.personality,
    languages: JSON.stringify(input.languages),
    channels: JSON.stringify(input.channels),
    ai_model: input.aiModel,
    system_prompt: input.systemPrompt,
    custom_prompts: JSON.stringify(input.customPrompts),
    knowledge_base: JSON.stringify(input.knowledgeBase),
    response_time_target: input.responseTimeTarget,
    max_conversation_length: input.maxConversationLength,
    auto_handoff_threshold: input.autoHandoffThreshold,
    updated_at: at,
  };
  const id = input.id ?? randomUUID();
  try {
    s.transaction(() => {
      if (input.id) {
        const res = s.run(
          s.db.updateTable('bot_configurations').set(values).where('id', '=', input.id),
        );
        if (res.changes === 0) throw new AppError('not_found', 'That bot does not exist.');
      } else {
        s.run(
          s.db
            .insertInto('bot_configurations')
            .values({ id, ...values, active: 0, created_at: at }),
        );
      }
      audit(s, actor, input.id ? 'bot_updated' : 'bot_created', id, { name: input.name }, now);
    });
  } catch (err) {
    if (String(err).includes('UNIQUE'))
      throw new AppError('conflict', `A bot named "${input.name}" exists already.`, {
        name: 'This name is taken.',
      });
    throw err;
  }
  return toBotConfiguration(
    s.first(s.db.selectFrom('bot_configurations').selectAll().where('id', '=', id))!,
  );
}

/** Exactly one active bot: the one that answers. */
export function activateBot(s: Store, id: string, actor: string, now: number): BotConfiguration {
  return s.transaction(() => {
    if (!s.first(s.db.selectFrom('bot_configurations').select('id').where('id', '=', id)))
      throw new AppError('not_found', 'That bot does not exist.');
    const at = new Date(now).toISOString();
    s.run(
      s.db
        .updateTable('bot_configurations')
        .set({ active: 0, updated_at: at })
        .where('active', '=', 1),
    );
    s.run(
      s.db
        .updateTable('bot_configurations')
        .set({ active: 1, updated_at: at })
        .where('id', '=', id),
    );
    audit(s, actor, 'bot_activated', id, {}, now);
    return toBotConfiguration(
      s.first(s.db.selectFrom('bot_configurations').selectAll().where('id', '=', id))!,
    );
  });
}

export function deleteBot(s: Store, id: string, actor: string, now: number): void {
  s.transaction(() => {
    const bot = s.first(
      s.db.selectFrom('bot_configurations').select(['active', 'name']).where('id', '=', id),
    );
    if (!bot) throw new AppError('not_found', 'That bot does not exist.');
    if (bot.active)
      throw new AppError('conflict', 'This is the active bot: make another bot active first.');
    s.run(s.db.deleteFrom('bot_configurations').where('id', '=', id));
    audit(s, actor, 'bot_deleted', id, { name: bot.name }, now);
  });
}

export function getBot(s: Store, id: string | undefined): BotConfiguration {
  const row = id
    ? s.first(s.db.selectFrom('bot_configurations').selectAll().where('id', '=', id))
    : s.first(s.db.selectFrom('bot_configurations').selectAll().where('active', '=', 1));
  if (!row)
    throw new AppError('not_found', id ? 'That bot does not exist.' : 'There is no active bot.');
  return toBotConfiguration(row);
}

// --- templates ---

const toTemplate = (r: {
  id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  created_at: string;
}): MessageTemplate => ({
  id: r.id,
  name: r.name,
  language: r.language,
  category: r.category as MessageTemplate['category'],
  body: r.body,
  createdAt: r.created_at,
});

export function listTemplates(s: Store): MessageTemplate[] {
  return s
    .all(s.db.selectFrom('message_templates').selectAll().orderBy('name').orderBy('language'))
    .map(toTemplate);
}

export function saveTemplate(
  s: Store,
  input: {
    id?: string | undefined;
    name: string;
    language: string;
    category: MessageTemplate['category'];
    body: string;
  },
  actor: string,
  now: number,
): MessageTemplate {
  const at = new Date(now).toISOString();
  const id = input.id ?? randomUUID();
  try {
    s.transaction(() => {
      if (input.id) {
        const res = s.run(
          s.db
            .updateTable('message_templates')
            .set({
              name: input.name,
              language: input.language,
              category: input.category,
              body: input.body,
              updated_at: at,
            })
            .where('id', '=', input.id),
        );
        if (res.changes === 0) throw new AppError('not_found', 'That template does not exist.');
      } else {
        s.run(
          s.db.insertInto('message_templates').values({
            id,
            name: input.name,
            language: input.language,
            category: input.category,
            body: input.body,
            created_at: at,
            updated_at: at,
          }),
        );
      }
      audit(s, actor, 'template_saved', id, { name: input.name, language: input.language }, now);
    });
  } catch (err) {
    if (String(err).includes('UNIQUE'))
      throw new AppError(
        'conflict',
        `A template "${input.name}" in ${input.language} exists already.`,
        { name: 'Taken for this language.' },
      );
    throw err;
  }
  return toTemplate(
    s.first(s.db.selectFrom('message_templates').selectAll().where('id', '=', id))!,
  );
}

export function deleteTemplate(s: Store, id: string, actor: string, now: number): void {
  s.transaction(() => {
    const res = s.run(s.db.deleteFrom('message_templates').where('id', '=', id));
    if (res.changes === 0) throw new AppError('not_found', 'That template does not exist.');
    audit(s, actor, 'template_deleted', id, {}, now);
  });
}

export function listAudit(s: Store, p: { offset: number; limit: number }): Page<AuditEntry> {
  const rows = s.all(
    s.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(p.limit).offset(p.offset),
  );
  const total = s.first(s.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')))?.n ?? 0;
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: JSON.parse(r.details) as JsonObject,
    })),
    total: Number(total),
    offset: p.offset,
    limit: p.limit,
  };
}
