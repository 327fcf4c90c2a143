import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { migrate } from '../../db/migrate.ts';
import { harvestCommand } from './harvest.cli.ts';
import { LOOPBACK } from '../../lib/addresses.ts';
import { identifier } from './sources/fields.ts';
import { ckanPackage, failTimes, startCkanPortal, startDcatPortal, startEstoniaPortal, type Portal, type CkanPortalOptions } from './test/portals.ts';

let t: TestApp;
let admin: Session;
let editor: Session;
let ckan: Portal<CkanPortalOptions>;
const settings = { timeoutMs: 2000, retries: 3, backoffMs: 10, allowedNetworks: LOOPBACK };

beforeAll(async () => {
  t = await startTestApp({ harvestWorker: true, harvestPollMs: 50, harvestTimeoutMs: settings.timeoutMs, harvestRetries: settings.retries, harvestBackoffMs: settings.backoffMs });
  admin = (await loginAs(t, 'admin')).session;
  editor = (await loginAs(t, 'editor')).session;
  ckan = await startCkanPortal({ count: 1200 });
});
afterAll(async () => {
  await ckan?.close();
  await t?.close();
});

async function addSource(payload: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/harvest/sources', headers: admin.headers, payload: { schedule: 'manual', enabled: true, ...payload } });
  if (response.statusCode !== 201) throw new Error(`source: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string };
}

/** Asks for a run and follows it, as the run page does, until it ends. */
async function runNow(sourceId: string) {
  const queued = await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${sourceId}/runs`, headers: admin.headers });
  if (queued.statusCode !== 202) throw new Error(`run: ${queued.statusCode} ${queued.body}`);
  const { id } = queued.json();
  const seenStates = new Set<string>();
  const run = await ended(sourceId, id, (state) => seenStates.add(state));
  return { ...run, seenStates };
}

/** The run, once it has ended (read as the run page reads it). */
async function ended(sourceId: string, runId: string, seen: (state: string) => void = () => {}) {
  return vi.waitFor(
    async () => {
      const run = (await t.app.inject({ url: `/api/harvest/sources/${sourceId}/runs/${runId}`, headers: admin.headers })).json();
      seen(run.state);
      if (['queued', 'running'].includes(run.state)) throw new Error(`the run is still ${run.state}`);
      return run;
    },
    { timeout: 60_000, interval: 20 },
  );
}

const datasetsOf = async (sourceId: string, state: 'active' | 'withdrawn' = 'active') =>
  t.db.kysely.selectFrom('datasets').select(['source_identifier', 'title', 'distributions', 'state']).where('source_id', '=', sourceId).where('state', '=', state).execute();

