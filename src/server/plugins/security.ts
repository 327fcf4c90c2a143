import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { problems } from './problems.ts';

/**
 * The security headers helmet would set, worked out once: @fastify/helmet rebuilds helmet's
 * middleware (and re-parses the CSP) on every request, which cost more than the headers.
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)), removeHeader: () => {} };
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  })({} as never, response as never, () => {});
  return headers;
}

/** Security headers with a strict CSP (no inline script or style) and per-client rate limiting. */
export async function registerSecurity(app: FastifyInstance) {
  const { 'strict-transport-security': hsts, ...headers } = securityHeaders();
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    // HSTS only means something over HTTPS (RFC 6797 §7.2): on plain HTTP it would be a header a
    // network attacker can forge or strip, and pin a host that may not serve HTTPS at all. Behind a
    // TLS-terminating proxy the scheme is the one a trusted proxy says (plugins/proxy.ts).
    if (request.protocol === 'https') reply.header('strict-transport-security', hsts);
  });
  // Counted in this instance's memory: a coarse guard against floods. What must hold across
  // instances (log-in throttling, report floods) is counted in PostgreSQL by the features.
  const max = app.config.rateLimitPerMinute;
  await app.register(rateLimit, {
    global: max > 0,
    max: max > 0 ? max : 1_000_000,
    timeWindow: '1 minute',
    // The web app's hashed, immutable files: a cold page needs dozens, and a school or an office
    // behind one address loading pages together would be refused its scripts long before a flood.
    allowList: (request) => (request.method === 'GET' || request.method === 'HEAD') && request.url.startsWith('/assets/'),
    errorResponseBuilder: (_request, context) =>
      problems.tooMany(`At most ${context.max} requests a minute from one address; try again in ${context.after}.`, context.ttl / 1000),
  });
}
