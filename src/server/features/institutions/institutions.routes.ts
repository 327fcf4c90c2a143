import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Institution, InstitutionCreate, InstitutionList, InstitutionPatch, InstitutionQuery } from '../../../shared/schemas/institutions.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as institutions from './institutions.service.ts';

const tags = ['institutions'];

export const institutionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/institutions',
    { config: { access: 'public' }, schema: { tags, summary: 'The directory of institutions of both countries and the EU', querystring: InstitutionQuery, response: { 200: InstitutionList, ...errorResponses } } },
    async (request) => {
      const { q, sort, country, type, domain, limit = 100, offset = 0, after } = request.query;
      return institutions.listInstitutions(app.db.kysely, { q: q?.trim() || undefined, sort, country, type, domain, limit, offset, after });
    },
  );

  app.get(
    '/api/institutions/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One institution, by id or slug', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) }), response: { 200: Institution, ...errorResponses } } },
    async (request) => institutions.getInstitution(app.db.kysely, request.params.id),
  );

  app.post(
    '/api/institutions',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add an institution (editors)', body: InstitutionCreate, response: { 201: Institution, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      return reply.code(201).send(await institutions.createInstitution(app.db.kysely, editor.id, request.body));
    },
  );

  app.patch(
    '/api/institutions/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change an institution (editors)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), body: InstitutionPatch, response: { 200: Institution, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      return institutions.updateInstitution(app.db.kysely, editor.id, request.params.id, request.body);
    },
  );
};
