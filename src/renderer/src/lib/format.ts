import type { Category, Language, Sentiment } from '../../../shared/model';

const LANGUAGE_NAMES: Record<Language, { english: string; native: string }> = {
  ta: { english: 'Tamil', native: 'தமிழ்' },
  en: { english: 'English', native: 'English' },
  hi: { english: 'Hindi', native: 'हिन्दी' },
  te: { english: 'Telugu', native: 'తెలుగు' },
};

/** "Tamil · தமிழ்"; English stays plain. */
export function languageLabel(code: string): string {
  const names = LANGUAGE_NAMES[code as Language];
  if (!names) return code;
  return names.native === names.english ? names.english : `${names.english} · ${names.native}`;
}

export function sentimentLabel(sentiment: Sentiment | 'unknown' | null): string {
  if (!sentiment || sentiment === 'unknown') return 'Unknown';
  return sentiment.charAt(0).toUpperCase() + sentiment.slice(1);
}

export function categoryLabel(category: Category | 'unknown' | null): string {
  if (!category || category === 'unknown') return 'Uncategorised';
  return category.charAt(0).toUpperCase() + category.slice(1);
}

export type ChipColor = 'success' | 'error' | 'default' | 'warning' | 'info';

export function sentimentColor(sentiment: Sentiment | null): ChipColor {
  if (sentiment === 'positive') return 'success';
  if (sentiment === 'negative') return 'error';
  return 'default';
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "25 Nov 2025, 10:44", or an em dash when there is no date. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTime.format(d) : '—';
}

/** Time only for today, else the full date and time. */
export function formatMessageTime(iso: string, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return '—';
  return d.toDateString() === now.toDateString() ? timeOnly.format(d) : dateTime.format(d);
}

/** "5 minutes ago", "yesterday"... relative to `now`. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return '—';
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 30) return relative.format(Math.round(seconds / 86400), 'day');
  return dateTime.format(d);
}

const integer = new Intl.NumberFormat();
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A score in [-1, 1] (or any number) with two decimals and a sign. */
export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `${n > 0 ? '+' : ''}${n.toFixed(2)}`;
}

/** A fraction in [0, 1] as a percentage. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  return `${Math.round(fraction * 100)}%`;
}

/** Conversations and voters can lack any of the identifying fields. */
export function displayName(
  name: string | null,
  phone: string | null,
  waUserId?: string | null,
): string {
  return name?.trim() || phone || waUserId || 'Unknown contact';
}

/** MUI's pagination rejects a page past the end (e.g. after rows were deleted). */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.max(0, Math.min(page, Math.ceil(total / pageSize) - 1));
}

const HANDOFF_REASONS: Record<string, string> = {
  low_confidence: 'Low confidence',
  asked_for_person: 'Asked for a person',
  abuse_or_threat: 'Abuse or threat',
  urgent_grievance: 'Urgent grievance',
  conversation_too_long: 'Long conversation',
  model_failures: 'Model failures',
  model_suggested: 'Model suggested',
};

/** A handoff reason code ("asked_for_person") in words; unknown reasons are shown as they are. */
export function handoffReasonLabel(reason: string | null | undefined): string {
  if (!reason) return 'Needs a person';
  return HANDOFF_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** "5 h 12 min", "12 min", "less than a minute" until `closesAt`; null once it has passed. */
export function formatTimeLeft(closesAt: string | null | undefined, now: number): string | null {
  const d = parse(closesAt);
  if (!d) return null;
  const minutes = Math.floor((d.getTime() - now) / 60_000);
  if (d.getTime() <= now) return null;
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function channelLabel(channel: string): string {
  return channel === 'simulator' ? 'Test phone' : 'WhatsApp';
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Asked for a person: The voter asked…", without repeating a detail that only restates the reason. */
export function handoffText(
  reason: string | null | undefined,
  detail: string | null | undefined,
): string {
  const label = handoffReasonLabel(reason);
  const d = detail?.trim();
  if (!d || d.replace(/\.$/, '').toLowerCase() === label.toLowerCase()) return label;
  return `${label}: ${d}`;
}
