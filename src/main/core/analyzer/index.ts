// The embedded analyzer: answers when there is no model key or the model call fails.
// Language, sentiment, topics and flags from hand-written lexicons; a small local retrieval over
// the knowledge base; replies from built-in templates in Tamil, English, Hindi and Telugu.
// Pure functions, no I/O.

import {
  detectLanguage,
  stripNoise,
  wordScript,
  type AnalyzerLanguage,
  type Script,
} from './language.ts';
import { analyzeSentiment, type SentimentLabel } from './sentiment.ts';
import { extractTopics, TOPIC_LABELS, topicIdsOf, type Category, type TopicId } from './topics.ts';

export { detectLanguage } from './language.ts';
export type { AnalyzerLanguage, LanguageResult, Script } from './language.ts';
export { analyzeSentiment, NEUTRAL_THRESHOLD } from './sentiment.ts';
export type { SentimentLabel, SentimentResult } from './sentiment.ts';
export { extractTopics, TOPIC_IDS, TOPIC_LABELS } from './topics.ts';
export type { Category, TopicId, TopicResult } from './topics.ts';

/** The embedded analyzer is less precise than a model: its confidence never exceeds this. */
export const EMBEDDED_MAX_CONFIDENCE = 0.6;

export interface KnowledgeEntry {
  question: string;
  answer: string;
  language?: string;
  tags?: string[];
}

export interface EmbeddedAnalysis {
  language: AnalyzerLanguage;
  script: Script;
  intent: string;
  category: Category;
  sentiment: SentimentLabel;
  sentimentScore: number;
  /** 0 .. 0.6. */
  confidence: number;
  topics: string[];
  keywords: string[];
  issues: string[];
  urgent: boolean;
  abusive: boolean;
  wantsHuman: boolean;
  wantsDataDeletion: boolean;
  /** Best knowledge-base matches, when a knowledge base was given. */
  knowledge?: KnowledgeHit[];
}

export function analyzeEmbedded(
  text: string,
  opts?: { knowledgeBase?: ReadonlyArray<KnowledgeEntry> },
): EmbeddedAnalysis {
  const lang = detectLanguage(text);
  const sent = analyzeSentiment(text, lang.language);
  const t = extractTopics(text, lang.language, sent);
  const confidence = Math.min(
    EMBEDDED_MAX_CONFIDENCE,
    Math.round((0.5 * lang.confidence + 0.5 * sent.confidence) * 0.75 * 100) / 100,
  );
  const analysis: EmbeddedAnalysis = {
    language: lang.language,
    script: lang.script,
    intent: t.intent,
    category: t.category,
    sentiment: sent.sentiment,
    sentimentScore: sent.score,
    confidence,
    topics: t.topics,
    keywords: t.keywords,
    issues: t.issues,
    urgent: t.urgent,
    abusive: t.abusive,
    wantsHuman: t.wantsHuman,
    wantsDataDeletion: t.wantsDataDeletion,
  };
  if (opts?.knowledgeBase && opts.knowledgeBase.length > 0) {
    analysis.knowledge = retrieveKnowledge(text, opts.knowledgeBase);
  }
  return analysis;
}

// ---------------------------------------------------------------------------------------------
// Retrieval: BM25 over question (x2), tags (x2) and answer, with script-aware tokens (Indic words
// also index a short stem, since Tamil and Telugu attach case endings) and shared topic tokens
// so that "thanni illa" finds an entry about "water supply".

export interface KnowledgeHit<E extends KnowledgeEntry = KnowledgeEntry> {
  entry: E;
  /** Position in the knowledge base. */
  index: number;
  /** BM25 score (unbounded). */
  score: number;
  /** Share of the query's weight (idf) that the entry matches, 0 .. 1. */
  relevance: number;
}

