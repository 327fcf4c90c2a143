import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AnswersInput,
  AnswersSaved,
  Question,
  QuestionInput,
  QuestionList,
  QuestionOrder,
  QuestionPatch,
  SurveyResults,
  Comment,
  CommentInput,
  CommentList,
  CommentQuery,
  ConsultationCreate,
  ConsultationDetail,
  ConsultationList,
  ConsultationPatch,
  ConsultationQuery,
  FlagAnswer,
  FlagInput,
  ModerationInput,
  ModerationList,
  ModerationQuery,
  Reply,
  ReplyInput,
  Respondent,
  RespondentInput,
  SectionFile,
  SectionInput,
  SectionPatch,
  SupportAnswer,
} from '../../../shared/schemas/consultations.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { problems } from '../../plugins/problems.ts';
import { sha256 } from '../../lib/secrets.ts';
import { isUuid } from '../../lib/refs.ts';
import * as consultations from './consultations.service.ts';
import * as files from './consultations.files.ts';
import * as surveys from './consultations.surveys.ts';

const tags = ['consultations'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80, description: 'Id, slug or reference (CN-2026-0001)' }) });
const SectionParams = Type.Object({ ...IdParams.properties, sectionId: Type.String({ format: 'uuid' }) });
const CommentParams = Type.Object({ ...IdParams.properties, commentId: Type.String({ format: 'uuid' }) });
const QuestionParams = Type.Object({ ...SectionParams.properties, questionId: Type.String({ format: 'uuid' }) });
const FileParams = Type.Object({ ...SectionParams.properties, attachmentId: Type.String({ format: 'uuid' }) });
const NoContent = Type.Null({ description: 'No content' });

/**
 * The anonymous respondent's first-party cookie: a random value the browser keeps for a year and
 * sends only to the consultations' API; the database keeps only its digest. It lets one person's
 * relation, supports and flags count once without an account (decision 5).
 */
export const RESPONDENT_COOKIE = 'talsinki_respondent';
const COOKIE_DAYS = 365;

function cookieKey(request: FastifyRequest): string | null {
  const value = request.cookies[RESPONDENT_COOKIE];
  return value && value.length >= 20 && value.length <= 100 ? `a:${sha256(value)}` : null;
}

/** Who reads: the account, or the cookie if the browser has one (never set by a read). */
function reader(request: FastifyRequest): consultations.Participant {
  const { user } = request.auth;
  return { user, key: user ? `u:${user.id}` : cookieKey(request), ipHash: null };
}

/** Who writes: the account, or the anonymous cookie, set here on a first write. */
function writer(request: FastifyRequest, reply: FastifyReply): consultations.Participant & { key: string } {
  const { user } = request.auth;
  const ipHash = sha256(request.ip);
  if (user) return { user, key: `u:${user.id}`, ipHash };
  const existing = cookieKey(request);
  if (existing) return { user: null, key: existing, ipHash };
  const value = randomBytes(24).toString('base64url');
  reply.setCookie(RESPONDENT_COOKIE, value, {
    path: '/api/consultations',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: COOKIE_DAYS * 24 * 60 * 60,
  });
  return { user: null, key: `a:${sha256(value)}`, ipHash };
}

