import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { createTestDatabase, createUser, expectProblem, PASSWORD, testConfig, type TestDatabase } from '../test/harness.ts';

// One database; an app per proxy setting on it.
let database: TestDatabase;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.drop();
});

interface TestApp {
  app: FastifyInstance;
  db: TestDatabase['db'];
}

async function appWith(overrides: Partial<Config>): Promise<TestApp> {
  const app = await buildApp({ config: testConfig(overrides), db: database.db });
  apps.push(app);
  await app.ready();
  return { app, db: database.db };
}

/** The client address a failed log-in is counted against (the per-address log-in limit's key). */
async function failedLoginAddress(t: TestApp, remoteAddress: string, forwardedFor?: string): Promise<string> {
  const email = `nobody-${Math.random().toString(36).slice(2)}@example.test`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    payload: { email, password: 'not the password' },
  });
  expectProblem(response, 401);
  const row = await t.db.kysely.selectFrom('login_failures').select('ip').where('email', '=', email).executeTakeFirstOrThrow();
  return row.ip;
}

describe('TALSINKI_TRUST_PROXY=1: one reverse proxy in front', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ trustProxy: { hops: 1 }, rateLimitPerMinute: 3 });
  });

  it('takes the address the proxy saw (the right-most entry), never the ones the client wrote on the left', async () => {
    expect(await failedLoginAddress(t, '10.0.0.2', '198.51.100.66, 203.0.113.5')).toBe('203.0.113.5');
    expect(await failedLoginAddress(t, '127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await failedLoginAddress(t, '::ffff:172.17.0.1', '1.2.3.4,203.0.113.8')).toBe('203.0.113.8');
  });

  it('keeps counting one client against its limit however it varies the left-most entry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await t.app.inject({ url: '/api/site', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': `198.51.100.${i + 1}, 203.0.113.20` } });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await t.app.inject({ url: '/api/site', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.21' } });
    expect(other.statusCode).toBe(200);
  });

  it('ignores forwarding headers from a client that reaches the server directly from a public address', async () => {
    expect(await failedLoginAddress(t, '198.51.100.9', '10.1.1.1')).toBe('198.51.100.9');
    const user = await createUser(t.db);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.10',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.30' },
      payload: { email: user.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.cookies.find((c) => c.name === 'talsinki_session')?.secure).toBeFalsy();
  });
});

describe('TALSINKI_TRUST_PROXY with hops or the proxies named', () => {
  it('walks back as many hops as configured', async () => {
    const t = await appWith({ trustProxy: { hops: 2 } });
    expect(await failedLoginAddress(t, '10.0.0.2', '198.51.100.66, 203.0.113.5, 10.9.9.9')).toBe('203.0.113.5');
  });

  it('trusts only the proxies named, on the socket and in the chain', async () => {
    const t = await appWith({ trustProxy: { networks: ['10.0.0.0/8', '2001:db8::/32'] } });
    expect(await failedLoginAddress(t, '10.0.0.2', '198.51.100.66, 203.0.113.5, 10.0.0.3')).toBe('203.0.113.5');
    expect(await failedLoginAddress(t, '2001:db8::1', '198.51.100.66, 203.0.113.6')).toBe('203.0.113.6');
    // Loopback is not named here: a process on this host is a client like any other.
    expect(await failedLoginAddress(t, '127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
  });

  it('uses the socket address and nothing else when no proxy is trusted', async () => {
    const t = await appWith({});
    expect(await failedLoginAddress(t, '10.0.0.2', '203.0.113.5')).toBe('10.0.0.2');
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent over HTTPS as a trusted proxy saw it, never over plain HTTP', async () => {
    const t = await appWith({ trustProxy: { hops: 1 } });
    const hsts = async (remoteAddress: string, headers: Record<string, string>) =>
      (await t.app.inject({ url: '/api/health', remoteAddress, headers })).headers['strict-transport-security'];
    expect(await hsts('10.0.0.2', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' })).toBe('max-age=31536000; includeSubDomains');
    expect(await hsts('10.0.0.2', { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.5' })).toBeUndefined();
    expect(await hsts('10.0.0.2', {})).toBeUndefined();
    // A client that reaches the server directly cannot claim HTTPS.
    expect(await hsts('198.51.100.10', { 'x-forwarded-proto': 'https' })).toBeUndefined();
    const other = (await t.app.inject({ url: '/api/health', remoteAddress: '10.0.0.2' })).headers;
    expect(other['content-security-policy']).toContain("default-src 'self'");
  });

  it('is not sent over plain HTTP when no proxy is trusted', async () => {
    const t = await appWith({});
    const response = await t.app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
