import type { ActionState } from '../../../shared/actions.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ActionCreate, ActionDetail, ActionList, ActionPatch, ActionQuery, DependenciesPut, Milestone, MilestoneCreate, MilestonePatch, RaciPut } from '../../../shared/schemas/actions.ts';
import { defineRelation } from '../../plugins/access.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as repo from './actions.repository.ts';
import * as actions from './actions.service.ts';
import { planVersion } from './roadmap.ts';
import { cache } from '../../lib/cache.ts';

const tags = ['actions'];

/**
 * The lists are read far more often than the plan changes, and are the same for everyone: kept per
 * database, plan version (which institutions' names move too) and day (overdue follows the calendar).
 */
const lists = cache.section<ActionList>('actions-list');
const queryKey = (query: object) => JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)));
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference (AC-2026-0001)' }) });
const NoContent = Type.Null({ description: 'No content' });
const MilestoneParams = Type.Object({ ...IdParams.properties, milestoneId: Type.String({ minLength: 1, maxLength: 40, description: 'The milestone id' }) });

defineRelation('reporting-service-owner', 'a service owner of an institution Responsible or Accountable for the action', async (request) =>
  actions.reportsFor(request.server.db.kysely, request.auth.user, (request.params as { id: string }).id),
);

export const actionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;
  const detail = async (user: Parameters<typeof actions.getAction>[1], id: string) => actions.getAction(db(), user, await actions.findAction(db(), id));

  app.get(
    '/api/actions',
    { config: { access: 'public' }, schema: { tags, summary: 'The joint action plan: actions by domain, institution, coordinating body, state, place in the tree, or overdue', querystring: ActionQuery, response: { 200: ActionList, ...errorResponses } } },
    async (request) => {
      const day = actions.today();
      const version = await planVersion(db());
      return lists.fetch(db(), `${version}|${day}`, queryKey(request.query), () => actions.listActions(db(), request.query, day));
    },
  );

  app.get(
    '/api/actions/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One action with its place in the tree, RACI, milestones, dependencies both ways, links, funding and public timeline', params: IdParams, response: { 200: ActionDetail, ...errorResponses } },
    },
    async (request) => detail(request.auth.user, request.params.id),
  );

  app.post(
    '/api/actions',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add an action to the plan (editors)', body: ActionCreate, response: { 201: ActionDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const created = await actions.createAction(db(), editor, request.body);
      return reply.code(201).header('location', `/api/actions/${created.ref}`).send(await detail(editor, created.id));
    },
  );

  app.patch(
    '/api/actions/:id',
    {
      config: { access: ['editor', 'relation:reporting-service-owner'] },
      schema: { tags, summary: "Change an action (editors); report its progress or state (also service owners of its R or A institutions)", params: IdParams, body: ActionPatch, response: { 200: ActionDetail, ...errorResponses } },
    },
    async (request) => {
      const user = signedIn(request);
      const row = await actions.findAction(db(), request.params.id);
      await actions.updateAction(db(), user, row, request.body);
      return detail(user, row.id);
    },
  );

  app.delete(
    '/api/actions/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Delete an action without sub-actions or actions depending on it (editors)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await actions.deleteAction(db(), signedIn(request), await actions.findAction(db(), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/actions/:id/raci',
    { config: { access: 'editor' }, schema: { tags, summary: 'Replace the RACI assignment of an action: exactly one Accountable, at least one Responsible (editors)', params: IdParams, body: RaciPut, response: { 200: ActionDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await actions.findAction(db(), request.params.id);
      await actions.putRaci(db(), editor, row, request.body.entries);
      return detail(editor, row.id);
    },
  );

  app.put(
    '/api/actions/:id/dependencies',
    { config: { access: 'editor' }, schema: { tags, summary: 'Replace the actions this one waits for (finish-to-start; a cycle is refused) (editors)', params: IdParams, body: DependenciesPut, response: { 200: ActionDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await actions.findAction(db(), request.params.id);
      await actions.putDependencies(db(), editor, row, request.body);
      return detail(editor, row.id);
    },
  );

  app.post(
    '/api/actions/:id/milestones',
    { config: { access: 'editor' }, schema: { tags, summary: "Add a milestone within the action's period (editors)", params: IdParams, body: MilestoneCreate, response: { 201: Milestone, ...errorResponses } } },
    async (request, reply) => {
      const row = await actions.findAction(db(), request.params.id);
      const created = await actions.createMilestone(db(), signedIn(request), row, request.body);
      return reply.code(201).send(await milestone(row, created.id));
    },
  );

  app.patch(
    '/api/actions/:id/milestones/:milestoneId',
    {
      config: { access: ['editor', 'relation:reporting-service-owner'] },
      schema: { tags, summary: 'Change a milestone (editors); mark it done with its evidence (also service owners of the R or A institutions)', params: MilestoneParams, body: MilestonePatch, response: { 200: Milestone, ...errorResponses } },
    },
    async (request) => {
      const row = await actions.findAction(db(), request.params.id);
      await actions.updateMilestone(db(), signedIn(request), row, request.params.milestoneId, request.body);
      return milestone(row, request.params.milestoneId);
    },
  );

  app.delete(
    '/api/actions/:id/milestones/:milestoneId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Delete a milestone (editors)', params: MilestoneParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const row = await actions.findAction(db(), request.params.id);
      await actions.deleteMilestone(db(), signedIn(request), row, request.params.milestoneId);
      return reply.code(204).send(null);
    },
  );

  async function milestone(action: { id: string; state: ActionState }, milestoneId: string) {
    return actions.milestoneJson((await repo.findMilestone(db(), action.id, milestoneId))!, actions.today(), action.state);
  }
};
