import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, login, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What only PostgreSQL can show: a second connection holding a transaction open while a request
 * runs (PGlite runs one transaction at a time, so there is no "beside" there). The api-postgres
 * project alone runs *.pg.test.ts files.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('API tokens beside a password change', () => {
  it('lets no token be made beside a password change that is ending the session', async () => {
    const user = await createUser(t.db);
    const thief = await login(t.app, user.email);
    await t.db.withClient(async (client) => {
      await client.query('begin');
      try {
        // The password change's first steps, held open: the user's row updated, the sessions ended.
        await client.query('update users set updated_at = now() where id = $1', [user.id]);
        await client.query('delete from sessions where user_id = $1', [user.id]);
        const minting = t.app.inject({ method: 'POST', url: '/api/tokens', headers: thief.headers, payload: { name: 'kept', scopes: ['read'] } });
        let answered = false;
        void minting.then(() => (answered = true));
        // Until the request waits for the user's row, or answers without waiting.
        const deadline = Date.now() + 10_000;
        for (;;) {
          const waiting = await t.db.kysely
            .selectFrom(sql<{ n: number }>`(select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock')`.as('w'))
            .select('n')
            .executeTakeFirstOrThrow();
          if (waiting.n > 0 || answered || Date.now() > deadline) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(answered).toBe(false);
        await client.query('commit');
        expect(expectProblem(await minting, 401).type).toBe('/problems/session-expired');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    });
    expect(await t.db.kysely.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });
});
