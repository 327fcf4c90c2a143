import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AdminUser, AdminUserCreateBody, AdminUserList, AdminUserPatchBody, AdminUserQuery, InvitationSent } from '../../../shared/schemas/accounts.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as accounts from './accounts.service.ts';

const tags = ['administration'];

/** Administrators manage accounts and roles. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/admin/users',
    { config: { access: 'admin' }, schema: { tags, summary: 'List accounts', querystring: AdminUserQuery, response: { 200: AdminUserList, ...errorResponses } } },
    async (request) => {
      const { q, role, limit = 20, offset = 0 } = request.query;
      return accounts.listUsers(app.db.kysely, { q: q?.trim() || undefined, role, limit, offset });
    },
  );

  app.post(
    '/api/admin/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create an account (a service owner with their institution) and e-mail its owner a one-time link to choose a password, in the language given',
        body: AdminUserCreateBody,
        response: { 201: AdminUser, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.adminCreateUser(app.db.kysely, signedIn(request), request.body, app.config.publicUrl)),
  );

  app.post(
    '/api/admin/users/:id/invitation',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Send an account's owner a new one-time link to choose a password (earlier links stop working)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 201: InvitationSent, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.adminInviteUser(app.db.kysely, signedIn(request), request.params.id, app.config.publicUrl)),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Change an account's role or institution, or disable it",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: AdminUserPatchBody,
        response: { 200: AdminUser, ...errorResponses },
      },
    },
    async (request) => accounts.adminUpdateUser(app.db.kysely, signedIn(request), request.params.id, request.body),
  );
};
