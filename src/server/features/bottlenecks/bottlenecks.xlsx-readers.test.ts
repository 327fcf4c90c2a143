import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMULA_TITLES, writeWorkbooks, type Expected, type Workbooks } from './test/xlsx-workbooks.ts';

/**
 * Talsinki's XLSX as two independent, real readers open it (issue 16 §7): openpyxl (what pandas
 * reads workbooks with) and Gnumeric's ssconvert. Both are Debian packages scripts/test.mjs
 * installs. Text must come back exactly as written, formula-looking or not, and instants as dates.
 */
const run = promisify(execFile);
let books: Workbooks;

beforeAll(async () => {
  books = await writeWorkbooks();
}, 60_000);
afterAll(() => books?.close());

/** Every cell of the first sheet, typed: what openpyxl gives a Python program. */
const OPENPYXL = `
import datetime, json, sys, openpyxl
def cell(v):
    if v is None: return None
    if isinstance(v, bool): return {"b": v}
    if isinstance(v, datetime.datetime): return {"d": v.isoformat(timespec="milliseconds") + "Z"}
    if isinstance(v, (int, float)): return {"n": v}
    if isinstance(v, str): return {"s": v}
    return {"unexpected": repr(v)}
out = {}
for name in sys.argv[1:]:
    ws = openpyxl.load_workbook(name).worksheets[0]
    out[name] = [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out))
`;

/** A table padded to a width, so a reader's trailing empty cells and ours compare equal. */
const padded = (rows: Expected[][], width: number) => rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));

describe('openpyxl', () => {
  it('reads every title as written, formula-looking ones included, and every instant as a UTC datetime', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', OPENPYXL, books.register, books.edges], { maxBuffer: 64 << 20 });
    const read = JSON.parse(stdout) as Record<string, Expected[][]>;
    const width = books.registerExpected[0].length;
    expect(padded(read[books.register], width)).toEqual(books.registerExpected);
    const titles = read[books.register].map((row) => row[1]);
    for (const title of FORMULA_TITLES) expect(titles).toContainEqual({ s: title });
    expect(padded(read[books.edges], 1)).toEqual(books.edgesExpected);
  });
});

/**
 * Gnumeric's CSV of a workbook: each cell as Gnumeric shows it, so a date is written in its own
 * date format ("2026/03/15 12:30:00.123"), where text that looked like one would be kept as it was.
 */
function asGnumericShows(cell: Expected): string {
  if (cell === null) return '';
  if ('s' in cell) return cell.s;
  if ('n' in cell) return String(cell.n);
  if ('b' in cell) return cell.b ? 'TRUE' : 'FALSE';
  const [day, time] = cell.d.replace(/Z$/, '').split('T');
  return `${day.replace(/-/g, '/')} ${time.replace(/\.000$/, '')}`;
}

describe('Gnumeric (ssconvert)', () => {
  it('shows every title as written and every instant as a date', async () => {
    for (const [book, expected] of [
      [books.register, books.registerExpected],
      [books.edges, books.edgesExpected],
    ] as const) {
      const csv = path.join(books.dir, `${path.basename(book)}.csv`);
      await run('ssconvert', [book, csv]);
      const shown = parse(await readFile(csv, 'utf8'), { relax_column_count: true }) as string[][];
      const width = expected[0].length;
      expect(shown.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''))).toEqual(expected.map((row) => row.map(asGnumericShows)));
    }
  });
});
