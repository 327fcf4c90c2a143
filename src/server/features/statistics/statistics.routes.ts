import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PageQuery } from '../../../shared/schemas/lists.ts';
import {
  STAT_FILE_MAX_MEGABYTES, StatFileAccepted, StatRun, StatRunList, StatRunSummary, StatSource, StatSourceCreate, StatSourceList, StatSourcePatch, StatTable, StatTableList, StatTableQuery,
} from '../../../shared/schemas/statistics.ts';
import type { JobWorker } from '../../lib/jobs/worker.ts';
import { registerJobRunRoutes } from '../../lib/jobs/routes.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { readForm, registerUploads } from '../attachments/attachments.service.ts';
import { statSettings, type AfterImport } from './statistics.engine.ts';
import { readUploadForm, STAT_FILES, UPLOAD_FORM } from './statistics.files.ts';
import * as statistics from './statistics.service.ts';
import { startStatisticsWorker } from './statistics.worker.ts';

const tags = ['statistics'];
const SourceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Paging = Type.Object(PageQuery, { additionalProperties: false });

/**
 * Statistics sources and their import runs, as the harvest's: anyone may read them (where a
 * figure comes from, when it was last read, what failed); administrators add, change, run and
 * upload. The runs are jobs (`lib/jobs`), taken by this instance's worker when it has one.
 */
export const statisticsRoutes: FastifyPluginAsyncTypebox<{ afterImport?: AfterImport }> = async (app, { afterImport }) => {
  const settings = { ...statSettings(app.config), afterImport, pollMs: app.config.harvestPollMs };
  let worker: JobWorker | null = null;
  if (app.config.statisticsWorker) {
    app.addHook('onReady', async () => {
      worker = startStatisticsWorker(app.db.kysely, settings, app.log);
    });
    app.addHook('onClose', async () => worker?.stop());
  }

  app.get(
    '/api/statistics/sources',
    { config: { access: 'public' }, schema: { tags, summary: 'Statistics sources with their latest run and their tables', querystring: Paging, response: { 200: StatSourceList, ...errorResponses } } },
    async (request) => statistics.listSources(app.db.kysely, request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/statistics/sources/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One statistics source, its latest run and its tables', params: SourceParams, response: { 200: StatSource, ...errorResponses } } },
    async (request) => statistics.getSource(app.db.kysely, request.params.id),
  );

  app.get(
    '/api/statistics/tables',
    { config: { access: 'public' }, schema: { tags, summary: 'Tables the sources gave, by title: what an indicator can be read from', querystring: StatTableQuery, response: { 200: StatTableList, ...errorResponses } } },
    async (request) => statistics.listTables(app.db.kysely, request.query),
  );

  app.get(
    '/api/statistics/tables/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One table as its latest vintage has it: its dimensions in order with their roles and values, and its periods (what an editor maps to an indicator)', params: SourceParams, response: { 200: StatTable, ...errorResponses } },
    },
    async (request) => statistics.getTable(app.db.kysely, request.params.id),
  );

  app.post(
    '/api/statistics/sources',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Add a statistics source read from an address (administrators); files are uploaded with POST /api/statistics/files', body: StatSourceCreate, response: { 201: StatSource, ...errorResponses } },
    },
    async (request, reply) => {
      const source = await statistics.createSource(app.db.kysely, signedIn(request), request.body);
      worker?.wake();
      return reply.code(201).send(source);
    },
  );

  app.patch(
    '/api/statistics/sources/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a statistics source: address, table, selection, schedule, on or off (administrators)', params: SourceParams, body: StatSourcePatch, response: { 200: StatSource, ...errorResponses } } },
    async (request) => statistics.updateSource(app.db.kysely, signedIn(request), request.params.id, request.body),
  );

  app.delete(
    '/api/statistics/sources/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Delete a statistics source with its runs, tables, vintages and file (administrators); refused while an indicator reads one of its tables',
        params: SourceParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await statistics.deleteSource(app.db.kysely, signedIn(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  registerJobRunRoutes(app, {
    base: '/api/statistics/sources',
    tags,
    schemas: { Summary: StatRunSummary, Run: StatRun, List: StatRunList },
    summaries: {
      list: "A statistics source's runs, newest first",
      request: 'Import a source now (administrators): the run is queued and any instance takes it; poll the run for progress',
      cancel: 'Cancel a queued or running import (administrators): it ends as cancelled; tables stored before stay',
      get: 'One import run: state, progress, counts, and (for administrators) what could not be read',
    },
    api: statistics.runApi,
    wake: () => worker?.wake(),
  });

  await registerUploads(app, UPLOAD_FORM, STAT_FILES);
  app.post(
    '/api/statistics/files',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: `Upload a PC-Axis (.px) file or a JSON-stat document (administrators; multipart: "file", at most ${STAT_FILE_MAX_MEGABYTES} MB, and "name" and "language"): a new source reading it, its first run queued; poll the run`,
        consumes: ['multipart/form-data'],
        response: { 202: StatFileAccepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = signedIn(request);
      const form = await readUploadForm(await readForm(request, 'file', UPLOAD_FORM, STAT_FILES));
      const accepted = await statistics.createFileSource(app.db.kysely, admin, form.source, form.file);
      worker?.wake();
      return reply.code(202).header('location', `/api/statistics/sources/${accepted.source.id}/runs/${accepted.run.id}`).send(accepted);
    },
  );
};
