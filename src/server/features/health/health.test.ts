import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { expectProblem, startTestApp, TEST_DB, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('GET /api/health', () => {
  it('says ok and names the database it runs on', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: TEST_DB });
  });

  it('answers 503 while the database does not answer, and recovers after', async () => {
    const outage = await startOutage(t);
    try {
      const response = await t.app.inject({ url: '/api/health' });
      expect(expectProblem(response, 503)).toMatchObject({ type: '/problems/database-unavailable', database: TEST_DB });
    } finally {
      await outage.end();
    }
    if (TEST_DB === 'postgres') expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

/**
 * A real outage: on PostgreSQL the test database stops accepting connections and the
 * existing ones are killed; PGlite, living in the process, is shut down.
 */
async function startOutage(test: TestApp) {
  if (TEST_DB === 'pglite') {
    await test.db.close();
    return { end: async () => {} };
  }
  const url = new URL(test.database.url!);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`alter database ${name} allow_connections false`);
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  return {
    end: async () => {
      await admin.query(`alter database ${name} allow_connections true`);
      await admin.end();
    },
  };
}
