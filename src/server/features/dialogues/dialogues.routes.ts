import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Language } from '../../../shared/languages.ts';
import { Attachment } from '../../../shared/schemas/attachments.ts';
import {
  CommentCreate,
  DialogueCreate,
  DialogueDetail,
  DialogueList,
  DialoguePatch,
  DialogueQuery,
  GuideCreate,
  GuideList,
  InterviewRecord,
} from '../../../shared/schemas/dialogues.ts';
import { fileLanguage, LangQuery } from '../../plugins/web.ts';
import { signedIn } from '../../plugins/auth.ts';
import { defineRelation } from '../../plugins/access.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { problems } from '../../plugins/problems.ts';
import { matchesIfNoneMatch } from '../../lib/etag.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { addAttachment, attachmentJson, findAttachment, MAX_ATTACHMENTS, readUpload, registerUploads, removeAttachment, sendDownload } from '../attachments/attachments.service.ts';
import { calendar, keptCalendarFeed } from './dialogues.ics.ts';
import { keptMinutesPdf, minutesPdf, minutesSource } from './dialogues.pdf.ts';
import * as repo from './dialogues.repository.ts';
import * as dialogues from './dialogues.service.ts';

const tags = ['dialogues'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference (DL-2026-0007)' }) });

defineRelation('dialogue-institution', "a service owner of an institution that organises or takes part in the dialogue", async (request) => {
  const { user } = request.auth;
  if (user?.role !== 'service_owner' || !user.institutionId) return false;
  const row = await repo.findDialogue(request.server.db.kysely, (request.params as { id: string }).id);
  return Boolean(row) && repo.isInvolved(request.server.db.kysely, row!.id, user.institutionId);
});

/**
 * What the dialogues show of the features built on them, handed in at registration by the
 * composition root (`app.ts`), so this feature imports none of them.
 */
export interface DialoguesRoutesOptions {
  /** The recommendations that came of a dialogue, for its page and its minutes. */
  recommendationsOf(db: QueryBuilder, dialogueId: string): Promise<DialogueDetail['recommendations']>;
}

export const dialoguesRoutes: FastifyPluginAsyncTypebox<DialoguesRoutesOptions> = async (app, { recommendationsOf }) => {
  if (typeof recommendationsOf !== 'function') throw new TypeError('dialoguesRoutes needs recommendationsOf');

  const detail = async (request: { auth: { user: Parameters<typeof dialogues.getDialogue>[1] } }, id: string) => {
    const row = await dialogues.findVisible(app.db.kysely, request.auth.user, id);
    return dialogues.getDialogue(app.db.kysely, request.auth.user, row, await recommendationsOf(app.db.kysely, row.id));
  };

  app.get(
    '/api/dialogues',
    { config: { access: 'public' }, schema: { tags, summary: 'Roundtables, interviews, workshops, forum sessions and site visits', querystring: DialogueQuery, response: { 200: DialogueList, ...errorResponses } } },
    async (request) => dialogues.listDialogues(app.db.kysely, request.auth.user, request.query),
  );

  /**
   * The feed is the same for every reader of a language, and calendar clients poll it: it is
   * written again only when a public dialogue in its window changed (or the window moved a day),
   * and a client that has the current one gets 304 Not Modified.
   */
  app.get(
    '/api/dialogues.ics',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'iCalendar feed of the public dialogues (a year back and all ahead)', querystring: LangQuery, produces: ['text/calendar'], response: { 200: Type.String(), 304: Type.Null() } } },
    async (request, reply) => {
      const language = fileLanguage(request);
      const since = new Date(`${new Date(Date.now() - 366 * 24 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`);
      const version = `${since.toISOString()}|${await repo.calendarVersion(app.db.kysely, since)}`;
      const feed = await keptCalendarFeed(app.db.kysely, version, `${language}|${app.config.publicUrl}`, async () => {
        const rows = await repo.listForCalendar(app.db.kysely, since, 5000);
        const names: Record<Language, string> = { fi: 'Talsinki: vuoropuhelut', et: 'Talsinki: dialoogid', en: 'Talsinki: dialogues', sv: 'Talsinki: dialoger', ru: 'Talsinki: диалоги' };
        return calendar(rows, { language, publicUrl: app.config.publicUrl, name: names[language] });
      });
      reply.header('etag', feed.etag).header('cache-control', 'public, max-age=300').header('vary', 'accept-language, cookie');
      if (request.headers['if-none-match'] === feed.etag) return reply.code(304).send(null);
      return reply.type('text/calendar; charset=utf-8').send(feed.body);
    },
  );

  app.get(
    '/api/dialogues/:id.ics',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'One dialogue as an iCalendar event', params: IdParams, querystring: LangQuery, produces: ['text/calendar'], response: { 200: Type.String(), ...errorResponses } } },
    async (request, reply) => {
      const row = await dialogues.findVisible(app.db.kysely, request.auth.user, request.params.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${row.ref}.ics"`)
        .send(calendar([row], { language: fileLanguage(request), publicUrl: app.config.publicUrl }));
    },
  );

  app.get(
    '/api/dialogues/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One dialogue: agenda, participants, minutes, outcomes, linked bottlenecks and recommendations', params: IdParams, response: { 200: DialogueDetail, ...errorResponses } } },
    async (request) => detail(request, request.params.id),
  );

  /**
   * A PDF is written once per version of what it shows and per language, and kept (in the process's
   * cache, least recently used out); its ETag is the digest of that, so a reader who has it gets 304. The
   * dialogue is read, and its visibility checked, before either: what an internal dialogue's PDF
   * holds never reaches, nor confirms anything to, a caller who may not see it.
   */
  app.get(
    '/api/dialogues/:id/minutes.pdf',
    { config: { access: 'public' }, schema: { tags, summary: "The dialogue's published minutes as a PDF (with an ETag; 304 to If-None-Match)", params: IdParams, querystring: LangQuery, produces: ['application/pdf'], response: { 200: Type.String(), 304: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const page = await detail(request, request.params.id);
      if (!page.minutes) throw problems.notFound('minutes');
      const language = fileLanguage(request);
      const source = minutesSource(page);
      const etag = `W/"${createHash('sha256').update(JSON.stringify([app.appVersion, app.config.publicUrl, language, source])).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'accept-language, cookie');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      const pdf = await keptMinutesPdf(app.db.kysely, etag, () => minutesPdf(source, language, app.config.publicUrl));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${page.ref}-minutes.pdf"`).send(pdf);
    },
  );

  app.post(
    '/api/dialogues',
    { config: { access: 'editor' }, schema: { tags, summary: 'Plan a dialogue (editors)', body: DialogueCreate, response: { 201: DialogueDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const created = await dialogues.createDialogue(app.db.kysely, editor, request.body);
      return reply.code(201).header('location', `/api/dialogues/${created.ref}`).send(await detail(request, created.id));
    },
  );

  app.patch(
    '/api/dialogues/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a dialogue, move its state on, record minutes and outcomes (editors)', params: IdParams, body: DialoguePatch, response: { 200: DialogueDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await dialogues.findVisible(app.db.kysely, editor, request.params.id);
      await dialogues.updateDialogue(app.db.kysely, editor, row, request.body);
      return detail(request, row.id);
    },
  );

  app.post(
    '/api/dialogues/:id/comments',
    { config: { access: ['staff', 'relation:dialogue-institution'] }, schema: { tags, summary: "Comment on a dialogue (its institutions' service owners and staff)", params: IdParams, body: CommentCreate, response: { 201: Type.Object({ id: Type.String() }), ...errorResponses } } },
    async (request, reply) => {
      const row = await dialogues.findVisible(app.db.kysely, request.auth.user, request.params.id);
      const created = await dialogues.addComment(app.db.kysely, signedIn(request), row, request.body.body);
      return reply.code(201).send({ id: created.id });
    },
  );

  app.post(
    '/api/dialogues/:id/invitations',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: 'E-mail invitations with the calendar event to participants not yet invited (editors); ?all=true invites everyone again',
        params: IdParams,
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ invited: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const editor = signedIn(request);
      const row = await dialogues.findVisible(app.db.kysely, editor, request.params.id);
      return dialogues.sendInvitations(app.db.kysely, editor, row, app.config, Boolean(request.query.all));
    },
  );

  app.put(
    '/api/dialogues/:id/interview',
    { config: { access: 'editor' }, schema: { tags, summary: "Record an interview's answers per question and its coded findings (editors)", params: IdParams, body: InterviewRecord, response: { 200: DialogueDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await dialogues.findVisible(app.db.kysely, editor, request.params.id);
      await dialogues.recordInterview(app.db.kysely, editor, row, request.body);
      return detail(request, row.id);
    },
  );

  app.get(
    '/api/interview-guides',
    { config: { access: 'public' }, schema: { tags, summary: 'Interview guides, reused across interviews, with how many interviews the caller may see used each', response: { 200: GuideList } } },
    async (request) => dialogues.listGuides(app.db.kysely, request.auth.user),
  );

  app.post(
    '/api/interview-guides',
    { config: { access: 'editor' }, schema: { tags, summary: 'Write an interview guide (editors)', body: GuideCreate, response: { 201: Type.Object({ id: Type.String() }), ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      return reply.code(201).send({ id: await dialogues.createGuide(app.db.kysely, editor, request.body) });
    },
  );

  await registerUploads(app);
  const AttachmentParams = Type.Object({ id: IdParams.properties.id, attachmentId: Type.String({ format: 'uuid' }) });
  const attachmentsBase = (row: { ref: string }) => `/api/dialogues/${row.ref}/attachments`;

  app.post(
    '/api/dialogues/:id/attachments',
    { config: { access: 'editor' }, schema: { tags, summary: `Attach a PDF or an image to a dialogue in the multipart field "file" (editors; at most 10 MB and ${MAX_ATTACHMENTS} per dialogue, type checked from content)`, consumes: ['multipart/form-data'], params: IdParams, response: { 201: Attachment, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const row = await dialogues.findVisible(app.db.kysely, editor, request.params.id);
      const upload = await readUpload(request);
      const created = await app.db.kysely.transaction().execute((trx) => addAttachment(trx, repo.filesOf(row.id), upload, editor));
      return reply.code(201).send(attachmentJson(created, attachmentsBase(row)));
    },
  );

  app.get(
    '/api/dialogues/:id/attachments/:attachmentId',
    { config: { access: 'public' }, schema: { tags, summary: 'Download an attachment', params: AttachmentParams, produces: ['application/pdf', 'image/*'], response: { 200: Type.String(), ...errorResponses } } },
    async (request, reply) => {
      const row = await dialogues.findVisible(app.db.kysely, request.auth.user, request.params.id);
      const file = await findAttachment(app.db.kysely, repo.filesOf(row.id), request.params.attachmentId);
      if (!file) throw problems.notFound('attachment');
      return sendDownload(reply, file);
    },
  );

  app.delete(
    '/api/dialogues/:id/attachments/:attachmentId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove an attachment from a dialogue (editors; recorded in the audit trail)', params: AttachmentParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const row = await dialogues.findVisible(app.db.kysely, editor, request.params.id);
      await app.db.kysely.transaction().execute((trx) => removeAttachment(trx, repo.filesOf(row.id), request.params.attachmentId, editor));
      return reply.code(204).send(null);
    },
  );
};
