import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { interruptCli, makeTarget, type Target } from '../../test/processes.ts';
import { LOOPBACK } from '../../lib/addresses.ts';
import type { Database } from '../../db/connection.ts';
import type { Cube } from './cube.ts';
import type { ReadItem, ReadSource } from './statistics.engine.ts';
import { claimAndRun } from './statistics.service.ts';
import * as repo from './statistics.repository.ts';
import { smallCube } from './test/cubes.ts';
import { documentOf, startDocumentServer } from './test/documentServer.ts';
import { signal } from '../../test/fakeServer.ts';

/**
 * Statistics runs are jobs on the machinery of `lib/jobs`, in their own tables (stat_runs,
 * stat_errors), as harvest runs are in theirs (harvest/leases.test.ts): a worker that lost its
 * lease stores no table more; a run started three times without finishing is given up; Ctrl-C on
 * the command line puts its run back in the queue. The readers wait on promises the tests settle,
 * never on timers; time is moved by updating the run's row.
 */

const settings = { timeoutMs: 10_000, retries: 0, backoffMs: 10, allowedNetworks: LOOPBACK };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const tableItem = (cube: Cube): ReadItem => ({ type: 'table', cube, requests: [{ method: 'GET', url: `https://stat.example.test/${cube.id}` }], notes: [] });

/** Reads the tables in order; before the one at `holdAt` it says so and waits for `release`. */
function heldReader(cubes: Cube[], hold?: { at: number; reached: () => void; release: Promise<void> }): ReadSource {
  return async function* () {
    for (const [index, cube] of cubes.entries()) {
      if (hold && index === hold.at) {
        hold.reached();
        await hold.release;
      }
      yield tableItem(cube);
    }
  };
}

