// To enable: `npm install --save-dev --save-exact exceljs@4.4.0 xlsx@0.18.5`, then rename this
// file to bottlenecks.xlsx-readers-js.test.ts (it is kept out of the run and the type check until
// both readers are dev dependencies). Checked with both against the branch issue16-xlsx.
import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxStream } from '../../lib/tabular.ts';
import { FORMULA_TITLES, writeWorkbooks, type Expected, type Workbooks } from './test/xlsx-workbooks.ts';

/**
 * Talsinki's XLSX as the two JavaScript readers open it (issue 16 §7), beside openpyxl and
 * Gnumeric (bottlenecks.xlsx-readers.test.ts): text exactly as written, instants as Dates.
 */

// SheetJS turns a serial into a Date in the process's time zone (numdate), with the 1899 offset
// of Helsinki's local mean time: read in UTC, as the workbook's dates are written.
process.env.TZ = 'UTC';

let books: Workbooks;
beforeAll(async () => {
  books = await writeWorkbooks();
}, 60_000);
afterAll(() => books?.close());

type Value = string | number | boolean | Date | null | undefined;

/**
 * A value as a reader gave it, typed. A Date within a millisecond of the one expected counts as
 * it (SheetJS rounds); exceljs gives an empty text cell (`<t></t>`, the JSON's "") as null.
 */
function typed(value: Value, expected: Expected): Expected | { unexpected: string } {
  if (value === null || value === undefined) return expected && 's' in expected && expected.s === '' ? expected : null;
  if (typeof value === 'string') return { s: value };
  if (typeof value === 'number') return { n: value };
  if (typeof value === 'boolean') return { b: value };
  if (value instanceof Date) {
    if (expected && 'd' in expected && Math.abs(value.getTime() - Date.parse(expected.d)) <= 1) return expected;
    return { d: value.toISOString() };
  }
  return { unexpected: JSON.stringify(value) };
}

const tables = () =>
  [
    [books.register, books.registerExpected],
    [books.edges, books.edgesExpected],
  ] as const;

describe('exceljs', () => {
  it('reads every title as written, formula-looking ones included, and every instant as a Date', async () => {
    for (const [book, expected] of tables()) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(book);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(expected.length);
      const read = expected.map((row, r) => row.map((cell, c) => typed(sheet.getRow(r + 1).getCell(c + 1).value as Value, cell)));
      expect(read).toEqual(expected);
    }
    expect(books.registerExpected.map((row) => row[1])).toEqual(expect.arrayContaining(FORMULA_TITLES.map((s) => ({ s }))));
  });
});

describe('SheetJS', () => {
  it('reads every title as written and every instant as a Date (cellDates)', async () => {
    for (const [book, expected] of tables()) {
      const workbook = XLSX.read(await readFile(book), { cellDates: true });
      const sheet = workbook.Sheets[workbook.SheetNames[0]];
      const read = expected.map((row, r) => row.map((cell, c) => typed(sheet[XLSX.utils.encode_cell({ r, c })]?.v as Value, cell)));
      expect(read).toEqual(expected);
    }
    const properties = XLSX.read(await readFile(books.register), { cellDates: true }).Props;
    expect(properties?.Author).toBe('Talsinki');
    expect(properties?.Title).toBe('Talsinki: Bottlenecks');
  });
});

describe('SpreadsheetML escapes (ST_Xstring)', () => {
  it("keeps a text's own _xHHHH_ for a reader that undoes the escape, as Excel does", async () => {
    async function* rows() {
      yield ['_x0041_ is not an A', 'under_x_score _x00e4_'];
    }
    const workbook = XLSX.read(await buffer(await xlsxStream('Escapes', ['a', 'b'], rows())));
    const sheet = workbook.Sheets.Escapes;
    expect([sheet.A2.v, sheet.B2.v]).toEqual(['_x0041_ is not an A', 'under_x_score _x00e4_']);
  });
});
