import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { problems } from './problems.ts';

/** Security headers with a strict CSP (no inline script or style) and per-client rate limiting. */
export async function registerSecurity(app: FastifyInstance) {
  await app.register(helmet, {
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
  });
  // Counted in this instance's memory: a coarse guard against floods. What must hold across
  // instances (log-in throttling, report floods) is counted in PostgreSQL by the features.
  const max = app.config.rateLimitPerMinute;
  await app.register(rateLimit, {
    global: max > 0,
    max: max > 0 ? max : 1_000_000,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      problems.tooMany(`At most ${context.max} requests in ${context.after}; slow down.`, context.ttl / 1000),
  });
}
