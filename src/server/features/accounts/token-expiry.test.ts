import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectProblem, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * An API token past its expiry is refused by every kind of use: a Bearer read, a Bearer write, and
 * Open311's `api_key`; one just before its expiry works. Time is moved by updating the row.
 */

let t: TestApp;
let owner: { user: { id: string; displayName: string }; session: Session };
beforeAll(async () => {
  t = await startTestApp();
  owner = await loginAs(t, 'member');
});
afterAll(() => t?.close());

async function makeToken() {
  const response = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.session.headers, payload: { name: `expiring ${Math.random()}`, scopes: ['read', 'write'], expiresInDays: 30 } });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { id: string; token: string };
  return body;
}

/** Sets the token's expiry `seconds` from the database's now (negative: in the past). */
async function expireIn(id: string, seconds: number) {
  await t.db.kysely
    .updateTable('api_tokens')
    .set({ expires_at: sql<Date>`now() + make_interval(secs => ${seconds})` as unknown as Date })
    .where('id', '=', id)
    .execute();
}

let address = 0;
const uses = {
  read: (token: string) => t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } }),
  write: (token: string, name: string) => t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: `Bearer ${token}` }, payload: { displayName: name } }),
  open311: (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      remoteAddress: `198.51.100.${++address}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ service_code: 'mobility', description: 'The night bus from the harbour leaves before the last ferry arrives.', lat: '60.1675', long: '24.9567', api_key: token }).toString(),
    }),
};
const displayName = async () => (await t.db.kysely.selectFrom('users').select('display_name').where('id', '=', owner.user.id).executeTakeFirstOrThrow()).display_name;
const reportsBy = async () => (await t.db.kysely.selectFrom('bottlenecks').select('id').where('reporter_id', '=', owner.user.id).execute()).length;

describe('API token expiry', () => {
  it('works a minute before its expiry, for reads, writes and Open311', async () => {
    const { id, token } = await makeToken();
    await expireIn(id, 60);
    const read = await uses.read(token);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().id).toBe(owner.user.id);
    const write = await uses.write(token, 'Written before expiry');
    expect(write.statusCode, write.body).toBe(200);
    expect(await displayName()).toBe('Written before expiry');
    const before = await reportsBy();
    const filed = await uses.open311(token);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(await reportsBy()).toBe(before + 1);
  });

  it('is refused once past its expiry, by a read, a write and Open311, changing nothing', async () => {
    const { id, token } = await makeToken();
    expect((await uses.read(token)).statusCode).toBe(200);
    await expireIn(id, -1);

    expect(expectProblem(await uses.read(token), 401).type).toBe('/problems/invalid-token');
    const name = await displayName();
    expect(expectProblem(await uses.write(token, 'Written after expiry'), 401).type).toBe('/problems/invalid-token');
    expect(await displayName()).toBe(name);
    // Open311 answers in GeoReport's error format; an api_key that is no live token is a 403 there
    // (docs/ARCHITECTURE.md, "CSRF"), and nothing is filed, anonymously or otherwise.
    const reports = (await t.db.kysely.selectFrom('bottlenecks').select('id').execute()).length;
    const filed = await uses.open311(token);
    expect(filed.statusCode, filed.body).toBe(403);
    expect(filed.json()).toEqual([{ code: 403, description: expect.stringContaining('expired') }]);
    // The same token as a Bearer header on Open311's intake is a 401.
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      remoteAddress: `198.51.100.${++address}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      payload: new URLSearchParams({ service_code: 'mobility', description: 'The night bus from the harbour leaves before the last ferry arrives.', lat: '60.1675', long: '24.9567' }).toString(),
    });
    expect(bearer.statusCode, bearer.body).toBe(401);
    expect((await t.db.kysely.selectFrom('bottlenecks').select('id').execute()).length).toBe(reports);
  });
});