async function sourceFor(db: Database, name: string) {
  return repo.insertSource(db.kysely, { name, kind: 'pxweb', url: `https://stat.example.test/${encodeURIComponent(name)}`, schedule: 'manual', enabled: true });
}
const runRow = (db: Database, id: string) => db.kysely.selectFrom('stat_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const vintagesOf = (db: Database, sourceId: string) =>
  db.kysely
    .selectFrom('stat_vintages as v')
    .innerJoin('stat_tables as t', 't.id', 'v.table_id')
    .select(['t.external_id', 'v.id', 'v.content_hash', 'v.run_id'])
    .where('t.source_id', '=', sourceId)
    .orderBy('t.external_id')
    .orderBy('v.retrieved_at')
    .execute();

describe('a worker that lost its lease', () => {
  it('stores no table after another worker took the run over, and the run is completed once, by the new holder', async () => {
    const first = smallCube({ id: 'first' });
    const second = smallCube({ id: 'second' });
    const held = signal();
    const release = signal();
    const source = await sourceFor(t.db, 'Lost lease');
    const queued = (await repo.queueRun(t.db.kysely, source.id, 'manual', null))!;

    // The first worker stores the first table, then waits before the second.
    const firstWorker = claimAndRun(t.db.kysely, settings, queued.id, { read: heldReader([first, second], { at: 1, reached: held.fire, release: release.fired }) });
    await held.fired;
    expect((await vintagesOf(t.db, source.id)).map((v) => v.external_id)).toEqual(['first']);
    expect((await runRow(t.db, queued.id)).attempts).toBe(1);

    // It goes silent past its lease; a second worker takes the run and completes it.
    await t.db.kysely.updateTable('stat_runs').set({ lease_until: sql<Date>`now() - interval '1 second'` as unknown as Date }).where('id', '=', queued.id).execute();
    const secondWorker = await claimAndRun(t.db.kysely, settings, queued.id, { read: heldReader([first, second]) });
    expect(secondWorker?.outcome).toMatchObject({ state: 'succeeded', progress: { seen: 2, created: 1, unchanged: 1, failed: 0, cells: 36 } });
    const completed = await runRow(t.db, queued.id);
    expect(completed).toMatchObject({ state: 'succeeded', attempts: 2, lease_until: null, created: 1, unchanged: 1, cells: 36, message: null });
    const stored = await vintagesOf(t.db, source.id);
    expect(stored.map((v) => v.external_id)).toEqual(['first', 'second']);

    // The first worker now reads its second table, with other figures: it must not land.
    const revised = smallCube({ id: 'second', figure: (cell) => cell });
    second.values.set(revised.values);
    release.fire();
    expect((await firstWorker)?.outcome).toMatchObject({ state: 'partial', message: 'Another worker took this run over.' });
    expect(await vintagesOf(t.db, source.id)).toEqual(stored);
    expect(await runRow(t.db, queued.id)).toEqual(completed);
  });
});

describe('a run whose starts all died', () => {
  async function staleRun(name: string, attempts: number) {
    const source = await sourceFor(t.db, name);
    const run = (await repo.queueRun(t.db.kysely, source.id, 'manual', null))!;
    await t.db.kysely
      .updateTable('stat_runs')
      .set({ state: 'running', started_at: sql<Date>`now() - interval '10 minutes'` as unknown as Date, lease_until: sql<Date>`now() - interval '1 minute'` as unknown as Date, attempts })
      .where('id', '=', run.id)
      .execute();
    return run;
  }

  it('is given up after three starts, saying why, and not started a fourth time', async () => {
    let reads = 0;
    const read: ReadSource = async function* () {
      reads += 1;
      yield tableItem(smallCube());
    };
    const run = await staleRun('Started three times', 3);
    const result = await claimAndRun(t.db.kysely, settings, run.id, { read });
    expect(result?.outcome).toMatchObject({ state: 'failed', message: 'The import was given up after 3 starts.' });
    expect(await runRow(t.db, run.id)).toMatchObject({ state: 'failed', lease_until: null, message: 'The import was given up after 3 starts.', message_code: 'given-up', created: 0 });
    expect(reads).toBe(0);
    expect(await vintagesOf(t.db, run.source_id)).toEqual([]);
    expect(await claimAndRun(t.db.kysely, settings, run.id, { read })).toBeNull();
    expect(reads).toBe(0);
  });

  it('is started a third time after two', async () => {
    const run = await staleRun('Started twice', 2);
    const result = await claimAndRun(t.db.kysely, settings, run.id, { read: heldReader([smallCube()]) });
    expect(result?.outcome).toMatchObject({ state: 'succeeded', progress: { created: 1 } });
    expect(await runRow(t.db, run.id)).toMatchObject({ state: 'succeeded', attempts: 3 });
  });
});

describe('Ctrl-C on `talsinki stats import`', () => {
  let target: Target;
  beforeAll(async () => {
    target = await makeTarget('talsinki-stats-sigint-');
  });
  afterAll(() => target?.dispose());

  it('puts the run back in the queue, lease cleared, and a worker then carries it out', { timeout: 120_000 }, async () => {
    const asked = signal();
    const release = signal();
    const site = await startDocumentServer({ '/population.json': documentOf(smallCube()) });
    site.set({ hold: (_path, hit) => (hit === 1 ? (asked.fire(), release.fired) : undefined) });
    try {
      // Interrupted once it has claimed its run and is waiting for the site's first answer.
      const { code, output } = await interruptCli(['stats', 'import', 'jsonstat', `${site.url}/population.json`, '--table', 'population'], { ...target.env, TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.1/32', TALSINKI_HARVEST_RETRIES: '0' }, asked.fired);
      expect(code, output).toBe(0);
      expect(output).toMatch(/Stopped with the server; queued again\./);
      release.fire();

      await target.withDb(async (db) => {
        const [run] = await db.kysely.selectFrom('stat_runs').selectAll().execute();
        expect(run).toMatchObject({ state: 'queued', lease_until: null, trigger: 'command', attempts: 0 });
        const result = await claimAndRun(db.kysely, settings);
        expect(result?.run.id).toBe(run.id);
        expect(result?.outcome).toMatchObject({ state: 'succeeded', progress: { created: 1, requests: 1 } });
        expect(await runRow(db, run.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      });
    } finally {
      await site.close();
    }
  });
});
