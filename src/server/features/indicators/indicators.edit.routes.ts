import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IndicatorDefinition, IndicatorInput, IndicatorParams, IndicatorPatch, IndicatorPreview } from '../../../shared/schemas/indicators.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as edit from './indicators.edit.ts';

const tags = ['indicators'];

/**
 * Indicators as editors define them from the imported tables (issue 18, point 2): a definition
 * read back for the form, created, changed, deleted, and previewed before it is saved. The
 * public reads are in `indicators.routes.ts`.
 */
export const indicatorEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  app.post(
    '/api/indicators',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'Define an indicator from imported tables (editors): each side\'s table, its dimensions fixed, kept or mapped to regions; checked against the tables, put in the catalogue', body: IndicatorInput, response: { 201: IndicatorDefinition, ...errorResponses } },
    },
    async (request, reply) => {
      const created = await edit.createIndicator(db(), signedIn(request), request.body, app.config.publicUrl);
      return reply.code(201).header('location', `/api/indicators/${created.slug}`).send(created);
    },
  );

  app.post(
    '/api/indicators/preview',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'What a definition gives before it is saved (editors): the indicator as GET /api/indicators/{id} would answer it, or each field a save would refuse; nothing is written', body: IndicatorInput, response: { 200: IndicatorPreview, ...errorResponses } },
    },
    async (request) => edit.previewIndicator(db(), signedIn(request), request.body),
  );

  app.get(
    '/api/indicators/:id/definition',
    { config: { access: 'editor' }, schema: { tags, summary: 'An indicator\'s definition as the editor\'s form reads it: its tables and how each dimension is mapped (editors)', params: IndicatorParams, response: { 200: IndicatorDefinition, ...errorResponses } } },
    async (request) => edit.readDefinition(db(), request.params.id),
  );

  app.patch(
    '/api/indicators/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change an indicator (editors): any field but its slug; series, when given, replace them all; checked as a new one is', params: IndicatorParams, body: IndicatorPatch, response: { 200: IndicatorDefinition, ...errorResponses } } },
    async (request) => edit.updateIndicator(db(), signedIn(request), request.params.id, request.body, app.config.publicUrl),
  );

  app.delete(
    '/api/indicators/:id',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'Delete an indicator and its dataset (editors); refused while an action or bottleneck links it or another indicator is shown per capita of it (unpublish it instead)', params: IndicatorParams, response: { 204: Type.Null({ description: 'No content' }), ...errorResponses } },
    },
    async (request, reply) => {
      await edit.deleteIndicator(db(), signedIn(request), request.params.id, app.config.publicUrl);
      return reply.code(204).send(null);
    },
  );
};
