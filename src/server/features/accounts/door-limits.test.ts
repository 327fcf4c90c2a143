import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { expectProblem, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * Log-in and registration have per-address limits of their own, 30 and 10 a minute
 * (docs/ARCHITECTURE.md, "Rate limiting"), on top of the global one, which the test
 * configuration turns off so that only these count here.
 */

let t: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  proxied = await startTestApp({ trustProxy: { hops: 1 } });
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

function expectLimited(response: LightMyRequestResponse, limit: string) {
  const problem = expectProblem(response, 429) as ReturnType<typeof expectProblem> & { retryAfter?: number };
  const seconds = Number(response.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(problem.retryAfter).toBe(seconds);
  expect(problem.detail).toContain(limit);
}

let n = 0;
const registration = () => ({ email: `door-${++n}@example.test`, password: 'a long enough password', displayName: `Door ${n}` });
const login = () => ({ email: `nobody-${++n}@example.test`, password: 'not the password' });

describe('the log-in door', () => {
  it('answers the 31st attempt in a minute from one address with 429 and Retry-After, and lets another address in', async () => {
    const from = '203.0.113.10';
    for (let i = 0; i < 30; i++) {
      expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: login(), remoteAddress: from }), 401);
    }
    expectLimited(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: login(), remoteAddress: from }), 'At most 30 log-in attempts a minute');
    // The limit is the address's: another one is answered on the merits.
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: login(), remoteAddress: '203.0.113.11' }), 401);
    // ...and registration from the limited address is its own door.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: registration(), remoteAddress: from })).statusCode).toBe(201);
  });
});

describe('the registration door', () => {
  it('answers the 11th registration in a minute from one address with 429 and Retry-After, creating no account, and lets another address register', async () => {
    const from = '203.0.113.20';
    for (let i = 0; i < 10; i++) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: registration(), remoteAddress: from });
      expect(response.statusCode, response.body).toBe(201);
    }
    const refused = registration();
    expectLimited(await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: refused, remoteAddress: from }), 'At most 10 registrations a minute');
    expect(await t.db.kysely.selectFrom('users').select('id').where('email', '=', refused.email).executeTakeFirst()).toBeUndefined();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: registration(), remoteAddress: '203.0.113.21' })).statusCode).toBe(201);
  });
});

describe('behind a trusted proxy', () => {
  it('counts each client the proxy names, not the proxy', async () => {
    const proxy = '10.0.0.2';
    const via = (client: string, payload: object) => ({ method: 'POST' as const, url: '/api/auth/register', payload, remoteAddress: proxy, headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 10; i++) expect((await proxied.app.inject(via('198.51.100.30', registration()))).statusCode).toBe(201);
    expectLimited(await proxied.app.inject(via('198.51.100.30', registration())), 'At most 10 registrations a minute');
    // The same proxy, another client: not limited. A client writing another address on the left does not escape.
    expect((await proxied.app.inject(via('198.51.100.31', registration()))).statusCode).toBe(201);
    expectLimited(await proxied.app.inject(via('192.0.2.99, 198.51.100.30', registration())), 'At most 10 registrations a minute');
  });
});
