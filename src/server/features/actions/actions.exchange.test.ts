import { sql } from 'kysely';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MILESTONE_COLUMNS, PLAN_COLUMNS, type PlanColumn } from '../../../shared/schemas/planExchange.ts';
import { csvCell, xlsxStream, type Cell } from '../../lib/tabular.ts';
import { readCsv } from '../../test/csv.ts';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';

/**
 * The plan as a table (issue 17 §4): exports in three formats, and the import of actions from CSV
 * or XLSX, checked whole against the plan as the file leaves it, all or nothing.
 */

let t: TestApp;
let editor: Session;
let bodySlug: string;

type Problem = { code: string; params?: Record<string, unknown>; errors?: { path: string; code: string; params?: Record<string, unknown> }[] };
type Report = { dryRun: boolean; format: string; rows: number; created: number; updated: number; unchanged: number; results: { row: number; ref: string | null; key: string | null; outcome: string; columns: string[] }[] };

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  editor = (await loginAs(t, 'editor')).session;
  bodySlug = expectStatus(await t.app.inject({ url: '/api/governance/bodies' }), 200).json().items[0].slug;
}, 120_000);
afterAll(() => t?.close());

function multipart(content: Buffer | string, field = 'file') {
  const boundary = '----talsinki-plan';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="plan"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

const importFile = (content: Buffer | string, { dryRun = false, session = editor as Session | null, field = 'file' } = {}) => {
  const { body, type } = multipart(content, field);
  return t.app.inject({ method: 'POST', url: `/api/actions/import${dryRun ? '?dryRun=1' : ''}`, headers: { ...(session?.headers ?? {}), 'content-type': type }, payload: body });
};
const imported = async (content: Buffer | string, dryRun = false) => expectStatus(await importFile(content, { dryRun }), 200).json() as Report;

const exportCsv = async (session: Session | null = editor) => expectStatus(await t.app.inject({ url: '/api/actions/export.csv', headers: session?.headers }), 200).body;
const asCsv = (rows: readonly (readonly Cell[])[]) => `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
const column = (name: PlanColumn) => PLAN_COLUMNS.indexOf(name);
const readBytes = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

/** A file of new actions: a header of the columns given and one row per record. */
function newRows(columns: readonly PlanColumn[], records: Record<string, Cell>[]) {
  return asCsv([columns, ...records.map((r) => columns.map((c) => r[c] ?? null))]);
}
const NEW_COLUMNS: PlanColumn[] = ['ref', 'parent_ref', 'title_en', 'title_fi', 'domain', 'state', 'drop_reason', 'starts_on', 'ends_on', 'weight', 'progress', 'body', 'raci', 'lead', 'depends_on'];
const action = (over: Record<string, Cell> = {}): Record<string, Cell> => ({
  title_en: 'Imported action on benefit data',
  domain: 'social_security',
  starts_on: '2027-01-01',
  ends_on: '2027-12-31',
  raci: 'kela:A;sotsiaalkindlustusamet:R',
  ...over,
});

/** Everything a refused import could have touched. */
async function snapshot() {
  const result = await sql<Record<string, string>>`select
      (select count(*) from actions) a, (select count(*) from action_raci) r, (select count(*) from action_milestones) m,
      (select count(*) from action_dependencies) d, (select count(*) from action_events) e, (select count(*) from action_funding) f,
      (select count(*) from action_recommendations) ar, (select count(*) from action_bottlenecks) ab, (select count(*) from audit_log) au,
      (select version from action_plan_version) pv,
      (select coalesce(string_agg(ref || state || progress || starts_on || ends_on || title::text || coalesce(parent_id::text, '-') || updated_at::text, ',' order by ref), '') from actions) rows`.execute(t.db.kysely);
  return result.rows[0];
}

async function refused(content: Buffer | string, status = 400) {
  const before = await snapshot();
  const problem = expectProblem(await importFile(content), status) as unknown as Problem;
  expect(await snapshot()).toEqual(before);
  return problem;
}
const named = (problem: Problem) => (problem.errors ?? []).map((e) => `${e.path} ${e.code}`);

describe('exports of the plan', () => {
  it('writes every action once, parents before children, in the columns the import reads, with links spelt out', async () => {
    const [header, ...rows] = readCsv(await exportCsv());
    expect(header).toEqual([...PLAN_COLUMNS]);
    const count = await t.db.kysely.selectFrom('actions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(rows.length).toBe(Number(count.n));
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const seen = new Set<string>();
    for (const row of rows) {
      if (row[column('parent_ref')]) expect(seen.has(row[column('parent_ref')]!), `${row[0]} after its parent`).toBe(true);
      seen.add(row[column('ref')]!);
      expect(row[column('is_demo')]).toBe('true');
    }
    // Every action compared with its page, cell by cell.
    const slugs = new Map((await t.db.kysely.selectFrom('institutions').select(['id', 'slug']).execute()).map((i) => [i.id, i.slug]));
    const refs = (list: { ref: string }[]) => list.map((p) => p.ref).sort().join(';');
    for (const row of rows) {
      const d = expectStatus(await t.app.inject({ url: `/api/actions/${row[0]}`, headers: editor.headers }), 200).json();
      const cell = (name: PlanColumn) => row[column(name)];
      expect(cell('raci')!.split(';').sort(), d.ref).toEqual(d.raci.map((r: { institution: { id: string }; role: string }) => `${slugs.get(r.institution.id)}:${r.role}`).sort());
      expect(cell('lead'), d.ref).toBe(d.lead ? slugs.get(d.lead.id) : '');
      expect([cell('depends_on'), cell('recommendations'), cell('bottlenecks')], d.ref).toEqual([refs(d.dependencies.predecessors), refs(d.recommendations), refs(d.bottlenecks)]);
      expect([cell('parent_ref'), cell('body'), cell('review_cadence'), cell('state'), cell('drop_reason'), cell('domain')], d.ref).toEqual([d.ancestors.at(-1)?.ref ?? '', d.body?.slug ?? '', d.reviewCadence ?? '', d.state, d.dropReason ?? '', d.domain]);
      expect(cell('funding') ? JSON.parse(cell('funding')!) : [], d.ref).toEqual(d.funding);
      expect([cell('title_en'), cell('title_fi'), cell('description_et')], d.ref).toEqual([d.title.en ?? '', d.title.fi ?? '', d.description.et ?? '']);
      expect([cell('starts_on'), cell('ends_on'), Number(cell('progress')), Number(cell('weight')), cell('budget_eur') ? Number(cell('budget_eur')) : null, Number(cell('milestones'))], d.ref).toEqual([
        d.startsOn,
        d.endsOn,
        d.progress,
        d.weight,
        d.budgetEur,
        d.milestones.length,
      ]);
      expect(cell('updated_at'), d.ref).toBe(d.updatedAt);
    }
    expect(rows.some((r) => r[column('depends_on')]) && rows.some((r) => r[column('funding')]) && rows.some((r) => r[column('recommendations')]) && rows.some((r) => r[column('drop_reason')])).toBe(true);
  });

  it('writes JSON with the same records typed, and XLSX that the import reads as unchanged', async () => {
    const csv = readCsv(await exportCsv());
    const json = expectStatus(await t.app.inject({ url: '/api/actions/export.json', headers: editor.headers }), 200).json() as Record<string, unknown>[];
    expect(json.map((r) => r.ref)).toEqual(csv.slice(1).map((r) => r[0]));
    const first = json.find((r) => r.budget_eur !== null)!;
    expect(typeof first.weight).toBe('number');
    expect(typeof first.is_demo).toBe('boolean');
    expect(first.starts_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const xlsx = expectStatus(await t.app.inject({ url: '/api/actions/export.xlsx', headers: editor.headers }), 200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const report = await imported(xlsx.rawPayload, true);
    expect(report).toMatchObject({ format: 'xlsx', rows: json.length, created: 0, updated: 0, unchanged: json.length });
  });

  it('names bottlenecks not yet public to staff only', async () => {
    const report = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '198.51.100.77', payload: { title: 'A report still waiting for moderation', description: 'Two offices wait for the same paper certificate while the family waits.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } });
    const hidden = expectStatus(report, 201).json() as { ref: string };
    const [, row] = readCsv(await exportCsv());
    const ref = row![0]!;
    const detail = expectStatus(await t.app.inject({ url: `/api/actions/${ref}`, headers: editor.headers }), 200).json();
    const bottlenecks = [...detail.bottlenecks.map((b: { ref: string }) => b.ref), hidden.ref];
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${ref}`, headers: editor.headers, payload: { bottlenecks } }), 200);
    const rowOf = (csv: string) => readCsv(csv).find((r) => r[0] === ref)!;
    expect(rowOf(await exportCsv())[column('bottlenecks')]).toContain(hidden.ref);
    expect(rowOf(await exportCsv(null))[column('bottlenecks')]).not.toContain(hidden.ref);
  });

  it('exports the milestones by action, with their evidence and whether they are overdue', async () => {
    const [header, ...rows] = readCsv(expectStatus(await t.app.inject({ url: '/api/actions/milestones/export.csv' }), 200).body);
    expect(header).toEqual([...MILESTONE_COLUMNS]);
    const count = await t.db.kysely.selectFrom('action_milestones').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(rows.length).toBe(Number(count.n));
    const json = expectStatus(await t.app.inject({ url: '/api/actions/milestones/export.json' }), 200).json() as { action_ref: string; id: string; overdue: boolean }[];
    const sample = json.find((m) => m.overdue) ?? json[0]!;
    const detail = expectStatus(await t.app.inject({ url: `/api/actions/${sample.action_ref}` }), 200).json();
    expect(detail.milestones.find((m: { id: string }) => m.id === sample.id).overdue).toBe(sample.overdue);
    expectStatus(await t.app.inject({ url: '/api/actions/milestones/export.xlsx' }), 200);
  });
});

