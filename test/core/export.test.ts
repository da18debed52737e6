import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoterRow } from '../../src/main/core/export/voters';
import { VOTER_COLUMNS, exportVoters, voterRow } from '../../src/main/core/export/voters';
import type { CallContext } from '../../src/main/core/rpc';
import { FAKE_ADMIN_TOKEN, startTestCore } from '../helpers/core';
import { seedInsight } from '../helpers/insight-seed';

// The voter export over real HTTP: each format read back and compared with listVoters.

let t: Awaited<ReturnType<typeof startTestCore>>;
const admin: CallContext = { actor: 'Anita', transport: 'http', role: 'admin', operatorId: null };
const bearer = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };

beforeAll(async () => {
  t = await startTestCore();
  const s = t.core.store();
  s.transaction(() => seedInsight(s));
});
afterAll(() => t.close());

/** The rows listVoters gives for the same filter, as the export shapes them, by id. */
async function expectedRows(
  filter: { search?: string; language?: 'ta' | 'en' | 'hi' | 'te' } = {},
  o: { mask?: boolean; optedOut?: boolean } = {},
): Promise<VoterRow[]> {
  const page = await t.core.handlers.listVoters(
    { ...filter, sort: 'name', direction: 'asc', offset: 0, limit: 500 },
    admin,
  );
  return page.items
    .filter((v) => o.optedOut || v.optedOutAt === null)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((v) => voterRow(v, o.mask));
}

/** The text a CSV / XLSX cell holds for a value. */
const cellText = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'string' || typeof v === 'number'
      ? String(v)
      : JSON.stringify(v);

