import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

// A minimal streaming XLSX writer: one sheet of inline strings and numbers, zipped with
// deflate. Entries are written with data descriptors (sizes after the data), so rows stream
// out as they come and memory stays flat.

export type Cell = string | number | null;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const workbook = (sheetName: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const SHEET_START = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_END = `</sheetData></worksheet>`;

// Characters XML 1.0 does not allow, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** One sheet row (1-based `rowNumber`) as XML. */
export function rowXml(rowNumber: number, cells: readonly Cell[]): string {
  let out = `<row r="${rowNumber}">`;
  cells.forEach((cell, i) => {
    const ref = `${columnName(i)}${rowNumber}`;
    if (cell === null || cell === '') return;
    if (typeof cell === 'number' && Number.isFinite(cell)) {
      out += `<c r="${ref}"><v>${cell}</v></c>`;
    } else {
      const text = escapeXml(String(cell));
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      out += `<c r="${ref}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
    }
  });
  return out + '</row>';
}

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // 2026-01-01: exports are byte-stable

/** Writes a ZIP archive entry by entry; every method returns the bytes to send next. */
class ZipWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];

  localHeader(name: string): Buffer {
    const n = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(FLAGS, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt16LE(n.length, 26);
    this.entries.push({ name: n, crc: 0, compressed: 0, size: 0, offset: this.offset });
    return this.count(Buffer.concat([h, n]));
  }

  count(b: Buffer): Buffer {
    this.offset += b.length;
    return b;
  }

  /** Closes the current entry with its CRC and sizes. */
  descriptor(crc: number, compressed: number, size: number): Buffer {
    const e = this.entries.at(-1)!;
    Object.assign(e, { crc, compressed, size });
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc >>> 0, 4);
    d.writeUInt32LE(compressed, 8);
    d.writeUInt32LE(size, 12);
    return this.count(d);
  }

  /** A small entry, whole. */
  file(name: string, text: string): Buffer {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    return Buffer.concat([
      this.localHeader(name),
      this.count(packed),
      this.descriptor(crc32(data), packed.length, data.length),
    ]);
  }

  centralDirectory(): Buffer {
    const start = this.offset;
    const parts = this.entries.map((e) => {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      return Buffer.concat([h, e.name]);
    });
    const cd = Buffer.concat(parts);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(start, 16);
    return this.count(Buffer.concat([cd, end]));
  }
}

/** Streams an XLSX workbook of one sheet: `rows` yields batches of rows (header first). */
export async function* xlsxStream(
  sheetName: string,
  rows: AsyncIterable<Cell[][]>,
): AsyncGenerator<Buffer> {
  const zip = new ZipWriter();
  yield Buffer.concat([
    zip.file('[Content_Types].xml', CONTENT_TYPES),
    zip.file('_rels/.rels', ROOT_RELS),
    zip.file('xl/workbook.xml', workbook(sheetName)),
    zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
  ]);
  yield zip.localHeader('xl/worksheets/sheet1.xml');

  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  let failure: Error | undefined;
  deflate.on('data', (b: Buffer) => out.push(b));
  deflate.on('error', (err) => (failure = err));
  let crc = 0;
  let size = 0;
  let compressed = 0;
  const write = async (text: string, end = false) => {
    const data = Buffer.from(text, 'utf8');
    crc = crc32(data, crc);
    size += data.length;
    await new Promise<void>((resolve) => {
      if (end) deflate.end(data, () => resolve());
      else deflate.write(data, () => deflate.flush(() => resolve()));
    });
    if (failure) throw failure;
    const chunk = Buffer.concat(out.splice(0));
    compressed += chunk.length;
    return zip.count(chunk);
  };
  try {
    yield await write(SHEET_START);
    let r = 0;
    for await (const batch of rows) {
      yield await write(batch.map((cells) => rowXml(++r, cells)).join(''));
    }
    const last = await write(SHEET_END, true);
    await new Promise<void>((resolve) =>
      deflate.readableEnded ? resolve() : deflate.once('end', resolve),
    );
    const tail = Buffer.concat(out.splice(0));
    compressed += tail.length;
    yield Buffer.concat([last, zip.count(tail)]);
    yield zip.descriptor(crc, compressed, size);
    yield zip.centralDirectory();
  } finally {
    deflate.destroy();
  }
}