export const consultationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const find = (request: FastifyRequest) => consultations.findConsultation(db, request.auth.user, (request.params as { id: string }).id);
  const detail = async (request: FastifyRequest, id: string) => consultations.getConsultation(db, reader(request), await consultations.findConsultation(db, request.auth.user, id));

  app.get(
    '/api/consultations',
    { config: { access: 'public' }, schema: { tags, summary: 'Consultations: open ones first, then upcoming, then closed; unpublished ones to staff only', querystring: ConsultationQuery, response: { 200: ConsultationList, ...errorResponses } } },
    async (request) => consultations.listConsultations(db, request.auth.user, request.query),
  );

  app.get(
    '/api/consultations/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One consultation with its sections (text, files, comment counts by side) and what the caller may do', params: IdParams, response: { 200: ConsultationDetail, ...errorResponses } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await detail(request, request.params.id)),
  );

  app.post(
    '/api/consultations',
    { config: { access: 'editor' }, schema: { tags, summary: 'Create a consultation, with its sections (editors)', body: ConsultationCreate, response: { 201: ConsultationDetail, ...errorResponses } } },
    async (request, reply) => {
      const created = await consultations.createConsultation(db, signedIn(request), request.body);
      return reply.code(201).header('location', `/api/consultations/${created.ref}`).send(await detail(request, created.id));
    },
  );

  app.patch(
    '/api/consultations/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a consultation (editors)', params: IdParams, body: ConsultationPatch, response: { 200: ConsultationDetail, ...errorResponses } } },
    async (request) => {
      const row = await find(request);
      await consultations.updateConsultation(db, signedIn(request), row, request.body);
      return detail(request, row.id);
    },
  );

  app.post(
    '/api/consultations/:id/sections',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a section (editors); its body is Markdown, raw HTML in it shown as text', params: IdParams, body: SectionInput, response: { 201: ConsultationDetail, ...errorResponses } } },
    async (request, reply) => {
      const row = await find(request);
      await consultations.addSection(db, signedIn(request), row, request.body);
      return reply.code(201).send(await detail(request, row.id));
    },
  );

  app.patch(
    '/api/consultations/:id/sections/:sectionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a section (editors)', params: SectionParams, body: SectionPatch, response: { 200: ConsultationDetail, ...errorResponses } } },
    async (request) => {
      const row = await find(request);
      await consultations.updateSection(db, signedIn(request), row, request.params.sectionId, request.body);
      return detail(request, row.id);
    },
  );

  app.delete(
    '/api/consultations/:id/sections/:sectionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a section that has no comments (editors)', params: SectionParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await consultations.removeSection(db, signedIn(request), await find(request), request.params.sectionId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/consultations/:id/comments',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Published comments, each with its replies, filtered by section, language and side, newest, oldest or most supported first; with the caller\'s own waiting or rejected ones', params: IdParams, querystring: CommentQuery, response: { 200: CommentList, ...errorResponses } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await consultations.listComments(db, reader(request), await find(request), request.query)),
  );

  app.get(
    '/api/consultations/:id/comments/:commentId',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One published comment or reply, with its published replies and what became of it (a link to a comment lands here, whatever section and page it is on)', params: CommentParams, response: { 200: Comment, ...errorResponses } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await consultations.getComment(db, reader(request), await find(request), request.params.commentId)),
  );

  app.post(
    '/api/consultations/:id/comments',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Comment on a section while the consultation is open, anonymously or signed in as it allows; markup is kept as text, scripts are refused', params: IdParams, body: CommentInput, response: { 201: Comment, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send(await consultations.postComment(db, writer(request, reply), await find(request), request.body)),
  );

  app.post(
    '/api/consultations/:id/comments/:commentId/replies',
    { config: { access: 'public' }, schema: { tags, summary: 'Reply to a comment (one level deep: a reply to a reply is refused)', params: CommentParams, body: ReplyInput, response: { 201: Comment, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await consultations.postComment(db, writer(request, reply), await find(request), request.body, request.params.commentId)),
  );

  app.put(
    '/api/consultations/:id/respondent',
    { config: { access: 'public' }, schema: { tags, summary: "The respondent's relation to the region (asked once, optional), copied onto their later comments as their side", params: IdParams, body: RespondentInput, response: { 200: Respondent, ...errorResponses } } },
    async (request, reply) => reply.send(await consultations.setRelation(db, writer(request, reply), await find(request), request.body.relation)),
  );

  for (const method of ['post', 'delete'] as const) {
    app[method](
      '/api/consultations/:id/comments/:commentId/support',
      {
        config: { access: 'public' },
        schema: { tags, summary: method === 'post' ? 'Support a comment ("I agree"), once per person' : 'Take back a support', params: CommentParams, response: { 200: SupportAnswer, ...errorResponses } },
      },
      async (request: FastifyRequest, reply: FastifyReply) =>
        reply.send(await consultations.support(db, writer(request, reply), await find(request), (request.params as { commentId: string }).commentId, method === 'post')),
    );
  }

  app.post(
    '/api/consultations/:id/comments/:commentId/flags',
    { config: { access: 'public' }, schema: { tags, summary: 'Flag a comment for the moderators, once per person; under moderation after publication, three flags hide it until they decide', params: CommentParams, body: FlagInput, response: { 201: FlagAnswer, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await consultations.flag(db, writer(request, reply), await find(request), request.params.commentId, request.body)),
  );

  app.get(
    '/api/consultations/:id/moderation',
    { config: { access: 'staff' }, schema: { tags, summary: 'The moderators\' queue: waiting comments and those flagged since last moderated, with the flags', params: IdParams, querystring: ModerationQuery, response: { 200: ModerationList, ...errorResponses } } },
    async (request) => consultations.moderationQueue(db, await find(request), request.query),
  );

  app.post(
    '/api/consultations/:id/comments/:commentId/moderation',
    { config: { access: 'staff' }, schema: { tags, summary: 'Publish, hold or reject a comment (a rejection needs a reason); audited', params: CommentParams, body: ModerationInput, response: { 200: Reply, ...errorResponses } } },
    async (request) => consultations.moderate(db, signedIn(request), await find(request), request.params.commentId, request.body),
  );

  // ---- surveys: a section's short questions, their answers and results ----

  app.post(
    '/api/consultations/:id/sections/:sectionId/questions',
    { config: { access: 'editor' }, schema: { tags, summary: "Add a survey question to a section (editors); refused once the section's questions have answers", params: SectionParams, body: QuestionInput, response: { 201: Question, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await surveys.addQuestion(db, signedIn(request), await find(request), request.params.sectionId, request.body)),
  );

  app.put(
    '/api/consultations/:id/sections/:sectionId/questions/order',
    { config: { access: 'editor' }, schema: { tags, summary: "Put a section's questions in a new order (editors; every question once)", params: SectionParams, body: QuestionOrder, response: { 200: QuestionList, ...errorResponses } } },
    async (request) => ({ items: await surveys.reorderQuestions(db, signedIn(request), await find(request), request.params.sectionId, request.body.questionIds) }),
  );

  app.patch(
    '/api/consultations/:id/sections/:sectionId/questions/:questionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a survey question (editors); refused once the section\'s questions have answers', params: QuestionParams, body: QuestionPatch, response: { 200: Question, ...errorResponses } } },
    async (request) => surveys.updateQuestion(db, signedIn(request), await find(request), request.params.sectionId, request.params.questionId, request.body),
  );

  app.delete(
    '/api/consultations/:id/sections/:sectionId/questions/:questionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a survey question (editors); refused once the section\'s questions have answers', params: QuestionParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await surveys.removeQuestion(db, signedIn(request), await find(request), request.params.sectionId, request.params.questionId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/consultations/:id/sections/:sectionId/answers',
    {
      config: { access: 'public' },
      schema: { tags, summary: "Answer a section's survey while the consultation is open, as its commenting rule allows: all the answers are kept (replacing earlier ones) or none", params: SectionParams, body: AnswersInput, response: { 200: AnswersSaved, ...errorResponses } },
    },
    async (request, reply) => reply.send(await surveys.answerSection(db, writer(request, reply), await find(request), request.params.sectionId, request.body)),
  );

  app.get(
    '/api/consultations/:id/sections/:sectionId/results',
    { config: { access: 'public' }, schema: { tags, summary: "A section's survey results per option or scale point, overall and by side of the gulf (text answers counted only): public once closed, staff any time", params: SectionParams, response: { 200: SurveyResults, ...errorResponses } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await surveys.sectionResults(db, request.auth.user, await find(request), request.params.sectionId)),
  );

  await files.registerSectionUploads(app);

  app.post(
    '/api/consultations/:id/sections/:sectionId/attachments',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: 'Attach an image or a PDF to a section (multipart: "file", and for an image its alternative text in "alt_fi", "alt_et", "alt_en", "alt_sv" and/or "alt_ru"; editors)',
        consumes: ['multipart/form-data'],
        params: SectionParams,
        response: { 201: SectionFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await find(request);
      const section = await consultations.findSection(db, row, request.params.sectionId);
      return reply.code(201).send(await files.attach(db, signedIn(request), row, section.id, request));
    },
  );

  app.get(
    '/api/consultations/:id/sections/:sectionId/attachments/:attachmentId',
    { config: { access: 'public' }, schema: { tags, summary: "Download a section's image or file", params: FileParams, produces: ['application/pdf', 'image/*'], response: { 200: Type.String({ description: 'The file' }), ...errorResponses } } },
    async (request, reply) => {
      const row = await find(request);
      const section = await consultations.findSection(db, row, request.params.sectionId);
      return files.download(db, reply, section.id, request.params.attachmentId);
    },
  );

  app.delete(
    '/api/consultations/:id/sections/:sectionId/attachments/:attachmentId',
    { config: { access: 'editor' }, schema: { tags, summary: "Remove a section's image or file (editors)", params: FileParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const row = await find(request);
      const section = await consultations.findSection(db, row, request.params.sectionId);
      if (!isUuid(request.params.attachmentId)) throw problems.notFound('attachment');
      await files.remove(db, signedIn(request), section.id, request.params.attachmentId);
      return reply.code(204).send(null);
    },
  );
};