describe('harvest sources', () => {
  it('are added and changed by administrators only, validated, and readable by anyone', async () => {
    const hri = await startCkanPortal({ count: 2 });
    onTestFinished(() => hri.close());
    const body = { name: 'Helsinki Region Infoshare', kind: 'ckan', url: hri.url, schedule: 'daily', enabled: false };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources', headers: editor.headers, payload: body }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources', payload: body }), 401);
    for (const [payload, path] of [
      [{ ...body, kind: 'ftp' }, 'body/kind'],
      [{ ...body, url: 'file:///etc/passwd' }, 'body/url'],
      [{ ...body, schedule: 'sometimes' }, 'body/schedule'],
      [{ ...body, publisherId: '00000000-0000-4000-8000-000000000000' }, 'body/publisherId'],
    ] as const) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources', headers: admin.headers, payload }), 400);
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    }
    const created = await addSource(body);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources', headers: admin.headers, payload: body }), 409);
    const renamed = (await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${created.id}`, headers: admin.headers, payload: { name: 'HRI' } })).json();
    expect(renamed).toMatchObject({ name: 'HRI', enabled: false, nextRunAt: null });
    const patched = (await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${created.id}`, headers: admin.headers, payload: { enabled: false, schedule: 'weekly' } })).json();
    expect(patched).toMatchObject({ enabled: false, schedule: 'weekly', lastRun: null, datasetCount: 0, nextRunAt: null });
    const list = (await t.app.inject({ url: '/api/harvest/sources' })).json();
    expect(list.items.map((s: { name: string }) => s.name)).toContain('HRI');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${created.id}/runs`, headers: editor.headers }), 403);
  });
});

describe('user names and passwords in addresses', () => {
  const SECRET = 's3cret-Pa55';
  const withSecret = (url: string) => {
    const address = new URL(url);
    address.username = 'harvester';
    address.password = SECRET;
    return address.href;
  };

  it('are refused when a source is added or changed, naming the field, and by the command line', async () => {
    const body = { name: 'Portal behind a password', kind: 'ckan', url: withSecret('https://secret.invalid/data'), schedule: 'manual', enabled: false };
    for (const url of [body.url, 'https://api-token@secret.invalid/data']) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources', headers: admin.headers, payload: { ...body, url } }), 400);
      expect(problem.errors).toEqual([{ path: 'body/url', code: 'credentials', params: {}, message: 'must not contain a user name or password' }]);
    }
    const portal = await startCkanPortal({ count: 1 });
    onTestFinished(() => portal.close());
    const created = await addSource({ ...body, url: portal.url });
    const refused = expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${created.id}`, headers: admin.headers, payload: { url: withSecret(portal.url) } }), 400);
    expect(refused.errors).toEqual([{ path: 'body/url', code: 'credentials', params: {}, message: 'must not contain a user name or password' }]);
    expect((await t.app.inject({ url: `/api/harvest/sources/${created.id}` })).json().url).toBe(portal.url);
    const tested = expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources/test', headers: admin.headers, payload: { kind: 'ckan', url: withSecret(portal.url) } }), 400);
    expect(tested.errors).toEqual([{ path: 'body/url', code: 'credentials', params: {}, message: 'must not contain a user name or password' }]);
    const lines: string[] = [];
    const command = harvestCommand(t.db.kysely, settings, ['run', 'ckan', withSecret('http://127.0.0.1:9/')], { isTTY: false, write: () => {} }, (line) => lines.push(line));
    await expect(command).rejects.toThrow(/without a user name or password/);
    await expect(command).rejects.not.toThrow(SECRET);
    const stored = await t.db.kysely.selectFrom('harvest_sources').select('url').execute();
    expect(stored.filter((row) => row.url.includes(SECRET))).toEqual([]);
  });

  it('are shown nowhere for a source stored with them: sources, runs, run errors, the command line', async () => {
    const portal = await startCkanPortal({ count: 3 });
    try {
      const [source] = await t.db.kysely
        .insertInto('harvest_sources')
        .values({ name: 'Stored before the refusal', kind: 'ckan', url: withSecret(portal.url), schedule: 'manual', enabled: false })
        .returning('id')
        .execute();
      const run = await runNow(source.id);
      // fetch refuses an address with credentials: the run fails, saying where it could not read.
      expect(run).toMatchObject({ state: 'failed', message: expect.stringMatching(/could not be read/) });
      expect(run.message).toContain(new URL(portal.url).host);
      expect(run.errors.length).toBeGreaterThan(0);
      const shown = [
        JSON.stringify(run),
        (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${run.id}` })).body,
        (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs` })).body,
        (await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).body,
        (await t.app.inject({ url: '/api/harvest/sources?limit=100' })).body,
      ];
      for (const body of shown) {
        expect(body).not.toContain(SECRET);
        expect(body).not.toContain('harvester@');
      }
      expect((await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json().url).toBe(new URL(portal.url).href);
      // What the run wrote (and so what any log of it says) is without them too.
      const written = [
        ...(await t.db.kysely.selectFrom('harvest_runs').select('message').where('source_id', '=', source.id).execute()).map((r) => r.message),
        ...(await t.db.kysely.selectFrom('harvest_errors').select('message').where('run_id', '=', run.id).execute()).map((r) => r.message),
        ...(await t.db.kysely.selectFrom('harvest_runs').select('message_params').where('source_id', '=', source.id).execute()).map((r) => JSON.stringify(r.message_params)),
        ...(await t.db.kysely.selectFrom('harvest_errors').select('params').where('run_id', '=', run.id).execute()).map((r) => JSON.stringify(r.params)),
      ];
      expect(written.join('\n')).not.toContain(SECRET);
      // A run written before the fix, quoting the address whole, is shown without them as well.
      const old = await t.db.kysely.insertInto('harvest_runs').values({ source_id: source.id, trigger: 'manual', state: 'failed' }).returning('id').executeTakeFirstOrThrow();
      await t.db.kysely.updateTable('harvest_runs').set({ message: `The source could not be read: GET ${withSecret(portal.url)}: network error`, error_count: 1 }).where('id', '=', old.id).execute();
      await t.db.kysely.insertInto('harvest_errors').values({ run_id: old.id, identifier: withSecret(`${portal.url}/dataset/1`), message: `GET ${withSecret(portal.url)}: refused` }).execute();
      const oldRun = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${old.id}`, headers: admin.headers })).json();
      expect(oldRun.errors).toHaveLength(1);
      for (const body of [JSON.stringify(oldRun), (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${old.id}` })).body, (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs` })).body]) {
        expect(body).toContain(new URL(portal.url).host);
        expect(body).not.toContain(SECRET);
      }
      const lines: string[] = [];
      await harvestCommand(t.db.kysely, settings, ['run', source.id], { isTTY: false, write: () => {} }, (line) => lines.push(line));
      await harvestCommand(t.db.kysely, settings, ['sources'], { isTTY: false, write: () => {} }, (line) => lines.push(line));
      expect(lines.join('\n')).toContain('Stored before the refusal');
      expect(lines.join('\n')).not.toContain(SECRET);
    } finally {
      await portal.close();
    }
  });

  it('are taken out of stored addresses, run messages, run errors and the audit trail by migration 0013', async () => {
    const secretIn = (url: string) => url.replace('://', `://harvester:${SECRET}@`);
    const insert = (kind: 'ckan' | 'dcat', url: string, enabled = false) =>
      t.db.kysely.insertInto('harvest_sources').values({ name: `Migrated ${url}`, kind, url, schedule: 'manual', enabled }).returning('id').executeTakeFirstOrThrow();
    const alone = await insert('ckan', secretIn('https://alone.invalid/api/3'), true);
    const kept = await insert('ckan', 'https://taken.invalid/');
    const duplicate = await insert('ckan', secretIn('https://taken.invalid/'), true);
    const otherKind = await insert('dcat', secretIn('https://taken.invalid/'));
    // Ended, so no worker takes it.
    const run = await t.db.kysely.insertInto('harvest_runs').values({ source_id: alone.id, trigger: 'manual', state: 'failed' }).returning('id').executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('harvest_runs').set({ message: `The source could not be read: GET ${secretIn('https://alone.invalid/api/3')}/action: network error` }).where('id', '=', run.id).execute();
    await t.db.kysely.insertInto('harvest_errors').values({ run_id: run.id, identifier: secretIn('https://alone.invalid/dataset/1'), message: `redirected to ${secretIn('http://elsewhere.invalid/x')}, and "${secretIn('https://third.invalid')}"` }).execute();
    await t.db.kysely.insertInto('audit_log').values([
      { actor_id: null, action: 'harvest_source.created', entity_type: 'harvest_source', entity_id: alone.id, details: JSON.stringify({ name: 'x', url: secretIn('https://alone.invalid/api/3') }) },
      { actor_id: null, action: 'harvest_source.updated', entity_type: 'harvest_source', entity_id: alone.id, details: JSON.stringify({ changes: { url: secretIn('https://alone.invalid/api/3') } }) },
    ]).execute();

    await t.db.kysely.deleteFrom('schema_migrations').where('version', '=', 13).execute();
    expect(await migrate(t.db)).toEqual(['0013_harvest_source_credentials']);

    const sources = new Map((await t.db.kysely.selectFrom('harvest_sources').select(['id', 'url', 'enabled']).execute()).map((row) => [row.id, row]));
    expect(sources.get(alone.id)).toMatchObject({ url: 'https://alone.invalid/api/3', enabled: true });
    expect(sources.get(kept.id)).toMatchObject({ url: 'https://taken.invalid/', enabled: false });
    expect(sources.get(duplicate.id)).toMatchObject({ url: `https://taken.invalid/#duplicate-${duplicate.id}`, enabled: false });
    expect(sources.get(otherKind.id)).toMatchObject({ url: 'https://taken.invalid/' });
    const stored = await t.db.kysely.selectFrom('harvest_runs').select('message').where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(stored.message).toBe('The source could not be read: GET https://alone.invalid/api/3/action: network error');
    const error = await t.db.kysely.selectFrom('harvest_errors').select(['identifier', 'message']).where('run_id', '=', run.id).executeTakeFirstOrThrow();
    expect(error).toEqual({ identifier: 'https://alone.invalid/dataset/1', message: 'redirected to http://elsewhere.invalid/x, and "https://third.invalid"' });
    const audit = await t.db.kysely.selectFrom('audit_log').select('details').where('entity_id', '=', alone.id).orderBy('id').execute();
    expect(audit.map((row) => row.details)).toEqual([{ name: 'x', url: 'https://alone.invalid/api/3' }, { changes: { url: 'https://alone.invalid/api/3' } }]);
    expect(JSON.stringify([...sources.values()])).not.toContain(SECRET);
  });
});

