import type { BotConfiguration } from '../../../shared/model';
import type { Analysis } from './analysis';

export type HandoffReason =
  | 'low_confidence'
  | 'asked_for_person'
  | 'abuse_or_threat'
  | 'urgent_grievance'
  | 'conversation_too_long'
  | 'model_failures'
  | 'model_suggested';

export interface HandoffDecision {
  handoff: boolean;
  reason: HandoffReason | null;
  detail: string;
}

/**
 * The handoff policy, in one place: when the bot stops and a person answers. Order matters: the
 * first matching reason is the one recorded.
 */
export function decideHandoff(input: {
  analysis: Pick<
    Analysis,
    | 'confidence'
    | 'wants_human'
    | 'abusive'
    | 'urgent'
    | 'category'
    | 'sentiment'
    | 'handoff'
    | 'source'
  >;
  bot: Pick<BotConfiguration, 'autoHandoffThreshold' | 'maxConversationLength'>;
  /** Messages in the conversation, this one included. */
  messageCount: number;
  /** Model failures in a row in this conversation, this one included. */
  consecutiveModelFailures: number;
}): HandoffDecision {
  const { analysis: a, bot } = input;
  if (a.wants_human)
    return {
      handoff: true,
      reason: 'asked_for_person',
      detail: 'The voter asked to talk to a person.',
    };
  if (a.abusive)
    return { handoff: true, reason: 'abuse_or_threat', detail: 'Abusive or threatening message.' };
  if (a.urgent && (a.category === 'complaint' || a.sentiment === 'negative'))
    return { handoff: true, reason: 'urgent_grievance', detail: 'Urgent grievance.' };
  if (input.consecutiveModelFailures >= 3)
    return {
      handoff: true,
      reason: 'model_failures',
      detail: `The model failed ${input.consecutiveModelFailures} times in a row.`,
    };
  if (input.messageCount > bot.maxConversationLength)
    return {
      handoff: true,
      reason: 'conversation_too_long',
      detail: `More than ${bot.maxConversationLength} messages.`,
    };
  if (a.confidence < bot.autoHandoffThreshold)
    return {
      handoff: true,
      reason: 'low_confidence',
      detail: `Confidence ${a.confidence.toFixed(2)} is below the bot's threshold ${bot.autoHandoffThreshold}.`,
    };
  if (a.source === 'model' && a.handoff.needed)
    return {
      handoff: true,
      reason: 'model_suggested',
      detail: a.handoff.reason || 'The model asked for a person.',
    };
  return { handoff: false, reason: null, detail: '' };
}
