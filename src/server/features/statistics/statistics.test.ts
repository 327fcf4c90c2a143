import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { LOOPBACK } from '../../lib/addresses.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import type { Portal } from '../../test/fakeServer.ts';
import type { Cube } from './cube.ts';
import { StatFault } from './faults.ts';
import { executeImport, type ReadItem, type ReadSource } from './statistics.engine.ts';
import * as repo from './statistics.repository.ts';
import { documentOf, startDocumentServer, type DocumentOptions } from './test/documentServer.ts';
import { smallCube } from './test/cubes.ts';
import { pxFile, sampleCube } from './test/pxFiles.ts';

let t: TestApp;
let admin: Session;
let editor: Session;
let site: Portal<DocumentOptions>;
const settings = { timeoutMs: 2000, retries: 1, backoffMs: 10, allowedNetworks: LOOPBACK };

beforeAll(async () => {
  t = await startTestApp({ statisticsWorker: true, harvestPollMs: 50, harvestTimeoutMs: settings.timeoutMs, harvestRetries: settings.retries, harvestBackoffMs: settings.backoffMs });
  admin = (await loginAs(t, 'admin')).session;
  editor = (await loginAs(t, 'editor')).session;
  site = await startDocumentServer({ '/population.json': documentOf(smallCube()) });
});
afterAll(async () => {
  await site?.close();
  await t?.close();
});

const db = () => t.db.kysely;

async function addSource(payload: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/statistics/sources', headers: admin.headers, payload: { schedule: 'manual', enabled: true, ...payload } });
  return expectStatus(response, 201).json() as { id: string };
}

/** The run, once it has ended, read as the run page reads it. */
async function ended(sourceId: string, runId: string) {
  return vi.waitFor(
    async () => {
      const run = expectStatus(await t.app.inject({ url: `/api/statistics/sources/${sourceId}/runs/${runId}`, headers: admin.headers }), 200).json();
      if (['queued', 'running'].includes(run.state)) throw new Error(`the run is still ${run.state}`);
      return run;
    },
    { timeout: 30_000, interval: 20 },
  );
}

/** Asks for a run (the worker takes it) and follows it until it ends. */
async function runNow(sourceId: string) {
  const queued = expectStatus(await t.app.inject({ method: 'POST', url: `/api/statistics/sources/${sourceId}/runs`, headers: admin.headers }), 202);
  expect(queued.headers.location).toBe(`/api/statistics/sources/${sourceId}/runs/${queued.json().id}`);
  return ended(sourceId, queued.json().id);
}

const vintagesOf = (sourceId: string) =>
  db()
    .selectFrom('stat_vintages as v')
    .innerJoin('stat_tables as t', 't.id', 'v.table_id')
    .select(['v.id', 't.external_id', 'v.previous_id', 'v.changed_cells', 'v.cells', 'v.run_id'])
    .where('t.source_id', '=', sourceId)
    .orderBy('v.retrieved_at')
    .execute();