describe('run errors from before codes', () => {
  it('get the code their English names exactly by migration 0020, and keep their English otherwise', async () => {
    const source = await t.db.kysely.insertInto('harvest_sources').values({ name: 'Before codes', kind: 'ckan', url: 'https://before-codes.invalid/', schedule: 'manual', enabled: false }).returning('id').executeTakeFirstOrThrow();
    const endedRun = (message: string) =>
      t.db.kysely.insertInto('harvest_runs').values({ source_id: source.id, trigger: 'manual', state: 'failed' }).returning('id').executeTakeFirstOrThrow().then(async (run) => {
        await t.db.kysely.updateTable('harvest_runs').set({ message, error_count: 2 }).where('id', '=', run.id).execute();
        return run;
      });
    const givenUp = await endedRun('Given up after 3 starts that did not finish.');
    const unreadable = await endedRun('The source could not be read: GET https://before-codes.invalid/: network error (ENOTFOUND)');
    await t.db.kysely.insertInto('harvest_errors').values([
      { run_id: givenUp.id, identifier: 'x-1', message: 'record has no title' },
      { run_id: givenUp.id, identifier: 'x-2', message: 'record could not be mapped: boom' },
    ]).execute();
    // As they were before the migration: no code at all.
    await sql`alter table harvest_errors drop column code, drop column params`.execute(t.db.kysely);
    await sql`alter table harvest_runs drop column message_code, drop column message_params`.execute(t.db.kysely);
    await t.db.kysely.deleteFrom('schema_migrations').where('version', '=', 20).execute();
    expect(await migrate(t.db)).toEqual(['0020_harvest_error_codes']);

    const read = async (runId: string) => (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${runId}`, headers: admin.headers })).json();
    const first = await read(givenUp.id);
    expect(first).toMatchObject({ message: 'Given up after 3 starts that did not finish.', messageCode: 'given-up', messageParams: { starts: 3 } });
    expect(first.errors).toEqual([
      expect.objectContaining({ identifier: 'x-1', code: 'record-without-title', params: {}, message: 'record has no title' }),
      expect.objectContaining({ identifier: 'x-2', code: null, params: {}, message: 'record could not be mapped: boom' }),
    ]);
    expect(await read(unreadable.id)).toMatchObject({ message: 'The source could not be read: GET https://before-codes.invalid/: network error (ENOTFOUND)', messageCode: null, messageParams: {} });
  });
});

describe('harvesting a CKAN portal', () => {
  let source: { id: string };

  it('harvests every package in a background run with live progress and counts', async () => {
    source = await addSource({ name: 'Fake HRI', kind: 'ckan', url: ckan.url });
    const run = await runNow(source.id);
    expect(run).toMatchObject({ state: 'succeeded', trigger: 'manual', done: 1200, total: 1200, counts: { seen: 1200, created: 1200, updated: 0, unchanged: 0, withdrawn: 0, failed: 0 }, errors: [] });
    expect(run.startedAt).toBeTruthy();
    expect(run.finishedAt >= run.startedAt).toBe(true);
    const listed = (await t.app.inject({ url: `/api/datasets?source=${source.id}&limit=1` })).json();
    expect(listed.total).toBe(1200);
    const first = ckanPackage(0) as { id: string; title_translated: Record<string, string>; resources: unknown[] };
    const stored = (await datasetsOf(source.id)).find((d) => d.source_identifier === first.id)!;
    expect(stored.title).toMatchObject({ fi: first.title_translated.fi, en: first.title_translated.en });
    expect(stored.distributions).toHaveLength(first.resources.length);
    const sourceView = (await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json();
    expect(sourceView).toMatchObject({ datasetCount: 1200, lastRun: { id: run.id, state: 'succeeded' } });
    // The packages' organisations are publishers in the directory.
    const detail = (await t.app.inject({ url: `/api/datasets?source=${source.id}&limit=1` })).json().items[0];
    expect(detail.publisher).not.toBeNull();
  });

  it('writes nothing again when nothing changed (incremental), and answers 409 while a run is active', async () => {
    const before = await t.db.kysely.selectFrom('datasets').select(['id', 'updated_at']).where('source_id', '=', source.id).execute();
    const run = await runNow(source.id);
    expect(run.counts).toEqual({ seen: 1200, created: 0, updated: 0, unchanged: 1200, withdrawn: 0, failed: 0 });
    const after = await t.db.kysely.selectFrom('datasets').select(['id', 'updated_at']).where('source_id', '=', source.id).execute();
    expect(new Map(after.map((r) => [r.id, r.updated_at.getTime()]))).toEqual(new Map(before.map((r) => [r.id, r.updated_at.getTime()])));
    // The portal answers nothing until let go, so the first run is still going when the second is asked for.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    ckan.set({ hold: () => held });
    const first = await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs`, headers: admin.headers });
    expect(first.statusCode).toBe(202);
    const problem = expectProblem(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs`, headers: admin.headers }), 409);
    expect(problem.type).toMatch(/run-active/);
    ckan.set({ hold: undefined });
    letGo();
    expect((await ended(source.id, first.json().id)).state).toBe('succeeded');
  });

  it('updates what changed and withdraws what the source no longer has', async () => {
    const records = Array.from({ length: 1150 }, (_, i) => (i === 3 ? ckanPackage(i, { title_translated: { fi: 'Uusi otsikko', en: 'A new title' }, metadata_modified: '2026-11-20T10:00:00.000000' }) : ckanPackage(i)));
    ckan.set({ records });
    const run = await runNow(source.id);
    expect(run.counts).toEqual({ seen: 1150, created: 0, updated: 1, unchanged: 1149, withdrawn: 50, failed: 0 });
    const withdrawn = await datasetsOf(source.id, 'withdrawn');
    expect(withdrawn.map((d) => d.source_identifier).sort()).toEqual(Array.from({ length: 50 }, (_, i) => (ckanPackage(1150 + i) as { id: string }).id).sort());
    expect((await t.app.inject({ url: `/api/datasets?source=${source.id}&limit=1` })).json().total).toBe(1150);
    const changed = (await datasetsOf(source.id)).find((d) => d.source_identifier === (ckanPackage(3) as { id: string }).id)!;
    expect(changed.title).toMatchObject({ en: 'A new title' });
    // A withdrawn dataset that comes back is active again.
    ckan.set({ records: undefined, count: 1200 });
    expect((await runNow(source.id)).counts).toMatchObject({ created: 0, updated: 51, withdrawn: 0 });
  });

  // 2,400 records through the whole engine and its retries: on two loaded cores it has taken 48 s.
  it('keeps the good records on a broken day, names every bad one, and withdraws nothing from a cut listing', { timeout: 120_000 }, async () => {
    const broken = await startCkanPortal({ count: 2400, untitled: [5], hostile: [7], huge: [9], failPaths: failTimes('/data/api/3/action/package_search', 500, 2) });
    try {
      // Stored directly: checking the address on saving would take the two failures this run is to meet.
      const brokenSource = await t.db.kysely.insertInto('harvest_sources').values({ name: 'Broken portal', kind: 'ckan', url: broken.url, schedule: 'manual', enabled: true }).returning('id').executeTakeFirstOrThrow();
      const run = await runNow(brokenSource.id);
      expect(run.state).toBe('partial');
      expect(run.counts.failed).toBeGreaterThanOrEqual(1);
      expect(run.counts.seen + run.counts.failed, JSON.stringify([run.message, run.errors.slice(0, 5), broken.requests.map((r) => r.replace(/^.*\?/, ''))])).toBeGreaterThanOrEqual(2400);
      const untitledId = (ckanPackage(5) as { id: string }).id;
      expect(run.errors).toContainEqual(expect.objectContaining({ identifier: untitledId, code: 'record-without-title', params: {}, message: expect.stringMatching(/title/i) }));
      const stored = await datasetsOf(brokenSource.id);
      expect(stored.map((d) => d.source_identifier)).not.toContain(untitledId);
      expect(stored.length).toBe(run.counts.created);
      // Every stored dataset is whole: all its distributions are there.
      const served = new Map(Array.from({ length: 2400 }, (_, i) => ckanPackage(i) as { id: string; resources: unknown[] }).map((p) => [p.id, p]));
      for (const d of stored.filter((row) => ![7, 9].some((i) => (ckanPackage(i) as { id: string }).id === row.source_identifier))) {
        expect(d.distributions).toHaveLength(served.get(d.source_identifier!)!.resources.length);
      }
      // The second page now fails for good: the run reads the rest, keeps what it had, withdraws nothing.
      broken.set({ failPaths: (path) => (path.includes('start=1000') ? 500 : undefined), untitled: [], hostile: [], huge: [] });
      const cut = await runNow(brokenSource.id);
      expect(cut.state).toBe('partial');
      expect(cut.counts.withdrawn).toBe(0);
      expect(cut.message).toMatch(/no dataset was withdrawn/);
      expect(cut).toMatchObject({ messageCode: 'listing-incomplete', messageParams: {} });
      expect(cut.errors).toContainEqual(
        expect.objectContaining({
          identifier: null,
          code: 'page-unreadable',
          params: { page: 2, reason: { code: 'http-status-said', params: { status: 500, detail: 'Internal Server Error' } } },
          message: 'Page 2 could not be read: the server answered HTTP 500 (Internal Server Error)',
        }),
      );
      expect((await datasetsOf(brokenSource.id)).length).toBeGreaterThanOrEqual(stored.length);
    } finally {
      await broken.close();
    }
  });

  it('fails a run, saying why, when the source cannot be read at all', async () => {
    const gone = await startCkanPortal({ count: 10 });
    const url = gone.url;
    const deadSource = await addSource({ name: 'Unreachable portal', kind: 'ckan', url });
    await gone.close();
    const run = await runNow(deadSource.id);
    expect(run).toMatchObject({ state: 'failed', counts: { seen: 0, created: 0 }, message: expect.stringMatching(/could not be read/) });
    // The message and its error carry its code: the listing's address, and why (no one answers there).
    const problem = { code: 'source-unreadable', params: { address: `${url}/api/3/action/package_search`, reason: { code: 'network', params: { detail: 'ECONNREFUSED' } } } };
    expect(run).toMatchObject({ messageCode: problem.code, messageParams: problem.params });
    expect(run.errors).toEqual([expect.objectContaining({ identifier: null, ...problem, message: run.message })]);
    // The summary in the source's list of runs says the same.
    const runs = (await t.app.inject({ url: `/api/harvest/sources/${deadSource.id}/runs` })).json();
    expect(runs.items[0]).toMatchObject({ id: run.id, messageCode: problem.code, messageParams: problem.params });
  });
});

describe('harvesting safely', () => {
  it('withdraws nothing when a source that had datasets suddenly lists none', async () => {
    const portal = await startCkanPortal({ count: 25 });
    try {
      const source = await addSource({ name: 'Empty on a bad day', kind: 'ckan', url: portal.url });
      expect((await runNow(source.id)).counts.created).toBe(25);
      portal.set({ count: 0 });
      const run = await runNow(source.id);
      expect(run).toMatchObject({ state: 'failed', counts: { withdrawn: 0 }, message: expect.stringMatching(/listed no datasets/), messageCode: 'listing-empty', messageParams: { count: 25 } });
      expect(await datasetsOf(source.id)).toHaveLength(25);
    } finally {
      await portal.close();
    }
  });

  it('keeps an editor\'s withdrawal when the source still has the dataset, and shows run errors to administrators only', async () => {
    const portal = await startCkanPortal({ count: 6, untitled: [1] });
    try {
      const source = await addSource({ name: 'Edited by hand', kind: 'ckan', url: portal.url });
      const first = await runNow(source.id);
      const [dataset] = await t.db.kysely.selectFrom('datasets').select('id').where('source_id', '=', source.id).orderBy('source_identifier').limit(1).execute();
      expect((await t.app.inject({ method: 'PATCH', url: `/api/datasets/${dataset.id}`, headers: editor.headers, payload: { state: 'withdrawn' } })).statusCode).toBe(200);
      expect((await runNow(source.id)).counts).toMatchObject({ unchanged: 5, created: 0, updated: 0, withdrawn: 0 });
      expect((await t.app.inject({ url: `/api/datasets/${dataset.id}` })).json().state).toBe('withdrawn');
      const anonymous = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${first.id}` })).json();
      expect(anonymous).toMatchObject({ errorCount: 1, errors: [] });
      expect(first.errors).toHaveLength(1);
    } finally {
      await portal.close();
    }
  });
});