const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for with from about is am are was were be been being
  do does did have has had i me my we our you your he she it they them this that these those
  there here what which who whom how when where why can could will would should shall may might
  please pls plz sir madam mam hi hello hey thanks thank not no yes any some all so very just
  hai hain ka ki ke ko se me mein bhi aur ya kya ye yeh wo woh to toh hi h ji
  la ku da pa ma nu oru enna ah
  lo ki ni ga gaa tho andi garu`.split(/\s+/),
);

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+/gu;

function stemLatin(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Index terms of a text: words, Indic stems and topic markers. */
export function retrievalTerms(text: string): string[] {
  const clean = stripNoise(text.normalize('NFC')).toLowerCase().replace(/['’]/g, '');
  const terms: string[] = [];
  for (const m of clean.matchAll(TOKEN_RE)) {
    const w = m[0];
    if (STOPWORDS.has(w)) continue;
    const script = wordScript(w);
    if (script === 'latin') {
      if (w.length < 2) continue;
      terms.push(stemLatin(w.replace(/(.)\1{2,}/g, '$1')));
    } else if (script === 'ta' || script === 'hi' || script === 'te') {
      terms.push(w);
      const chars = Array.from(w);
      if (chars.length > 4) terms.push(`~${chars.slice(0, 4).join('')}`);
    } else if (/^\d+$/.test(w)) {
      terms.push(w);
    }
  }
  for (const id of topicIdsOf(text)) terms.push(`#${id}`);
  return terms;
}

interface IndexedDoc {
  tf: Map<string, number>;
  length: number;
}

const K1 = 1.2;
const B = 0.75;

export function retrieveKnowledge<E extends KnowledgeEntry>(
  text: string,
  knowledgeBase: ReadonlyArray<E>,
  k = 3,
): Array<KnowledgeHit<E>> {
  if (knowledgeBase.length === 0 || k <= 0) return [];
  const docs: IndexedDoc[] = knowledgeBase.map((e) => {
    const tags = (e.tags ?? []).join(' ');
    const head = retrievalTerms(`${e.question} ${tags}`);
    const terms = [...head, ...head, ...retrievalTerms(e.answer).filter((t) => !t.startsWith('#'))];
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, length: terms.length };
  });
  const n = docs.length;
  const avg = docs.reduce((a, d) => a + d.length, 0) / n || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => {
    const f = df.get(t) ?? 0;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };

  const query = [...new Set(retrievalTerms(text))];
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const totalWeight = query.reduce((a, t) => a + (df.has(t) ? idf(t) : maxIdf * 0.5), 0);
  const lang = detectLanguage(text).language;

  const hits: Array<KnowledgeHit<E>> = docs.map((d, index) => {
    let score = 0;
    let matched = 0;
    for (const t of query) {
      const f = d.tf.get(t);
      if (!f) continue;
      const w = idf(t);
      matched += w;
      score += (w * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avg));
    }
    const entry = knowledgeBase[index] as E;
    if (score > 0 && entry.language === lang) score *= 1.1;
    const relevance = totalWeight > 0 ? Math.min(1, matched / totalWeight) : 0;
    return { entry, index, score: round3(score), relevance: round3(relevance) };
  });
  return hits
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score || b.relevance - a.relevance)
    .slice(0, k);
}

// ---------------------------------------------------------------------------------------------
// Replies

export interface ReplyTemplate {
  greeting: string;
  /** Acknowledgement; "{topic}" is replaced with the topic's name in the voter's language. */
  fallback: string;
  handoff: string;
}

interface BuiltInTemplate extends ReplyTemplate {
  acknowledge: string;
  urgent: string;
  deletion: string;
  respectful: string;
  genericTopic: string;
}

