import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HttpProblem } from '../../plugins/problems.ts';
import { errorResponses } from '../../plugins/openapi.ts';

const Health = Type.Object({ status: Type.Literal('ok'), database: Type.Enum(['pglite', 'postgres'], { type: 'string' }) });

/** For load balancers and monitors: 200 while the database answers, 503 when it does not. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    { config: { access: 'public', rateLimit: false }, schema: { tags: ['operations'], summary: 'Liveness and database reachability', response: { 200: Health, ...errorResponses, '5xx': Type.Ref('Problem') } } },
    async () => {
      try {
        await app.db.ping(2000);
      } catch {
        throw new HttpProblem(503, 'database-unavailable', 'Service unavailable', 'The database does not answer.', { database: app.db.kind });
      }
      return { status: 'ok' as const, database: app.db.kind };
    },
  );
};