describe('harvesting the Estonian portal and DCAT catalogues', () => {
  it('harvests the Estonian portal and, the second time, fetches only the details that changed', async () => {
    const portal = await startEstoniaPortal({ count: 120 });
    try {
      const source = await addSource({ name: 'Fake avaandmed', kind: 'estonia', url: portal.url });
      expect((await runNow(source.id)).counts).toMatchObject({ created: 120, failed: 0 });
      const stored = await datasetsOf(source.id);
      expect(stored.every((d) => Object.keys(d.title).some((lang) => lang === 'et' || lang === 'en'))).toBe(true);
      const detailsBefore = portal.requests.filter((path) => /\/datasets\/[^?]+$/.test(path)).length;
      expect((await runNow(source.id)).counts).toMatchObject({ unchanged: 120, created: 0, updated: 0 });
      expect(portal.requests.filter((path) => /\/datasets\/[^?]+$/.test(path)).length).toBe(detailsBefore);
    } finally {
      await portal.close();
    }
  });

  for (const format of ['turtle', 'rdfxml', 'jsonld'] as const) {
    it(`harvests a paged DCAT-AP catalogue in ${format}`, async () => {
      const portal = await startDcatPortal({ count: 45, format, pageSize: 20 });
      try {
        const source = await addSource({ name: `Fake DCAT ${format}`, kind: 'dcat', url: portal.url });
        const run = await runNow(source.id);
        expect(run).toMatchObject({ state: 'succeeded', counts: { created: 45, failed: 0 } });
        const stored = await datasetsOf(source.id);
        expect(stored).toHaveLength(45);
        expect(stored.every((d) => d.distributions.length > 0)).toBe(true);
      } finally {
        await portal.close();
      }
    });
  }

  it('harvests another Talsinki through its CKAN API, so the platform is a source for other portals', async () => {
    const other = await startTestApp({ publicUrl: 'http://127.0.0.1' });
    try {
      const otherEditor = (await loginAs(other, 'editor')).session;
      for (const word of ['ferries', 'schools', 'parking']) {
        const created = await other.app.inject({ method: 'POST', url: '/api/datasets', headers: otherEditor.headers, payload: { title: { en: `Twin-region ${word}`, fi: `Kaksoisalueen ${word}` }, description: { en: `About ${word}.` }, themes: ['TRAN'], keywords: { en: [word] }, distributions: [{ accessUrl: `https://data.example.test/${word}.csv`, format: 'CSV' }] } });
        expect(created.statusCode).toBe(201);
      }
      const server = await other.app.listen({ port: 0, host: '127.0.0.1' });
      const source = await addSource({ name: 'Another Talsinki', kind: 'ckan', url: server });
      const run = await runNow(source.id);
      expect(run.counts).toMatchObject({ seen: 3, created: 3, failed: 0 });
      const titles = (await datasetsOf(source.id)).map((d) => d.title.en).sort();
      expect(titles).toEqual(['Twin-region ferries', 'Twin-region parking', 'Twin-region schools']);
    } finally {
      await other.close();
    }
  });
});

