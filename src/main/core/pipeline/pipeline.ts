import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { BotConfiguration, Language } from '../../../shared/model';
import { analyzeEmbedded, embeddedReply, retrieveKnowledge } from '../analyzer/index';
import type { CoreConfig } from '../config';
import type { Emitted, Job, JobHandler } from '../jobs';
import { enqueueJob } from '../jobs';
import { linkTag } from '../links';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import { audit } from '../audit';
import { pipelineSettings } from '../settings';
import type { Store } from '../store/db';
import { toBotConfiguration } from '../store/mappers';
import type { ConversationsTable, VoterProfilesTable } from '../store/schema';
import { queueText } from '../whatsapp/outgoing';
import type { Analysis } from './analysis';
import { ModelError, analyzeWithModel } from './model';
import { decideHandoff } from './policy';
import {
  DELETE_CONFIRM_QUESTION,
  DELETE_CONFIRM_WORDS,
  HANDOFF_NOTICE,
  REFERRAL_INVITATION,
} from './texts';

export interface PipelineDeps {
  config: CoreConfig;
  store: () => Store;
  secrets: SecretStore;
  log: Logger;
  now?: () => number;
  modelTimeoutMs?: number;
  /** Called inside the commit after a reply or notice is queued. */
}

const TAG = /\[(?:ref:([A-Z0-9]{4,12}))?\s*(?:camp:([A-Za-z0-9_-]{1,40}))?\]/;
const json = <T>(text: string | null | undefined, fallback: T): T => {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};
const normalise = (t: string) =>
  t
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * One message's analysis: ONE call to the model when a key is set, the embedded analyzer when
 * there is none or the call fails (labelled, with the reason). Writes nothing.
 */
export async function analyzeMessage(
  deps: Pick<PipelineDeps, 'config' | 'secrets' | 'modelTimeoutMs'>,
  input: {
    bot: BotConfiguration;
    text: string;
    recent: Array<{ sender: 'user' | 'bot' | 'human'; text: string }>;
    summary: string | null;
    voterName: string | null;
  },
): Promise<{ analysis: Analysis; failed: boolean }> {
  const apiKey = deps.secrets.get('OPENAI_API_KEY');
  if (!apiKey)
    return {
      analysis: embeddedAnalysis(input.text, input.bot, 'no OpenAI API key'),
      failed: false,
    };
  try {
    const analysis = await analyzeWithModel(
      {
        ...input,
        knowledge: retrieveKnowledge(input.text, input.bot.knowledgeBase, 3).map((k) => k.entry),
      },
      {
        apiKey,
        baseUrl: deps.config.openai.baseUrl,
        model: deps.config.openai.model,
        timeoutMs: deps.modelTimeoutMs ?? 20_000,
      },
    );
    return { analysis, failed: false };
  } catch (err) {
    const reason = err instanceof ModelError ? err.message : String(err);
    return { analysis: embeddedAnalysis(input.text, input.bot, reason), failed: true };
  }
}

/** The embedded analyzer's answer, in the model's shape, labelled as such and less confident. */
export function embeddedAnalysis(
  text: string,
  bot: BotConfiguration,
  fallbackReason: string | null,
): Analysis {
  const started = performance.now();
  const a = analyzeEmbedded(text, { knowledgeBase: bot.knowledgeBase });
  const knowledge = retrieveKnowledge(text, bot.knowledgeBase, 3);
  const reply = embeddedReply(a, { knowledge });
  return {
    language: a.language,
    script: a.script,
    intent: a.intent,
    category: a.category,
    sentiment: a.sentiment,
    sentiment_score: a.sentimentScore,
    confidence: Math.min(a.confidence, 0.6),
    topics: a.topics,
    keywords: a.keywords,
    issues: a.issues,
    urgent: a.urgent,
    abusive: a.abusive,
    wants_human: a.wantsHuman,
    wants_data_deletion: a.wantsDataDeletion,
    demographics: { age_group: null, gender: null, occupation: null, location: null },
    handoff: { needed: false, reason: '' },
    reply,
    summary: '',
    source: 'embedded',
    fallbackReason,
    model: null,
    promptTokens: null,
    completionTokens: null,
    latencyMs: Math.round(performance.now() - started),
  };
}