const seriesCount = async (sourceId: string) =>
  Number(
    (
      await db()
        .selectFrom('stat_series as s')
        .innerJoin('stat_vintages as v', 'v.id', 's.vintage_id')
        .innerJoin('stat_tables as t', 't.id', 'v.table_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('t.source_id', '=', sourceId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('statistics sources', () => {
  it('are added and changed by administrators only, validated field by field, and read by anyone', async () => {
    const body = { name: 'Population (test site)', kind: 'jsonstat', url: `${site.url}/population.json`, tableRef: 'population', schedule: 'daily', enabled: false, language: 'en' };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/statistics/sources', payload: body }), 401);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/statistics/sources', headers: editor.headers, payload: body }), 403);
    for (const [payload, path] of [
      [{ ...body, kind: 'sdmx' }, 'body/kind'],
      [{ ...body, url: 'file:///etc/passwd' }, 'body/url'],
      [{ ...body, schedule: 'sometimes' }, 'body/schedule'],
      [{ ...body, language: 'Finnish' }, 'body/language'],
      [{ ...body, query: { Vuosi: 'all of them' } }, 'body/query/Vuosi'],
      [{ ...body, publisherId: '00000000-0000-4000-8000-000000000000' }, 'body/publisherId'],
      [{ ...body, url: 'https://reader:s3cret@stat.example.test/data.json' }, 'body/url'],
    ] as const) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/statistics/sources', headers: admin.headers, payload }), 400);
      expect(problem.errors?.map((e) => e.path), JSON.stringify(payload)).toContain(path);
    }
    expect(await db().selectFrom('stat_sources').select('id').where('name', '=', body.name).execute()).toEqual([]);

    const created = await addSource({ ...body, query: { region: ['091', '049'], time: { top: 2 } } });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/statistics/sources', headers: admin.headers, payload: body }), 409);
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/statistics/sources/${created.id}`, headers: admin.headers, payload: { name: 'Population', schedule: 'weekly' } }), 200).json();
    expect(patched).toMatchObject({ name: 'Population', schedule: 'weekly', enabled: false, nextRunAt: null, query: { region: ['091', '049'], time: { top: 2 } }, tables: [], lastRun: null, file: null });
    const listed = expectStatus(await t.app.inject({ url: '/api/statistics/sources' }), 200).json();
    expect(listed.items.map((s: { name: string }) => s.name)).toContain('Population');
    expect(expectStatus(await t.app.inject({ url: `/api/statistics/sources/${created.id}` }), 200).json()).toMatchObject({ id: created.id, url: body.url });
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/statistics/sources/${created.id}/runs`, headers: editor.headers }), 403);

    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', created.id).orderBy('at').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['stat_source.created', 'stat_source.updated']);

    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/statistics/sources/${created.id}`, headers: admin.headers }), 204);
    expectProblem(await t.app.inject({ url: `/api/statistics/sources/${created.id}` }), 404);
  });
});

describe('an import run', () => {
  it('stores a table as a vintage, adds none when the figures are the same, and a new one when they were revised, keeping the earlier', async () => {
    const source = await addSource({ name: 'Population by region (test)', kind: 'jsonstat', url: `${site.url}/population.json`, tableRef: 'population' });
    const first = await runNow(source.id);
    expect(first).toMatchObject({ state: 'succeeded', trigger: 'manual', counts: { seen: 1, created: 1, updated: 0, unchanged: 0, failed: 0, cells: 18, requests: 1 }, errorCount: 0, errors: [] });
    const [vintage] = await vintagesOf(source.id);
    expect(await vintagesOf(source.id)).toEqual([{ id: vintage.id, external_id: 'population', previous_id: null, changed_cells: 0, cells: 18, run_id: first.id }]);
    expect(await seriesCount(source.id)).toBe(6);
    const shown = expectStatus(await t.app.inject({ url: `/api/statistics/sources/${source.id}` }), 200).json();
    expect(shown.tables).toEqual([{ id: expect.any(String), externalId: 'population', title: { en: 'Population (test)' }, languages: ['en'], retrievedAt: expect.any(String), cells: 18, vintages: 1 }]);
    expect(shown.lastRun).toMatchObject({ id: first.id, state: 'succeeded' });

    const again = await runNow(source.id);
    expect(again).toMatchObject({ state: 'succeeded', counts: { seen: 1, created: 0, updated: 0, unchanged: 1, cells: 18 } });
    expect((await vintagesOf(source.id)).map((v) => v.id)).toEqual([vintage.id]);

    // The office revises two figures.
    site.set({ documents: { '/population.json': documentOf(smallCube({ figure: (cell) => (cell === 0 || cell === 7 ? 1 : 1000 + cell * 7) })) } });
    const revised = await runNow(source.id);
    expect(revised).toMatchObject({ state: 'succeeded', counts: { seen: 1, updated: 1, unchanged: 0 } });
    const vintages = await vintagesOf(source.id);
    expect(vintages).toHaveLength(2);
    expect(vintages[1]).toMatchObject({ previous_id: vintage.id, changed_cells: 2, run_id: revised.id });
    // The earlier vintage's figures are kept as they were.
    const kept = await db().selectFrom('stat_series').select('figures').where('vintage_id', '=', vintage.id).where('series_key', '=', '["091","1"]').executeTakeFirstOrThrow();
    expect(kept.figures).toEqual([1000, 1014, 1028]);
    const table = await db().selectFrom('stat_tables').select('current_vintage_id').where('source_id', '=', source.id).executeTakeFirstOrThrow();
    expect(table.current_vintage_id).toBe(vintages[1].id);
    // The sources list shows the table revised once.
    expect(expectStatus(await t.app.inject({ url: `/api/statistics/sources/${source.id}` }), 200).json().tables).toMatchObject([{ externalId: 'population', vintages: 2 }]);
    site.set({ documents: { '/population.json': documentOf(smallCube()) } });
  });

  it('that cannot read its source fails naming why, and writes nothing', async () => {
    const source = await addSource({ name: 'Cut short (test)', kind: 'jsonstat', url: `${site.url}/population.json`, tableRef: 'cut' });
    site.set({ truncate: () => true });
    onTestFinished(() => site.set({ truncate: undefined }));
    const run = await runNow(source.id);
    expect(run).toMatchObject({ state: 'failed', messageCode: 'source-unreadable', counts: { seen: 0, created: 0 }, errorCount: 1 });
    expect(run.errors[0]).toMatchObject({ identifier: null, code: 'source-unreadable', params: { address: `${site.url}/population.json`, reason: { code: 'not-json' } } });
    expect(run.message).toMatch(/^The source http:\/\/127\.0\.0\.1:\d+\/population\.json could not be read: /);
    expect(await db().selectFrom('stat_tables').select('id').where('source_id', '=', source.id).execute()).toEqual([]);
    // Everyone sees the run; only administrators its errors.
    expect(expectStatus(await t.app.inject({ url: `/api/statistics/sources/${source.id}/runs/${run.id}` }), 200).json()).toMatchObject({ errorCount: 1, errors: [] });
  });

  it('is refused for a source with neither an address nor a file (the demo\'s tables), and none is queued', async () => {
    const source = await repo.insertSource(db(), { name: 'Written by a loader (test)', kind: 'jsonstat', url: null, schedule: 'manual', enabled: true });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/statistics/sources/${source.id}/runs`, headers: admin.headers }), 409).type).toMatch(/source-nothing-to-read$/);
    expect(await db().selectFrom('stat_runs').select('id').where('source_id', '=', source.id).execute()).toEqual([]);
  });
});