describe('importing the plan', () => {
  it('updates exactly the cell that was edited, and nothing else', async () => {
    const before = readCsv(await exportCsv());
    const leaf = before.findIndex((r, i) => i > 0 && !before.some((c) => c[column('parent_ref')] === r[0]) && r[column('state')] === 'ongoing');
    const edited = before.map((r) => [...r]);
    edited[leaf]![column('title_en')] = 'Renamed by a spreadsheet';
    edited[leaf]![column('progress')] = '55';
    const dry = await imported(asCsv(edited), true);
    expect(dry).toMatchObject({ dryRun: true, created: 0, updated: 1, unchanged: before.length - 2 });
    expect(dry.results.find((r) => r.outcome === 'updated')).toEqual({ row: leaf + 1, ref: before[leaf]![0], key: null, outcome: 'updated', columns: ['title_en', 'progress'] });
    expect(readCsv(await exportCsv())).toEqual(before);

    const report = await imported(asCsv(edited));
    expect(report).toMatchObject({ dryRun: false, updated: 1, unchanged: before.length - 2 });
    const after = readCsv(await exportCsv());
    const parentRef = before[leaf]![column('parent_ref')];
    for (let i = 0; i < before.length; i++) {
      const ignore = (r: string[]) => (r[0] === before[leaf]![0] || r[0] === parentRef ? r.filter((_, c) => ![column('title_en'), column('progress'), column('updated_at')].includes(c)) : r);
      expect(ignore(after[i]!), before[i]![0]).toEqual(ignore(before[i]!));
    }
    expect(after[leaf]![column('title_en')]).toBe('Renamed by a spreadsheet');
    expect(after[leaf]![column('progress')]).toBe('55');
    // The parent's progress is rolled up again, as after a change by hand.
    const parent = expectStatus(await t.app.inject({ url: `/api/actions/${parentRef}` }), 200).json();
    expect(after.find((r) => r[0] === parentRef)![column('progress')]).toBe(String(parent.progress));
    const leafDetail = expectStatus(await t.app.inject({ url: `/api/actions/${before[leaf]![0]}` }), 200).json();
    expect(leafDetail.timeline.at(-1)).toMatchObject({ kind: 'progress', to: '55' });
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', leafDetail.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'action.updated', details: { fields: ['title_en', 'progress'], import: true } });
    // The file as it was is no longer the plan: its parent's progress was rolled up since, and a
    // parent's progress is not the file's to set. A new export is the plan again.
    expect(named(expectProblem(await importFile(asCsv(edited), { dryRun: true }), 400) as unknown as Problem)).toEqual([`rows/${before.findIndex((r) => r[0] === parentRef) + 1}/progress progress-on-parent`]);
    expect(await imported(await exportCsv(), true)).toMatchObject({ updated: 0, unchanged: before.length - 1 });
  });

  it('reads back what it wrote: texts that look like formulas, in every content language', async () => {
    const created = await imported(
      newRows(['ref', 'title_en', 'title_sv', 'description_en', 'domain', 'starts_on', 'ends_on', 'raci'], [action({ ref: 'f1', title_en: '=SUM(A1:A3) of fees', title_sv: '+46 avgifter', description_en: '-50 % of the fee, "quoted", and; semicolons\nover two lines' })]),
    );
    const ref = created.results[0]!.ref!;
    expect(ref).toMatch(/^AC-\d{4}-\d{4}$/);
    const detail = expectStatus(await t.app.inject({ url: `/api/actions/${ref}` }), 200).json();
    expect(detail.title).toEqual({ en: '=SUM(A1:A3) of fees', sv: '+46 avgifter' });
    expect(detail.description.en).toBe('-50 % of the fee, "quoted", and; semicolons\nover two lines');
    expect(await imported(await exportCsv(), true)).toMatchObject({ updated: 0, created: 0 });
  });

  it('creates actions whose parents and predecessors come later in the file, with RACI, lead, body and roll-up', async () => {
    const before = await snapshot();
    const report = await imported(
      newRows(NEW_COLUMNS, [
        action({ ref: 'child', parent_ref: 'theme', title_en: 'Child first in the file', progress: 40, depends_on: 'sibling', lead: 'sotsiaalkindlustusamet', starts_on: '2027-06-01' }),
        action({ ref: 'theme', title_en: 'A theme after its child', body: bodySlug, raci: 'kela:A;sotsiaalkindlustusamet:R;hsl:C', lead: 'kela' }),
        action({ ref: 'sibling', parent_ref: 'theme', title_en: 'The predecessor', ends_on: '2027-05-31', progress: 100, state: 'done', weight: 3 }),
        action({ title_en: 'A row without a key' }),
      ]),
    );
    expect(report).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
    const [child, theme, sibling] = report.results.map((r) => r.ref!);
    expect(report.results.map((r) => r.key)).toEqual(['child', 'theme', 'sibling', null]);
    const themeDetail = expectStatus(await t.app.inject({ url: `/api/actions/${theme}` }), 200).json();
    expect(themeDetail.children.map((c: { ref: string }) => c.ref).sort()).toEqual([child, sibling].sort());
    // Rolled up by weight: (40·1 + 100·3) / 4.
    expect(themeDetail.progress).toBe(85);
    expect(themeDetail.body.slug).toBe(bodySlug);
    expect(themeDetail.reviewCadence).toBe(themeDetail.body.cadence);
    expect(themeDetail.raci.map((r: { role: string; lead: boolean }) => `${r.role}${r.lead ? '*' : ''}`)).toEqual(['A*', 'R', 'C']);
    const childDetail = expectStatus(await t.app.inject({ url: `/api/actions/${child}` }), 200).json();
    expect(childDetail.dependencies.predecessors.map((p: { ref: string }) => p.ref)).toEqual([sibling]);
    expect(childDetail.lead.id).toBe(childDetail.raci.find((r: { role: string }) => r.role === 'R').institution.id);
    expect(childDetail.timeline).toMatchObject([{ kind: 'created', to: 'planned' }]);
    const after = await snapshot();
    expect(Number(after.a) - Number(before.a)).toBe(4);
    expect(Number(after.au) - Number(before.au)).toBe(4);
    expect(Number(after.pv)).toBeGreaterThan(Number(before.pv));
  });

  it('refuses a thousand rows for one bad row, naming it by row and column, and writes nothing', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => action({ title_en: `Bulk imported action ${i + 1}` }));
    records[736] = action({ title_en: 'Two accountables', raci: 'kela:A;sotsiaalkindlustusamet:A;hsl:R' });
    const problem = await refused(newRows(NEW_COLUMNS, records));
    expect(problem.code).toBe('import-refused');
    expect(problem.params).toEqual({ rows: 1 });
    // Row 738 of the spreadsheet: the header is row 1, the 737th record row 738.
    expect(named(problem)).toEqual(['rows/738/raci accountable-twice']);
  });

  it('names every bad row among many, not only the first', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => action({ title_en: `Bulk imported action ${i + 1}` }));
    records[0] = action({ raci: 'sotsiaalkindlustusamet:R' });
    records[499] = action({ starts_on: '2028-01-01', ends_on: '2027-01-01' });
    records[998] = action({ raci: 'kela:A;no-such-institution:R', body: 'no-such-body' });
    records[999] = action({ progress: 101, domain: 'weather' });
    const problem = await refused(newRows(NEW_COLUMNS, records));
    expect(problem.params).toEqual({ rows: 4 });
    expect(named(problem)).toEqual([
      'rows/2/raci accountable-missing',
      'rows/501/ends_on end-before-start',
      'rows/1000/body unknown-body',
      'rows/1000/raci unknown-institution',
      'rows/1001/domain one-of',
      'rows/1001/progress too-large',
    ]);
  });

  it('refuses each broken rule of the plan, as the API does, by row and column', async () => {
    const [, firstRow] = readCsv(await exportCsv());
    const theme = firstRow![0]!;
    const themeEnds = firstRow![column('ends_on')]!;
    const cases: [Record<string, Cell>[], string[]][] = [
      [[action({ raci: '' })], ['rows/2/raci too-few']],
      [[action({ raci: 'kela:A;sotsiaalkindlustusamet:X' })], ['rows/2/raci raci-pair']],
      [[action({ lead: 'hsl' })], ['rows/2/lead lead-without-role']],
      [[action({ progress: -1 })], ['rows/2/progress too-small']],
      [[action({ ref: 'p' }), action({ parent_ref: 'p', progress: 0 }), action({ ref: 'q', parent_ref: 'p', starts_on: '2027-02-01' })].map((r, i) => (i === 0 ? { ...r, progress: 10 } : r)), ['rows/2/progress progress-on-parent']],
      [[action({ ref: 'a', depends_on: 'b' }), action({ ref: 'b', depends_on: 'a' })], ['rows/2/depends_on dependency-cycle', 'rows/3/depends_on dependency-cycle']],
      [[action({ ref: 'self', depends_on: 'self' })], ['rows/2/depends_on self-dependency']],
      [[action({ ref: 'up', parent_ref: 'down' }), action({ ref: 'down', parent_ref: 'up' })], ['rows/2/parent_ref parent-cycle', 'rows/3/parent_ref parent-cycle']],
      [[action({ parent_ref: theme, ends_on: `${Number(themeEnds.slice(0, 4)) + 1}${themeEnds.slice(4)}`, starts_on: firstRow![column('starts_on')]! })], ['rows/2/ends_on outside-parent-period']],
      [[action({ parent_ref: 'AC-1999-0001' })], ['rows/2/parent_ref unknown-action']],
      [[action({ state: 'dropped' })], ['rows/2/drop_reason required']],
      [[action({ starts_on: '2027-02-30' })], ['rows/2/starts_on date']],
      [[action({ title_en: null })], ['rows/2/title required']],
    ];
    for (const [records, expected] of cases) {
      const problem = await refused(newRows(NEW_COLUMNS, records));
      expect(named(problem), JSON.stringify(records)).toEqual(expected);
    }
  });

  it('refuses changes of the plan that break its rules across rows and with what is stored', async () => {
    const [, ...rows] = readCsv(await exportCsv());
    const withPredecessor = rows.find((r) => r[column('depends_on')] && !r[column('depends_on')]!.includes(';'))!;
    const predecessor = rows.find((r) => r[0] === withPredecessor[column('depends_on')])!;
    const done = rows.find((r) => r[column('state')] === 'done')!;
    const header = [...PLAN_COLUMNS];
    // The predecessor made to wait for its successor: a cycle through the stored edge.
    const cycle = predecessor.map((c, i) => (i === column('depends_on') ? withPredecessor[0]! : c));
    expect(named(await refused(asCsv([header, cycle])))).toEqual([`rows/2/depends_on dependency-cycle`]);
    // A finished action reopened: done is final.
    const reopened = done.map((c, i) => (i === column('state') ? 'ongoing' : c));
    const problem = await refused(asCsv([header, reopened]));
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'rows/2/state', code: 'invalid-transition', params: { from: 'done', to: 'ongoing' } })]);
    // A parent whose period would leave its children outside.
    const parent = rows.find((r) => rows.some((c) => c[column('parent_ref')] === r[0]))!;
    const shrunk = parent.map((c, i) => (i === column('ends_on') ? parent[column('starts_on')]! : c));
    expect(named(await refused(asCsv([header, shrunk])))).toContain('rows/2/ends_on excludes-children');
    // A parent's progress is its children's.
    const progressed = parent.map((c, i) => (i === column('progress') ? String((Number(parent[column('progress')]) + 1) % 100) : c));
    expect(named(await refused(asCsv([header, progressed])))).toEqual(['rows/2/progress progress-on-parent']);
    // An unknown reference, and the same action twice.
    expect(named(await refused(asCsv([header, done.map((c, i) => (i === 0 ? 'AC-1999-0042' : c)), done, done])))).toEqual(['rows/2/ref unknown-action', 'rows/4/ref duplicate']);
    // Clearing what an action always has.
    expect(named(await refused(asCsv([header, done.map((c, i) => (i === column('domain') ? '' : c))])))).toEqual(['rows/2/domain required']);
  });

  it('reads a workbook a spreadsheet wrote, with date cells and a header in any case', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(['Title_EN', 'Domain', 'Starts_On', 'Ends_On', 'RACI', 'Weight']);
    sheet.addRow(['From a spreadsheet', 'education', new Date(Date.UTC(2027, 0, 1)), new Date(Date.UTC(2027, 11, 31)), 'kela:A;hsl:R', '2,5']);
    const report = await imported(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(report).toMatchObject({ format: 'xlsx', created: 1 });
    const detail = expectStatus(await t.app.inject({ url: `/api/actions/${report.results[0]!.ref}` }), 200).json();
    expect(detail).toMatchObject({ startsOn: '2027-01-01', endsOn: '2027-12-31', weight: 2.5, domain: 'education' });
  });

  it('reads a CSV with semicolons, as Finnish and Estonian spreadsheets save it', async () => {
    const report = await imported('title_en;domain;starts_on;ends_on;raci\r\n"Semicolons, and a comma";mobility;2027-01-01;2027-06-30;"kela:A;hsl:R"\r\n', true);
    expect(report).toMatchObject({ created: 1, format: 'csv' });
  });

  it('refuses a file that is not the plan’s table, naming what is wrong', async () => {
    expect((await refused('%PDF-1.4\n\u0000binary', 415)).code).toBe('import-file-type');
    expect((await refused(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 415)).code).toBe('import-file-type');
    expect((await refused('')).code).toBe('import-empty');
    expect((await refused('title_en,domain\r\n')).code).toBe('import-empty');
    const unknown = await refused('title_en,colour,domain,domain\r\nx,blue,legal,legal\r\n');
    expect([unknown.code, ...named(unknown)]).toEqual(['import-columns', 'columns/colour unknown-column', 'columns/domain duplicate']);
    expect((await refused('title_en,domain\r\n"unclosed,legal\r\n')).code).toBe('import-unreadable');
    expect((await refused(Buffer.from('PK\u0003\u0004 not really a zip'))).code).toBe('import-unreadable');
    const beyond = await refused('title_en,domain,starts_on,ends_on,raci\r\nx,legal,2027-01-01,2027-02-01,kela:A;hsl:R,surplus\r\n');
    expect(named(beyond)).toEqual(['rows/2/6 unknown-column']);
  });

  it('refuses a workbook that unpacks to more than its limit before inflating it, and one that lies about its sizes', async () => {
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(101 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const problem = await refused(Buffer.from(bomb), 413);
    expect(problem).toMatchObject({ code: 'workbook-too-large', params: { megabytes: 100 } });
    // The same part declaring 100 bytes: its bytes are counted as they are inflated, and stopped at the limit.
    const liar = Buffer.from(bomb);
    const local = liar.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    liar.writeUInt32LE(100, local + 22);
    const central = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(100, central + 24);
    expect((await refused(liar, 413)).code).toBe('workbook-too-large');
  });

  it('is for editors: a member and a service owner are refused, and so is a visitor', async () => {
    const member = (await loginAs(t, 'member')).session;
    const owner = await createUser(t.db, 'service_owner');
    const kela = await t.db.kysely.selectFrom('institutions').select('id').where('slug', '=', 'kela').executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('users').set({ institution_id: kela.id }).where('id', '=', owner.id).execute();
    const ownerSession = await login(t.app, owner.email);
    const file = newRows(NEW_COLUMNS, [action()]);
    const before = await snapshot();
    expectProblem(await importFile(file, { session: member }), 403);
    expectProblem(await importFile(file, { session: ownerSession }), 403);
    expectProblem(await importFile(file, { session: null }), 401);
    expect(await snapshot()).toEqual(before);
  });

  it('asks for the file in the field "file", and at most 10 MB of it', async () => {
    expect(named(expectProblem(await importFile('title_en\r\nx\r\n', { field: 'upload' }), 400) as unknown as Problem)).toContain('body/upload not-allowed');
    const large = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    expect(expectProblem(await importFile(large), 413)).toMatchObject({ code: 'file-too-large' });
  });
});

describe('importing a workbook written by the export', () => {
  it('creates two thousand rows from an XLSX in one go', async () => {
    async function* records() {
      for (let i = 0; i < 2000; i++) yield ['new-' + i, i % 10 === 0 ? null : 'new-' + (i - (i % 10)), `Workbook action ${i}`, 'digital_services', '2028-01-01', '2028-12-31', 'kela:A;hsl:R', i % 10 === 0 ? null : (i * 7) % 101] as Cell[];
    }
    const book = await readBytes(await xlsxStream('Plan', ['ref', 'parent_ref', 'title_en', 'domain', 'starts_on', 'ends_on', 'raci', 'progress'], records()));
    const before = Number((await snapshot()).a);
    const report = await imported(book);
    expect(report).toMatchObject({ format: 'xlsx', created: 2000 });
    expect(Number((await snapshot()).a)).toBe(before + 2000);
    const theme = expectStatus(await t.app.inject({ url: `/api/actions/${report.results[0]!.ref}` }), 200).json();
    expect(theme.children).toHaveLength(9);
    expect(theme.progress).toBe(Math.round(([1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((s, i) => s + ((i * 7) % 101), 0) / 9) * 100) / 100);
  }, 120_000);
});