/** A small RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** The entries of a ZIP file, read through its central directory and CRC-checked. */
function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const local = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const data = inflateRawSync(buf.subarray(local, local + size));
    expect(crc32(data) >>> 0).toBe(crc);
    out.set(name, data.toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Rows of an inline-string sheet, cells placed by their reference. */
function sheetRows(xml: string): string[][] {
  const rows: string[][] = [];
  for (const [, body] of xml.matchAll(/<row r="\d+">(.*?)<\/row>/gs)) {
    const row: string[] = [];
    for (const [, ref, inner] of body!.matchAll(/<c r="([A-Z]+)\d+"[^>]*>(.*?)<\/c>/gs)) {
      let col = 0;
      for (const ch of ref!) col = col * 26 + (ch.charCodeAt(0) - 64);
      const text = /<t[^>]*>(.*?)<\/t>/s.exec(inner!)?.[1] ?? /<v>(.*?)<\/v>/.exec(inner!)?.[1];
      row[col - 1] = unescapeXml(text ?? '');
    }
    rows.push(Array.from({ length: VOTER_COLUMNS.length }, (_, i) => row[i] ?? ''));
  }
  return rows;
}

const download = (query: string, headers: Record<string, string> = bearer) =>
  fetch(`${t.adminUrl}/api/export/voters.${query}`, { headers });

describe('voter export', () => {
  it('CSV: BOM, header, RFC 4180 quoting, formula guard, Indic text, same rows as listVoters', async () => {
    const res = await download('csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="voters-.*\.csv"$/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header).toEqual([...VOTER_COLUMNS]);
    const expected = await expectedRows();
    expect(rows.map((r) => r[0])).toEqual(['v1', 'v2', 'v4', 'v5']);
    const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
    expect(rows.map((r) => r.map(unguard))).toEqual(
      expected.map((e) => VOTER_COLUMNS.map((c) => cellText(e[c]))),
    );
    const name = (id: string) => rows.find((r) => r[0] === id)![VOTER_COLUMNS.indexOf('name')];
    expect(name('v1')).toBe('கவிதா');
    expect(name('v2')).toBe('राजेश');
    expect(name('v4')).toBe(`'=HYPERLINK("http://x")`);
    expect(name('v5')).toBe('Ravi, "the" teacher\nline two');
    const v1 = rows.find((r) => r[0] === 'v1')!;
    const col = (c: (typeof VOTER_COLUMNS)[number]) => v1[VOTER_COLUMNS.indexOf(c)];
    expect([
      col('declared_gender'),
      col('inferred_age_group'),
      col('inferred_age_group_confidence'),
    ]).toEqual(['female', '25-34', '0.7']);
    // A negative number is a number, not a formula: no apostrophe.
    expect(col('avg_sentiment_score')).toBe('-0.6');
  });

  it('JSON: an array equal to listVoters, filtered like it', async () => {
    const res = await download('json?language=ta');
    const body = (await res.json()) as unknown[];
    expect(body).toEqual(JSON.parse(JSON.stringify(await expectedRows({ language: 'ta' }))));
    expect(body).toHaveLength(3);
    const all = (await (await download('json?search=%E0%A4%B0%E0%A4%BE')).json()) as VoterRow[];
    expect(all.map((r) => r.name)).toEqual(['राजेश']);
  });

  it('XLSX: a valid zip whose sheet holds the same cells, Telugu included when opted-out voters are asked for', async () => {
    const res = await download('xlsx?include_opted_out=1');
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
    ]);
    const [header, ...rows] = sheetRows(files.get('xl/worksheets/sheet1.xml')!);
    expect(header).toEqual([...VOTER_COLUMNS]);
    const expected = await expectedRows({}, { optedOut: true });
    expect(rows).toEqual(expected.map((e) => VOTER_COLUMNS.map((c) => cellText(e[c]))));
    expect(rows.some((r) => r.includes('లక్ష్మి'))).toBe(true);
  });

  it('masks phones to country code and last two digits, and leaves opted-out voters out by default', async () => {
    const rows = (await (await download('json?mask_phones=1')).json()) as VoterRow[];
    expect(rows.map((r) => [r.id, r.phone_number])).toEqual([
      ['v1', '91********01'],
      ['v2', '91********02'],
      ['v4', '1********23'],
      ['v5', null],
    ]);
    const withOptedOut = (await (await download('json?include_opted_out=1')).json()) as VoterRow[];
    expect(withOptedOut.map((r) => r.id)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('is for admins only, and every export is audited with who, filters and count', async () => {
    await t.core.handlers.createOperator(
      { username: 'ravi', displayName: 'Ravi', role: 'operator', password: 'long-password-1' },
      admin,
    );
    const signIn = await fetch(`${t.adminUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ravi', password: 'long-password-1' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await download('csv', { cookie })).status).toBe(403);
    expect((await download('csv', {})).status).toBe(401);
    expect((await download('pdf')).status).toBe(404);
    await (await download('csv?language=hi&mask_phones=1')).arrayBuffer();
    const audit = await t.core.handlers.listAudit({ offset: 0, limit: 50 }, admin);
    expect(audit.items.find((a) => a.action === 'voters_exported')).toMatchObject({
      actor: 'admin-token',
      details: {
        format: 'csv',
        filter: { language: 'hi' },
        maskPhones: true,
        includeOptedOut: false,
        rows: 1,
        total: 1,
        completed: true,
      },
    });
  });

  it('reports progress page by page and stops when cancelled', async () => {
    const abort = new AbortController();
    const progress: Array<[number, number]> = [];
    const chunks: Buffer[] = [];
    const run = async () => {
      for await (const chunk of exportVoters(t.core.store(), 'csv', {
        filter: {},
        includeOptedOut: true,
        pageSize: 1,
        signal: abort.signal,
        onProgress: (done, total) => {
          progress.push([done, total]);
          if (done === 2) abort.abort();
        },
      }))
        chunks.push(chunk);
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(progress).toEqual([
      [0, 5],
      [1, 5],
      [2, 5],
    ]);
    expect(parseCsv(Buffer.concat(chunks).toString('utf8'))).toHaveLength(3);

    const full: Array<[number, number]> = [];
    for await (const _ of exportVoters(t.core.store(), 'json', {
      filter: {},
      pageSize: 2,
      onProgress: (d, n) => full.push([d, n]),
    }));
    expect(full.at(-1)).toEqual([4, 4]);
  });
});
