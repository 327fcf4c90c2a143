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
/** What differs between an action's KPIs and a bottleneck's evidence: the address, the body, the words. */
const KINDS = [
  {
    kind: 'action',
    path: 'actions',
    body: ActionIndicatorPut,
    list: 'The indicators that measure an action (its KPIs): baseline → the region\'s latest figure → target, and how far along the way it is',
    put: 'Link a published indicator to an action as a KPI, or change the link: the region it is read for, a baseline and a later target (editors)',
    remove: 'Unlink an indicator from an action (editors)',
  },
  {
    kind: 'bottleneck',
    path: 'bottlenecks',
    body: BottleneckIndicatorPut,
    list: 'The indicators that are evidence of a bottleneck, with the region\'s latest figure (and a baseline and target where given)',
    put: 'Link a published indicator to a bottleneck as evidence, or change the link: the region, and a baseline and target if known (editors)',
    remove: 'Unlink an indicator from a bottleneck (editors)',
  },
] as const;

export const kpiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  for (const { kind, path, body, list, put, remove } of KINDS) {
    const tags = [path, 'indicators'];
    app.get(
      `/api/${path}/:id/indicators`,
      { config: { access: 'public' }, schema: { tags, summary: list, params: LinkedIndicatorsParams, response: { 200: LinkedIndicators, ...errorResponses } } },
      async (request) => kpis.listLinked(db(), request.auth.user, kind, request.params.id),
    );

    app.put(
      `/api/${path}/:id/indicators/:slug`,
      { config: { access: 'editor' }, schema: { tags, summary: put, params: LinkedIndicatorParams, body, response: { 200: LinkedIndicator, ...errorResponses } } },
      async (request) => kpis.putLink(db(), signedIn(request), kind, request.params.id, request.params.slug, request.body),
    );

    app.delete(
      `/api/${path}/:id/indicators/:slug`,
      { config: { access: 'editor' }, schema: { tags, summary: remove, params: LinkedIndicatorParams, response: { 204: NoContent, ...errorResponses } } },
      async (request, reply) => {
        await kpis.deleteLink(db(), signedIn(request), kind, request.params.id, request.params.slug);
        return reply.code(204).send(null);
      },
    );
  }
};
