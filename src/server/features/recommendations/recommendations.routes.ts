import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DeskRecommendations, RecommendationCreate, RecommendationDetail, RecommendationList, RecommendationPatch, RecommendationQuery, RecommendationResponse, ResponseCreate, ResponseEdit } from '../../../shared/schemas/recommendations.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { defineRelation } from '../../plugins/access.ts';
import * as repo from './recommendations.repository.ts';
import * as recommendations from './recommendations.service.ts';
import { recommendationsCsv, recommendationsXlsx } from './recommendations.export.ts';

const tags = ['recommendations'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference (RC-2026-0003)' }) });

defineRelation('addressed-service-owner', 'a service owner of an institution the recommendation is addressed to', async (request) => {
  const { user } = request.auth;
  if (user?.role !== 'service_owner' || !user.institutionId) return false;
  const row = await repo.findRecommendation(request.server.db.kysely, (request.params as { id: string }).id);
  return Boolean(row) && (await repo.addresseesOf(request.server.db.kysely, [row!.id])).some((a) => a.institution_id === user.institutionId);
});

export interface RecommendationsRoutesOptions {
  actionsAnswering: recommendations.ActionsAnswering;
}

export const recommendationsRoutes: FastifyPluginAsyncTypebox<RecommendationsRoutesOptions> = async (app, { actionsAnswering }) => {
  const detail = async (user: Parameters<typeof recommendations.getRecommendation>[1], id: string) =>
    recommendations.getRecommendation(app.db.kysely, user, await recommendations.findRecommendation(app.db.kysely, id));
  const day = () => new Date().toISOString().slice(0, 10);

  app.get(
    '/api/recommendations',
    { config: { access: 'public' }, schema: { tags, summary: 'What the regions are asked to do, to whom, and how far it has come', querystring: RecommendationQuery, response: { 200: RecommendationList, ...errorResponses } } },
    async (request) => recommendations.listRecommendations(app.db.kysely, request.query),
  );

  app.get(
    '/api/recommendations/export.csv',
    { config: { access: 'public' }, schema: { tags, summary: 'Every recommendation as CSV (open data)', produces: ['text/csv'], response: { 200: Type.String() } } },
    async (_request, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="talsinki-recommendations-${day()}.csv"`).send((await recommendationsCsv(app.db.kysely)) as never),
  );

  app.get(
    '/api/recommendations/export.xlsx',
    { config: { access: 'public' }, schema: { tags, summary: 'Every recommendation as an Excel workbook', produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 200: Type.String() } } },
    async (_request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="talsinki-recommendations-${day()}.xlsx"`)
        .send((await recommendationsXlsx(app.db.kysely)) as never),
  );

  app.get(
    '/api/recommendations/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One recommendation with its bottlenecks, dialogues, responses and timeline', params: IdParams, response: { 200: RecommendationDetail, ...errorResponses } } },
    async (request) => detail(request.auth.user, request.params.id),
  );

  app.post(
    '/api/recommendations',
    { config: { access: 'editor' }, schema: { tags, summary: 'Propose a recommendation (editors)', body: RecommendationCreate, response: { 201: RecommendationDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const created = await recommendations.createRecommendation(app.db.kysely, editor, request.body);
      return reply.code(201).header('location', `/api/recommendations/${created.ref}`).send(await detail(editor, created.id));
    },
  );

  app.patch(
    '/api/recommendations/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a recommendation or move its state on (editors; rejecting needs reasons, the action plan an action that carries it out)', params: IdParams, body: RecommendationPatch, response: { 200: RecommendationDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await recommendations.findRecommendation(app.db.kysely, request.params.id);
      await recommendations.updateRecommendation(app.db.kysely, editor, row, request.body, actionsAnswering);
      return detail(editor, row.id);
    },
  );

  app.post(
    '/api/recommendations/:id/responses',
    { config: { access: ['editor', 'relation:addressed-service-owner'] }, schema: { tags, summary: "An addressed institution's public response (its service owners)", params: IdParams, body: ResponseCreate, response: { 201: RecommendationDetail, ...errorResponses } } },
    async (request, reply) => {
      const row = await recommendations.findRecommendation(app.db.kysely, request.params.id);
      await recommendations.respond(app.db.kysely, signedIn(request), row, request.body, app.config.publicUrl);
      return reply.code(201).send(await detail(request.auth.user, row.id));
    },
  );

  app.patch(
    '/api/recommendations/:id/responses/:responseId',
    {
      config: { access: ['editor', 'relation:addressed-service-owner'] },
      schema: {
        tags,
        summary: "A new version of an institution's response (its service owners; editors for a response sent by letter); the version it replaces is kept and shown",
        params: Type.Object({ ...IdParams.properties, responseId: Type.String({ format: 'uuid' }) }),
        body: ResponseEdit,
        response: { 200: RecommendationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const row = await recommendations.findRecommendation(app.db.kysely, request.params.id);
      return recommendations.editResponse(app.db.kysely, signedIn(request), row, request.params.responseId, request.body);
    },
  );

  app.get(
    '/api/desk/recommendations',
    { config: { access: 'service_owner' }, schema: { tags, summary: "A service owner's desk: the recommendations addressed to their institution, overdue first, each with its response", response: { 200: DeskRecommendations, ...errorResponses } } },
    async (request) => recommendations.deskRecommendations(app.db.kysely, signedIn(request)),
  );
};
