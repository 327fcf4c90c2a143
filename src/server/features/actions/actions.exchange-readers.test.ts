import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_COLUMNS } from '../../../shared/schemas/planExchange.ts';
import { readCsv } from '../../test/csv.ts';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';

/**
 * The plan's exports as independent readers open them: openpyxl (what pandas reads workbooks
 * with) and Gnumeric's ssconvert the XLSX, Python's csv module and csv-parse the CSV. Each must
 * give back the JSON export's values, cell by cell: the three formats are one table.
 */
const run = promisify(execFile);
let t: TestApp;
let dir: string;
let json: Record<string, unknown>[];
const TRICKY = { en: '=HYPERLINK("http://example.test") is text, "quoted"; and\nover two lines', fi: '-50 % maksuista' };

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  const editor = (await loginAs(t, 'editor')).session;
  const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  expectStatus(
    await t.app.inject({
      method: 'POST',
      url: '/api/actions',
      headers: editor.headers,
      payload: { title: TRICKY, domain: 'legal', startsOn: '2027-01-01', endsOn: '2027-12-31', raci: [{ institutionId: await institution('kela'), role: 'A' }, { institutionId: await institution('hsl'), role: 'R' }] },
    }),
    201,
  );
  dir = await mkdtemp(path.join(tmpdir(), 'talsinki-plan-'));
  for (const format of ['csv', 'xlsx'] as const) await writeFile(path.join(dir, `plan.${format}`), expectStatus(await t.app.inject({ url: `/api/actions/export.${format}` }), 200).rawPayload);
  json = expectStatus(await t.app.inject({ url: '/api/actions/export.json' }), 200).json();
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The JSON export's records as text, the way a CSV writes them. */
const asText = (value: unknown) => (value === null ? '' : String(value));

describe('the plan as XLSX', () => {
  it('reads in openpyxl as the JSON export: text as written, numbers as numbers, and the change as a datetime', async () => {
    const script = `
import datetime, json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
def cell(v):
    if isinstance(v, datetime.datetime): return {"d": v.isoformat(timespec="milliseconds") + "Z"}
    return v
print(json.dumps([[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, path.join(dir, 'plan.xlsx')], { maxBuffer: 64 << 20 });
    const [header, ...rows] = JSON.parse(stdout) as unknown[][];
    expect(header).toEqual([...PLAN_COLUMNS]);
    expect(rows).toHaveLength(json.length);
    rows.forEach((row, i) => {
      const record = json[i]!;
      PLAN_COLUMNS.forEach((column, c) => {
        const value = row[c] ?? null;
        if (column === 'updated_at') expect(value, `${record.ref} ${column}`).toEqual({ d: record.updated_at });
        // An empty text cell is no cell to openpyxl.
        else expect(value, `${record.ref} ${column}`).toEqual(record[column] === '' ? null : record[column]);
      });
    });
    expect(rows.map((r) => r[PLAN_COLUMNS.indexOf('title_en')])).toContain(TRICKY.en);
  });

  it('reads in Gnumeric (ssconvert) with every reference and title as written', async () => {
    const csv = path.join(dir, 'gnumeric.csv');
    await run('ssconvert', [path.join(dir, 'plan.xlsx'), csv]);
    const [header, ...rows] = parse(await readFile(csv, 'utf8'), { relax_column_count: true }) as string[][];
    expect(header).toEqual([...PLAN_COLUMNS]);
    const pick = (name: string) => rows.map((r) => r[PLAN_COLUMNS.indexOf(name as never)] ?? '');
    expect(pick('ref')).toEqual(json.map((r) => r.ref));
    expect(pick('title_en')).toEqual(json.map((r) => asText(r.title_en)));
    expect(pick('raci')).toEqual(json.map((r) => r.raci));
    expect(pick('starts_on')).toEqual(json.map((r) => r.starts_on));
    expect(pick('progress').map(Number)).toEqual(json.map((r) => r.progress));
  });
});

describe('the plan as CSV', () => {
  it('reads in Python’s csv module and in csv-parse as the JSON export, cell by cell', async () => {
    const script = `
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f: print(json.dumps(list(csv.reader(f))))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, path.join(dir, 'plan.csv')], { maxBuffer: 64 << 20 });
    const python = JSON.parse(stdout) as string[][];
    const strict = readCsv(await readFile(path.join(dir, 'plan.csv'), 'utf8'));
    expect(python).toEqual(strict);
    const [header, ...rows] = python;
    expect(header).toEqual([...PLAN_COLUMNS]);
    rows.forEach((row, i) => {
      const record = json[i]!;
      PLAN_COLUMNS.forEach((column, c) => {
        const expected = column === 'updated_at' ? record.updated_at : asText(record[column]);
        // A text a spreadsheet would run as a formula is kept as text with an apostrophe (tabular.ts).
        expect(row[c]!.replace(/^'(?=[=+\-@])/, ''), `${record.ref} ${column}`).toBe(expected);
      });
    });
    expect(rows.map((r) => r[PLAN_COLUMNS.indexOf('title_en')])).toContain(`'${TRICKY.en}`);
  });
});