function activeBot(store: Store): BotConfiguration | undefined {
  const row = store.first(
    store.db.selectFrom('bot_configurations').selectAll().where('active', '=', 1).limit(1),
  );
  return row ? toBotConfiguration(row) : undefined;
}

/** A conversation the bot must stay silent in: handed off, or held by an operator. */
const isHeld = (
  c: Pick<Selectable<ConversationsTable>, 'human_handoff' | 'assigned_operator' | 'resolved'>,
) => c.human_handoff === 1 || c.assigned_operator !== null;

export interface ConversationMeta {
  summary?: string;
  modelFailures?: number;
  referral?: unknown;
  [key: string]: unknown;
}

/**
 * The AI pipeline as a durable job: analyse one message (ONE model call, or the embedded
 * analyzer), then in one transaction record the analysis, update conversation and profile,
 * apply the handoff policy, and queue the reply. A conversation handed off or taken over while
 * the model was answering gets no reply: the check is inside the commit.
 */
export function createPipeline(deps: PipelineDeps): {
  handler: JobHandler;
  enqueue: (store: Store, messageId: string, lane: string | null, now: number) => void;
} {
  const now = deps.now ?? Date.now;

  const handler: JobHandler = async (job: Job) => {
    const s = deps.store();
    const messageId = String(job.payload.messageId);
    const message = s.first(s.db.selectFrom('messages').selectAll().where('id', '=', messageId));
    if (!message) return () => [];
    const conversation = s.first(
      s.db.selectFrom('conversations').selectAll().where('id', '=', message.conversation_id),
    );
    if (!conversation) return () => [];
    const bot = activeBot(s);
    if (!bot) throw new Error('no active bot configuration');
    const meta = json<ConversationMeta>(conversation.metadata, {});
    const text = message.content.replace(TAG, '').trim() || message.content;
    const recentRows = s.all(
      s.db
        .selectFrom('messages')
        .select(['sender', 'content'])
        .where('conversation_id', '=', conversation.id)
        .where('id', '!=', messageId)
        .where('timestamp', '<=', message.timestamp)
        .orderBy('timestamp', 'desc')
        .limit(10),
    );
    const { analysis, failed } = await analyzeMessage(deps, {
      bot,
      text,
      recent: recentRows
        .reverse()
        .map((r) => ({ sender: r.sender as 'user' | 'bot' | 'human', text: r.content })),
      summary: meta.summary ?? null,
      voterName: conversation.user_name,
    });
    if (failed)
      deps.log.warn('model call failed; the embedded analyzer answered', {
        messageId,
        reason: analysis.fallbackReason,
      });
    return () =>
      recordAnalysis(
        deps.store(),
        { messageId, conversationId: conversation.id, analysis, failed, bot, now: now() },
        deps.config.whatsapp.displayPhoneNumber,
      );
  };

  return {
    handler,
    enqueue: (store, messageId, lane, at) => {
      enqueueJob(
        store,
        { kind: 'analyze', payload: { messageId }, dedupeKey: `analyze:${messageId}`, lane },
        at,
      );
    },
  };
}

function consentNotice(s: Store, lang: Language, office: string): string {
  return pipelineSettings(s).consentNotice[lang].replaceAll('{office}', office);
}

