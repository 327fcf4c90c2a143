import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Attachment } from '../../../shared/schemas/attachments.ts';
import {
  Answer,
  AnswerCreate,
  AnswerEdit,
  BottleneckCreate,
  BottleneckCreated,
  BottleneckDetail,
  BottleneckList,
  BottleneckPatch,
  BulkModerated,
  BulkModeration,
  BottleneckExportRecord,
  BottleneckQuery,
  DeskBottlenecks,
  MergeBody,
  ReportStatus,
  ReportStatusToken,
  SimilarList,
  SimilarQuery,
  Stats,
  SuggestionApply,
  SuggestionList,
} from '../../../shared/schemas/bottlenecks.ts';
import { NO_LINKED_ITEMS, type LinkedItemsOf } from './linked.ts';
import { signedIn } from '../../plugins/auth.ts';
import { defineRelation } from '../../plugins/access.ts';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../plugins/openapi.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import * as bottlenecks from './bottlenecks.service.ts';
import { csvStream, jsonStream, xlsxStream } from './bottlenecks.export.ts';
import { addAttachment, attachmentsBase, findDownload, mayAttach, removeAttachment } from './attachments.ts';
import { attachmentJson, MAX_ATTACHMENTS, readUpload, registerUploads, sendDownload } from '../attachments/attachments.service.ts';
import * as repo from './bottlenecks.repository.ts';
import { problems } from '../../plugins/problems.ts';
import { markSeen } from './following.ts';
import { loadRegisterIndex } from './bottlenecks.search.ts';

