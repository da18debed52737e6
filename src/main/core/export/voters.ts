import type { z } from 'zod';
import type { VoterExportFilter } from '../../../shared/contract';
import type { VoterProfile } from '../../../shared/model';
import { votersMatching } from '../queries/voters';
import type { Store } from '../store/db';
import { toVoterProfile } from '../store/mappers';
import type { Cell } from './xlsx';
import { xlsxStream } from './xlsx';

export type ExportFormat = 'csv' | 'json' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'xlsx'];

export interface VoterExportOptions {
  filter: z.output<typeof VoterExportFilter>;
  /** Keep only the country code and the last 2 digits of phone numbers. */
  maskPhones?: boolean;
  /** Opted-out voters are left out unless this is set. */
  includeOptedOut?: boolean;
  signal?: AbortSignal;
  /** Called after each page with rows written so far and the total to write. */
  onProgress?: (done: number, total: number) => void;
  pageSize?: number;
}

const DEMOGRAPHIC_KEYS = ['age_group', 'gender', 'occupation', 'location'] as const;

/** The export's columns: every VoterProfile field, demographics split into declared_ / inferred_. */
export const VOTER_COLUMNS = [
  'id',
  'phone_number',
  'wa_user_id',
  'name',
  'preferred_language',
  'location_data',
  ...DEMOGRAPHIC_KEYS.map((k) => `declared_${k}`),
  ...DEMOGRAPHIC_KEYS.flatMap((k) => [`inferred_${k}`, `inferred_${k}_confidence`]),
  'political_lean',
  'interaction_count',
  'total_messages_sent',
  'avg_sentiment_score',
  'last_contacted',
  'first_contacted',
  'topic_interests',
  'issues_raised',
  'sentiment_history',
  'referral_code',
  'referrals_made',
  'referred_by',
  'source_campaign',
  'opted_out_at',
  'metadata',
  'created_at',
  'updated_at',
] as const;

export type VoterRow = Record<(typeof VOTER_COLUMNS)[number], unknown>;

/** Country code (the digits before the last ten, at least one) and the last 2 digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const cc = Math.min(3, Math.max(1, digits.length - 10));
  return digits.slice(0, cc) + '*'.repeat(digits.length - cc - 2) + digits.slice(-2);
}

/** One voter as an export row (values typed: numbers, strings, null, nested JSON). */
export function voterRow(v: VoterProfile, maskPhones = false): VoterRow {
  const d = v.demographics as {
    declared?: Record<string, unknown>;
    inferred?: Record<string, { value?: unknown; confidence?: unknown } | null>;
  };
  const demo: Record<string, unknown> = {};
  for (const k of DEMOGRAPHIC_KEYS) {
    demo[`declared_${k}`] = d.declared?.[k] ?? null;
    demo[`inferred_${k}`] = d.inferred?.[k]?.value ?? null;
    demo[`inferred_${k}_confidence`] = d.inferred?.[k]?.confidence ?? null;
  }
  return {
    id: v.id,
    phone_number: maskPhones ? maskPhone(v.phoneNumber) : v.phoneNumber,
    wa_user_id: v.waUserId,
    name: v.name,
    preferred_language: v.preferredLanguage,
    location_data: v.locationData,
    ...demo,
    political_lean: v.politicalLean,
    interaction_count: v.interactionCount,
    total_messages_sent: v.totalMessagesSent,
    avg_sentiment_score: v.avgSentimentScore,
    last_contacted: v.lastContacted,
    first_contacted: v.firstContacted,
    topic_interests: v.topicInterests,
    issues_raised: v.issuesRaised,
    sentiment_history: v.sentimentHistory,
    referral_code: v.referralCode,
    referrals_made: v.referralsMade,
    referred_by: v.referredBy,
    source_campaign: v.sourceCampaign,
    opted_out_at: v.optedOutAt,
    metadata: v.metadata,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
  } as VoterRow;
}

/** A cell for CSV/XLSX: nested values as JSON text. */
function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/**
 * A spreadsheet would run a text cell starting with = + - @ (or tab/CR) as a formula:
 * prefix an apostrophe (OWASP CSV injection). Numbers are left alone.
 */
export function guardFormula(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: quote fields holding a comma, quote, CR or LF; double the quotes. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: Cell[]) => cells.map((c) => csvField(guardFormula(c))).join(',') + '\r\n';

/** Pages of matching voters, keyset on id, so memory stays flat however many there are. */
async function* voterPages(s: Store, o: VoterExportOptions): AsyncGenerator<VoterRow[]> {
  const base = () => {
    const q = votersMatching(s.db, o.filter);
    return o.includeOptedOut ? q : q.where('opted_out_at', 'is', null);
  };
  const total = Number(s.first(base().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
  const pageSize = o.pageSize ?? 1000;
  let done = 0;
  let after = '';
  o.onProgress?.(0, total);
  for (;;) {
    o.signal?.throwIfAborted();
    const rows = s.all(
      base().selectAll().where('id', '>', after).orderBy('id', 'asc').limit(pageSize),
    );
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    done += rows.length;
    yield rows.map((r) => voterRow(toVoterProfile(r), o.maskPhones));
    o.onProgress?.(done, total);
    if (rows.length < pageSize) break;
    // Let the event loop (and the HTTP socket) breathe between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Streams the voters a filter selects as CSV (UTF-8 with BOM), a JSON array, or XLSX. */
export async function* exportVoters(
  s: Store,
  format: ExportFormat,
  o: VoterExportOptions,
): AsyncGenerator<Buffer> {
  const cells = (r: VoterRow) => VOTER_COLUMNS.map((c) => cellOf(r[c]));
  if (format === 'csv') {
    // The BOM makes Excel read UTF-8 (Tamil, Hindi, Telugu) instead of the ANSI code page.
    yield Buffer.from('\uFEFF' + csvLine([...VOTER_COLUMNS]), 'utf8');
    for await (const page of voterPages(s, o))
      yield Buffer.from(page.map((r) => csvLine(cells(r))).join(''), 'utf8');
  } else if (format === 'json') {
    let first = true;
    yield Buffer.from('[');
    for await (const page of voterPages(s, o)) {
      const text = page.map((r) => JSON.stringify(r)).join(',\n');
      yield Buffer.from((first ? '\n' : ',\n') + text, 'utf8');
      first = false;
    }
    yield Buffer.from('\n]\n');
  } else {
    async function* batches(): AsyncGenerator<Cell[][]> {
      yield [[...VOTER_COLUMNS]];
      for await (const page of voterPages(s, o)) yield page.map(cells);
    }
    yield* xlsxStream('Voters', batches());
  }
}
