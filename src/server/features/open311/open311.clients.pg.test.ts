import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What only PostgreSQL can show: an application's key filing reports at once, each request on its
 * own connection (PGlite runs one transaction at a time, so nothing happens at once there). The
 * api-postgres project alone runs *.pg.test.ts files.
 */

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

const LIMIT = 4;

describe("an Open311 client key's daily limit under reports at once", () => {
  it('lets exactly the limit through when many reports of one key arrive together, and at limit-1 exactly one of two', async () => {
    const admin = (await loginAs(t, 'admin')).session;
    const owner = await loginAs(t, 'member');
    const key = async (name: string) => {
      const made = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.session.headers, payload: { name, scopes: ['read', 'write'] } })).json();
      expect((await t.app.inject({ method: 'PUT', url: `/api/open311/clients/${made.id}`, headers: admin.headers, payload: { reportsPerDay: LIMIT } })).statusCode).toBe(200);
      return made as { id: string; token: string };
    };
    const file = (token: string, n: number) =>
      fetch(`${base}/open311/v2/requests.json`, {
        method: 'POST',
        body: new URLSearchParams({ api_key: token, service_code: 'mobility', description: `Relayed report number ${n} of a burst.`, address_string: 'Tallinn' }),
      }).then(async (response) => ({ status: response.status, body: await response.text() }));
    const stored = async (id: string) => Number((await t.db.kysely.selectFrom('open311_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('token_id', '=', id).executeTakeFirstOrThrow()).n);

    const burst = await key('burst app');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => file(burst.token, n)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, answers.map((a) => a.body).join('\n')).toEqual([...Array(LIMIT).fill(201), ...Array(12 - LIMIT).fill(429)]);
    expect(await stored(burst.id)).toBe(LIMIT);

    // The case of the report: at limit-1, two at once.
    const edge = await key('edge app');
    for (let n = 0; n < LIMIT - 1; n++) expect((await file(edge.token, n)).status).toBe(201);
    const pair = await Promise.all([file(edge.token, 100), file(edge.token, 101)]);
    expect(pair.map((a) => a.status).sort()).toEqual([201, 429]);
    expect(await stored(edge.id)).toBe(LIMIT);
  });
});
