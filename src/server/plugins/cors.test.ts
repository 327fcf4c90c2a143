import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantsOf } from './access.ts';
import { loginAs, startTestApp, type Session, type TestApp } from '../test/harness.ts';
import { fillPath } from '../test/routes.ts';

/**
 * Every registered route, read from Fastify: the ones that declare `anyOrigin` answer a page on
 * another site (a cross-origin GET and its preflight) and let it embed them; every other route,
 * above all those with a session or a write, answers such a page nothing it could read.
 */

const ELSEWHERE = 'https://reuser.example';
let t: TestApp;
let editor: Session;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

const routes = () => t.app.registeredRoutes.filter((route) => !route.url.startsWith('/api/docs') && route.method !== 'HEAD');
const address = (url: string) => fillPath(url, {}).replace(/\*$/, 'x');

describe('CORS for the open-data interfaces', () => {
  it('opens only public reads, and those the issue names', () => {
    const open = routes().filter((route) => route.config?.anyOrigin);
    for (const route of open) {
      // A POST only where it reads (a PxWeb query): marked as such.
      expect(route.method === 'POST' ? route.config!.queryPost : ['GET', 'OPTIONS'].includes(String(route.method)), `${route.method} ${route.url}`).toBe(true);
      expect(grantsOf(route.config!.access!), route.url).toEqual(['public']);
    }
    const openGets = new Set(open.filter((route) => route.method === 'GET').map((route) => route.url));
    for (const url of ['/catalog.ttl', '/catalog.jsonld', '/catalog.rdf', '/catalog.nt', '/datasets/:file', '/api/openapi.json', '/api/dialogues.ics', '/api/dialogues/:id.ics', '/api/3/action/:action']) {
      expect(openGets, url).toContain(url);
    }
    // Every open GET has its preflight (an open POST sits at the address of an open GET).
    const preflights = new Set(open.filter((route) => route.method === 'OPTIONS').map((route) => route.url));
    expect(preflights).toEqual(openGets);
    for (const route of open.filter((r) => r.method === 'POST')) expect(openGets, route.url).toContain(route.url);
  });

  it('lets a page elsewhere send a POST that only reads (PxWeb\'s queries), with a JSON body, and nothing else', async () => {
    const posts = routes().filter((route) => route.config?.anyOrigin && route.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const route of posts) {
      const url = address(route.url);
      const preflight = await t.app.inject({ method: 'OPTIONS', url, headers: { origin: ELSEWHERE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(String(preflight.headers['access-control-allow-methods']).split(/,\s*/), url).toContain('POST');
      expect(String(preflight.headers['access-control-allow-headers']).toLowerCase(), url).toContain('content-type');
      // Sent from another site, with the browser's own mark of it: answered, not refused as a cross-site write.
      const post = await t.app.inject({ method: 'POST', url, headers: { origin: ELSEWHERE, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, payload: '{}' });
      expect(post.headers['access-control-allow-origin'], `POST ${url} ${post.statusCode}`).toBe('*');
      expect(post.body, url).not.toContain('cross-site-request');
    }
    // A GET-only open address does not offer POST.
    const readOnly = routes().find((route) => route.url === '/api/openapi.json')!;
    const preflight = await t.app.inject({ method: 'OPTIONS', url: readOnly.url, headers: { origin: ELSEWHERE, 'access-control-request-method': 'POST' } });
    expect(String(preflight.headers['access-control-allow-methods']).split(/,\s*/)).not.toContain('POST');
  });

  it('answers a cross-origin GET and a preflight on every open route, whatever the status', async () => {
    for (const route of routes().filter((r) => r.config?.anyOrigin && r.method === 'GET')) {
      const url = address(route.url);
      const get = await t.app.inject({ url, headers: { origin: ELSEWHERE } });
      expect(get.headers['access-control-allow-origin'], `GET ${url} ${get.statusCode}`).toBe('*');
      expect(get.headers['access-control-allow-credentials'], url).toBeUndefined();
      expect(get.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      const head = await t.app.inject({ method: 'HEAD', url, headers: { origin: ELSEWHERE } });
      expect(head.headers['access-control-allow-origin'], `HEAD ${url}`).toBe('*');
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: ELSEWHERE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
      });
      expect(preflight.statusCode, `OPTIONS ${url}`).toBe(204);
      expect(preflight.headers['access-control-allow-origin'], url).toBe('*');
      expect(String(preflight.headers['access-control-allow-methods']), url).toContain('GET');
      expect(String(preflight.headers['access-control-allow-headers']).toLowerCase(), url).toContain('if-none-match');
      expect(preflight.headers['access-control-allow-credentials'], url).toBeUndefined();
    }
  });

  it('answers nothing readable to another origin on every other route, signed in or not, and no preflight', async () => {
    const closed = routes().filter((route) => !route.config?.anyOrigin && route.method !== 'OPTIONS');
    const openUrls = new Set(routes().filter((route) => route.config?.anyOrigin).map((route) => route.url));
    expect(closed.length).toBeGreaterThan(20);
    for (const route of closed) {
      const url = address(route.url);
      for (const headers of [{ origin: ELSEWHERE }, { origin: ELSEWHERE, ...editor.headers }]) {
        const response = await t.app.inject({ method: route.method as 'GET', url, headers });
        expect(response.headers['access-control-allow-origin'], `${route.method} ${url}`).toBeUndefined();
        expect(response.headers['cross-origin-resource-policy'], `${route.method} ${url}`).toBe('same-origin');
      }
      const preflight = await t.app.inject({ method: 'OPTIONS', url, headers: { origin: ELSEWHERE, 'access-control-request-method': route.method } });
      if (openUrls.has(route.url) || preflight.headers['access-control-allow-origin'] !== undefined) {
        // The address has an open read (CKAN's GET and POST actions, or an open read's parameter
        // takes it: `POST /api/indicators/preview` is also `GET /api/indicators/:id`): its
        // preflight allows only reads, so a browser sends this route nothing from elsewhere.
        expect(String(preflight.headers['access-control-allow-methods']).split(/,\s*/), `OPTIONS ${url}`).not.toContain(route.method);
      } else {
        expect(preflight.headers['access-control-allow-origin'], `OPTIONS ${url}`).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods'], `OPTIONS ${url}`).toBeUndefined();
      }
    }
  });

  it('refuses to open a route that writes or is not public', async () => {
    const { default: Fastify } = await import('fastify');
    const { registerCors } = await import('./cors.ts');
    for (const route of [
      { method: 'POST', url: '/write', config: { access: 'public', anyOrigin: true } },
      { method: 'DELETE', url: '/gone', config: { access: 'public', anyOrigin: true, queryPost: true } },
      { method: 'POST', url: '/mine-query', config: { access: 'signed-in', anyOrigin: true, queryPost: true } },
      { method: 'GET', url: '/mine', config: { access: 'signed-in', anyOrigin: true } },
    ] as const) {
      const app = Fastify();
      registerCors(app);
      expect(() => app.route({ ...route, handler: async () => 'x' } as RouteOptions), route.url).toThrow(/open to any origin/);
      await app.close();
    }
  });
});
