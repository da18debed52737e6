import type { Selectable } from 'kysely';
import type {
  BotConfiguration,
  Category,
  Channel,
  Conversation,
  DeliveryStatus,
  JsonObject,
  KnowledgeEntry,
  Language,
  Message,
  MessageType,
  Personality,
  Priority,
  Sender,
  Sentiment,
  SentimentPoint,
  VoterProfile,
} from '../../../shared/model';
import type {
  BotConfigurationsTable,
  ConversationsTable,
  MessagesTable,
  VoterProfilesTable,
} from './schema';

// One mapper per table: the only place where 0/1 becomes boolean and JSON text becomes values.

function json<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

export function toConversation(r: Selectable<ConversationsTable>): Conversation {
  return {
    id: r.id,
    voterId: r.voter_id,
    phoneNumber: r.phone_number,
    waUserId: r.wa_user_id,
    userName: r.user_name,
    userLocation: r.user_location,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationSeconds: r.duration_seconds,
    messageCount: r.message_count,
    language: r.language as Language,
    channel: r.channel as Channel,
    sentiment: r.sentiment as Sentiment | null,
    sentimentScore: r.sentiment_score,
    category: r.category as Category | null,
    priority: r.priority as Priority | null,
    topics: json<string[]>(r.topics, []),
    keywords: json<string[]>(r.keywords, []),
    issues: json<string[]>(r.issues, []),
    demographics: json<JsonObject>(r.demographics, {}),
    politicalLean: r.political_lean,
    aiConfidence: r.ai_confidence,
    satisfactionScore: r.satisfaction_score,
    resolved: r.resolved === 1,
    humanHandoff: r.human_handoff === 1,
    sessionId: r.session_id,
    sourceCampaign: r.source_campaign,
    botId: r.bot_id,
    referralCode: r.referral_code,
    metadata: json<JsonObject>(r.metadata, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastMessageAt: r.last_message_at,
    handoffReason: r.handoff_reason,
    assignedOperator: r.assigned_operator,
    unread: 0,
  };
}

export function toMessage(r: Selectable<MessagesTable>): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    sender: r.sender as Sender,
    messageType: r.message_type as MessageType,
    content: r.content,
    mediaUrl: r.media_url,
    whatsappMessageId: r.whatsapp_message_id,
    timestamp: r.timestamp,
    intent: r.intent,
    confidence: r.confidence,
    sentiment: r.sentiment as Sentiment | null,
    entities: json<JsonObject>(r.entities, {}),
    language: r.language as Language | null,
    processed: r.processed === 1,
    processingError: r.processing_error,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    modelUsed: r.model_used,
    metadata: json<JsonObject>(r.metadata, {}),
    deliveryStatus: r.delivery_status as DeliveryStatus | null,
    deliveryError: r.delivery_error,
    operatorName: r.operator_name,
    createdAt: r.created_at,
  };
}

export function toVoterProfile(r: Selectable<VoterProfilesTable>): VoterProfile {
  return {
    id: r.id,
    phoneNumber: r.phone_number,
    waUserId: r.wa_user_id,
    name: r.name,
    preferredLanguage: r.preferred_language as Language,
    locationData: json<JsonObject>(r.location_data, {}),
    demographics: json<JsonObject>(r.demographics, {}),
    politicalLean: r.political_lean,
    interactionCount: r.interaction_count,
    totalMessagesSent: r.total_messages_sent,
    avgSentimentScore: r.avg_sentiment_score,
    lastContacted: r.last_contacted,
    firstContacted: r.first_contacted,
    topicInterests: json<Record<string, number>>(r.topic_interests, {}),
    issuesRaised: json<string[]>(r.issues_raised, []),
    sentimentHistory: json<SentimentPoint[]>(r.sentiment_history, []),
    referralCode: r.referral_code,
    referralsMade: r.referrals_made,
    referredBy: r.referred_by,
    sourceCampaign: r.source_campaign,
    optedOutAt: r.opted_out_at,
    metadata: json<JsonObject>(r.metadata, {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toBotConfiguration(r: Selectable<BotConfigurationsTable>): BotConfiguration {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    personality: r.personality as Personality,
    languages: json<Language[]>(r.languages, []),
    channels: json<Channel[]>(r.channels, []),
    aiModel: r.ai_model,
    systemPrompt: r.system_prompt,
    customPrompts: json<Record<string, string>>(r.custom_prompts, {}),
    knowledgeBase: json<KnowledgeEntry[]>(r.knowledge_base, []),
    responseTimeTarget: r.response_time_target,
    maxConversationLength: r.max_conversation_length,
    autoHandoffThreshold: r.auto_handoff_threshold,
    active: r.active === 1,
    totalConversations: r.total_conversations,
    accuracyRate: r.accuracy_rate,
    satisfactionRate: r.satisfaction_rate,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
