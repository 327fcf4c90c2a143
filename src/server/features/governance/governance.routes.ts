import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { GovernanceBody, GovernanceBodyCreate, GovernanceBodyList, GovernanceBodyPatch } from '../../../shared/schemas/governance.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as governance from './governance.service.ts';

const tags = ['governance'];
const IdOrSlug = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });

export const governanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/governance/bodies',
    { config: { access: 'public' }, schema: { tags, summary: 'The governance model: every body of the cooperation, parents before their children, with members and meetings', response: { 200: GovernanceBodyList, ...errorResponses } } },
    async (request) => governance.listBodies(app.db.kysely, request.auth.user),
  );

  app.get(
    '/api/governance/bodies/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One governance body, by id or slug', params: IdOrSlug, response: { 200: GovernanceBody, ...errorResponses } } },
    async (request) => governance.getBody(app.db.kysely, request.auth.user, request.params.id),
  );

  app.post(
    '/api/governance/bodies',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a governance body (editors)', body: GovernanceBodyCreate, response: { 201: GovernanceBody, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await governance.createBody(app.db.kysely, signedIn(request), request.body)),
  );

  app.patch(
    '/api/governance/bodies/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a governance body; members and meetings, when given, replace the lists (editors)', params: IdOrSlug, body: GovernanceBodyPatch, response: { 200: GovernanceBody, ...errorResponses } } },
    async (request) => governance.updateBody(app.db.kysely, signedIn(request), request.params.id, request.body),
  );

  app.delete(
    '/api/governance/bodies/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a governance body no other body reports to and no action names (editors)', params: IdOrSlug, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await governance.deleteBody(app.db.kysely, signedIn(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
