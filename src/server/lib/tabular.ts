import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { strToU8, Zip, ZipDeflate } from 'fflate';

/**
 * A table of open data: written as CSV, JSON or an Excel workbook from the same records. A Date
 * is an instant: ISO 8601 UTC text in CSV and JSON, a real date (UTC) in a workbook.
 */
export type Cell = string | number | boolean | Date | null;

/**
 * A CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe, so opening the export never executes what a reporter wrote (OWASP, CSV
 * injection): CSV has no way to say "this is text". A workbook has (inline strings), so its text
 * is written as it is.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The records with the first one already read, so that a filter the database refuses is answered
 * with a 4xx before a byte of the file is sent, instead of a download broken off after its header.
 */
async function primed(all: AsyncIterable<Cell[]>): Promise<AsyncIterable<Cell[]>> {
  const iterator = all[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      for (let next = first; !next.done; next = await iterator.next()) yield next.value;
    },
  };
}

/** RFC 4180 CSV with a UTF-8 byte-order mark (so spreadsheets read Finnish and Estonian letters right). */
export async function csvStream(columns: readonly string[], records: AsyncIterable<Cell[]>): Promise<Readable> {
  const all = await primed(records);
  async function* lines() {
    yield `\uFEFF${columns.join(',')}\r\n`;
    for await (const record of all) yield `${record.map(csvCell).join(',')}\r\n`;
  }
  return Readable.from(lines());
}

/** A JSON array of objects, one per record, streamed. */
export async function jsonStream(columns: readonly string[], records: AsyncIterable<Cell[]>): Promise<Readable> {
  const all = await primed(records);
  async function* chunks() {
    yield '[';
    let first = true;
    for await (const record of all) {
      const object = Object.fromEntries(columns.map((column, i) => [column, record[i]]));
      yield `${first ? '' : ','}\n${JSON.stringify(object)}`;
      first = false;
    }
    yield '\n]\n';
  }
  return Readable.from(chunks());
}

/**
 * Text as XML 1.0 can carry it: markup escaped; characters XML cannot hold at all (C0 controls
 * but tab and line feed, lone surrogates, U+FFFE/U+FFFF) dropped; a carriage return written as a
 * character reference, since a parser turns a literal one into a line feed. `_xHHHH_` is how
 * SpreadsheetML escapes characters (ST_Xstring), so Excel would read a title's own `_x0041_` as
 * "A": its underscore is escaped as `_x005F_`.
 */
const XML_UNSAFE = /[<>&"\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', '\r': '&#13;', _: '_x005F_' };
const xml = (text: string) => text.replace(XML_UNSAFE, (c) => XML_ESCAPES[c] ?? '');

/** Excel's limit on a cell's text, in UTF-16 units (Excel specifications and limits). */
export const XLSX_CELL_TEXT_MAX = 32_767;

/** Text longer than a cell holds: cut (never inside a surrogate pair) and ended with "…"; CSV and JSON keep it whole. */
export function xlsxText(value: string): string {
  if (value.length <= XLSX_CELL_TEXT_MAX) return value;
  let end = XLSX_CELL_TEXT_MAX - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

/** Days from 1899-12-30 to 1970-01-01: the 1900 date system's serial of the Unix epoch. */
const EPOCH_SERIAL = 25_569;
const MS_PER_DAY = 86_400_000;
/** 1900-03-01: before it the 1900 system counts Lotus's 29 February 1900, so a serial would be a day off. */
const FIRST_SERIAL_DATE = Date.UTC(1900, 2, 1);
/** Index in cellXfs (styles.xml) of the date style. */
const DATE_STYLE = 1;

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const textCell = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(xlsxText(value))}</t></is></c>`;

function sheetRow(cells: Cell[], rowNumber: number): string {
  const body = cells
    .map((value, i) => {
      const ref = `${columnName(i)}${rowNumber}`;
      if (value === null) return '';
      if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
      if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
      if (value instanceof Date) {
        const ms = value.getTime();
        if (Number.isNaN(ms)) return '';
        // A serial counts days in no time zone: the instant's UTC date and time, as the date format says.
        if (ms >= FIRST_SERIAL_DATE) return `<c r="${ref}" s="${DATE_STYLE}"><v>${EPOCH_SERIAL + ms / MS_PER_DAY}</v></c>`;
        return textCell(ref, value.toISOString());
      }
      // An inline string is text to every reader: never a formula, so it needs no apostrophe.
      return textCell(ref, value);
    })
    .join('');
  return `<row r="${rowNumber}">${body}</row>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Characters a column shows: a date as its format writes it ("2026-03-15 12:30:00 UTC"), where Excel's default would show ####. */
const COLUMN_WIDTH = 24;
const sheetStart = (columnCount: number) =>
  `${XML_DECLARATION}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="${Math.max(1, columnCount)}" width="${COLUMN_WIDTH}" customWidth="1"/></cols><sheetData>`;
const SHEET_END = '</sheetData></worksheet>';
/** Rows compressed at a time: the event loop is never held for a whole export. */
const ROWS_PER_CHUNK = 500;

/**
 * The least styles.xml Excel opens without repair (one font, the two fills it expects, one
 * border), with one cell style besides the default: dates, as ISO 8601 with "UTC" written out,
 * since a serial carries no zone. Readers return a Date only for a number with a date format.
 */
const STYLES =
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss &quot;UTC&quot;"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** A sheet name as Excel takes it: at most 31 characters, none of []:*?/\ . */
const sheetTitle = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';

/** Sheet names as Excel takes them, none twice (Excel compares them without case). */
function uniqueTitles(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, i) => {
    let title = sheetTitle(name);
    if (seen.has(title.toLowerCase())) title = `${title.slice(0, 31 - String(i + 1).length - 1)} ${i + 1}`;
    seen.add(title.toLowerCase());
    return title;
  });
}

