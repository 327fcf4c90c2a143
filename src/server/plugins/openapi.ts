import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from 'typebox';
import { declareScopeAccess } from './access.ts';

/** Documents the problem+json answers every route may give. */
export const errorResponses = {
  '4xx': Type.Ref('Problem', { description: 'Problem details (RFC 9457)' }),
};

/** OpenAPI 3.1 generated from the route schemas; served at /api/openapi.json and browsable at /api/docs. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Talsinki API',
        version: '1',
        description:
          'The open API of the Helsinki–Tallinn twin-region platform. Errors are application/problem+json (RFC 9457). ' +
          'Cookie-session writes need the X-CSRF-Token header from GET /api/auth/me; machine clients send `Authorization: Bearer tlk_…`.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'talsinki_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}` },
  });
  await app.register(async (docs) => {
    declareScopeAccess(docs, 'public');
    // No CSP of Swagger UI's own (staticCSP), which would replace ours with a looser one (framing by
    // this origin, styles and fonts from any https: host, images from validator.swagger.io): the
    // docs load only their own files, so the app's strict policy (plugins/security.ts) serves them.
    await docs.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false, uiConfig: { deepLinking: true } });
  });
  app.get('/api/openapi.json', { config: { access: 'public', anyOrigin: true }, schema: { hide: true } }, async () => app.swagger());
}
