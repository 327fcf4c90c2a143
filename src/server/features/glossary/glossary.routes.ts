import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { GlossaryCreate, GlossaryEntry, GlossaryList, GlossaryPatch, GlossaryQuery } from '../../../shared/schemas/glossary.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as glossary from './glossary.service.ts';

const tags = ['glossary'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const glossaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/glossary',
    { config: { access: 'public' }, schema: { tags, summary: 'The multilingual glossary of cross-border terms (fi, et, en, sv, ru), which every search expands with', querystring: GlossaryQuery, response: { 200: GlossaryList, ...errorResponses } } },
    async (request) => glossary.listGlossary(app.db.kysely, request.query),
  );

  app.get(
    '/api/glossary/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One glossary entry', params: Id, response: { 200: GlossaryEntry, ...errorResponses } } },
    async (request) => glossary.getGlossaryEntry(app.db.kysely, request.params.id),
  );

  app.post(
    '/api/glossary',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a glossary entry (editors)', body: GlossaryCreate, response: { 201: GlossaryEntry, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await glossary.createGlossaryEntry(app.db.kysely, signedIn(request).id, request.body)),
  );

  app.patch(
    '/api/glossary/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a glossary entry, or mark it reviewed (editors)', params: Id, body: GlossaryPatch, response: { 200: GlossaryEntry, ...errorResponses } } },
    async (request) => glossary.updateGlossaryEntry(app.db.kysely, signedIn(request).id, request.params.id, request.body),
  );

  app.delete(
    '/api/glossary/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a glossary entry (editors)', params: Id, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await glossary.deleteGlossaryEntry(app.db.kysely, signedIn(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
