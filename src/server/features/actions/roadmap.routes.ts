import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Roadmap, RoadmapQuery } from '../../../shared/schemas/roadmap.ts';
import { cache } from '../../lib/cache.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { today } from './actions.service.ts';
import { filterRoadmap, planVersion, wholeRoadmap } from './roadmap.ts';

/**
 * The roadmap is read far more often than the plan changes: each instance keeps the whole plan
 * (per database, plan version and day, since overdue follows the calendar) and each filtered
 * answer as JSON, so a repeated request costs one read of the version.
 */
const plans = cache.section<Roadmap>('roadmap-plan');
const answers = cache.section<string>('roadmap');

export const roadmapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/roadmap',
    {
      config: { access: 'public' },
      schema: {
        tags: ['actions'],
        summary: 'What the Gantt view draws: the plan’s actions as bars in tree order, their milestones and finish-to-start dependencies, filtered by domain, institution, body and state',
        querystring: RoadmapQuery,
        response: { 200: Roadmap, ...errorResponses },
      },
    },
    async (request, reply) => {
      const db = app.db.kysely;
      const { domain = '', institution = '', body = '', state = '' } = request.query;
      const day = today();
      const version = await planVersion(db);
      const at = `${version}|${day}`;
      const json = await answers.fetch(db, at, `${domain}|${institution}|${body}|${state}`, async () => {
        const whole = await plans.fetch(db, at, 'whole', () => wholeRoadmap(db, version, day));
        return JSON.stringify(filterRoadmap(whole, request.query));
      });
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );
};
