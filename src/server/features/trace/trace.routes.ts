import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Trace, TraceParams, TraceQuery } from '../../../shared/schemas/recommendations.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { graphVersion, TraceCache, trace, viewerClass } from './trace.service.ts';

export const traceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Traces are read far more often than links change; each instance keeps the ones it computed
  // until the database's link-graph version moves (any link, title, state or visibility change).
  const cached = new TraceCache(32 * 1024 * 1024);

  app.get(
    '/api/trace/:type/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['trace'],
        summary: 'The linked graph around a bottleneck, dialogue or recommendation: what it answers, where it was discussed, what came of it',
        params: TraceParams,
        querystring: TraceQuery,
        response: { 200: Trace, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { type, id } = request.params;
      const depth = request.query.depth ?? 2;
      const key = `${viewerClass(request.auth.user)}|${type}|${id.toUpperCase()}|${depth}`;
      const version = await graphVersion(app.db.kysely);
      let body = cached.get(key, version);
      if (!body) {
        body = JSON.stringify(await trace(app.db.kysely, request.auth.user, type, id, depth));
        cached.set(key, version, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
};