/** A reader the test writes: its items, some of them promises the test settles. */
function readerOf(items: (ReadItem | (() => Promise<ReadItem>) | Error)[]): ReadSource {
  return async function* () {
    for (const item of items) {
      if (item instanceof Error) throw item;
      yield typeof item === 'function' ? await item() : item;
    }
  };
}
const tableItem = (cube: Cube): ReadItem => ({ type: 'table', cube, requests: [{ method: 'GET', url: `https://stat.example.test/${cube.id}` }], notes: [] });

/** A run claimed by this process (as the command line's), so no worker takes it first. */
async function startedRun(name: string) {
  const source = await repo.insertSource(db(), { name, kind: 'pxweb', url: `https://stat.example.test/${encodeURIComponent(name)}`, schedule: 'manual', enabled: true });
  const run = (await repo.startRun(db(), source.id, 'command'))!;
  return { source, run };
}
const runRow = (id: string) => db().selectFrom('stat_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const tablesOf = (sourceId: string) => db().selectFrom('stat_tables').select(['external_id', 'current_vintage_id']).where('source_id', '=', sourceId).orderBy('external_id').execute();

describe('a run that fails part way', () => {
  it('keeps the tables stored before a fault of the whole source and writes nothing of the one it was reading', async () => {
    const { source, run } = await startedRun('Fault after the first table');
    const fault = new StatFault({ code: 'jsonstat-size-mismatch', params: { expected: 18, found: 9 } });
    const outcome = await executeImport(db(), run, source, settings, { read: readerOf([tableItem(smallCube({ id: 'first' })), fault, tableItem(smallCube({ id: 'second' }))]) });
    expect(outcome).toMatchObject({ state: 'partial', progress: { seen: 1, created: 1 }, errorCount: 1, message: 'The JSON-stat sizes multiply to 18 cells, but value holds 9.' });
    expect((await tablesOf(source.id)).map((table) => table.external_id)).toEqual(['first']);
    expect(await seriesCount(source.id)).toBe(6);
    expect(await runRow(run.id)).toMatchObject({ state: 'partial', created: 1, cells: 18, message_code: 'jsonstat-size-mismatch', error_count: 1 });
  });

  it('rolls back a table whose storing fails half-way, and goes on with the next', async () => {
    const { source, run } = await startedRun('Storing fails half-way');
    // Two regions with one code: the table's vintage row is written, then its series clash on their key.
    const clashing = smallCube({ id: 'clashing', regions: ['091', '091', '049'] });
    const outcome = await executeImport(db(), run, source, settings, { read: readerOf([tableItem(clashing), tableItem(smallCube({ id: 'good' }))]) });
    expect(outcome).toMatchObject({ state: 'partial', progress: { seen: 2, created: 1, failed: 1 }, errorCount: 1 });
    expect(await tablesOf(source.id)).toEqual([{ external_id: 'good', current_vintage_id: expect.any(String) }]);
    expect(await vintagesOf(source.id)).toHaveLength(1);
    const [error] = await repo.runErrors(db(), run.id, 10);
    expect(error).toMatchObject({ identifier: 'clashing', code: 'table-not-stored', params: { table: 'clashing' } });
  });

  it('names what the reader could not read, and fails when no table was read', async () => {
    const { source, run } = await startedRun('Nothing readable');
    const outcome = await executeImport(db(), run, source, settings, {
      read: readerOf([
        { type: 'error', identifier: '11ra', problem: { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'KU999' } } },
        { type: 'error', identifier: '11rb', problem: { code: 'pxweb-too-many-cells', params: { cells: 2_000_000, limit: 100_000 } } },
      ]),
    });
    expect(outcome).toMatchObject({ state: 'failed', progress: { seen: 2, failed: 2 }, errorCount: 2, message: 'The variable “Alue” has no value “KU999”.' });
    expect((await repo.runErrors(db(), run.id, 10)).map((e) => [e.identifier, e.code])).toEqual([
      ['11ra', 'pxweb-value-unknown'],
      ['11rb', 'pxweb-too-many-cells'],
    ]);
    expect(await tablesOf(source.id)).toEqual([]);
  });
});

