import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Indicator, IndicatorList, IndicatorParams, IndicatorRegionList, IndicatorQuery, IndicatorViewQuery } from '../../../shared/schemas/indicators.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { fileLanguage } from '../../plugins/web.ts';
import { cache } from '../../lib/cache.ts';
import { readyAnswer, readySize, sendReady, type ReadyAnswer } from '../../lib/ready.ts';
import { indicatorCsv, indicatorXlsx } from './indicators.export.ts';
import { syncIndicatorDatasets } from './indicators.catalog.ts';
import { indicatorJsonStat } from './indicators.jsonstat.ts';
import * as indicators from './indicators.service.ts';

const tags = ['indicators'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A published indicator is read far more often than its figures change: its answers are kept ready
 * (bytes, gzip, tag) per database, statistics and link-graph version, indicator, view and language.
 */
const answers = cache.section<ReadyAnswer>('indicators', readySize);

/** Cross-border indicators (issue 18): the twin region's figures, each side's from its office, as one. */
export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  // The catalogue's datasets of the indicators name this instance's public address and the figures
  // imported since they were written: brought up to date at each start (nothing written if unchanged).
  app.addHook('onReady', async () => {
    await syncIndicatorDatasets(db(), app.config.publicUrl);
  });

  app.get(
    '/api/indicators',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'Indicators of the twin region, with the newest figure of each side (an ETag; 304 to If-None-Match; gzip when asked)', querystring: IndicatorQuery, response: { 200: IndicatorList, 304: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      // Kept ready per statistics version; a page with drafts (staff's) is not for shared caches.
      const { answer, shared } = await indicators.listAnswer(db(), request.auth.user, request.query);
      return sendReady(request, reply, answer, 'application/json; charset=utf-8', shared ? 'public, no-cache' : 'private, no-cache');
    },
  );

  app.get(
    '/api/indicators/regions',
    {
      config: { access: 'public', anyOrigin: true },
      schema: { tags, summary: 'The statistical regions of both countries (NUTS 3, municipalities), each with how many indicators have figures for it: the region filter\'s choices', response: { 200: IndicatorRegionList, ...errorResponses } },
    },
    async (request) => indicators.listIndicatorRegions(db(), request.auth.user),
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
    '/api/indicators/:id.json',
    {
      config: { access: 'public', anyOrigin: true },
      schema: {
        tags,
        summary: 'One indicator as a JSON-stat 2.0 dataset: region × time × measure (and any kept dimension), roles, statuses, and where each side\'s figures came from in extension.source (an ETag; 304 to If-None-Match; gzip when asked)',
        params: IndicatorParams,
        querystring: IndicatorViewQuery,
        produces: ['application/json'],
        response: { 200: Type.Unknown({ description: 'JSON-stat 2.0 dataset' }), 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const lang = fileLanguage(request);
      const answer = await keptAnswer(request.auth.user, request.params.id, request.query, `jsonstat|${lang}`, async (indicator) =>
        indicatorJsonStat(indicator, lang, app.config.publicUrl),
      );
      return sendReady(request, reply, answer, 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/api/indicators/:id',
    {
      config: { access: 'public', anyOrigin: true },
      schema: {
        tags,
        summary: 'One indicator: both sides\' series on one axis of periods, in the measure asked for, with sources, vintages and the actions and bottlenecks it measures (an ETag; 304 to If-None-Match; gzip when asked)',
        params: IndicatorParams,
        querystring: IndicatorViewQuery,
        response: { 200: Indicator, 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const answer = await keptAnswer(request.auth.user, request.params.id, request.query, 'detail', async (indicator) => JSON.stringify(indicator));
      return sendReady(request, reply, answer, 'application/json; charset=utf-8');
    },
  );

  /** The answer for a viewer who may see the indicator, from the cache or written now. */
  async function keptAnswer(user: Parameters<typeof indicators.getIndicator>[1], slug: string, view: IndicatorViewQuery, format: string, write: (indicator: Indicator) => Promise<string>) {
    await indicators.visibleIndicator(db(), user, slug);
    const version = await indicators.answerVersion(db());
    return answers.fetch(db(), version, `${slug}|${view.measure ?? 'absolute'}|${view.base ?? ''}|${format}`, async () =>
      readyAnswer(await write(await indicators.getIndicator(db(), user, slug, view))),
    );
  }
};