describe('jobs', () => {
  it('takes over a run whose worker died (its lease ran out)', async () => {
    const portal = await startCkanPortal({ count: 30 });
    try {
      const source = await addSource({ name: 'Crashed run', kind: 'ckan', url: portal.url });
      const run = await t.db.kysely
        .insertInto('harvest_runs')
        .values({ source_id: source.id, trigger: 'manual', requested_by: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.kysely.updateTable('harvest_runs').set({ state: 'running', started_at: new Date(Date.now() - 600_000), lease_until: new Date(Date.now() - 60_000), attempts: 1 }).where('id', '=', run.id).execute();
      const takenOver = await ended(source.id, run.id);
      expect([takenOver.state, takenOver.counts.created]).toEqual(['succeeded', 30]);
    } finally {
      await portal.close();
    }
  });

  it('queues scheduled runs when they are due', async () => {
    const portal = await startCkanPortal({ count: 5 });
    try {
      const source = await addSource({ name: 'Scheduled', kind: 'ckan', url: portal.url, schedule: 'hourly' });
      const scheduled = await vi.waitFor(
        async () => {
          const [latest] = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs` })).json().items;
          if (!latest || ['queued', 'running'].includes(latest.state)) throw new Error('the scheduled run has not happened yet');
          return latest;
        },
        { timeout: 20_000, interval: 20 },
      );
      expect([scheduled.state, scheduled.trigger]).toEqual(['succeeded', 'schedule']);
      const after = (await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json();
      expect(Date.parse(after.nextRunAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
    } finally {
      await portal.close();
    }
  });
});

describe('the command line', () => {
  it('harvests a URL once with a progress bar and counts, and exits non-zero only when the source cannot be read', async () => {
    const portal = await startCkanPortal({ count: 40, untitled: [2] });
    try {
      const bar: string[] = [];
      const lines: string[] = [];
      const code = await harvestCommand(t.db.kysely, settings, ['run', 'ckan', portal.url], { isTTY: false, write: (text) => bar.push(text) }, (line) => lines.push(line));
      expect(code).toBe(0);
      expect(bar.at(-1)).toMatch(/\[#{30}\] 100%\s+40 \/ 40/);
      expect(lines.join('\n')).toMatch(/partial: 40 seen, 39 created, 0 updated, 0 unchanged, 0 withdrawn, 1 failed/);
      const url = portal.url;
      await portal.close();
      const failed = await harvestCommand(t.db.kysely, settings, ['run', 'dcat', url], { isTTY: false, write: () => {} }, (line) => lines.push(line));
      expect(failed).toBe(1);
      await expect(harvestCommand(t.db.kysely, settings, ['run', 'gopher', url])).rejects.toThrow(/kind/);
    } finally {
      await portal.close().catch(() => {});
    }
  });

  it('refuses a source in a private or local network the settings do not allow, asking it nothing', async () => {
    const portal = await startCkanPortal({ count: 3 });
    try {
      const lines: string[] = [];
      const code = await harvestCommand(t.db.kysely, { ...settings, allowedNetworks: [] }, ['run', 'ckan', portal.url], { isTTY: false, write: () => {} }, (line) => lines.push(line));
      expect(code).toBe(1);
      expect(lines.join('\n')).toMatch(/127\.0\.0\.1 is in a private or local network, which harvests do not reach/);
      expect(portal.requests).toEqual([]);
    } finally {
      await portal.close();
    }
  });
});

describe('bad input, fuzzed', () => {
  it('never crashes, never half-writes, names each bad record and keeps the good ones', async () => {
    const portal = await startCkanPortal({ count: 0 });
    const source = await addSource({ name: 'Fuzzed portal', kind: 'ckan', url: portal.url });
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }));
    // One field made junk (which a record may well survive), or no title at all (which it may not).
    const spoil = fc.oneof(
      fc.record({ field: fc.constantFrom('title', 'title_translated', 'resources', 'organization', 'tags', 'metadata_modified', 'id', 'license_id', 'notes_translated'), value: junk }),
      fc.constant({ field: 'untitled', value: undefined }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(spoil, { nil: undefined }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1_000_000 }), async (spoils, seed) => {
          const records = spoils.map((s, i) => {
            const record = ckanPackage(seed + i) as Record<string, unknown>;
            if (s?.field === 'untitled') return { ...record, title: undefined, title_translated: undefined };
            return s ? { ...record, [s.field]: s.value } : record;
          });
          // Each case starts from an empty source, so nothing stored by an earlier case (the same
          // ids recur while shrinking) stands in for what this one wrote.
          await t.db.kysely.deleteFrom('datasets').where('source_id', '=', source.id).execute();
          portal.set({ records });
          const run = await runNow(source.id);
          expect(['succeeded', 'partial']).toContain(run.state);
          const stored = new Map((await datasetsOf(source.id)).map((d) => [d.source_identifier, d]));
          const errors = run.errors as { identifier: string | null; message: string }[];
          // Errors and records, one to one: each record is stored whole or named in exactly one
          // error (by its id, or by its name when it has no id), an unspoiled one is stored, and no
          // error names nothing. A record listed twice under one id is taken once, the first time.
          const taken = new Set<string>();
          let named = 0;
          let kept = 0;
          let considered = 0;
          for (const [i, record] of records.entries()) {
            const id = identifier(record.id) ?? null;
            if (id !== null && taken.has(id)) continue;
            if (id !== null) taken.add(id);
            considered += 1;
            const itsErrors = errors.filter((e) => (id === null ? e.identifier === null && e.message.includes(`(“${String(record.name)}”)`) : e.identifier === id));
            const isStored = id !== null && stored.has(id);
            expect([isStored, itsErrors.length], `record ${i} (${spoils[i]?.field ?? 'unspoiled'}): stored, errors`).toEqual(isStored ? [true, 0] : [false, 1]);
            if (!spoils[i]) expect(isStored, `unspoiled record ${i}`).toBe(true);
            if (spoils[i]?.field === 'untitled') expect(itsErrors.map((e) => e.message), `untitled record ${i}`).toEqual(['The record has no title.']);
            named += itsErrors.length;
            if (isStored) kept += 1;
            // A record written whole has no more distributions than the source listed for it.
            if (isStored) {
              const listed = Array.isArray(record.resources) ? record.resources.length : 0;
              expect(stored.get(id)!.distributions.length).toBeLessThanOrEqual(Math.max(listed, 1));
            }
          }
          expect(named, JSON.stringify(errors)).toBe(errors.length);
          expect(stored.size).toBe(kept);
          // Every record not kept is counted as failed, the ones without an identifier included.
          expect(run.counts.failed, JSON.stringify(errors)).toBe(considered - kept);
        }),
        { numRuns: 15 },
      );
    } finally {
      await portal.close();
    }
  });
});

describe('checking a source (issue 14)', () => {
  it('tests an address without saving it, saying what it found', async () => {
    const portal = await startCkanPortal({ count: 7 });
    onTestFinished(() => portal.close());
    const before = (await t.db.kysely.selectFrom('harvest_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const found = expectStatus(await t.app.inject({ method: 'POST', url: '/api/harvest/sources/test', headers: admin.headers, payload: { kind: 'ckan', url: portal.url } }), 200).json();
    expect(found).toMatchObject({ kind: 'ckan', url: portal.url, total: 7 });
    expect(found.sample).toHaveLength(3);
    expect(found.sample[0]).toBe((ckanPackage(0) as { title_translated: Record<string, string> }).title_translated.en);
    expect((await t.db.kysely.selectFrom('harvest_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
    const dcat = await startDcatPortal({ count: 4, format: 'turtle', pageSize: 20 });
    onTestFinished(() => dcat.close());
    expect(expectStatus(await t.app.inject({ method: 'POST', url: '/api/harvest/sources/test', headers: admin.headers, payload: { kind: 'dcat', url: dcat.url } }), 200).json()).toMatchObject({ kind: 'dcat', total: 4 });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/harvest/sources/test', headers: editor.headers, payload: { kind: 'ckan', url: portal.url } }), 403);
  });

  it('refuses to save, or test, an address that cannot be harvested as its kind, with a problem code for each reason', async () => {
    const ckanPortal = await startCkanPortal({ count: 3 });
    const gone = await startCkanPortal({ count: 3 });
    const goneUrl = gone.url;
    await gone.close();
    const html = await startCkanPortal({ count: 3, garbage: () => true });
    onTestFinished(async () => {
      await ckanPortal.close();
      await html.close();
    });
    const cases = [
      // A CKAN portal is not an Estonian portal.
      [{ kind: 'estonia', url: ckanPortal.url }, 'source-not-recognised'],
      [{ kind: 'ckan', url: html.url }, 'source-not-recognised'],
      [{ kind: 'ckan', url: goneUrl }, 'source-unreachable'],
    ] as const;
    for (const [payload, type] of cases) {
      for (const url of ['/api/harvest/sources/test', '/api/harvest/sources']) {
        const body = url.endsWith('test') ? payload : { name: 'Not a portal', schedule: 'manual', enabled: true, ...payload };
        const problem = expectProblem(await t.app.inject({ method: 'POST', url, headers: admin.headers, payload: body }), 422);
        expect([problem.type, problem.errors?.map((e) => e.path)], JSON.stringify(problem)).toEqual([`/problems/${type}`, ['body/url']]);
      }
    }
    // Changing a saved source's address or kind is checked the same way; its name is not.
    const source = await addSource({ name: 'Checked on change', kind: 'ckan', url: ckanPortal.url });
    expect(expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${source.id}`, headers: admin.headers, payload: { url: goneUrl } }), 422).type).toBe('/problems/source-unreachable');
    expect(expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${source.id}`, headers: admin.headers, payload: { kind: 'estonia' } }), 422).errors).toEqual([expect.objectContaining({ path: 'body/kind' })]);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/harvest/sources/${source.id}`, headers: admin.headers, payload: { name: 'Renamed' } }), 200);
    expect((await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json()).toMatchObject({ name: 'Renamed', kind: 'ckan', url: ckanPortal.url });
  });

  it('refuses an address in a private network the settings do not allow', { timeout: 120_000 }, async () => {
    const strict = await startTestApp({ harvestAllowedNetworks: [] });
    try {
      const strictAdmin = (await loginAs(strict, 'admin')).session;
      const portal = await startCkanPortal({ count: 1 });
      onTestFinished(() => portal.close());
      const problem = expectProblem(await strict.app.inject({ method: 'POST', url: '/api/harvest/sources/test', headers: strictAdmin.headers, payload: { kind: 'ckan', url: portal.url } }), 422);
      expect(problem.type).toBe('/problems/source-address-refused');
      expect(portal.requests).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

/** Waits for the worker to be done with everything before: a run of another source, queued now, has ended. */
async function workerCaughtUp() {
  const portal = await startCkanPortal({ count: 1 });
  try {
    const marker = await addSource({ name: `Marker ${Math.random()}`, kind: 'ckan', url: `${portal.url}?marker=${Math.random()}` });
    await runNow(marker.id);
  } finally {
    await portal.close();
  }
}

describe('cancelling a run (issue 14)', () => {
  it('ends a running run as cancelled with its counts kept; the harvester stops at its next check', { timeout: 120_000 }, async () => {
    const portal = await startCkanPortal({ count: 30, maxRows: 10 });
    onTestFinished(() => portal.close());
    const source = await addSource({ name: 'Cancelled midway', kind: 'ckan', url: portal.url });
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    portal.set({ hold: (path) => (/[?&]start=10(&|$)/.test(path) ? held : undefined) });
    const checked = portal.requests.length;
    const queued = expectStatus(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs`, headers: admin.headers }), 202).json();
    // The run is under way once it asks for the second page, which the portal holds.
    await untilSecondPageAsked(portal, checked);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs/${queued.id}/cancel`, headers: editor.headers }), 403);
    const cancelled = expectStatus(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs/${queued.id}/cancel`, headers: admin.headers }), 200).json();
    expect(cancelled).toMatchObject({ state: 'cancelled', message: 'Cancelled by an administrator.', messageCode: 'run-cancelled', messageParams: {} });
    expect(cancelled.finishedAt).toBeTruthy();
    const writtenWhenCancelled = (await datasetsOf(source.id)).length;
    expect(writtenWhenCancelled).toBeLessThan(30);
    letGo();
    await workerCaughtUp();
    const run = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${queued.id}`, headers: admin.headers })).json();
    expect(run.state).toBe('cancelled');
    // Nothing was written after it was cancelled (the worker stopped at its next check), the
    // counts kept are what it wrote, and nothing was withdrawn.
    expect((await datasetsOf(source.id)).length).toBe(writtenWhenCancelled);
    expect(run.counts).toMatchObject({ created: writtenWhenCancelled, withdrawn: 0 });
    // Cancelling an ended run is a 409; an unknown run a 404; the source can run again.
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs/${queued.id}/cancel`, headers: admin.headers }), 409).type).toBe('/problems/run-not-active');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs/00000000-0000-4000-8000-000000000000/cancel`, headers: admin.headers }), 404);
    portal.set({ hold: undefined });
    const again = await runNow(source.id);
    expect(again).toMatchObject({ state: 'succeeded', counts: { created: 30 - run.counts.created } });
    const audit = await t.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'harvest_run.cancelled').where('entity_id', '=', source.id).execute();
    expect(audit.map((row) => row.details)).toEqual([{ runId: queued.id }]);
  });
});

