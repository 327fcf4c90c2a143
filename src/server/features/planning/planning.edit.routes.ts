import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  InstrumentDetail,
  InstrumentPatch,
  PlanDetail,
  PlanDocumentInput,
  PlanEventInput,
  PlanInput,
  PlanObjectivesInput,
  PlanItemParams,
  PlanningSource,
  PlanningSourceInput,
  PlanningSourceList,
  PlanningSourceQuery,
  PlanPatch,
  SlugParams,
} from '../../../shared/schemas/planning.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as edit from './planning.edit.ts';

const tags = ['planning'];
const noContent = { 204: Type.Null({ description: 'No content' }), ...errorResponses };

/** Editors' writes to the planning systems and plans (issue 19 §1–2); every fact with the tags of its sources. */
export const planningEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  app.get(
    '/api/planning/sources',
    { config: { access: 'public' }, schema: { tags, summary: 'Every source the planning facts cite, by tag: the seeded ones first, then editors’ (E1, E2, …)', querystring: PlanningSourceQuery, response: { 200: PlanningSourceList, ...errorResponses } } },
    async (request) => edit.listSources(db(), request.query),
  );

  app.post(
    '/api/planning/sources',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a source (editors); it gets the next tag E1, E2, … for facts to cite', body: PlanningSourceInput, response: { 201: PlanningSource, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await edit.addSource(db(), signedIn(request), request.body)),
  );

  app.patch(
    '/api/planning/instruments/:slug',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change an instrument’s facts (editors): each given fact with the tags of its sources, null clearing it; the seed leaves an edited instrument alone', params: SlugParams, body: InstrumentPatch, response: { 200: InstrumentDetail, ...errorResponses } } },
    async (request) => edit.patchInstrument(db(), signedIn(request), request.params.slug, request.body),
  );

  app.post(
    '/api/planning/plans',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a plan (editors): its name and stage with their sources, its instrument and regions', body: PlanInput, response: { 201: PlanDetail, ...errorResponses } } },
    async (request, reply) => {
      const plan = await edit.createPlan(db(), signedIn(request), request.body);
      return reply.code(201).header('location', `/api/planning/plans/${plan.slug}`).send(plan);
    },
  );

  app.put(
    '/api/planning/plans/:slug/objectives',
    { config: { access: 'editor' }, schema: { tags, summary: 'Set the framework objectives a plan serves (editors), by their node keys; the whole list at once', params: SlugParams, body: PlanObjectivesInput, response: { 200: PlanDetail, ...errorResponses } } },
    async (request) => edit.setPlanObjectives(db(), signedIn(request), request.params.slug, request.body),
  );

  app.patch(
    '/api/planning/plans/:slug',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a plan (editors): any field but its slug, facts with their sources', params: SlugParams, body: PlanPatch, response: { 200: PlanDetail, ...errorResponses } } },
    async (request) => edit.patchPlan(db(), signedIn(request), request.params.slug, request.body),
  );

  app.post(
    '/api/planning/plans/:slug/events',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a dated step to a plan’s history (editors); the newest step naming a stage moves the plan to it', params: SlugParams, body: PlanEventInput, response: { 201: PlanDetail, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await edit.addEvent(db(), signedIn(request), request.params.slug, request.body)),
  );

  app.delete(
    '/api/planning/plans/:slug/events/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a step an editor added (editors); a seeded step is refused', params: PlanItemParams, response: noContent } },
    async (request, reply) => {
      await edit.removePlanItem(db(), signedIn(request), request.params.slug, 'plan_events', request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/planning/plans/:slug/documents',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a document or link to a plan (editors), with its source', params: SlugParams, body: PlanDocumentInput, response: { 201: PlanDetail, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await edit.addDocument(db(), signedIn(request), request.params.slug, request.body)),
  );

  app.delete(
    '/api/planning/plans/:slug/documents/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a document an editor added (editors); a seeded one is refused', params: PlanItemParams, response: noContent } },
    async (request, reply) => {
      await edit.removePlanItem(db(), signedIn(request), request.params.slug, 'plan_documents', request.params.id);
      return reply.code(204).send(null);
    },
  );
};