const tags = ['bottlenecks'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference (BN-2026-0042)' }) });
const Counts = Type.Object({ supportCount: Type.Integer(), followerCount: Type.Integer() });

const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

defineRelation('reporter', 'the reporter of the bottleneck: their session, or the attachment token of the report (X-Attachment-Token)', async (request) => {
  const row = await repo.findBottleneck(request.server.db.kysely, idParam(request));
  const token = request.headers['x-attachment-token'];
  return Boolean(row) && mayAttach(row!, request.auth.user, typeof token === 'string' ? token : undefined);
}, { scheme: 'attachmentToken', header: 'X-Attachment-Token', description: 'The attachment token of a report (attachmentToken in the answer to POST /api/bottlenecks): its reporter may add files without an account' });

defineRelation('assigned-service-owner', 'a service owner of an institution the bottleneck is assigned to', async (request) => {
  const { user } = request.auth;
  if (user?.role !== 'service_owner' || !user.institutionId) return false;
  const row = await repo.findBottleneck(request.server.db.kysely, idParam(request));
  return Boolean(row) && (await repo.listAssignments(request.server.db.kysely, row!.id)).some((a) => a.institution_id === user.institutionId);
});

export interface BottlenecksRoutesOptions {
  /** What dialogues and recommendations did with bottlenecks (timeline entries, suggested status changes); `app.ts` gives it. */
  linkedItemsOf?: LinkedItemsOf;
}

export const bottlenecksRoutes: FastifyPluginAsyncTypebox<BottlenecksRoutesOptions> = async (app, options) => {
  const linkedItemsOf = options.linkedItemsOf ?? NO_LINKED_ITEMS;
  // The search index is read once the server listens, so the first visitor's search does not wait for it.
  app.addHook('onListen', async () => {
    loadRegisterIndex(app.db.genericPlans).catch((error: unknown) => app.log.warn({ err: error }, 'the register search index was not loaded at start'));
  });
  app.get(
    '/api/bottlenecks',
    { config: { access: 'public' }, schema: { tags, summary: 'Search and filter the register', querystring: BottleneckQuery, response: { 200: BottleneckList, ...errorResponses } } },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(await bottlenecks.listBottlenecksJson(app.db.genericPlans, request.auth.user, request.query)),
  );

  app.post(
    '/api/bottlenecks',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Report a bottleneck (no account needed); it waits for moderation',
        body: BottleneckCreate,
        response: { 201: BottleneckCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await bottlenecks.reportBottleneck(app.db.kysely, request.auth.user, request.ip, request.body, app.config);
      return reply.code(201).header('location', `/api/bottlenecks/${created.ref}`).send(created);
    },
  );

  app.get(
    '/api/bottlenecks/stats',
    { config: { access: 'public' }, schema: { tags, summary: 'Counts by domain and status, trend by month, most supported open bottlenecks', response: { 200: Stats } } },
    async () => bottlenecks.stats(app.db.kysely),
  );

  const ExportQuery = Type.Omit(BottleneckQuery, ['limit', 'offset', 'sort'], { additionalProperties: false });
  const attachment = (ext: string) => `attachment; filename="talsinki-bottlenecks-${new Date().toISOString().slice(0, 10)}.${ext}"`;
  const Merged = Type.Null({ description: 'Merged into another bottleneck: Location names the one kept' });
  const exportSchema = (format: string, mediaType: string) => ({
    tags,
    summary: `The register as ${format} (open data; filters as for the list)`,
    querystring: ExportQuery,
    produces: [mediaType],
    response: { 200: format === 'JSON' ? Type.Array(BottleneckExportRecord, { description: 'JSON file: the records' }) : Type.String({ description: `${format} file` }), ...errorResponses },
  });

  app.get('/api/bottlenecks/export.csv', { config: { access: 'public' }, schema: exportSchema('CSV', 'text/csv') }, async (request, reply) => {
    const stream = await csvStream(app.db.kysely, request.auth.user, request.query, app.db.genericPlans);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment('csv')).send(stream);
  });

  app.get('/api/bottlenecks/export.json', { config: { access: 'public' }, schema: exportSchema('JSON', 'application/json') }, async (request, reply) => {
    const stream = await jsonStream(app.db.kysely, request.auth.user, request.query, app.db.genericPlans);
    return reply.type('application/json; charset=utf-8').header('content-disposition', attachment('json')).send(stream);
  });

  app.get('/api/bottlenecks/export.xlsx', { config: { access: 'public' }, schema: exportSchema('XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') }, async (request, reply) => {
    const stream = await xlsxStream(app.db.kysely, request.auth.user, request.query, app.db.genericPlans);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', attachment('xlsx')).send(stream);
  });

  app.get(
    '/api/bottlenecks/verify-email',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Confirms an anonymous reporter's e-mail address (the link sent to it), then shows the bottleneck",
        querystring: Type.Object({ ref: Type.String({ pattern: '^BN-\\d{4}-\\d{1,6}$' }), token: Type.String({ minLength: 20, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 303: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await bottlenecks.verifyReporterEmail(app.db.kysely, request.query.ref, request.query.token);
      return reply.code(303).header('location', `/bottlenecks/${request.query.ref}`).send();
    },
  );

  app.get(
    '/api/bottlenecks/report-status/:token',
    {
      // Public by rule, answered only to the token: the link the reporter got on the thank-you page and by e-mail.
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Where a report stands, for its reporter's private status link: waiting for moderation, published, merged (into which) or rejected (why); nothing personal",
        params: ReportStatusToken,
        response: { 200: ReportStatus, ...errorResponses },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(await bottlenecks.reportStatus(app.db.kysely, request.params.token)),
  );

  app.get(
    '/api/bottlenecks/similar',
    { config: { access: 'public' }, schema: { tags, summary: 'Published bottlenecks whose titles resemble the one given', querystring: SimilarQuery, response: { 200: SimilarList, ...errorResponses } } },
    async (request) => bottlenecks.similar(app.db.kysely, request.query.title),
  );

  app.get(
    '/api/bottlenecks/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One bottleneck with its timeline, answers and assignments; a merged one redirects to the one kept',
        params: IdParams,
        response: { 200: BottleneckDetail, 301: Merged, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await bottlenecks.findVisible(app.db.kysely, request.auth.user, request.params.id);
      const kept = await bottlenecks.mergedTarget(app.db.kysely, row);
      if (kept) return reply.code(301).header('location', `/api/bottlenecks/${kept}`).send();
      const detail = await bottlenecks.getBottleneck(app.db.kysely, request.auth.user, row, await linkedItemsOf(app.db.kysely, [row.id]));
      // A follower or supporter has now seen what it says (their following page's "news").
      if (request.auth.user && (detail.viewer.following || detail.viewer.supported)) await markSeen(app.db.kysely, request.auth.user.id, row.id);
      return detail;
    },
  );

  app.patch(
    '/api/bottlenecks/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Moderate (publish, reject, redact) or manage (status, outcome, assignments) a bottleneck',
        params: IdParams,
        body: BottleneckPatch,
        response: { 200: BottleneckDetail, ...errorResponses },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const id = await bottlenecks.updateBottleneck(app.db.kysely, user, request.params.id, request.body, app.config);
      const row = await bottlenecks.findVisible(app.db.kysely, user, id);
      return bottlenecks.getBottleneck(app.db.kysely, user, row, await linkedItemsOf(app.db.kysely, [row.id]));
    },
  );

  app.get(
    '/api/bottlenecks/suggestions',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'Bottlenecks whose status is behind a dialogue or recommendation about them, with the change suggested (the editor’s overview)', response: { 200: SuggestionList, ...errorResponses } },
    },
    async () => bottlenecks.listSuggestions(app.db.kysely, linkedItemsOf),
  );

  app.post(
    '/api/bottlenecks/:id/suggestion',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: 'Apply the suggested status change: the ordinary transitions to it, noted on the timeline with a link to the dialogue or recommendation',
        params: IdParams,
        body: SuggestionApply,
        response: { 200: BottleneckDetail, ...errorResponses },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const id = await bottlenecks.applySuggestion(app.db.kysely, user, request.params.id, request.body, linkedItemsOf, app.config);
      const row = await bottlenecks.findVisible(app.db.kysely, user, id);
      return bottlenecks.getBottleneck(app.db.kysely, user, row, await linkedItemsOf(app.db.kysely, [row.id]));
    },
  );

  app.post(
    '/api/bottlenecks/moderate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Publish or reject several reports waiting for moderation together: all or none (a 409 names the report refused); each gets its event, notices and audit entry',
        body: BulkModeration,
        response: { 200: BulkModerated, ...errorResponses },
      },
    },
    async (request) => ({ items: await bottlenecks.moderateMany(app.db.kysely, signedIn(request), request.body.refs, request.body.status, request.body.note, app.config) }),
  );

  for (const kind of ['support', 'follow'] as const) {
    const summary = kind === 'support' ? '"Affects me too": once per member' : 'Follow changes and answers by e-mail';
    app.post(`/api/bottlenecks/:id/${kind}`, { config: { access: 'signed-in' }, schema: { tags, summary, params: IdParams, response: { 201: Counts, ...errorResponses } } }, async (request, reply) =>
      reply.code(201).send(await bottlenecks.setMembership(app.db.kysely, signedIn(request), request.params.id, kind, true)),
    );
    app.delete(`/api/bottlenecks/:id/${kind}`, { config: { access: 'signed-in' }, schema: { tags, summary: `Withdraw your ${kind}`, params: IdParams, response: { 200: Counts, ...errorResponses } } }, async (request) =>
      bottlenecks.setMembership(app.db.kysely, signedIn(request), request.params.id, kind, false),
    );
  }

  app.post(
    '/api/bottlenecks/:id/answers',
    { config: { access: 'relation:assigned-service-owner' }, schema: { tags, summary: "A service owner's public answer for their institution", params: IdParams, body: AnswerCreate, response: { 201: Answer, ...errorResponses } } },
    async (request, reply) => {
      const user = signedIn(request);
      const created = await bottlenecks.answer(app.db.kysely, user, request.params.id, request.body, app.config);
      const institution = (await institutionRefs(app.db.kysely, [created.institution_id])).get(created.institution_id)!;
      return reply.code(201).send(bottlenecks.answerJson(created, institution, institution.country, []));
    },
  );

  app.patch(
    '/api/bottlenecks/:id/answers/:answerId',
    {
      config: { access: 'relation:assigned-service-owner' },
      schema: {
        tags,
        summary: "A new version of the institution's answer (its service owners, while the bottleneck is open); the version it replaces is kept and shown",
        params: Type.Object({ ...IdParams.properties, answerId: Type.String({ format: 'uuid' }) }),
        body: AnswerEdit,
        response: { 200: Answer, ...errorResponses },
      },
    },
    async (request) => bottlenecks.editAnswer(app.db.kysely, signedIn(request), request.params.id, request.params.answerId, request.body),
  );

  app.get(
    '/api/desk/bottlenecks',
    { config: { access: 'service_owner' }, schema: { tags, summary: "A service owner's desk: the open bottlenecks assigned to their institution, overdue first, each with its answer", response: { 200: DeskBottlenecks, ...errorResponses } } },
    async (request) => bottlenecks.deskBottlenecks(app.db.kysely, signedIn(request)),
  );

  await registerUploads(app);

  app.post(
    '/api/bottlenecks/:id/attachments',
    {
      config: { access: ['staff', 'relation:reporter'] },
      schema: {
        tags,
        summary: `Attach a PDF or an image in the multipart field "file" (at most 10 MB and ${MAX_ATTACHMENTS} per bottleneck, type checked from content): the reporter (session or X-Attachment-Token) or staff`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: Attachment, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await repo.findBottleneck(app.db.kysely, request.params.id);
      if (!row) throw problems.notFound('bottleneck');
      const created = await addAttachment(app.db.kysely, row, request.auth.user, await readUpload(request));
      return reply.code(201).send(attachmentJson(created, attachmentsBase(row)));
    },
  );

  const AttachmentParams = Type.Object({ id: IdParams.properties.id, attachmentId: Type.String({ format: 'uuid' }) });

  app.get(
    '/api/bottlenecks/:id/attachments/:attachmentId',
    { config: { access: 'public' }, schema: { tags, summary: 'Download an attachment; that of a merged bottleneck redirects to the one kept', params: AttachmentParams, produces: ['application/pdf', 'image/*'], response: { 200: Type.String({ description: 'The file' }), 301: Merged, ...errorResponses } } },
    async (request, reply) => {
      const row = await bottlenecks.findVisible(app.db.kysely, request.auth.user, request.params.id);
      const found = await findDownload(app.db.kysely, row, request.auth.user, request.params.attachmentId);
      if ('redirect' in found) return reply.code(301).header('location', found.redirect).send();
      return sendDownload(reply, found.file);
    },
  );

  app.delete(
    '/api/bottlenecks/:id/attachments/:attachmentId',
    { config: { access: 'staff' }, schema: { tags, summary: 'Remove an attachment (moderators)', params: AttachmentParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const row = await bottlenecks.findVisible(app.db.kysely, request.auth.user, request.params.id);
      await removeAttachment(app.db.kysely, signedIn(request), row.id, request.params.attachmentId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/bottlenecks/:id/merge',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Merge a duplicate into the bottleneck to keep; supports and followers move along',
        params: IdParams,
        body: MergeBody,
        response: { 200: Type.Object({ id: Type.String(), ref: Type.String() }), ...errorResponses },
      },
    },
    async (request) => {
      const kept = await bottlenecks.merge(app.db.kysely, signedIn(request), request.params.id, request.body.into, request.body.note);
      return { id: kept.id, ref: kept.ref };
    },
  );

};