/** Erases a voter's messages and profile (and the raw webhook bodies that held only them). */
export function eraseVoter(
  s: Store,
  voter: Selectable<VoterProfilesTable>,
  nowIso: string,
): Emitted[] {
  const { db } = s;
  const ids = [voter.phone_number, voter.wa_user_id].filter((x): x is string => x !== null);
  const staged = s.all(
    db
      .selectFrom('inbound_messages')
      .select(['wamid', 'event_id'])
      .where((eb) => eb.or([eb('from_phone', 'in', ids), eb('from_user_id', 'in', ids)])),
  );
  const counts = s.first(
    db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('messages'),
        eb.fn.count<number>('conversations.id').distinct().as('conversations'),
      ])
      .where('conversations.voter_id', '=', voter.id),
  );
  const statuses = s.all(
    db
      .selectFrom('message_statuses')
      .select(['id', 'event_id'])
      .where('recipient', 'in', ids.length ? ids : ['']),
  );
  if (staged.length)
    s.run(
      db.deleteFrom('inbound_messages').where(
        'wamid',
        'in',
        staged.map((r) => r.wamid),
      ),
    );
  if (statuses.length)
    s.run(
      db.deleteFrom('message_statuses').where(
        'id',
        'in',
        statuses.map((r) => r.id),
      ),
    );
  // Raw bodies go too, unless they also carry someone else's messages or statuses.
  const events = new Set(
    [...staged.map((r) => r.event_id), ...statuses.map((r) => r.event_id)].filter(
      (x): x is number => x !== null,
    ),
  );
  for (const eventId of events) {
    const others =
      s.first(
        db.selectFrom('inbound_messages').select('wamid').where('event_id', '=', eventId).limit(1),
      ) ??
      s.first(
        db.selectFrom('message_statuses').select('id').where('event_id', '=', eventId).limit(1),
      );
    if (!others) s.run(db.deleteFrom('webhook_events').where('id', '=', eventId));
  }
  s.run(db.deleteFrom('voter_profiles').where('id', '=', voter.id));
  audit(
    s,
    'voter',
    'voter_data_erased',
    createHash('sha256').update(ids.join('|')).digest('hex').slice(0, 16),
    {
      messages: Number(counts?.messages ?? 0),
      conversations: Number(counts?.conversations ?? 0),
      requestedBy: 'voter',
    },
    Date.parse(nowIso),
  );
  return [['statusChanged', {}]];
}

/**
 * Records one message's analysis and acts on it, synchronously inside the job's transaction:
 * message, conversation and profile updates, referral attribution, erasure, the handoff policy,
 * and the reply. Exported for the overhead benchmark.
 */
