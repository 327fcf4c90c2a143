import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AdminUser, AdminUserList, AdminUserPatchBody, AdminUserQuery } from '../../../shared/schemas/accounts.ts';
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

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Change an account's role or disable it",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: AdminUserPatchBody,
        response: { 200: AdminUser, ...errorResponses },
      },
    },
    async (request) => accounts.adminUpdateUser(app.db.kysely, signedIn(request), request.params.id, request.body),
  );
};