export const DEFAULT_TEMPLATES: Record<AnalyzerLanguage, BuiltInTemplate> = {
  en: {
    greeting: 'Hello! Thank you for writing to us. How can we help you today?',
    fallback:
      'Thank you for your message about {topic}. We have noted it and our office will follow up with you soon.',
    acknowledge:
      'Thank you for your message. We have noted it and our office will follow up with you soon.',
    handoff: 'Thank you. A person from our office will reply to you soon.',
    urgent:
      'We have marked your message about {topic} as urgent and alerted our office. In an emergency, please call 112.',
    deletion:
      'We have received your request to delete your data. Our office will process it and confirm.',
    respectful:
      'We are here to help. Please tell us your concern and our office will follow up with you.',
    genericTopic: 'your concern',
  },
  ta: {
    greeting: 'வணக்கம்! எங்களுக்கு எழுதியதற்கு நன்றி. உங்களுக்கு எப்படி உதவலாம்?',
    fallback:
      '{topic} குறித்த உங்கள் செய்திக்கு நன்றி. இதைப் பதிவு செய்துள்ளோம்; எங்கள் அலுவலகம் விரைவில் உங்களைத் தொடர்பு கொள்ளும்.',
    acknowledge:
      'உங்கள் செய்திக்கு நன்றி. இதைப் பதிவு செய்துள்ளோம்; எங்கள் அலுவலகம் விரைவில் உங்களைத் தொடர்பு கொள்ளும்.',
    handoff: 'நன்றி. எங்கள் அலுவலகத்திலிருந்து ஒருவர் விரைவில் உங்களுக்குப் பதிலளிப்பார்.',
    urgent:
      '{topic} குறித்த உங்கள் செய்தியை அவசரமாகக் குறித்து எங்கள் அலுவலகத்துக்குத் தெரிவித்துள்ளோம். அவசர நிலையில் 112 ஐ அழைக்கவும்.',
    deletion: 'உங்கள் தரவை நீக்கும் கோரிக்கையைப் பெற்றுள்ளோம். எங்கள் அலுவலகம் அதைச் செயல்படுத்தி உறுதிப்படுத்தும்.',
    respectful: 'உதவ நாங்கள் இருக்கிறோம். உங்கள் பிரச்சனையைச் சொல்லுங்கள்; எங்கள் அலுவலகம் தொடர்பு கொள்ளும்.',
    genericTopic: 'உங்கள் கோரிக்கை',
  },
  hi: {
    greeting: 'नमस्ते! हमें लिखने के लिए धन्यवाद। हम आपकी क्या मदद कर सकते हैं?',
    fallback:
      '{topic} के बारे में आपके संदेश के लिए धन्यवाद। हमने इसे दर्ज कर लिया है और हमारा कार्यालय जल्द ही आपसे संपर्क करेगा।',
    acknowledge:
      'आपके संदेश के लिए धन्यवाद। हमने इसे दर्ज कर लिया है और हमारा कार्यालय जल्द ही आपसे संपर्क करेगा।',
    handoff: 'धन्यवाद। हमारे कार्यालय से कोई व्यक्ति जल्द ही आपको जवाब देगा।',
    urgent:
      '{topic} के बारे में आपके संदेश को हमने अत्यावश्यक मानकर कार्यालय को सूचित कर दिया है। आपात स्थिति में 112 पर कॉल करें।',
    deletion: 'आपका डेटा हटाने का अनुरोध हमें मिल गया है। हमारा कार्यालय इसे पूरा करके आपको पुष्टि करेगा।',
    respectful: 'हम मदद के लिए यहाँ हैं। कृपया अपनी समस्या बताइए, हमारा कार्यालय आपसे संपर्क करेगा।',
    genericTopic: 'आपकी समस्या',
  },
  te: {
    greeting: 'నమస్కారం! మాకు రాసినందుకు ధన్యవాదాలు. మేము మీకు ఎలా సహాయం చేయగలం?',
    fallback: '{topic} గురించి మీ సందేశానికి ధన్యవాదాలు. దీన్ని నమోదు చేశాము; మా కార్యాలయం త్వరలో మిమ్మల్ని సంప్రదిస్తుంది.',
    acknowledge: 'మీ సందేశానికి ధన్యవాదాలు. దీన్ని నమోదు చేశాము; మా కార్యాలయం త్వరలో మిమ్మల్ని సంప్రదిస్తుంది.',
    handoff: 'ధన్యవాదాలు. మా కార్యాలయం నుండి ఒకరు త్వరలో మీకు సమాధానం ఇస్తారు.',
    urgent:
      '{topic} గురించి మీ సందేశాన్ని అత్యవసరంగా గుర్తించి మా కార్యాలయానికి తెలియజేశాము. అత్యవసర పరిస్థితిలో 112 కు కాల్ చేయండి.',
    deletion: 'మీ డేటాను తొలగించాలన్న మీ అభ్యర్థన అందింది. మా కార్యాలయం దాన్ని పూర్తి చేసి నిర్ధారిస్తుంది.',
    respectful: 'సహాయం చేయడానికి మేము ఉన్నాము. దయచేసి మీ సమస్యను చెప్పండి; మా కార్యాలయం సంప్రదిస్తుంది.',
    genericTopic: 'మీ విషయం',
  },
};

