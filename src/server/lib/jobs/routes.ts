import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { PageQuery } from '../../../shared/schemas/lists.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { JobRunDetail, JobRunSummary } from './api.ts';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

export interface JobRunRoutes {
  /** The sources' address (`/api/harvest/sources`): the runs are at `{base}/{id}/runs`. */
  base: string;
  tags: string[];
  /** The kind's run schemas (`jobRunSchemas`) and the page of summaries. */
  schemas: { Summary: TSchema; Run: TSchema; List: TSchema };
  /** The routes' summaries in the OpenAPI document, in the kind's words. */
  summaries: { list: string; request: string; cancel: string; get: string };
  /** The kind's run API (`jobApi`). */
  api: {
    listRuns(db: App['db']['kysely'], sourceId: string, limit: number, offset: number): Promise<unknown>;
    getRun(db: App['db']['kysely'], sourceId: string, runId: string, withErrors: boolean): Promise<JobRunDetail<string>>;
    requestRun(db: App['db']['kysely'], actorId: string | null, sourceId: string, trigger: 'manual'): Promise<JobRunSummary<string>>;
    cancelRun(db: App['db']['kysely'], actorId: string, sourceId: string, runId: string): Promise<JobRunSummary<string>>;
  };
  /** Tells this instance's worker a run was queued. */
  wake(): void;
}

const SourceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RunParams = Type.Object({ id: Type.String({ format: 'uuid' }), runId: Type.String({ format: 'uuid' }) });
const Paging = Type.Object(PageQuery, { additionalProperties: false });

/**
 * The runs of a kind of job on the API, the same for every kind: anyone reads a source's runs and
 * one run (its errors quote what the source answered, so only administrators get them);
 * administrators ask for a run (202, its address in `Location`; any instance's worker takes it)
 * and cancel one.
 */
export function registerJobRunRoutes(app: App, options: JobRunRoutes) {
  const { base, tags, schemas, summaries, api } = options;

  app.get(
    `${base}/:id/runs`,
    { config: { access: 'public' }, schema: { tags, summary: summaries.list, params: SourceParams, querystring: Paging, response: { 200: schemas.List, ...errorResponses } } },
    async (request) => api.listRuns(app.db.kysely, request.params.id, request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.post(
    `${base}/:id/runs`,
    { config: { access: 'admin' }, schema: { tags, summary: summaries.request, params: SourceParams, response: { 202: schemas.Summary, ...errorResponses } } },
    async (request, reply) => {
      const run = await api.requestRun(app.db.kysely, signedIn(request).id, request.params.id, 'manual');
      options.wake();
      return reply.code(202).header('location', `${base}/${run.sourceId}/runs/${run.id}`).send(run);
    },
  );

  app.post(
    `${base}/:id/runs/:runId/cancel`,
    { config: { access: 'admin' }, schema: { tags, summary: summaries.cancel, params: RunParams, response: { 200: schemas.Summary, ...errorResponses } } },
    async (request) => api.cancelRun(app.db.kysely, signedIn(request).id, request.params.id, request.params.runId),
  );

  app.get(
    `${base}/:id/runs/:runId`,
    { config: { access: 'public' }, schema: { tags, summary: summaries.get, params: RunParams, response: { 200: schemas.Run, ...errorResponses } } },
    async (request) => api.getRun(app.db.kysely, request.params.id, request.params.runId, request.auth.user?.role === 'admin'),
  );
}
