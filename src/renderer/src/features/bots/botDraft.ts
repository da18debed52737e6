import type { MethodInput } from '../../../../shared/contract';
import type { BotConfiguration, Channel, Language, Personality } from '../../../../shared/model';
import type { FieldErrors } from '../../lib/validation';

// The bot editor's form state: what a person types (numbers as text, tags comma-separated,
// custom prompts as rows), and its conversion to the contract's BotInput.

export interface PromptRow {
  rowId: number;
  name: string;
  text: string;
}

export interface KnowledgeRow {
  rowId: number;
  question: string;
  answer: string;
  language: Language | '';
  tags: string;
}

export interface BotDraft {
  id: string | undefined;
  name: string;
  description: string;
  personality: Personality;
  languages: Language[];
  channels: Channel[];
  aiModel: string;
  systemPrompt: string;
  customPrompts: PromptRow[];
  knowledgeBase: KnowledgeRow[];
  responseTimeTarget: string;
  maxConversationLength: string;
  autoHandoffThreshold: number;
}

let nextRowId = 1;
export const newRowId = () => nextRowId++;

export function newBotDraft(): BotDraft {
  return {
    id: undefined,
    name: '',
    description: '',
    personality: 'friendly',
    languages: ['ta', 'en'],
    channels: ['whatsapp', 'simulator'],
    aiModel: '',
    systemPrompt: '',
    customPrompts: [],
    knowledgeBase: [],
    responseTimeTarget: '30',
    maxConversationLength: '50',
    autoHandoffThreshold: 0.5,
  };
}

export function draftFromBot(bot: BotConfiguration): BotDraft {
  return {
    id: bot.id,
    name: bot.name,
    description: bot.description,
    personality: bot.personality,
    languages: [...bot.languages],
    channels: [...bot.channels],
    aiModel: bot.aiModel,
    systemPrompt: bot.systemPrompt,
    customPrompts: Object.entries(bot.customPrompts).map(([name, text]) => ({
      rowId: newRowId(),
      name,
      text,
    })),
    knowledgeBase: bot.knowledgeBase.map((k) => ({
      rowId: newRowId(),
      question: k.question,
      answer: k.answer,
      language: k.language ?? '',
      tags: (k.tags ?? []).join(', '),
    })),
    responseTimeTarget: String(bot.responseTimeTarget),
    maxConversationLength: String(bot.maxConversationLength),
    autoHandoffThreshold: bot.autoHandoffThreshold,
  };
}

const toNumber = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

export function draftToInput(d: BotDraft): MethodInput<'saveBot'> {
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    description: d.description,
    personality: d.personality,
    languages: d.languages,
    channels: d.channels,
    aiModel: d.aiModel,
    systemPrompt: d.systemPrompt,
    customPrompts: Object.fromEntries(d.customPrompts.map((p) => [p.name.trim(), p.text])),
    knowledgeBase: d.knowledgeBase.map((k) => ({
      question: k.question,
      answer: k.answer,
      ...(k.language ? { language: k.language } : {}),
      ...(k.tags.trim()
        ? {
            tags: k.tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          }
        : {}),
    })),
    responseTimeTarget: toNumber(d.responseTimeTarget),
    maxConversationLength: toNumber(d.maxConversationLength),
    autoHandoffThreshold: d.autoHandoffThreshold,
  };
}

/** Checks the contract cannot express for rows: a custom prompt needs a unique name. */
export function rowErrors(d: BotDraft): FieldErrors {
  const fields: FieldErrors = {};
  const seen = new Set<string>();
  d.customPrompts.forEach((p, i) => {
    const name = p.name.trim();
    if (!name) fields[`customPrompts.${i}`] = 'Give this prompt a name.';
    else if (name.length > 60)
      fields[`customPrompts.${i}`] = 'Use at most 60 characters for the name.';
    else if (seen.has(name)) fields[`customPrompts.${i}`] = `The name "${name}" is used twice.`;
    else if (p.text.length > 2000) fields[`customPrompts.${i}`] = 'Use at most 2000 characters.';
    seen.add(name);
  });
  return fields;
}

/**
 * Field errors from the contract (local parse or the server) made to fit the form: custom
 * prompts are keyed by name there and by row here, and empty numbers get a plain message.
 */
export function fitErrors(fields: FieldErrors, d: BotDraft): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const prompt = /^customPrompts\.(.+)$/.exec(key);
    if (prompt) {
      const i = d.customPrompts.findIndex((p) => p.name.trim() === prompt[1]);
      out[i >= 0 ? `customPrompts.${i}` : 'customPrompts'] ??= message;
      continue;
    }
    out[key] ??= message;
  }
  const numbers: Array<[keyof BotDraft & string, string]> = [
    ['responseTimeTarget', 'Enter a number of seconds.'],
    ['maxConversationLength', 'Enter a whole number of messages.'],
  ];
  for (const [key, message] of numbers) {
    if (out[key] && !Number.isFinite(toNumber(String(d[key])))) out[key] = message;
  }
  return out;
}

/** The first message for a field or anything under it ("knowledgeBase.0.tags.2"). */
export function errorAt(fields: FieldErrors, path: string): string | undefined {
  if (fields[path]) return fields[path];
  const prefix = `${path}.`;
  for (const [k, v] of Object.entries(fields)) if (k.startsWith(prefix)) return v;
  return undefined;
}
