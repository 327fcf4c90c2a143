import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Comparison, InstrumentDetail, InstrumentList, InstrumentQuery, PlanDetail, PlanList, PlanQuery, SlugParams } from '../../../shared/schemas/planning.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as planning from './planning.service.ts';

const tags = ['planning'];

/** The planning systems of both countries and the plans of the twin region (issue 19 §1): public reads. Editors' writes come later. */
export const planningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/planning/instruments',
    { config: { access: 'public' }, schema: { tags, summary: 'The planning instruments of Finland and Estonia, every fact with its sources', querystring: InstrumentQuery, response: { 200: InstrumentList, ...errorResponses } } },
    async (request) => planning.listInstruments(app.db.kysely, request.query),
  );

  app.get(
    '/api/planning/instruments/:slug',
    { config: { access: 'public' }, schema: { tags, summary: 'One planning instrument: its facts, what corresponds to it in the other country, its plans and sources', params: SlugParams, response: { 200: InstrumentDetail, ...errorResponses } } },
    async (request) => planning.getInstrument(app.db.kysely, request.params.slug),
  );

  app.get(
    '/api/planning/comparison',
    { config: { access: 'public' }, schema: { tags, summary: 'The two planning systems side by side: corresponding instruments, what differs (with sources), and instruments without a counterpart', response: { 200: Comparison, ...errorResponses } } },
    async () => planning.comparison(app.db.kysely),
  );

  app.get(
    '/api/planning/plans',
    { config: { access: 'public' }, schema: { tags, summary: 'The plans that matter to the twin region, by country and instrument', querystring: PlanQuery, response: { 200: PlanList, ...errorResponses } } },
    async (request) => planning.listPlans(app.db.kysely, request.query),
  );

  app.get(
    '/api/planning/plans/:slug',
    { config: { access: 'public' }, schema: { tags, summary: 'One plan: its instrument, stage, dated history, documents and sources', params: SlugParams, response: { 200: PlanDetail, ...errorResponses } } },
    async (request) => planning.getPlan(app.db.kysely, request.params.slug),
  );
};
