import type { FastifyInstance, RouteOptions } from 'fastify';
import { grantsOf } from './access.ts';

/**
 * Open data read by browser applications on other sites: a route declares `config.anyOrigin`
 * beside `config.access`, and this plugin, once for every route, answers the CORS protocol for it
 * (`Access-Control-Allow-Origin: *`, a preflight `OPTIONS` on the same address) and lets other
 * origins embed its answers (`Cross-Origin-Resource-Policy: cross-origin`, where every other
 * route keeps `same-origin`).
 *
 * Never with credentials: `*` without `Access-Control-Allow-Credentials` makes browsers refuse the
 * answer to a request that carried cookies, so a page elsewhere reads only what anyone may read.
 * That is why only public reads may declare it: a route that writes, or that answers a session
 * differently, is refused at registration.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Readable by browser applications on any other site, without credentials (see plugins/cors.ts). */
    anyOrigin?: boolean;
    /**
     * A POST that only reads: its body is a query (PxWeb's table queries), it writes nothing. It
     * counts as a read everywhere a read is told from a write: it may be open to any origin, and
     * it needs no CSRF token, no write scope and no same-site request (plugins/auth.ts), as a GET.
     */
    queryPost?: boolean;
  }
}

/** Methods a route open to any origin may answer: reads only (HEAD comes with GET), and a POST that only reads (`queryPost`). */
const READ_METHODS = new Set(['GET', 'HEAD']);
/**
 * Request headers a preflight may ask for: conditional requests and negotiation, and the body's
 * type where a POST reads. Not Authorization and not Cookie: the open routes answer everyone the same.
 */
const ALLOW_HEADERS = 'Accept, Accept-Language, If-None-Match, If-Modified-Since';
const QUERY_HEADERS = `${ALLOW_HEADERS}, Content-Type`;
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'OPTIONS'];
/** Response headers scripts elsewhere may read beyond the safelisted ones. */
const EXPOSE_HEADERS = 'ETag, Link, Content-Disposition, Location';
/** How long a browser may keep a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE = '86400';

/** Marks the preflight routes this plugin adds, so that adding them does not add another. */
const PREFLIGHT = Symbol('cors preflight');

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSE_HEADERS,
  'cross-origin-resource-policy': 'cross-origin',
} as const;

/**
 * Register after the security headers (their `Cross-Origin-Resource-Policy: same-origin` is
 * replaced on open routes) and before any route: every route registered later is checked, and
 * each open one gets its preflight route.
 */
export function registerCors(app: FastifyInstance) {
  // The open methods of each address with a preflight: a POST that reads may come after its GET.
  const preflights = new Map<string, Set<string>>();
  app.addHook('onRoute', (route: RouteOptions & { [PREFLIGHT]?: true }) => {
    if (!route.config?.anyOrigin || route[PREFLIGHT]) return;
    const methods = [route.method].flat();
    const refused = methods.filter((method) => !READ_METHODS.has(method) && !(method === 'POST' && route.config?.queryPost));
    if (refused.length) throw new Error(`${route.url}: only reads may be open to any origin, not ${refused.join(', ')}`);
    if (route.config.access === undefined || grantsOf(route.config.access).some((grant) => grant !== 'public')) {
      throw new Error(`${route.url}: only public routes may be open to any origin (config.access: 'public')`);
    }
    const open = preflights.get(route.url);
    if (open) {
      for (const method of methods) open.add(method);
      return;
    }
    const allowed = new Set(methods);
    preflights.set(route.url, allowed);
    // On the root instance: the preflight needs no authentication, and its address is the route's whole one.
    app.route({
      method: 'OPTIONS',
      url: route.url,
      config: { access: 'public', anyOrigin: true },
      schema: { hide: true },
      [PREFLIGHT]: true,
      handler: async (_request, reply) =>
        reply
          .code(204)
          .header('access-control-allow-methods', [...METHOD_ORDER.filter((method) => method === 'OPTIONS' || allowed.has(method) || (method === 'HEAD' && allowed.has('GET')))].join(', '))
          .header('access-control-allow-headers', allowed.has('POST') ? QUERY_HEADERS : ALLOW_HEADERS)
          .header('access-control-max-age', PREFLIGHT_MAX_AGE)
          .send(),
    } as RouteOptions);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.anyOrigin) reply.headers(CORS_HEADERS);
  });
}
