import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { strToU8, Zip, ZipDeflate } from 'fflate';

/** A table of open data: written as CSV, JSON or an Excel workbook from the same records. */
export type Cell = string | number | boolean | null;

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe, so opening the export never executes what a reporter wrote (OWASP, CSV injection).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: Cell): string {
  if (value === null) return '';
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

const xml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function sheetRow(cells: Cell[], rowNumber: number): string {
  const body = cells
    .map((value, i) => {
      const ref = `${columnName(i)}${rowNumber}`;
      if (value === null) return '';
      if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
      if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
      // Inline strings are always text: a spreadsheet never evaluates them as formulas.
      return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(neutraliseFormula(value))}</t></is></c>`;
    })
    .join('');
  return `<row r="${rowNumber}">${body}</row>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SHEET_START = `${XML_DECLARATION}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_END = '</sheetData></worksheet>';
/** Rows compressed at a time: the event loop is never held for a whole export. */
const ROWS_PER_CHUNK = 500;

function workbookParts(sheetName: string): Record<string, string> {
  return {
    '[Content_Types].xml': `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_DECLARATION}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  };
}

/**
 * An Office Open XML workbook with one sheet, streamed: the sheet is compressed a few hundred
 * rows at a time as the records arrive, and waits while the client is slower than the database.
 */
export async function xlsxStream(sheetName: string, columns: readonly string[], records: AsyncIterable<Cell[]>): Promise<Readable> {
  const all = await primed(records);
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) return out.destroy(error);
    out.write(chunk);
    if (final) out.end();
  });
  for (const [name, text] of Object.entries(workbookParts(sheetName))) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  const writeRows = async () => {
    let rows = [sheetRow([...columns], 1)];
    let rowNumber = 1;
    sheet.push(strToU8(SHEET_START));
    for await (const record of all) {
      rowNumber += 1;
      rows.push(sheetRow(record, rowNumber));
      if (rows.length < ROWS_PER_CHUNK) continue;
      sheet.push(strToU8(rows.join('')));
      rows = [];
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.push(strToU8(`${rows.join('')}${SHEET_END}`), true);
    zip.end();
  };
  writeRows().catch((error: Error) => out.destroy(error));
  return out;
}