/** Waits for a run to ask the portal for its second page (held there by the test) after request `from` (saving the source read it too). */
async function untilSecondPageAsked(portal: { requests: string[] }, from: number) {
  await vi.waitFor(
    () => {
      if (!portal.requests.slice(from).some((path) => /package_search\?.*[?&]start=10(&|$)/.test(path))) throw new Error('the second page is not asked for yet');
    },
    { timeout: 60_000, interval: 20 },
  );
}

describe('deleting a source (issue 14)', () => {
  it('deletes the source and its runs and keeps its datasets in the catalogue as its own', async () => {
    const portal = await startCkanPortal({ count: 5 });
    onTestFinished(() => portal.close());
    const source = await addSource({ name: 'To be deleted', kind: 'ckan', url: portal.url });
    await runNow(source.id);
    const ids = (await datasetsOf(source.id)).map((d) => d.source_identifier);
    expect(ids).toHaveLength(5);
    const datasetIds = (await t.db.kysely.selectFrom('datasets').select('id').where('source_id', '=', source.id).execute()).map((row) => row.id);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/harvest/sources/${source.id}`, headers: editor.headers }), 403);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/harvest/sources/${source.id}`, headers: admin.headers }), 204);
    expectProblem(await t.app.inject({ url: `/api/harvest/sources/${source.id}` }), 404);
    expect(await t.db.kysely.selectFrom('harvest_runs').select('id').where('source_id', '=', source.id).execute()).toEqual([]);
    const kept = await t.db.kysely.selectFrom('datasets').select(['id', 'state', 'source_id', 'source_identifier']).where('id', 'in', datasetIds).execute();
    expect(kept).toHaveLength(5);
    expect(kept.every((d) => d.state === 'active' && d.source_id === null && d.source_identifier === null)).toBe(true);
    const local = (await t.app.inject({ url: `/api/datasets?source=local&limit=100` })).json();
    expect(datasetIds.every((id) => local.items.some((item: { id: string }) => item.id === id))).toBe(true);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['details', 'actor_id']).where('action', '=', 'harvest_source.deleted').where('entity_id', '=', source.id).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ name: 'To be deleted', datasetsKept: 5, runsCancelled: [] });
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/harvest/sources/${source.id}`, headers: admin.headers }), 404);
  });

  it('cancels a run under way, which then writes nothing more', { timeout: 120_000 }, async () => {
    const portal = await startCkanPortal({ count: 30, maxRows: 10 });
    onTestFinished(() => portal.close());
    const source = await addSource({ name: 'Deleted while running', kind: 'ckan', url: portal.url });
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    portal.set({ hold: (path) => (/[?&]start=10(&|$)/.test(path) ? held : undefined) });
    const checked = portal.requests.length;
    const queued = expectStatus(await t.app.inject({ method: 'POST', url: `/api/harvest/sources/${source.id}/runs`, headers: admin.headers }), 202).json();
    await untilSecondPageAsked(portal, checked);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/harvest/sources/${source.id}`, headers: admin.headers }), 204);
    const countDatasets = async () => Number((await t.db.kysely.selectFrom('datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await countDatasets();
    letGo();
    await workerCaughtUp();
    // The second page, read after the deletion, wrote nothing: only the marker's one dataset came.
    expect(await countDatasets()).toBe(before + 1);
    const audit = await t.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'harvest_source.deleted').where('entity_id', '=', source.id).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ runsCancelled: [queued.id] });
    const keptCount = (audit.details as { datasetsKept: number }).datasetsKept;
    expect(keptCount).toBeLessThan(30);
  });
});