const W3CDTF = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

function workbookParts(sheetNames: readonly string[], title: string, at: Date): Record<string, string> {
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  const relationship = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const SPREADSHEETML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return {
    '[Content_Types].xml':
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      override('/xl/workbook.xml', `${SPREADSHEETML}.sheet.main+xml`) +
      sheetNames.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, `${SPREADSHEETML}.worksheet+xml`)).join('') +
      override('/xl/styles.xml', `${SPREADSHEETML}.styles+xml`) +
      override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
      override('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml') +
      '</Types>',
    '_rels/.rels':
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      relationship('rId1', `${OFFICE_RELS}/officeDocument`, 'xl/workbook.xml') +
      relationship('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml') +
      relationship('rId3', `${OFFICE_RELS}/extended-properties`, 'docProps/app.xml') +
      '</Relationships>',
    'docProps/core.xml':
      `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:title>${xml(title)}</dc:title><dc:creator>Talsinki</dc:creator>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${W3CDTF(at)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${W3CDTF(at)}</dcterms:modified></cp:coreProperties>`,
    'docProps/app.xml': `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Talsinki</Application></Properties>`,
    'xl/workbook.xml': `${XML_DECLARATION}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${OFFICE_RELS}"><sheets>${uniqueTitles(sheetNames).map((name, i) => `<sheet name="${xml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheetNames.map((_, i) => relationship(`rId${i + 1}`, `${OFFICE_RELS}/worksheet`, `worksheets/sheet${i + 1}.xml`)).join('') +
      relationship(`rId${sheetNames.length + 1}`, `${OFFICE_RELS}/styles`, 'styles.xml') +
      '</Relationships>',
    'xl/styles.xml': `${XML_DECLARATION}${STYLES}`,
  };
}

/** One sheet of a workbook: its name, header row and records (read only when its turn comes). */
export interface SheetSource {
  name: string;
  columns: readonly string[];
  records: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

/**
 * An Office Open XML workbook of several sheets, streamed: the sheets are written one after
 * another, each compressed a few hundred rows at a time as its records arrive, and each part
 * ended before the next begins, so the zip never holds more than a chunk of one sheet. The
 * writer waits while the client is slower than the database, and stops if it goes away. The
 * first sheet's first record is read before a byte is sent (a refused query is a 4xx).
 */
export async function xlsxWorkbookStream(sheets: readonly SheetSource[], { title = `Talsinki: ${sheets[0]?.name ?? ''}`, at = new Date() } = {}): Promise<Readable> {
  const first = sheets[0] ? await primed(toAsync(sheets[0].records)) : null;
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) return out.destroy(error);
    if (!out.destroyed) out.write(chunk);
    if (final) out.end();
  });
  for (const [name, text] of Object.entries(workbookParts(sheets.map((s) => s.name), title, at))) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(strToU8(text), true);
  }
  const writeSheet = async (index: number, columns: readonly string[], records: AsyncIterable<Cell[]>) => {
    const sheet = new ZipDeflate(`xl/worksheets/sheet${index + 1}.xml`, { level: 6 });
    zip.add(sheet);
    let rows = [sheetRow([...columns], 1)];
    let rowNumber = 1;
    sheet.push(strToU8(sheetStart(columns.length)));
    for await (const record of records) {
      rowNumber += 1;
      rows.push(sheetRow(record, rowNumber));
      if (rows.length < ROWS_PER_CHUNK) continue;
      sheet.push(strToU8(rows.join('')));
      rows = [];
      if (out.writableNeedDrain) await drained(out);
      if (out.destroyed) return false;
    }
    sheet.push(strToU8(`${rows.join('')}${SHEET_END}`), true);
    return true;
  };
  const writeAll = async () => {
    for (const [i, s] of sheets.entries()) {
      if (!(await writeSheet(i, s.columns, i === 0 && first ? first : toAsync(s.records)))) return;
    }
    zip.end();
  };
  writeAll().catch((error: Error) => out.destroy(error));
  return out;
}

/** Until the stream takes more, or is closed (a client gone away never drains it). */
export async function drained(out: Writable) {
  if (out.destroyed) return;
  const done = new AbortController();
  await Promise.race([once(out, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]).catch(() => undefined);
  done.abort();
}

async function* toAsync(records: AsyncIterable<Cell[]> | Iterable<Cell[]>): AsyncGenerator<Cell[]> {
  yield* records;
}

/**
 * An Office Open XML workbook with one sheet, streamed: the sheet is compressed a few hundred
 * rows at a time as the records arrive, and waits while the client is slower than the database.
 */
export function xlsxStream(sheetName: string, columns: readonly string[], records: AsyncIterable<Cell[]>, { title = `Talsinki: ${sheetName}`, at = new Date() } = {}): Promise<Readable> {
  return xlsxWorkbookStream([{ name: sheetName, columns, records }], { title, at });
}
