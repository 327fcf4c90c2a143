import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FollowAnswer, FollowedConsultations } from '../../../shared/schemas/consultations.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { findConsultation } from './consultations.service.ts';
import * as follow from './consultations.follow.ts';

const tags = ['consultations'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80, description: 'Id, slug or reference (CN-2026-0001)' }) });

/** Following a consultation and the member's list of those they follow (`consultations.follow.ts`). */
export const consultationFollowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.get(
    '/api/consultations/:id/follow',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Whether you follow the consultation', params: IdParams, response: { 200: FollowAnswer, ...errorResponses } } },
    async (request, reply) => {
      const user = signedIn(request);
      return reply.header('cache-control', 'no-store').send(await follow.isFollowing(db, user, await findConsultation(db, user, request.params.id)));
    },
  );

  app.post(
    '/api/consultations/:id/follow',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Follow the consultation: e-mailed when it opens, 48 hours before it closes and when its report is published', params: IdParams, response: { 200: FollowAnswer, ...errorResponses } } },
    async (request) => {
      const user = signedIn(request);
      return follow.setFollowing(db, user, await findConsultation(db, user, request.params.id), true);
    },
  );

  app.delete(
    '/api/consultations/:id/follow',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Stop following the consultation', params: IdParams, response: { 200: FollowAnswer, ...errorResponses } } },
    async (request) => {
      const user = signedIn(request);
      return follow.setFollowing(db, user, await findConsultation(db, user, request.params.id), false);
    },
  );

  app.get(
    '/api/me/consultations',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'The consultations you follow, the most recently followed first', response: { 200: FollowedConsultations, ...errorResponses } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await follow.followedConsultations(db, signedIn(request))),
  );
};
