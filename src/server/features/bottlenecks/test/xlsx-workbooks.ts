import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../../test/harness.ts';
import { xlsxStream, type Cell } from '../../../lib/tabular.ts';
import { EXPORT_COLUMNS } from '../bottlenecks.export.ts';

/**
 * Workbooks for the tests where real spreadsheet readers (openpyxl, Gnumeric, exceljs, SheetJS)
 * open Talsinki's XLSX: the register's export fetched from its route, and one written directly
 * with the texts a title cannot carry (spaces at the ends, control characters, a text past
 * Excel's cell limit). Each comes with the table every reader must see.
 */

/** A cell as a reader should give it back: text, an instant (ISO 8601, UTC), a number, a boolean, or nothing. */
export type Expected = { s: string } | { d: string } | { n: number } | { b: boolean } | null;

/** Titles a spreadsheet would take for formulas if they were not written as text, and two in other alphabets that must come back as written. */
export const FORMULA_TITLES = [
  '=SUM(A1:A3) is what the tax card form adds up',
  '-5 days is how long the Kela decision waits',
  '+358 numbers are refused by the ferry booking form',
  '@kela.fi mailbox returns every message unread',
  '=HYPERLINK("http://evil.example","click") tax card',
  'Praamipilet ja ühiskaart: õ ä ö ü',
  'Пособие на ребёнка: «Kela», Департамент социального страхования',
];

const DATE_COLUMNS = new Set<string>(['reported_at', 'published_at', 'assessment_due_at', 'updated_at', 'closed_at']);

const LONG = 'y'.repeat(40_000);
/** A 40,000-character text with an emoji across Excel's 32,767 limit: cut before the pair, not through it. */
const LONG_EMOJI = `${'x'.repeat(32_765)}🙂 tail`;
const INSTANT = '2026-03-15T12:30:00.123Z';

/** [written, as every reader must read it back] */
const EDGE_CELLS: [Cell, Expected][] = [
  ['  007 ', { s: '  007 ' }],
  ['line one\r\nline two', { s: 'line one\r\nline two' }],
  ['tab\tinside', { s: 'tab\tinside' }],
  ['bell\u0007 and \u0000 dropped: XML cannot hold them', { s: 'bell and  dropped: XML cannot hold them' }],
  ['emoji 🙂 kept', { s: 'emoji 🙂 kept' }],
  ["'apostrophe of the writer's own", { s: "'apostrophe of the writer's own" }],
  [LONG, { s: `${'y'.repeat(32_766)}…` }],
  [LONG_EMOJI, { s: `${'x'.repeat(32_765)}…` }],
  [new Date(INSTANT), { d: INSTANT }],
  // Before 1900-03-01 a serial is a day off (Lotus's 29 February 1900): such an instant stays text.
  [new Date('1899-12-31T00:00:00.000Z'), { s: '1899-12-31T00:00:00.000Z' }],
  [new Date(Number.NaN), null],
  [Number.NaN, null],
  [42.5, { n: 42.5 }],
  [false, { b: false }],
];

/** What XML 1.0 can carry of a text (its Char production): the rest a workbook cannot hold, so leaves out. */
function xmlChars(text: string): string {
  let kept = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000) kept += char;
  }
  return kept;
}

/**
 * 300 texts of any characters (lone surrogates, controls, markup and formula signs weighted in),
 * the same every run. `_xHHHH_` is left out: SpreadsheetML's escape, which Excel and SheetJS
 * undo and openpyxl, exceljs and Gnumeric do not, so no one reading serves every reader.
 */
const ANY_TEXTS = fc
  .sample(fc.string({ maxLength: 30, unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }), fc.constantFrom('\r', '\n', '\t', '\u0000', '\u001F', '\uD800', '\uDC00', '\uFFFE', '&', '<', '>', '"', ' ', '=', '+', '-', '@', "'")) }), { seed: 16, numRuns: 300 })
  .filter((text) => !/_x[0-9A-Fa-f]{4}_/.test(text));
EDGE_CELLS.push(...ANY_TEXTS.map((text): [Cell, Expected] => [text, { s: xmlChars(text) }]));

export interface Workbooks {
  dir: string;
  /** The register's export, from GET /api/bottlenecks/export.xlsx. */
  register: string;
  registerExpected: Expected[][];
  /** One column, a row per edge case, under the header "cell". */
  edges: string;
  edgesExpected: Expected[][];
  close(): Promise<void>;
}

export async function writeWorkbooks(): Promise<Workbooks> {
  const t: TestApp = await startTestApp();
  const dir = await mkdtemp(path.join(tmpdir(), 'talsinki-xlsx-'));
  try {
    const moderator = (await loginAs(t, 'moderator')).session;
    for (const [i, title] of FORMULA_TITLES.entries()) {
      const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${i + 10}`, payload: { title, description: 'A description long enough for the register to take it.', language: i === 5 ? 'et' : i === 6 ? 'ru' : 'en', domain: 'legal', countries: ['FI', 'EE'] } }), 201).json();
      expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } }), 200);
    }
    const xlsx = expectStatus(await t.app.inject({ url: '/api/bottlenecks/export.xlsx' }), 200);
    // The same records as JSON are the truth the workbook is read against.
    const records = expectStatus(await t.app.inject({ url: '/api/bottlenecks/export.json' }), 200).json() as Record<string, string | number | boolean | null>[];
    const register = path.join(dir, 'register.xlsx');
    await writeFile(register, xlsx.rawPayload);
    const registerExpected: Expected[][] = [
      EXPORT_COLUMNS.map((column) => ({ s: column })),
      ...records.map((record) =>
        EXPORT_COLUMNS.map((column): Expected => {
          const value = record[column];
          if (value === null) return null;
          if (DATE_COLUMNS.has(column)) return { d: String(value) };
          if (typeof value === 'number') return { n: value };
          if (typeof value === 'boolean') return { b: value };
          return { s: value };
        }),
      ),
    ];

    const edges = path.join(dir, 'edges.xlsx');
    async function* rows() {
      for (const [cell] of EDGE_CELLS) yield [cell];
    }
    await pipeline(await xlsxStream('Edges', ['cell'], rows()), createWriteStream(edges));
    const edgesExpected: Expected[][] = [[{ s: 'cell' }], ...EDGE_CELLS.map(([, expected]) => [expected])];
    return { dir, register, registerExpected, edges, edgesExpected, close: async () => { await rm(dir, { recursive: true, force: true }); await t.close(); } };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    await t.close();
    throw error;
  }
}
