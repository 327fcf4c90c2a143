import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { interruptCli, makeTarget, type Target } from '../../test/processes.ts';
import { LOOPBACK } from '../../lib/addresses.ts';
import type { Database } from '../../db/connection.ts';
import { claimAndRun } from './harvest.service.ts';
import * as repo from './harvest.repository.ts';
import { ckanPackage, startCkanPortal, type CkanPortalOptions, type Portal } from './test/portals.ts';
import { signal } from '../../test/fakeServer.ts';

/**
 * Harvest runs as jobs (docs/ARCHITECTURE.md, "Harvest runs are jobs in PostgreSQL"): a worker
 * that lost its lease writes nothing more; a run started three times without finishing is given
 * up; Ctrl-C on the command line puts its run back in the queue. The portals wait on promises
 * the tests resolve, never on timers; time is moved by updating the run's row.
 */

const settings = { timeoutMs: 10_000, retries: 0, backoffMs: 10, allowedNetworks: LOOPBACK };
const PAGE = 10;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function sourceFor(db: Database, portal: Portal<CkanPortalOptions>, name: string) {
  return repo.insertSource(db.kysely, { name, kind: 'ckan', url: portal.url, schedule: 'manual', enabled: true });
}
const runRow = (db: Database, id: string) => db.kysely.selectFrom('harvest_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const datasetsOf = (db: Database, sourceId: string) =>
  db.kysely.selectFrom('datasets').select(['source_identifier', 'title', 'state']).where('source_id', '=', sourceId).orderBy('source_identifier').execute();

/** Asks again, on each turn of the event loop, until `done`; for what another task is doing right now. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a worker that lost its lease', () => {
  it('writes no dataset after another worker took the run over, and the run is completed once, by the new holder', async () => {
    const records = Array.from({ length: 2 * PAGE }, (_, i) => ckanPackage(i));
    const secondPage = `start=${PAGE}`;
    const firstHeld = signal();
    const releaseFirst = signal();
    const portal = await startCkanPortal({
      records,
      maxRows: PAGE,
      // The first worker's request for the second page waits until the test lets it go.
      hold: (path, hit) => (path.includes(secondPage) && hit === 1 ? (firstHeld.fire(), releaseFirst.fired) : undefined),
    });
    try {
      const source = await sourceFor(t.db, portal, 'Lost lease');
      const queued = (await repo.queueRun(t.db.kysely, source.id, 'manual', null))!;

      const first = claimAndRun(t.db.kysely, settings, queued.id);
      await firstHeld.fired;
      await until('first page written', () => datasetsOf(t.db, source.id), (rows) => rows.length === PAGE);
      expect((await runRow(t.db, queued.id)).attempts).toBe(1);

      // The first worker goes silent past its lease; a second one takes the run and completes it.
      await t.db.kysely.updateTable('harvest_runs').set({ lease_until: sql<Date>`now() - interval '1 second'` as unknown as Date }).where('id', '=', queued.id).execute();
      const second = await claimAndRun(t.db.kysely, settings, queued.id);
      expect(second?.outcome).toMatchObject({ state: 'succeeded', progress: { seen: 2 * PAGE, created: PAGE, unchanged: PAGE, failed: 0 } });
      const completed = await runRow(t.db, queued.id);
      expect(completed).toMatchObject({ state: 'succeeded', attempts: 2, lease_until: null, created: PAGE, unchanged: PAGE, message: null });
      const written = await datasetsOf(t.db, source.id);
      expect(written).toHaveLength(2 * PAGE);

      // The source changes every record; the first worker now reads its second page, changed.
      portal.set({ records: records.map((record, i) => ckanPackage(i, { title: `Changed ${i}`, title_translated: { fi: `Muutettu ${i}`, en: `Changed ${i}` } })) });
      releaseFirst.fire();
      const firstResult = await first;
      expect(firstResult?.outcome).toMatchObject({ state: 'partial', message: 'Another worker took this run over.' });

      // Nothing of the first worker's after it lost the lease: datasets as the second left them, and its run record too.
      expect(await datasetsOf(t.db, source.id)).toEqual(written);
      expect(await runRow(t.db, queued.id)).toEqual(completed);
      expect(portal.requests.filter((path) => path.includes(secondPage))).toHaveLength(2);
    } finally {
      await portal.close();
    }
  });
});

describe('a run whose starts all died', () => {
  async function staleRun(portal: Portal<CkanPortalOptions>, name: string, attempts: number) {
    const source = await sourceFor(t.db, portal, name);
    const run = (await repo.queueRun(t.db.kysely, source.id, 'manual', null))!;
    await t.db.kysely
      .updateTable('harvest_runs')
      .set({ state: 'running', started_at: sql<Date>`now() - interval '10 minutes'` as unknown as Date, lease_until: sql<Date>`now() - interval '1 minute'` as unknown as Date, attempts })
      .where('id', '=', run.id)
      .execute();
    return run;
  }

  it('is given up after three starts, saying why, and not started a fourth time', async () => {
    const portal = await startCkanPortal({ count: 5 });
    try {
      const run = await staleRun(portal, 'Started three times', 3);
      const result = await claimAndRun(t.db.kysely, settings, run.id);
      expect(result?.outcome).toMatchObject({ state: 'failed', message: 'Given up after 3 starts that did not finish.' });
      expect(await runRow(t.db, run.id)).toMatchObject({ state: 'failed', lease_until: null, message: 'Given up after 3 starts that did not finish.', created: 0 });
      expect((await runRow(t.db, run.id)).finished_at).not.toBeNull();
      expect(portal.requests).toEqual([]);
      expect(await datasetsOf(t.db, run.source_id)).toEqual([]);
      // No worker takes it again.
      expect(await claimAndRun(t.db.kysely, settings, run.id)).toBeNull();
      expect(portal.requests).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('is started a third time after two', async () => {
    const portal = await startCkanPortal({ count: 5 });
    try {
      const run = await staleRun(portal, 'Started twice', 2);
      const result = await claimAndRun(t.db.kysely, settings, run.id);
      expect(result?.outcome).toMatchObject({ state: 'succeeded', progress: { created: 5 } });
      expect(await runRow(t.db, run.id)).toMatchObject({ state: 'succeeded', attempts: 3 });
    } finally {
      await portal.close();
    }
  });
});

describe('Ctrl-C on `talsinki harvest run`', () => {
  let target: Target;
  beforeAll(async () => {
    target = await makeTarget('talsinki-sigint-');
  });
  afterAll(() => target?.dispose());

  it('puts the run back in the queue, lease cleared, and a worker then carries it out', { timeout: 120_000 }, async () => {
    const asked = signal();
    const release = signal();
    const portal = await startCkanPortal({ count: 7, hold: (_path, hit) => (hit === 1 ? (asked.fire(), release.fired) : undefined) });
    try {
      // Interrupted once it has claimed its run and is waiting for the portal's first answer.
      const { code, output } = await interruptCli(['harvest', 'run', 'ckan', portal.url], { ...target.env, TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.1/32', TALSINKI_HARVEST_RETRIES: '0' }, asked.fired);
      expect(code, output).toBe(0);
      expect(output).toMatch(/Stopped with the server; queued again\./);
      release.fire();

      await target.withDb(async (db) => {
        const [run] = await db.kysely.selectFrom('harvest_runs').selectAll().execute();
        expect(run).toMatchObject({ state: 'queued', lease_until: null, trigger: 'command', attempts: 0 });
        // A worker takes it from the queue and carries it out.
        const result = await claimAndRun(db.kysely, settings);
        expect(result?.run.id).toBe(run.id);
        expect(result?.outcome).toMatchObject({ state: 'succeeded', progress: { created: 7 } });
        expect(await runRow(db, run.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      });
    } finally {
      await portal.close();
    }
  });
});
