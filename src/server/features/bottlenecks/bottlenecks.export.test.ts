import { unzipSync, strFromU8 } from 'fflate';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readCsv } from '../../test/csv.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { csvCell } from '../../lib/tabular.ts';
import { EXPORT_COLUMNS } from './bottlenecks.export.ts';

/** Cyrillic, a comma and guillemets: one cell, as written, in every export. */
const RUSSIAN = 'Пособие на ребёнка: «Kela», Департамент социального страхования';

let t: TestApp;
let moderator: Session;
const refs: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
  const titles = ['=HYPERLINK("http://evil.example","click") tax card', '+SUM(1,2) Kela benefit "quoted", with comma', 'Plain title about the ferry ticket', 'Praamipilet ja ühiskaart: õ ä ö ü', RUSSIAN];
  for (const [i, title] of titles.entries()) {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${i + 10}`, payload: { title, description: 'A description long enough for the register to take it.\nSecond line.', language: i === 3 ? 'et' : i === 4 ? 'ru' : 'en', domain: i === 2 ? 'mobility' : 'legal', countries: ['FI', 'EE'] } }), 201).json();
    // All five are published: the public exports hold exactly these.
    expect(expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } }), 200).json().status).toBe('published');
    refs.push(created.ref);
  }
  // One left in moderation: never in a public export.
  const hidden = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.99', payload: { title: 'Waiting in moderation', description: 'Not yet checked by anyone at all, so not public.', language: 'en', domain: 'legal', countries: ['FI'] } }), 201).json();
  expect(hidden.status).toBe('submitted');
  refs.push(hidden.ref);
});
afterAll(() => t?.close());

describe('CSV export', () => {
  it('streams the public register as CSV with a header, every record, and formulas neutralised', async () => {
    const response = await t.app.inject({ url: '/api/bottlenecks/export.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="talsinki-bottlenecks-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const rows = readCsv(response.body);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const byRef = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byRef.keys()].sort()).toEqual(refs.slice(0, 5).sort());
    expect(byRef.get(refs[0])![1]).toBe(`'=HYPERLINK("http://evil.example","click") tax card`);
    expect(byRef.get(refs[1])![1]).toBe(`'+SUM(1,2) Kela benefit "quoted", with comma`);
    expect(byRef.get(refs[3])![1]).toBe('Praamipilet ja ühiskaart: õ ä ö ü');
    expect(byRef.get(refs[4])![1]).toBe(RUSSIAN);
    expect(byRef.get(refs[2])![5]).toContain('\nSecond line.');
    for (const row of rows) expect(row).toHaveLength(EXPORT_COLUMNS.length);
  });

  it('applies the list filters, and shows the moderation queue only to staff', async () => {
    const mobility = readCsv((await t.app.inject({ url: '/api/bottlenecks/export.csv?domain=mobility' })).body);
    expect(mobility.slice(1).map((r) => r[0])).toEqual([refs[2]]);
    const anonymousQueue = readCsv((await t.app.inject({ url: '/api/bottlenecks/export.csv?status=submitted' })).body);
    expect(anonymousQueue).toEqual([[...EXPORT_COLUMNS]]);
    const staffQueue = readCsv((await t.app.inject({ url: '/api/bottlenecks/export.csv?status=submitted', headers: { cookie: moderator.cookie } })).body);
    expect(staffQueue.slice(1).map((r) => r[0])).toEqual([refs[5]]);
  });

  it('refuses bad filters with a problem before streaming anything', async () => {
    expectProblem(await t.app.inject({ url: '/api/bottlenecks/export.csv?domain=weather' }), 400);
    expectProblem(await t.app.inject({ url: '/api/bottlenecks/export.csv?mine=true' }), 401);
  });

  it('never lets a cell start a formula, whatever the text', () => {
    // Each of the six prefixes a spreadsheet runs (=, +, -, @, tab, carriage return), followed by
    // any text, control characters and line ends included; and any text at all.
    const prefixes = ['=', '+', '-', '@', '\t', '\r'];
    const anyText = fc.string({ maxLength: 40, unit: fc.oneof(fc.constantFrom('\t', '\r', '\n', '"', ',', "'", ...prefixes), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });
    const dangerous = fc.tuple(fc.constantFrom(...prefixes), anyText).map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(fc.oneof(dangerous, anyText), (text) => {
        // The cell as a spreadsheet reads it: the CSV quoting undone by a strict reader.
        const [row] = parse(`${csvCell(text)},end\r\n`, { relax_quotes: false, relax_column_count: false, record_delimiter: '\r\n' }) as string[][];
        expect(row).toEqual([/^[=+\-@\t\r]/.test(text) ? `'${text}` : text, 'end']);
        expect(row[0]).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 3000, examples: prefixes.map((prefix) => [`${prefix}1+1`]) },
    );
  });
});

describe('JSON and XLSX exports', () => {
  it('gives the same records as JSON', async () => {
    const response = await t.app.inject({ url: '/api/bottlenecks/export.json' });
    const records = response.json();
    expect(records.map((r: { ref: string }) => r.ref).sort()).toEqual(refs.slice(0, 5).sort());
    expect(Object.keys(records[0])).toEqual([...EXPORT_COLUMNS]);
  });

  it('gives a valid workbook whose text cells are text as written, never formulas', async () => {
    const response = await t.app.inject({ url: '/api/bottlenecks/export.xlsx' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzipSync(new Uint8Array(response.rawPayload));
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet.match(/<row /g)).toHaveLength(6);
    expect(sheet).not.toContain('<f>');
    // An inline string: text to every reader, so no apostrophe changes it (the readers' own test: bottlenecks.xlsx-readers.test.ts).
    expect(sheet).toContain(`<t xml:space="preserve">=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) tax card</t>`);
    expect(sheet).not.toContain(`'=HYPERLINK`);
    expect(sheet).toContain('Praamipilet ja ühiskaart');
    expect(sheet).toContain(RUSSIAN);
  });
});

describe('a register larger than one export batch', () => {
  it('exports every public record exactly once across batches, to the microsecond', async () => {
    // 2,500 published records whose creation times carry microseconds, as PostgreSQL stores them.
    await t.db.withClient((client) =>
      client.exec(`insert into bottlenecks (ref, title, description, original_language, domain, countries, status, published_at, created_at, updated_at)
        select 'BN-2020-' || lpad(i::text, 6, '0'), jsonb_build_object('en', 'Batch probe ' || i), '{"en": "A record for the batch test."}', 'en', 'legal', '{FI}', 'published',
               now(), timestamptz '2020-01-01 00:00:00.000001+00' + i * interval '1.234567 second', now()
        from generate_series(1, 2500) i`),
    );
    const rows = readCsv((await t.app.inject({ url: '/api/bottlenecks/export.csv' })).body).slice(1);
    const exported = rows.map((row) => row[0]);
    expect(new Set(exported).size).toBe(exported.length);
    expect(exported.length).toBe(2500 + 5);
  });
});
