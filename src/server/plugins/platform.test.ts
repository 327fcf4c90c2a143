import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { expectProblem, startTestApp, type TestApp } from '../test/harness.ts';
import { documentedPath } from '../test/routes.ts';
import { registerProblems } from './problems.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('OpenAPI', () => {
  it('documents every route with its request and response schemas, from the same schemas that validate', async () => {
    const response = await t.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/auth/login'].post;
    const body = login.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['email', 'password']);
    expect(body.additionalProperties).toBe(false);
    expect(login.responses['200'].content['application/json'].schema.properties.csrfToken).toBeTruthy();
  });

  it('documents every registered route, method by method, but the few kept out on purpose', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: object }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    // Fastify's `:id` is OpenAPI's `{id}`. Swagger UI's own pages and files (/api/docs…) are the docs, not the API.
    // A preflight (OPTIONS) route is CORS's, added for each open read (plugins/cors.ts, tested there), not an operation.
    const registered = t.app.registeredRoutes
      .map((route) => `${route.method} ${documentedPath(route.url)}`)
      .filter((route) => !/^\w+ \/api\/docs(\/|$)/.test(route) && !route.startsWith('OPTIONS '));
    const hidden = { 'GET /api/openapi.json': 'the document itself' };
    expect(registered.filter((route) => !documented.includes(route)).sort()).toEqual(Object.keys(hidden).sort());
    expect(documented.filter((route) => !registered.includes(route))).toEqual([]);
    expect(documented.length).toBe(registered.length - Object.keys(hidden).length);
    for (const [path, operations] of Object.entries(doc.paths)) for (const [method, operation] of Object.entries(operations)) expect(operation.responses, `${method} ${path}`).toBeTruthy();
  });

  it('serves browsable docs at /api/docs', async () => {
    const response = await t.app.inject({ url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the usual hardening headers: on the API, the app shell, a deep link and the docs', async () => {
    for (const url of ['/api/health', '/', '/datasets', '/bottlenecks/BN-2026-0001', '/api/docs/', '/api/openapi.json']) {
      const response = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      const directives = Object.fromEntries(
        String(response.headers['content-security-policy']).split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(directives, url).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self'", 'object-src': "'none'", 'frame-ancestors': "'none'", 'base-uri': "'self'" });
      expect(String(response.headers['content-security-policy']), url).not.toMatch(/unsafe-(inline|eval)/);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });
});

describe('unknown addresses', () => {
  it('answers an unknown API path with a 404 problem', async () => {
    expect(expectProblem(await t.app.inject({ url: '/api/no-such-thing' }), 404).type).toBe('/problems/not-found');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/no-such-thing', payload: {} }), 404);
  });

  it('answers a wrong method on a known path with a problem', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/api/health' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After once a client passes the limit', async () => {
    const limited = await startTestApp({ rateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await limited.app.inject({ url: '/api/site', remoteAddress: '198.51.100.7' });
        statuses.push(last.statusCode);
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      // The detail states the window as a window and the time really left as such, as Retry-After does.
      const problem = expectProblem(last!, 429);
      const retryAfter = Number(last!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(problem.detail).toMatch(/^At most 5 requests a minute from one address; try again in (\d+ seconds?|1 minute)\.$/);
      const other = await limited.app.inject({ url: '/api/site', remoteAddress: '198.51.100.8' });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("does not count the web app's hashed files, which a cold page needs by the dozen", async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html lang="en"><title>Talsinki</title></html>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-3f2a1b.js'), 'export {};');
    const limited = await startTestApp({ rateLimitPerMinute: 3, webDir });
    try {
      const from = { remoteAddress: '198.51.100.9' };
      for (let i = 0; i < 10; i++) expect((await limited.app.inject({ url: '/assets/index-3f2a1b.js', ...from })).statusCode).toBe(200);
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push((await limited.app.inject({ url: '/api/site', ...from })).statusCode);
      expect(pages).toEqual([200, 200, 200, 429]);
      // Refused its API calls, it still gets its scripts.
      expect((await limited.app.inject({ url: '/assets/index-3f2a1b.js', ...from })).statusCode).toBe(200);
    } finally {
      await limited.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe('the web app shell', () => {
  it('is served for page addresses in the language of Accept-Language, or of the language cookie once chosen', async () => {
    const estonian = await t.app.inject({ url: '/profile', headers: { 'accept-language': 'et-EE,et;q=0.9,en;q=0.5' } });
    expect(estonian.statusCode).toBe(200);
    expect(estonian.headers['content-type']).toMatch(/text\/html/);
    expect(estonian.body).toContain('<html lang="et"');
    const chosen = await t.app.inject({ url: '/', headers: { 'accept-language': 'et', cookie: 'talsinki_lang=fi' } });
    expect(chosen.body).toContain('<html lang="fi"');
    const unknown = await t.app.inject({ url: '/', headers: { 'accept-language': 'de-DE' } });
    expect(unknown.body).toContain('<html lang="en"');
  });

  it('is not served for missing files or API paths', async () => {
    expectProblem(await t.app.inject({ url: '/assets/missing.js' }), 404);
    expectProblem(await t.app.inject({ url: '/api/nothing-here', headers: { accept: 'text/html' } }), 404);
  });
});

describe("PostgreSQL's refusals of a value", () => {
  it('are answered 400 problem+json, whichever check let the value through', async () => {
    const app = Fastify();
    registerProblems(app);
    const statements: Record<string, string> = {
      number: "select 'x'::int",
      uuid: "select 'walk'::uuid",
      year0: "select '0000-01-01'::timestamptz",
      nul: "select convert_from('\\x00'::bytea, 'UTF8')",
      overflow: 'select 2147483647::int + 1',
    };
    app.get('/:case', async (request) => (await sql.raw(statements[(request.params as { case: string }).case]).execute(t.db.kysely)).rows);
    for (const name of Object.keys(statements)) {
      const problem = expectProblem(await app.inject({ url: `/${name}` }), 400);
      expect(problem.type, name).toBe('/problems/invalid-value');
    }
    await app.close();
  });
});
