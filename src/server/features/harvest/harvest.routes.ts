import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  HarvestRun, HarvestRunList, HarvestRunSummary, HarvestSource, HarvestSourceCreate, HarvestSourceList, HarvestSourcePatch, HarvestSourceTestBody,
  HarvestSourceTestResult,
} from '../../../shared/schemas/catalog.ts';
import { PageQuery } from '../../../shared/schemas/lists.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as harvest from './harvest.service.ts';
import { startHarvestWorker, type HarvestWorker } from './harvest.worker.ts';
import { harvestSettings } from './harvest.engine.ts';
import { registerJobRunRoutes } from '../../lib/jobs/routes.ts';

const tags = ['harvest'];
const SourceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Paging = Type.Object(PageQuery, { additionalProperties: false });

/**
 * Harvest sources and their runs. Anyone may read them (which source feeds the catalogue, when
 * it was last read, what failed: a harvest never fails silently); administrators change them.
 */
export const harvestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const settings = { ...harvestSettings(app.config), pollMs: app.config.harvestPollMs };
  let worker: HarvestWorker | null = null;
  if (app.config.harvestWorker) {
    app.addHook('onReady', async () => {
      worker = startHarvestWorker(app.db.kysely, settings, app.log);
    });
    app.addHook('onClose', async () => worker?.stop());
  }

  app.get(
    '/api/harvest/sources',
    { config: { access: 'public' }, schema: { tags, summary: 'Harvest sources with their latest run', querystring: Paging, response: { 200: HarvestSourceList, ...errorResponses } } },
    async (request) => harvest.listSources(app.db.kysely, request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/harvest/sources/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One harvest source', params: SourceParams, response: { 200: HarvestSource, ...errorResponses } } },
    async (request) => harvest.getSource(app.db.kysely, request.params.id),
  );

  app.post(
    '/api/harvest/sources',
    { config: { access: 'admin' }, schema: { tags, summary: 'Add a harvest source (administrators)', body: HarvestSourceCreate, response: { 201: HarvestSource, ...errorResponses } } },
    async (request, reply) => {
      const admin = signedIn(request);
      const source = await harvest.createSource(app.db.kysely, admin, request.body, settings);
      worker?.wake();
      return reply.code(201).send(source);
    },
  );

  app.patch(
    '/api/harvest/sources/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a harvest source: address, schedule, on or off (administrators)', params: SourceParams, body: HarvestSourcePatch, response: { 200: HarvestSource, ...errorResponses } } },
    async (request) => harvest.updateSource(app.db.kysely, signedIn(request), request.params.id, request.body, settings),
  );

  app.post(
    '/api/harvest/sources/test',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Check a source without saving it (administrators): whether the address answers as the chosen kind of portal, how many datasets it announces, the first titles',
        body: HarvestSourceTestBody,
        response: { 200: HarvestSourceTestResult, ...errorResponses },
      },
    },
    async (request) => harvest.probeSource(settings, request.body.kind, request.body.url),
  );

  app.delete(
    '/api/harvest/sources/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Delete a source and its runs (administrators); a run under way is cancelled, and the source's datasets stay in the catalogue as its own",
        params: SourceParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await harvest.deleteSource(app.db.kysely, signedIn(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  registerJobRunRoutes(app, {
    base: '/api/harvest/sources',
    tags,
    schemas: { Summary: HarvestRunSummary, Run: HarvestRun, List: HarvestRunList },
    summaries: {
      list: "A source's runs, newest first",
      request: 'Harvest a source now (administrators): the run is queued and any instance takes it; poll the run for progress',
      cancel: 'Cancel a queued or running run (administrators): it ends as cancelled with the counts so far; its worker stops at its next check',
      get: 'One run: state, progress, counts, and (for administrators) the errors of bad records',
    },
    api: harvest.runApi,
    wake: () => worker?.wake(),
  });
};