describe('cancelling a run', () => {
  it('ends it at once as cancelled; the table stored before stays, the one read after is not stored', async () => {
    const { source, run } = await startedRun('Cancelled half-way');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const importing = executeImport(db(), run, source, settings, { read: readerOf([tableItem(smallCube({ id: 'before' })), () => released.then(() => tableItem(smallCube({ id: 'after' })))]) });
    await vi.waitFor(async () => expect(await tablesOf(source.id)).toHaveLength(1), { timeout: 10_000, interval: 10 });

    const cancelled = expectStatus(await t.app.inject({ method: 'POST', url: `/api/statistics/sources/${source.id}/runs/${run.id}/cancel`, headers: admin.headers }), 200).json();
    expect(cancelled).toMatchObject({ state: 'cancelled', messageCode: 'run-cancelled' });
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/statistics/sources/${source.id}/runs/${run.id}/cancel`, headers: admin.headers }), 409);
    release();
    expect(await importing).toMatchObject({ state: 'cancelled', progress: { created: 1 } });
    expect((await tablesOf(source.id)).map((table) => table.external_id)).toEqual(['before']);
    expect(await runRow(run.id)).toMatchObject({ state: 'cancelled', created: 1, message: 'The import was cancelled.' });
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', source.id).execute();
    expect(audit).toContainEqual({ action: 'stat_run.cancelled', details: { runId: run.id } });
  });
});

/** A multipart body: fields, then the file in the field `file`. */
function multipart(file: Uint8Array | null, fields: Record<string, string> = {}, filename = 'upload.px') {
  const boundary = '----talsinki-statistics';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(file), Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}
const upload = (file: Uint8Array | null, fields: Record<string, string> = {}, filename?: string, session: Session | null = admin) => {
  const { payload, type } = multipart(file, fields, filename);
  return t.app.inject({ method: 'POST', url: '/api/statistics/files', headers: { ...(session?.headers ?? {}), 'content-type': type }, payload });
};
const sourceCount = async () => Number((await db().selectFrom('stat_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('uploading a statistics file', () => {
  it('makes a source of the file and imports it: a PC-Axis file', async () => {
    const response = expectStatus(await upload(pxFile(sampleCube()), { name: 'Population by area (PX test)', language: 'fi' }, 'väestö.px'), 202);
    const { source, run } = response.json();
    expect(response.headers.location).toBe(`/api/statistics/sources/${source.id}/runs/${run.id}`);
    expect(source).toMatchObject({ name: 'Population by area (PX test)', kind: 'px', url: null, language: 'fi', schedule: 'manual', file: { filename: 'väestö.px', mediaType: 'application/octet-stream' } });
    expect(run).toMatchObject({ state: 'queued', trigger: 'manual' });
    const done = await ended(source.id, run.id);
    expect(done).toMatchObject({ state: 'succeeded', counts: { seen: 1, created: 1, cells: 24, requests: 0 }, errorCount: 0 });
    const shown = expectStatus(await t.app.inject({ url: `/api/statistics/sources/${source.id}` }), 200).json();
    expect(shown.tables).toEqual([expect.objectContaining({ externalId: 'TEST01', title: { fi: 'Väestö alueittain', sv: 'Befolkning efter område', en: 'Population by area' }, cells: 24, vintages: 1 })]);
    const [vintage] = await vintagesOf(source.id);
    const requests = await db().selectFrom('stat_vintages').select('requests').where('id', '=', vintage.id).executeTakeFirstOrThrow();
    expect(requests.requests).toEqual([{ method: 'FILE', url: 'väestö.px' }]);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', source.id).orderBy('at').execute();
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['stat_source.created', 'stat_source.attachment_added', 'stat_run.requested']));
  });

  it('and a JSON-stat document', async () => {
    const { source, run } = expectStatus(await upload(Buffer.from(JSON.stringify(documentOf(smallCube()))), {}, 'population.json'), 202).json();
    expect(source).toMatchObject({ name: 'population.json', kind: 'jsonstat', language: 'en' });
    expect(await ended(source.id, run.id)).toMatchObject({ state: 'succeeded', counts: { created: 1, cells: 18 } });
    // An upload names no table: the document's own id stands.
    expect((await tablesOf(source.id)).map((table) => table.external_id)).toEqual(['vaerak-test']);
  });

  it('refuses what is not a statistics file, too large, or incomplete, naming the field, and makes no source', async () => {
    const before = await sourceCount();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(expectProblem(await upload(png), 415)).toMatchObject({ code: 'statistics-file-type' });
    expect(expectProblem(await upload(Buffer.from('Alue;Vuosi;Väestö\n091;2023;1000\n')), 415)).toMatchObject({ code: 'statistics-file-type' });
    const huge = Buffer.alloc(64 * 1024 * 1024 + 1, 0x20);
    huge.write('CHARSET="ANSI";\n');
    expect(expectProblem(await upload(huge), 413)).toMatchObject({ code: 'file-too-large', params: { megabytes: 64 } });
    expect(expectProblem(await upload(null, { name: 'No file' }), 400).errors?.map((e) => e.path)).toEqual(['body/file']);
    expect(expectProblem(await upload(pxFile(sampleCube()), { language: 'Finnish' }), 400).errors?.map((e) => e.path)).toEqual(['body/language']);
    expect(expectProblem(await upload(pxFile(sampleCube()), { name: 'x' }), 400).errors?.map((e) => e.path)).toEqual(['body/name']);
    expect(expectProblem(await upload(pxFile(sampleCube()), { schedule: 'daily' }), 400).errors?.map((e) => e.path)).toEqual(['body/schedule']);
    expectProblem(await upload(pxFile(sampleCube()), {}, undefined, editor), 403);
    expectProblem(await upload(pxFile(sampleCube()), {}, undefined, null), 401);
    expect(await sourceCount()).toBe(before);
  });

  it('names what is wrong inside a file in its run, and stores nothing of it', async () => {
    // One figure short: DATA holds fewer values than the dimensions multiply to.
    const text = Buffer.from(pxFile(sampleCube())).toString('utf8');
    const last = text.lastIndexOf(' 16.8');
    const short = text.slice(0, last) + text.slice(last + ' 16.8'.length);
    expect(short).not.toBe(text);
    const { source, run } = expectStatus(await upload(Buffer.from(short), { name: 'Short of a figure' }), 202).json();
    const failed = await ended(source.id, run.id);
    expect(failed).toMatchObject({ state: 'failed', messageCode: 'px-data-count', messageParams: { expected: 24, found: 23 }, counts: { created: 0 } });
    expect(failed.errors.map((e: { code: string }) => e.code)).toEqual(['px-data-count']);
    expect(await tablesOf(source.id)).toEqual([]);

    const broken = expectStatus(await upload(Buffer.from('{"class": "dataset", "value": [1, 2'), { name: 'Broken JSON' }, 'broken.json'), 202).json();
    expect(await ended(broken.source.id, broken.run.id)).toMatchObject({ state: 'failed', messageCode: 'jsonstat-invalid', counts: { created: 0 } });
    expect(await tablesOf(broken.source.id)).toEqual([]);
  });
});
