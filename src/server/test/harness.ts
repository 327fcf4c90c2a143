import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, prepareDatabase } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { openPglite, openPostgres, type Database } from '../db/connection.ts';
import type { Role } from '../../shared/roles.ts';
import { registerUser } from '../features/accounts/accounts.service.ts';
import { LOOPBACK } from '../lib/addresses.ts';

export type TestDbKind = 'pglite' | 'postgres';
export const TEST_DB: TestDbKind = process.env.TALSINKI_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Database;
  /** Superuser URL of this test's own database (PostgreSQL only). */
  url?: string;
  drop(): Promise<void>;
}

let snapshot: Blob | undefined;
/** The run's migrated embedded database (pglite-global-setup.ts), read once per test file. */
function pgliteSnapshot(): Blob {
  snapshot ??= new Blob([fs.readFileSync(inject('pgliteSnapshot'))]);
  return snapshot;
}

/**
 * An embedded database's folder at `dataDir`, migrated and seeded as the run's snapshot: what a
 * spawned `talsinki` finds after its first start, without the initdb and migrations that start
 * costs (about 6 s a folder).
 */
export async function writeMigratedPgliteFolder(dataDir: string): Promise<void> {
  const db = await openPglite(dataDir, undefined, pgliteSnapshot());
  await db.close();
}

/**
 * A fresh, migrated database: in-memory PGlite, or a new database on the test cluster. Each
 * starts as a copy of one the run's global set-up migrated and seeded (initdb and the migrations
 * once, not per test database); `prepareDatabase` then runs as at every server start, a no-op
 * unless a migration or seed changed since that copy was made (a watch-mode run).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'pglite') {
    const db = await openPglite(undefined, undefined, pgliteSnapshot());
    await prepareDatabase(db);
    return { db, drop: () => db.close() };
  }
  const clusterUrl = inject('pgUrl');
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await prepareDatabase(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: clusterUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), demo: false, rateLimitPerMinute: 0, webDir: '/nonexistent', harvestWorker: false, statisticsWorker: false, harvestAllowedNetworks: [...LOOPBACK], checkResponses: true, ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({ config: testConfig(overrides), db: database.db });
  await app.ready();
  return {
    app,
    db: database.db,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

let counter = 0;
export const PASSWORD = 'correct horse battery staple';

/** Creates an account directly (not through HTTP) so tests are not throttled by the log-in limits. */
export async function createUser(db: Database, role: Role = 'member', email = `user${++counter}-${randomUUID().slice(0, 8)}@example.test`) {
  return registerUser(db.kysely, { email, password: PASSWORD, displayName: `Test ${role} ${counter}` }, role);
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
  userId: string;
}

/** Logs in over HTTP and returns the cookie and CSRF header for later requests. */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: `10.9.${counter % 250}.${++counter % 250}` });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response);
  const body = response.json();
  return { cookie, csrf: body.csrfToken, userId: body.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

export async function loginAs(test: TestApp, role: Role) {
  const user = await createUser(test.db, role);
  return { user, session: await login(test.app, user.email) };
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'talsinki_session');
  if (!cookie) throw new Error('no session cookie');
  return `talsinki_session=${cookie.value}`;
}

export function expectProblem(response: LightMyRequestResponse, status: number) {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${response.headers['content-type']}`);
  }
  const body = response.json();
  if (body.status !== status || typeof body.title !== 'string' || typeof body.type !== 'string') {
    throw new Error(`not a problem document: ${response.body}`);
  }
  return body as { type: string; code: string; title: string; status: number; detail?: string; errors?: { path: string; message: string }[] };
}

/**
 * The response, after checking its status: a set-up whose write failed says so there, instead of
 * as a misleading failure in a later test.
 */
export function expectStatus(response: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode} for ${response.raw.req.method} ${response.raw.req.url}: ${response.body.slice(0, 2000)}`);
  }
  return response;
}

export type { InjectOptions };