export function recordAnalysis(
  s: Store,
  c: {
    messageId: string;
    conversationId: string;
    analysis: Analysis;
    failed: boolean;
    bot: BotConfiguration;
    now: number;
  },
  displayPhoneNumber: string | undefined,
): Emitted[] {
  const { db } = s;
  const nowIso = new Date(c.now).toISOString();
  const a = c.analysis;
  const conversation = s.first(
    db.selectFrom('conversations').selectAll().where('id', '=', c.conversationId),
  );
  const message = s.first(db.selectFrom('messages').selectAll().where('id', '=', c.messageId));
  if (!conversation || !message || !conversation.voter_id) return []; // erased meanwhile
  const voter = s.first(
    db.selectFrom('voter_profiles').selectAll().where('id', '=', conversation.voter_id),
  );
  if (!voter) return [];
  const emitted: Emitted[] = [];
  const lang = a.language as Language;

  // 1. The message's analysis.
  s.run(
    db
      .updateTable('messages')
      .set({
        intent: a.intent,
        confidence: a.confidence,
        sentiment: a.sentiment,
        language: lang,
        entities: JSON.stringify({
          topics: a.topics,
          keywords: a.keywords,
          issues: a.issues,
          script: a.script,
          urgent: a.urgent,
          abusive: a.abusive,
          category: a.category,
          sentimentScore: a.sentiment_score,
        }),
        processed: 1,
        processing_error: c.failed ? a.fallbackReason : null,
        prompt_tokens: a.promptTokens,
        completion_tokens: a.completionTokens,
        model_used: a.source === 'model' ? a.model : 'embedded',
        metadata: JSON.stringify({
          ...json<Record<string, unknown>>(message.metadata, {}),
          analysis: { source: a.source, latencyMs: a.latencyMs, fallbackReason: a.fallbackReason },
        }),
      })
      .where('id', '=', c.messageId),
  );

  // 2. The conversation's running picture.
  const meta = json<ConversationMeta>(conversation.metadata, {});
  const failures = c.failed ? (meta.modelFailures ?? 0) + 1 : 0;
  const union = (prev: string, add: string[]) =>
    [...new Set([...json<string[]>(prev, []), ...add])].slice(0, 30);
  const scores = s.all(
    db
      .selectFrom('messages')
      .select('entities')
      .where('conversation_id', '=', conversation.id)
      .where('sender', '=', 'user')
      .where('processed', '=', 1),
  );
  const scoreList = scores
    .map((r) => json<{ sentimentScore?: number }>(r.entities, {}).sentimentScore)
    .filter((x): x is number => typeof x === 'number');
  const convScore = scoreList.length
    ? scoreList.reduce((x, y) => x + y, 0) / scoreList.length
    : a.sentiment_score;
  const first = voter.total_messages_sent <= 1 && conversation.message_count <= 1;
  const tag = TAG.exec(message.content);
  const referral = json<{ source_type?: string; source_id?: string; headline?: string } | null>(
    JSON.stringify(json<Record<string, unknown>>(message.metadata, {}).referral ?? null),
    null,
  );
  const campaign =
    conversation.source_campaign ??
    tag?.[2] ??
    (referral?.source_id ? `ad:${referral.source_id}` : null);
  s.run(
    db
      .updateTable('conversations')
      .set({
        language: lang,
        sentiment: a.sentiment,
        sentiment_score: Math.max(-1, Math.min(1, convScore)),
        category: a.category,
        priority: a.urgent
          ? 'high'
          : a.category === 'complaint'
            ? 'medium'
            : (conversation.priority ?? 'low'),
        topics: JSON.stringify(union(conversation.topics, a.topics)),
        keywords: JSON.stringify(union(conversation.keywords, a.keywords)),
        issues: JSON.stringify(union(conversation.issues, a.issues)),
        ai_confidence: a.confidence,
        source_campaign: campaign,
        referral_code: conversation.referral_code ?? tag?.[1] ?? null,
        bot_id: conversation.bot_id ?? c.bot.id,
        metadata: JSON.stringify({
          ...meta,
          summary: a.summary || meta.summary,
          modelFailures: failures,
          ...(referral ? { referral } : {}),
        }),
        updated_at: nowIso,
      })
      .where('id', '=', conversation.id),
  );

  // 3. The voter's profile, aggregated over all conversations.
  const history = [
    ...json<Array<{ date: string; score: number }>>(voter.sentiment_history, []),
    { date: nowIso, score: a.sentiment_score },
  ].slice(-200);
  const interests = json<Record<string, number>>(voter.topic_interests, {});
  for (const t of a.topics) interests[t] = (interests[t] ?? 0) + 1;
  const demographics = json<{
    declared?: Record<string, unknown>;
    inferred?: Record<string, { value: string; confidence: number }>;
  }>(voter.demographics, {});
  const inferred = { ...(demographics.inferred ?? {}) };
  for (const [key, d] of Object.entries(a.demographics)) {
    if (d && (!inferred[key] || inferred[key]!.confidence <= d.confidence)) inferred[key] = d;
  }
  s.run(
    db
      .updateTable('voter_profiles')
      .set({
        preferred_language: lang,
        sentiment_history: JSON.stringify(history),
        avg_sentiment_score: history.reduce((x, y) => x + y.score, 0) / history.length,
        topic_interests: JSON.stringify(interests),
        issues_raised: JSON.stringify(
          [...new Set([...json<string[]>(voter.issues_raised, []), ...a.issues])].slice(-100),
        ),
        demographics: JSON.stringify({ declared: demographics.declared ?? {}, inferred }),
        // The campaign that brought the voter: the one their first message came with.
        source_campaign: voter.source_campaign ?? (first ? campaign : null),
        updated_at: nowIso,
      })
      .where('id', '=', voter.id),
  );
  emitted.push(
    ['messageChanged', { conversationId: conversation.id, messageId: c.messageId }],
    ['conversationChanged', { conversationId: conversation.id }],
  );

  // 4. Referral attribution on the voter's first message (never twice, never self).
  if (first && tag?.[1] && !voter.referred_by) {
    const referrer = s.first(
      db
        .selectFrom('voter_profiles')
        .select('id')
        .where('referral_code', '=', tag[1].toUpperCase()),
    );
    if (referrer && referrer.id !== voter.id) {
      s.run(
        db
          .updateTable('voter_profiles')
          .set({ referred_by: referrer.id })
          .where('id', '=', voter.id),
      );
      s.run(
        db
          .updateTable('voter_profiles')
          .set((eb) => ({ referrals_made: eb('referrals_made', '+', 1) }))
          .where('id', '=', referrer.id),
      );
    }
  }

  const recipient = voter.phone_number ?? voter.wa_user_id ?? '';
  const channel = conversation.channel as 'whatsapp' | 'simulator';
  const say = (body: string, kind: string) =>
    emitted.push(
      ...queueText(s, {
        conversationId: conversation.id,
        channel,
        recipient,
        body,
        sender: 'bot',
        metadata: { kind, inReplyTo: c.messageId },
        now: c.now,
      }).emitted,
    );
  const voterMeta = json<Record<string, unknown>>(voter.metadata, {});

  // 5. "Delete my data": asked, then confirmed by the next message.
  if (voterMeta.deletionRequestedAt && DELETE_CONFIRM_WORDS.has(normalise(message.content))) {
    return [
      ...eraseVoter(s, voter, nowIso),
      ['conversationChanged', { conversationId: conversation.id }],
    ];
  }
  if (voterMeta.deletionRequestedAt) {
    delete voterMeta.deletionRequestedAt;
    s.run(
      db
        .updateTable('voter_profiles')
        .set({ metadata: JSON.stringify(voterMeta) })
        .where('id', '=', voter.id),
    );
  }

  // 6. The bot stays silent in a conversation a person holds, even if it was taken mid-answer.
  if (isHeld(conversation) || voter.opted_out_at) return emitted;

  if (first) say(consentNotice(s, lang, c.bot.name), 'consent_notice');

  if (a.wants_data_deletion) {
    s.run(
      db
        .updateTable('voter_profiles')
        .set({ metadata: JSON.stringify({ ...voterMeta, deletionRequestedAt: nowIso }) })
        .where('id', '=', voter.id),
    );
    say(DELETE_CONFIRM_QUESTION[lang], 'deletion_question');
    return emitted;
  }

  const decision = decideHandoff({
    analysis: a,
    bot: c.bot,
    messageCount: conversation.message_count,
    consecutiveModelFailures: failures,
  });
  if (decision.handoff) {
    s.run(
      db
        .updateTable('conversations')
        .set({
          human_handoff: 1,
          handoff_reason: decision.reason,
          priority: 'high',
          updated_at: nowIso,
        })
        .where('id', '=', conversation.id),
    );
    say(HANDOFF_NOTICE[lang], 'handoff_notice');
    emitted.push([
      'handoffRequested',
      {
        conversationId: conversation.id,
        reason: decision.reason ?? 'unknown',
        detail: decision.detail,
      },
    ]);
    return emitted;
  }

  if (a.reply.trim())
    say(a.reply.trim().slice(0, 4000), a.source === 'model' ? 'model_reply' : 'embedded_reply');

  // 7. A referral invitation, once, to an engaged voter who is not unhappy.
  const link = displayPhoneNumber;
  const engaged =
    voter.total_messages_sent >= 3 &&
    history.reduce((x, y) => x + y.score, 0) / history.length >= 0;
  if (link && engaged && !voterMeta.referralInvitedAt && a.sentiment !== 'negative') {
    const text = `${linkTag({ referralCode: voter.referral_code })}`;
    say(
      REFERRAL_INVITATION[lang].replace(
        '{link}',
        `https://wa.me/${link}?text=${encodeURIComponent(text)}`,
      ),
      'referral_invitation',
    );
    s.run(
      db
        .updateTable('voter_profiles')
        .set({ metadata: JSON.stringify({ ...voterMeta, referralInvitedAt: nowIso }) })
        .where('id', '=', voter.id),
    );
  }
  return emitted;
}
