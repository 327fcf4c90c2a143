import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * A real PostgreSQL outage, and the recovery after it: the test database stops accepting
 * connections and the existing ones are killed, then it accepts them again. Only the
 * api-postgres project runs *.pg.test.ts files.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('GET /api/health on PostgreSQL', () => {
  it('answers 503 while the database refuses connections, and 200 again once it accepts them', async () => {
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    const url = new URL(t.database.url!);
    const name = url.pathname.slice(1);
    url.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} allow_connections false`);
      const { rows } = await admin.query<{ killed: boolean }>('select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      // The app's pooled connections were there to be killed: the outage reaches it.
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.killed)).toBe(true);
      for (let i = 0; i < 2; i++) {
        const response = await t.app.inject({ url: '/api/health' });
        expect(expectProblem(response, 503)).toMatchObject({ type: '/problems/database-unavailable', database: 'postgres' });
      }
    } finally {
      await admin.query(`alter database ${name} allow_connections true`);
      await admin.end();
    }
    const recovered = await t.app.inject({ url: '/api/health' });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toEqual({ status: 'ok', database: 'postgres' });
  });
});
