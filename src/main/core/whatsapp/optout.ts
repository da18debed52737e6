import type { Language } from '../../../shared/model';

// STOP and START as the whole message, in English, Tamil, Hindi and Telugu (native script and
// romanized). Matching is on the normalised whole text, so "stop the water cuts" is not an opt-out.

const STOP: Record<Language, string[]> = {
  en: [
    'stop',
    'stop all',
    'unsubscribe',
    'opt out',
    'optout',
    'stop messages',
    'stop updates',
    'no more messages',
  ],
  ta: [
    'நிறுத்து',
    'நிறுத்தவும்',
    'நிறுத்துங்கள்',
    'நிறுத்துக',
    'செய்தி வேண்டாம்',
    'niruthu',
    'niruthunga',
    'niruththu',
    'niruthavum',
  ],
  hi: [
    'रुको',
    'रोको',
    'रोकें',
    'बंद',
    'बंद करो',
    'बंद करें',
    'संदेश बंद करो',
    'band karo',
    'band',
    'ruko',
    'roko',
    'band kijiye',
  ],
  te: ['ఆపు', 'ఆపండి', 'ఆపేయండి', 'సందేశాలు ఆపండి', 'aapu', 'apu', 'aapandi', 'apandi', 'aapeyandi'],
};

const START: Record<Language, string[]> = {
  en: ['start', 'unstop', 'subscribe', 'resume', 'opt in', 'optin'],
  ta: ['தொடங்கு', 'தொடங்கவும்', 'தொடரவும்', 'மீண்டும் தொடங்கு', 'thodangu', 'thodarungal', 'thodaravum'],
  hi: ['शुरू', 'शुरू करो', 'शुरू करें', 'चालू करो', 'shuru', 'shuru karo', 'chalu karo'],
  te: [
    'ప్రారంభించు',
    'ప్రారంభించండి',
    'మొదలు పెట్టండి',
    'prarambhinchu',
    'prarambhinchandi',
    'modalu pettandi',
  ],
};

/** Button payloads our own templates use for opt-out / opt-in quick replies. */
const STOP_PAYLOADS = new Set(['OPT_OUT', 'STOP', 'UNSUBSCRIBE']);
const START_PAYLOADS = new Set(['OPT_IN', 'START', 'RESUME']);

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function index(lists: Record<Language, string[]>): Map<string, Language> {
  const m = new Map<string, Language>();
  for (const [lang, words] of Object.entries(lists) as Array<[Language, string[]]>) {
    for (const w of words) m.set(normalise(w), lang);
  }
  return m;
}
const STOP_INDEX = index(STOP);
const START_INDEX = index(START);

export type OptCommand = {
  kind: 'stop' | 'start';
  language: Language;
  method: 'keyword' | 'button';
};

/** Whether a whole message is an opt-out or opt-in command, and in which language. */
export function optCommand(text: string, buttonPayload?: string | null): OptCommand | null {
  if (buttonPayload) {
    const p = buttonPayload.trim().toUpperCase();
    if (STOP_PAYLOADS.has(p))
      return { kind: 'stop', language: guessLanguage(text), method: 'button' };
    if (START_PAYLOADS.has(p))
      return { kind: 'start', language: guessLanguage(text), method: 'button' };
  }
  const n = normalise(text);
  if (!n || n.length > 40) return null;
  const stop = STOP_INDEX.get(n);
  if (stop) return { kind: 'stop', language: stop, method: 'keyword' };
  const start = START_INDEX.get(n);
  if (start) return { kind: 'start', language: start, method: 'keyword' };
  return null;
}

function guessLanguage(text: string): Language {
  if (/[\u0B80-\u0BFF]/.test(text)) return 'ta';
  if (/[\u0900-\u097F]/.test(text)) return 'hi';
  if (/[\u0C00-\u0C7F]/.test(text)) return 'te';
  return 'en';
}

const STOPPED: Record<Language, string> = {
  en: 'You will not get any more messages from us. Reply START at any time to hear from us again.',
  ta: 'இனி எங்களிடமிருந்து உங்களுக்கு எந்தச் செய்தியும் வராது. மீண்டும் பெற எப்போது வேண்டுமானாலும் START என அனுப்புங்கள்.',
  hi: 'अब आपको हमसे कोई संदेश नहीं मिलेगा। फिर से संदेश पाने के लिए कभी भी START लिखकर भेजें।',
  te: 'ఇకపై మా నుండి మీకు ఎలాంటి సందేశాలు రావు. మళ్ళీ పొందడానికి ఎప్పుడైనా START అని పంపండి.',
};
const RESUMED: Record<Language, string> = {
  en: 'Welcome back: you will get our replies again. Reply STOP at any time to stop.',
  ta: 'மீண்டும் வருக! எங்கள் பதில்கள் மீண்டும் வரும். நிறுத்த எப்போது வேண்டுமானாலும் STOP என அனுப்புங்கள்.',
  hi: 'फिर से स्वागत है! अब आपको हमारे जवाब मिलेंगे। रोकने के लिए कभी भी STOP लिखें।',
  te: 'మళ్ళీ స్వాగతం! మా సమాధానాలు మళ్ళీ వస్తాయి. ఆపడానికి ఎప్పుడైనా STOP అని పంపండి.',
};

export const optConfirmation = (kind: 'stop' | 'start', language: Language): string =>
  (kind === 'stop' ? STOPPED : RESUMED)[language];
