import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ActionIndicatorPut, BottleneckIndicatorPut, LinkedIndicator, LinkedIndicatorParams, LinkedIndicators, LinkedIndicatorsParams,
} from '../../../shared/schemas/indicators.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as kpis from './kpis.service.ts';

const NoContent = Type.Null({ description: 'No content' });

/**
 * Indicators on the items they measure: an action's KPIs and a bottleneck's evidence, read by
 * anyone who may see the item and linked by editors. Served here rather than in the actions' and
 * bottlenecks' own answers: this feature reads those two, so they cannot read it back.
 */
export const kpiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  app.get(
    '/api/actions/:id/indicators',
    {
      config: { access: 'public' },
      schema: { tags: ['actions', 'indicators'], summary: 'The indicators that measure an action (its KPIs): baseline → the region\'s latest figure → target, and how far along the way it is', params: LinkedIndicatorsParams, response: { 200: LinkedIndicators, ...errorResponses } },
    },
    async (request) => kpis.listLinked(db(), request.auth.user, 'action', request.params.id),
  );

  app.put(
    '/api/actions/:id/indicators/:slug',
    {
      config: { access: 'editor' },
      schema: {
        tags: ['actions', 'indicators'],
        summary: 'Link a published indicator to an action as a KPI, or change the link: the region it is read for, a baseline and a later target (editors)',
        params: LinkedIndicatorParams,
        body: ActionIndicatorPut,
        response: { 200: LinkedIndicator, ...errorResponses },
      },
    },
    async (request) => kpis.putLink(db(), signedIn(request), 'action', request.params.id, request.params.slug, request.body),
  );

  app.delete(
    '/api/actions/:id/indicators/:slug',
    { config: { access: 'editor' }, schema: { tags: ['actions', 'indicators'], summary: 'Unlink an indicator from an action (editors)', params: LinkedIndicatorParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await kpis.deleteLink(db(), signedIn(request), 'action', request.params.id, request.params.slug);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/bottlenecks/:id/indicators',
    {
      config: { access: 'public' },
      schema: { tags: ['bottlenecks', 'indicators'], summary: 'The indicators that are evidence of a bottleneck, with the region\'s latest figure (and a baseline and target where given)', params: LinkedIndicatorsParams, response: { 200: LinkedIndicators, ...errorResponses } },
    },
    async (request) => kpis.listLinked(db(), request.auth.user, 'bottleneck', request.params.id),
  );

  app.put(
    '/api/bottlenecks/:id/indicators/:slug',
    {
      config: { access: 'editor' },
      schema: {
        tags: ['bottlenecks', 'indicators'],
        summary: 'Link a published indicator to a bottleneck as evidence, or change the link: the region, and a baseline and target if known (editors)',
        params: LinkedIndicatorParams,
        body: BottleneckIndicatorPut,
        response: { 200: LinkedIndicator, ...errorResponses },
      },
    },
    async (request) => kpis.putLink(db(), signedIn(request), 'bottleneck', request.params.id, request.params.slug, request.body),
  );

  app.delete(
    '/api/bottlenecks/:id/indicators/:slug',
    { config: { access: 'editor' }, schema: { tags: ['bottlenecks', 'indicators'], summary: 'Unlink an indicator from a bottleneck (editors)', params: LinkedIndicatorParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await kpis.deleteLink(db(), signedIn(request), 'bottleneck', request.params.id, request.params.slug);
      return reply.code(204).send(null);
    },
  );
};