describe('run counts (issue 14)', () => {
  it('agree wherever they are shown: read = handled = new + changed + unchanged + failed, the same on the sources list, the source and the run', async () => {
    // Records that cannot be read as packages (no id, not an object, no title) are read and failed, like any bad record.
    const records = [ckanPackage(0), ckanPackage(1), { title: 'no id' }, 42, { ...ckanPackage(2), title: '', title_translated: {} }, ckanPackage(3)];
    const portal = await startCkanPortal({ records });
    onTestFinished(() => portal.close());
    const source = await addSource({ name: 'Counted', kind: 'ckan', url: portal.url });
    const run = await runNow(source.id);
    const { seen, created, updated, unchanged, failed } = run.counts;
    expect(run.counts).toMatchObject({ seen: 6, created: 4 - 1, failed: 3 });
    expect(seen).toBe(run.done);
    expect(seen).toBe(created + updated + unchanged + failed);
    const summary = (value: Record<string, unknown>) => ({ state: value.state, done: value.done, total: value.total, counts: value.counts, errorCount: value.errorCount });
    const fromList = (await t.app.inject({ url: '/api/harvest/sources?limit=100' })).json().items.find((item: { id: string }) => item.id === source.id).lastRun;
    const fromSource = (await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json().lastRun;
    const fromRuns = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs` })).json().items[0];
    const fromRun = (await t.app.inject({ url: `/api/harvest/sources/${source.id}/runs/${run.id}` })).json();
    expect([summary(fromList), summary(fromSource), summary(fromRuns)]).toEqual([summary(fromRun), summary(fromRun), summary(fromRun)]);
    expect((await t.app.inject({ url: `/api/harvest/sources/${source.id}` })).json().datasetCount).toBe(created);
  });
});
