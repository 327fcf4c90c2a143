import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AnswerTargets, ChangeLinkInput, ChangeLinkQuery, CommentOutcome, OutcomeInput } from '../../../shared/schemas/consultationOutcomes.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { findConsultation } from './consultations.service.ts';
import * as outcomes from './consultations.outcomes.ts';

const tags = ['consultations'];
const CommentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 80, description: 'Id, slug or reference (CN-2026-0001)' }),
  commentId: Type.String({ format: 'uuid' }),
});
const NoContent = Type.Null({ description: 'No content' });

/**
 * "You said, we did" (research §4.3, §8.2): editors record what became of a published comment on a
 * framework version and link it to the nodes of a later version that answer it.
 */
export const consultationOutcomesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.get(
    '/api/consultations/:id/answer-targets',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'The framework versions after the one consulted on, each with its nodes: what a comment can be linked to (editors)', params: Type.Object({ id: CommentParams.properties.id }), response: { 200: AnswerTargets, ...errorResponses } },
    },
    async (request) => outcomes.answerTargets(db, await findConsultation(db, request.auth.user, request.params.id)),
  );

  app.put(
    '/api/consultations/:id/comments/:commentId/outcome',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'Record what became of a published comment, with a reply in fi/et/en (editors; "changed" needs a linked change first); audited', params: CommentParams, body: OutcomeInput, response: { 200: CommentOutcome, ...errorResponses } },
    },
    async (request) => outcomes.setOutcome(db, signedIn(request), await findConsultation(db, request.auth.user, request.params.id), request.params.commentId, request.body),
  );

  app.delete(
    '/api/consultations/:id/comments/:commentId/outcome',
    { config: { access: 'editor' }, schema: { tags, summary: "Take back a comment's outcome; its linked changes stay (editors); audited", params: CommentParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await outcomes.clearOutcome(db, signedIn(request), await findConsultation(db, request.auth.user, request.params.id), request.params.commentId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/consultations/:id/comments/:commentId/changes',
    {
      config: { access: 'editor' },
      schema: { tags, summary: 'Link a published comment on a framework version to the node (or one field of it) of a later version that answers it (editors); audited', params: CommentParams, body: ChangeLinkInput, response: { 201: CommentOutcome, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send(await outcomes.linkChange(db, signedIn(request), await findConsultation(db, request.auth.user, request.params.id), request.params.commentId, request.body)),
  );

  app.delete(
    '/api/consultations/:id/comments/:commentId/changes',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: "Remove a comment's link to a change, named as it was made (editors; the last link of a comment answered \"changed\" stays); audited",
        params: CommentParams,
        querystring: ChangeLinkQuery,
        response: { 200: Type.Union([CommentOutcome, Type.Null()]), ...errorResponses },
      },
    },
    async (request) => outcomes.unlinkChange(db, signedIn(request), await findConsultation(db, request.auth.user, request.params.id), request.params.commentId, request.query),
  );
};