export type ReplyKind =
  'knowledge' | 'handoff' | 'deletion' | 'urgent' | 'greeting' | 'respectful' | 'acknowledgement';

export interface ComposedReply {
  text: string;
  kind: ReplyKind;
  language: AnalyzerLanguage;
  /** The knowledge entry answered from, when kind is 'knowledge'. */
  knowledgeIndex?: number;
}

/** A knowledge entry answers the message when at least this share of the query matches. */
export const KNOWLEDGE_MIN_RELEVANCE = 0.35;

type ReplyAnalysis = Pick<
  EmbeddedAnalysis,
  'language' | 'intent' | 'topics' | 'urgent' | 'abusive' | 'wantsHuman' | 'wantsDataDeletion'
>;

export interface ReplyOptions {
  /** Retrieval hits, best first (from retrieveKnowledge). */
  knowledge?: ReadonlyArray<KnowledgeHit>;
  /** Per-language overrides of the built-in greeting, fallback and handoff texts. */
  templates?: Partial<Record<AnalyzerLanguage, Partial<ReplyTemplate>>>;
}

/** The reply text in the voter's language (native script for Tamil, Hindi and Telugu). */
export function embeddedReply(analysis: ReplyAnalysis, opts: ReplyOptions = {}): string {
  return composeEmbeddedReply(analysis, opts).text;
}

/** The reply with what it was made from (knowledge answer, handoff, acknowledgement...). */
export function composeEmbeddedReply(
  analysis: ReplyAnalysis,
  opts: ReplyOptions = {},
): ComposedReply {
  const language = analysis.language;
  const t: BuiltInTemplate = {
    ...DEFAULT_TEMPLATES[language],
    ...definedOnly(opts.templates?.[language]),
  };
  const topic = analysis.topics[0] as TopicId | undefined;
  const topicName = topic && TOPIC_LABELS[topic] ? TOPIC_LABELS[topic][language] : undefined;
  const fill = (s: string) => s.replace(/\{topic\}/g, topicName ?? t.genericTopic);
  const reply = (text: string, kind: ReplyKind, knowledgeIndex?: number): ComposedReply =>
    knowledgeIndex === undefined
      ? { text, kind, language }
      : { text, kind, language, knowledgeIndex };

  if (analysis.wantsDataDeletion) return reply(t.deletion, 'deletion');
  if (analysis.urgent) return reply(fill(t.urgent), 'urgent');
  if (analysis.wantsHuman) return reply(t.handoff, 'handoff');
  const best = opts.knowledge?.[0];
  if (best && best.relevance >= KNOWLEDGE_MIN_RELEVANCE && best.entry.answer.trim()) {
    return reply(best.entry.answer, 'knowledge', best.index);
  }
  if (analysis.intent === 'greeting') return reply(t.greeting, 'greeting');
  if (analysis.abusive) return reply(t.respectful, 'respectful');
  if (topicName || t.fallback !== DEFAULT_TEMPLATES[language].fallback) {
    return reply(fill(t.fallback), 'acknowledgement');
  }
  return reply(t.acknowledge, 'acknowledgement');
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => typeof v === 'string'),
  ) as Partial<T>;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
