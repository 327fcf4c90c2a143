import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Trace, TraceParams, TraceQuery } from '../../../shared/schemas/recommendations.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { cache } from '../../lib/cache.ts';
import { graphVersion, trace, viewerClass } from './trace.service.ts';

/**
 * Traces are read far more often than links change: each instance keeps the ones it computed (as
 * JSON, by caller class and item) per database and link-graph version, which moves with any link,
 * title, state or visibility change.
 */
const traces = cache.section<string>('trace');

export const traceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/trace/:type/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['trace'],
        summary: 'The linked graph around a dataset, bottleneck, dialogue, recommendation, action, framework objective or target, or indicator: what it answers, where it was discussed, what came of it and what carries it out',
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
      const body = await traces.fetch(app.db.kysely, version, key, async () => JSON.stringify(await trace(app.db.kysely, request.auth.user, type, id, depth)));
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
};
