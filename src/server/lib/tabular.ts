import { Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';

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

/** RFC 4180 CSV with a UTF-8 byte-order mark (so spreadsheets read Finnish and Estonian letters right). */
export function csvStream(columns: readonly string[], all: AsyncIterable<Cell[]>): Readable {
  async function* lines() {
    yield `\uFEFF${columns.join(',')}\r\n`;
    for await (const record of all) yield `${record.map(csvCell).join(',')}\r\n`;
  }
  return Readable.from(lines());
}

/** A JSON array of objects, one per record, streamed. */
export function jsonStream(columns: readonly string[], all: AsyncIterable<Cell[]>): Readable {
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

/** An Office Open XML workbook with one sheet. */
export async function xlsxBuffer(sheetName: string, columns: readonly string[], all: AsyncIterable<Cell[]>): Promise<Uint8Array> {
  const rows = [sheetRow([...columns], 1)];
  for await (const record of all) rows.push(sheetRow(record, rows.length + 1));
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  });
}
