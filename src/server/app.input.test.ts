import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from './features/demo/demo.service.ts';
import { loginAs, startTestApp, type Session, type TestApp } from './test/harness.ts';
import { exampleOf, fillPath, pathParameters, stringLeaves, walkableRoutes, withValueAt } from './test/routes.ts';

/**
 * Every registered route, as an administrator (who passes every access rule), with what
 * PostgreSQL cannot store in each of its parameters and fields: the request is refused with a 400
 * that names the field, and nothing answers 500.
 */

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\uD800b';
const YEAR_ZERO = '0000-01-01T00:00:00Z';
const LEAP_SECOND = '2026-12-31T23:59:60Z';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  admin = (await loginAs(t, 'admin')).session;
});
afterAll(() => t?.close());

interface Outcome {
  route: string;
  where: string;
  value: string;
  status: number;
  body: string;
}

const outcomes: Outcome[] = [];

async function send(method: string, url: string, options: { query?: string; body?: unknown; where: string; value: string; route: string }): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({
    method: method as 'GET',
    url: options.query ? `${url}?${options.query}` : url,
    headers: { ...admin.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
  outcomes.push({ route: options.route, where: options.where, value: options.value, status: response.statusCode, body: response.body.slice(0, 300) });
  return response;
}

const isDateField = (format: string | undefined) => format === 'date' || format === 'date-time';

describe('what PostgreSQL cannot store, on every registered route', () => {
  it('is refused with a 400 naming the field, in paths, query strings and bodies', { timeout: 300_000 }, async () => {
    const routes = walkableRoutes(t.app);
    expect(routes.length).toBeGreaterThan(80);
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const schema = (route.schema ?? {}) as { body?: unknown; querystring?: { properties?: Record<string, { format?: string }> } };
      const parameters = pathParameters(route.url);
      const plainPath = fillPath(route.url, {});
      for (const parameter of parameters) {
        await send(route.method, fillPath(route.url, { [parameter]: NUL }), { where: `params/${parameter}`, value: 'NUL', route: name });
      }
      // Every declared query parameter, and one no route declares (a route without a schema reads what it likes).
      const queryNames = [...Object.keys(schema.querystring?.properties ?? {}), 'q'];
      for (const query of new Set(queryNames)) {
        const format = schema.querystring?.properties?.[query]?.format;
        const values = isDateField(format) ? [['NUL', NUL], ['year 0', YEAR_ZERO.slice(0, format === 'date' ? 10 : undefined)], ['leap second', LEAP_SECOND]] : [['NUL', NUL]];
        for (const [label, value] of values) {
          await send(route.method, plainPath, { query: `${encodeURIComponent(query)}=${encodeURIComponent(value)}`, where: `querystring/${query}`, value: label, route: name });
        }
      }
      if (route.method === 'GET' || route.method === 'DELETE') continue;
      const body = exampleOf(schema.body) ?? { q: 'walk' };
      for (const leaf of stringLeaves(body, schema.body)) {
        const where = ['body', ...leaf.path].join('/');
        const values = [['NUL', NUL], ['lone surrogate', LONE_SURROGATE]];
        if (isDateField(leaf.schema.format)) values.push(['year 0', leaf.schema.format === 'date' ? '0000-01-01' : YEAR_ZERO], ['leap second', LEAP_SECOND]);
        for (const [label, value] of values) await send(route.method, plainPath, { body: withValueAt(body, leaf.path, value), where, value: label, route: name });
      }
      await send(route.method, plainPath, { body: withValueAt(body, [], { [NUL]: 'x' }), where: 'body/(a key)', value: 'NUL in a key', route: name });
    }

    const crashed = outcomes.filter((o) => o.status >= 500);
    expect(crashed).toEqual([]);
    const notRefused = outcomes.filter((o) => o.status !== 400);
    expect(notRefused).toEqual([]);
    // The answer names the field: the last part of where the value was put.
    const unnamed = outcomes.filter((o) => {
      const field = o.where.split('/').pop()!;
      return !o.body.includes(field) && !o.body.includes('(a key)');
    });
    expect(unnamed.map((o) => `${o.route} ${o.where}`)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(500);
    console.info(`hostile input: ${outcomes.length} requests over ${routes.length} routes, ${crashed.length} answered 5xx`);
  });

  it('answers malformed bodies, wrong types and out-of-range values with a 4xx, never a 5xx', { timeout: 300_000 }, async () => {
    const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, 12345678901234567890, true, {}, [], [[]], { nested: { deeper: ['x'] } }, '', ' ', 'x'.repeat(100_000), '-1', '1e309', '99999999999999999999', '💥', '../../etc/passwd', '<script>'];
    const RAW_BODIES = ['{', '[]', 'null', '"text"', '{"a":', '{}', '\u0000'];
    const QUERY_VALUES = ['-1', '1e309', '99999999999999999999', 'x'.repeat(3_000), '', '[]', '%', 'true', '0x10'];
    const failures: string[] = [];
    let tried = 0;
    const note = (response: LightMyRequestResponse, what: string) => {
      tried += 1;
      if (response.statusCode >= 500) failures.push(`${what}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    };
    for (const route of walkableRoutes(t.app)) {
      const name = `${route.method} ${route.url}`;
      const schema = (route.schema ?? {}) as { body?: unknown; querystring?: { properties?: Record<string, unknown> } };
      const url = fillPath(route.url, {});
      for (const query of Object.keys(schema.querystring?.properties ?? {})) {
        for (const value of QUERY_VALUES) note(await t.app.inject({ method: route.method as 'GET', url: `${url}?${query}=${encodeURIComponent(value)}`, headers: admin.headers }), `${name} ?${query}=${value.slice(0, 20)}`);
      }
      for (const parameter of pathParameters(route.url)) {
        for (const value of ['x'.repeat(2_000), '-1', '..', ' ', '00000000-0000-0000-0000-000000000000']) {
          note(await t.app.inject({ method: route.method as 'GET', url: fillPath(route.url, { [parameter]: value }), headers: admin.headers }), `${name} :${parameter}=${value.slice(0, 20)}`);
        }
      }
      if (route.method === 'GET' || route.method === 'DELETE') continue;
      for (const raw of RAW_BODIES) {
        note(await t.app.inject({ method: route.method as 'POST', url, headers: { ...admin.headers, 'content-type': 'application/json' }, payload: raw }), `${name} body ${raw}`);
      }
      const body = exampleOf(schema.body);
      const places = body && typeof body === 'object' ? Object.keys(body) : [];
      for (const place of places) {
        for (const value of WRONG_VALUES) {
          note(await t.app.inject({ method: route.method as 'POST', url, headers: { ...admin.headers, 'content-type': 'application/json' }, payload: JSON.stringify(withValueAt(body, [place], value)) }), `${name} body/${place}=${JSON.stringify(value)?.slice(0, 20)}`);
        }
      }
    }
    console.info(`malformed input: ${tried} requests, ${failures.length} answered 5xx`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(1_500);
  });

  it('refuses a multipart body without a boundary, and a CSV export of %00, before the first byte', async () => {
    for (const url of ['/api/bottlenecks/BN-2026-0001/attachments', '/api/dialogues/DL-2026-0001/attachments']) {
      const response = await t.app.inject({ method: 'POST', url, headers: { ...admin.headers, 'content-type': 'multipart/form-data' }, payload: 'x' });
      expect(response.statusCode).toBe(400);
      expect(response.json().type).toBe('/problems/multipart-without-boundary');
    }
    for (const format of ['csv', 'json', 'xlsx']) {
      const response = await t.app.inject({ url: `/api/bottlenecks/export.${format}?q=%00` });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
