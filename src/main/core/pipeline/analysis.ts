import { z } from 'zod';

// What one message's analysis holds, from the model or the embedded analyzer alike.

const Demographic = z.object({ value: z.string(), confidence: z.number().min(0).max(1) });

/** The JSON the model must return: one structured answer per message. */
export const ModelAnswer = z.object({
  language: z.enum(['ta', 'en', 'hi', 'te']),
  script: z.enum(['native', 'roman', 'mixed']),
  intent: z.string().max(60),
  category: z.enum(['feedback', 'complaint', 'suggestion', 'inquiry', 'political']),
  sentiment: z.enum(['positive', 'negative', 'neutral']),
  sentiment_score: z.number().min(-1).max(1),
  confidence: z.number().min(0).max(1),
  topics: z.array(z.string().max(40)).max(8),
  keywords: z.array(z.string().max(40)).max(12),
  issues: z.array(z.string().max(120)).max(6),
  urgent: z.boolean(),
  abusive: z.boolean(),
  wants_human: z.boolean(),
  wants_data_deletion: z.boolean(),
  demographics: z.object({
    age_group: Demographic.nullable(),
    gender: Demographic.nullable(),
    occupation: Demographic.nullable(),
    location: Demographic.nullable(),
  }),
  handoff: z.object({ needed: z.boolean(), reason: z.string().max(200) }),
  reply: z.string().max(4000),
  summary: z.string().max(600),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

/** JSON Schema for structured output (strict mode: every field required, no extras). */
export function modelAnswerJsonSchema(): Record<string, unknown> {
  const demographic = {
    anyOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'confidence'],
        properties: { value: { type: 'string' }, confidence: { type: 'number' } },
      },
      { type: 'null' },
    ],
  };
  const str = { type: 'string' };
  const arr = { type: 'array', items: str };
  return {
    type: 'object',
    additionalProperties: false,
    required: [
      'language',
      'script',
      'intent',
      'category',
      'sentiment',
      'sentiment_score',
      'confidence',
      'topics',
      'keywords',
      'issues',
      'urgent',
      'abusive',
      'wants_human',
      'wants_data_deletion',
      'demographics',
      'handoff',
      'reply',
      'summary',
    ],
    properties: {
      language: { type: 'string', enum: ['ta', 'en', 'hi', 'te'] },
      script: { type: 'string', enum: ['native', 'roman', 'mixed'] },
      intent: str,
      category: {
        type: 'string',
        enum: ['feedback', 'complaint', 'suggestion', 'inquiry', 'political'],
      },
      sentiment: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
      sentiment_score: { type: 'number' },
      confidence: { type: 'number' },
      topics: arr,
      keywords: arr,
      issues: arr,
      urgent: { type: 'boolean' },
      abusive: { type: 'boolean' },
      wants_human: { type: 'boolean' },
      wants_data_deletion: { type: 'boolean' },
      demographics: {
        type: 'object',
        additionalProperties: false,
        required: ['age_group', 'gender', 'occupation', 'location'],
        properties: {
          age_group: demographic,
          gender: demographic,
          occupation: demographic,
          location: demographic,
        },
      },
      handoff: {
        type: 'object',
        additionalProperties: false,
        required: ['needed', 'reason'],
        properties: { needed: { type: 'boolean' }, reason: str },
      },
      reply: str,
      summary: str,
    },
  };
}

export interface Analysis extends ModelAnswer {
  source: 'model' | 'embedded';
  /** Why the embedded analyzer answered instead of the model, when it did. */
  fallbackReason: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
}
