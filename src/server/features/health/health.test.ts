import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  // On either database: the app's database is closed under it. A PostgreSQL outage the server
  // recovers from is in health.pg.test.ts (PGlite lives in the process: closed, it is gone).
  it('answers 503 while the database does not answer', async () => {
    const gone = await startTestApp();
    try {
      expect((await gone.app.inject({ url: '/api/health' })).statusCode).toBe(200);
      await gone.db.close();
      const response = await gone.app.inject({ url: '/api/health' });
      expect(expectProblem(response, 503)).toMatchObject({ type: '/problems/database-unavailable', database: TEST_DB });
    } finally {
      await gone.close();
    }
  });
});
