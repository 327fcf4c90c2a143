import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { storeTestIndicators } from './test/fixtures.ts';

/**
 * An indicator's XLSX as two independent, real readers open it: openpyxl (what pandas reads
 * workbooks with) and Gnumeric's ssconvert (Debian packages scripts/test.mjs installs). Each
 * must give back the rows of the indicator's CSV: the same texts, the figures as numbers.
 */
const run = promisify(execFile);
let t: TestApp;
let dir: string;
/** The workbooks and the CSV they are read against: as published, and as an index with decimals. */
const VIEWS = { absolute: '', index: '?measure=index' } as const;
const books: Record<string, { xlsx: string; csv: string[][] }> = {};

beforeAll(async () => {
  t = await startTestApp();
  await storeTestIndicators(t.db.kysely);
  dir = await mkdtemp(path.join(tmpdir(), 'talsinki-indicator-xlsx-'));
  for (const [name, query] of Object.entries(VIEWS)) {
    const xlsx = path.join(dir, `population-${name}.xlsx`);
    await writeFile(xlsx, expectStatus(await t.app.inject({ url: `/api/indicators/population.xlsx${query}` }), 200).rawPayload);
    const csv = parse(expectStatus(await t.app.inject({ url: `/api/indicators/population.csv${query}` }), 200).body, { bom: true }) as string[][];
    books[name] = { xlsx, csv };
  }
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every cell of the first sheet as text, and which were numbers: what a Python program gets. */
const OPENPYXL = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
def cell(v):
    if v is None: return ["", "none"]
    if isinstance(v, bool): return ["true" if v else "false", "bool"]
    if isinstance(v, (int, float)): return [repr(v), "number"]
    return [str(v), type(v).__name__]
print(json.dumps([[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]))
`;

/** The CSV's column of figures. */
const VALUE = (csv: string[][]) => csv[0].indexOf('value');

describe("an indicator's XLSX", () => {
  it('reads in openpyxl as the CSV: the same header and texts, every figure a number equal to the CSV\'s', async () => {
    for (const { xlsx, csv } of Object.values(books)) {
      const { stdout } = await run('/usr/bin/python3', ['-c', OPENPYXL, xlsx]);
      const rows = JSON.parse(stdout) as [string, string][][];
      expect(rows.length).toBe(csv.length);
      expect(rows[0].map(([text]) => text)).toEqual(csv[0]);
      const value = VALUE(csv);
      for (const [at, row] of rows.entries()) {
        if (at === 0) continue;
        // A figure is a number cell (or empty where the CSV has none), never text.
        if (csv[at][value] === '') expect(row[value]).toEqual(['', 'none']);
        else {
          expect(row[value][1]).toBe('number');
          expect(Number(row[value][0])).toBe(Number(csv[at][value]));
        }
        expect(row.map(([text], column) => (column === value ? csv[at][column] : text))).toEqual(csv[at]);
      }
    }
  });

  it('converts in Gnumeric to the CSV\'s rows, figures and all', async () => {
    for (const [name, { xlsx, csv }] of Object.entries(books)) {
      const out = path.join(dir, `${name}.gnumeric.csv`);
      await run('ssconvert', [xlsx, out]);
      const shown = parse(await readFile(out, 'utf8'), { relax_column_count: true }) as string[][];
      const value = VALUE(csv);
      expect(shown.map((row) => row.filter((_, column) => column !== value))).toEqual(
        csv.map((row) => row.filter((_, column) => column !== value).map((cell) => (cell === 'true' || cell === 'false' ? cell.toUpperCase() : cell))),
      );
      expect(shown.slice(1).map((row) => Number(row[value]))).toEqual(csv.slice(1).map((row) => Number(row[value])));
    }
  });
});
