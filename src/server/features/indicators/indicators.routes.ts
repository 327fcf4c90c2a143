import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Indicator, IndicatorList, IndicatorParams, IndicatorQuery, IndicatorViewQuery } from '../../../shared/schemas/indicators.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { fileLanguage } from '../../plugins/web.ts';
import { indicatorCsv, indicatorXlsx } from './indicators.export.ts';
import * as indicators from './indicators.service.ts';

const tags = ['indicators'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Cross-border indicators (issue 18): the twin region's figures, each side's from its office, as one. */
export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  app.get(
    '/api/indicators',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'Indicators of the twin region, with the newest figure of each side', querystring: IndicatorQuery, response: { 200: IndicatorList, ...errorResponses } } },
    async (request) => indicators.listIndicators(db(), request.auth.user, request.query),
  );

  app.get(
    '/api/indicators/:id.csv',
    {
      config: { access: 'public', anyOrigin: true },
      schema: { tags, summary: 'One indicator as CSV: a row per figure with its status, source table and vintage', params: IndicatorParams, querystring: IndicatorViewQuery, produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV file' }), ...errorResponses } },
    },
    async (request, reply) => {
      const indicator = await indicators.getIndicator(db(), request.auth.user, request.params.id, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="talsinki-${indicator.id}-${indicator.measure}.csv"`)
        .send(await indicatorCsv(indicator, fileLanguage(request)));
    },
  );

  app.get(
    '/api/indicators/:id.xlsx',
    {
      config: { access: 'public', anyOrigin: true },
      schema: { tags, summary: 'One indicator as XLSX: a row per figure with its status, source table and vintage', params: IndicatorParams, querystring: IndicatorViewQuery, produces: [XLSX], response: { 200: Type.String({ description: 'XLSX file' }), ...errorResponses } },
    },
    async (request, reply) => {
      const indicator = await indicators.getIndicator(db(), request.auth.user, request.params.id, request.query);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="talsinki-${indicator.id}-${indicator.measure}.xlsx"`)
        .send(await indicatorXlsx(indicator, fileLanguage(request)));
    },
  );

  app.get(
    '/api/indicators/:id',
    {
      config: { access: 'public', anyOrigin: true },
      schema: { tags, summary: 'One indicator: both sides\' series on one axis of periods, in the measure asked for, with sources, vintages and the actions and bottlenecks it measures', params: IndicatorParams, querystring: IndicatorViewQuery, response: { 200: Indicator, ...errorResponses } },
    },
    async (request) => indicators.getIndicator(db(), request.auth.user, request.params.id, request.query),
  );
};
