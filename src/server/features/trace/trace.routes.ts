import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Trace, TraceParams, TraceQuery } from '../../../shared/schemas/recommendations.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { trace } from './trace.service.ts';

export const traceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/trace/:type/:id',
    {
      schema: {
        tags: ['trace'],
        summary: 'The linked graph around a bottleneck, dialogue or recommendation: what it answers, where it was discussed, what came of it',
        params: TraceParams,
        querystring: TraceQuery,
        response: { 200: Trace, ...errorResponses },
      },
    },
    async (request) => trace(app.db.k, request.auth.user, request.params.type, request.params.id, request.query.depth ?? 2),
  );
};
