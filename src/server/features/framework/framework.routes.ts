import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdoptingBodyCreate,
  AdoptingBodyList,
  AdoptionCreate,
  DiffParams,
  FrameworkNode,
  NodeCreate,
  NodeParams,
  NodePatch,
  StateChange,
  VersionCreate,
  VersionDetail,
  VersionDiff,
  VersionList,
  VersionParams,
  VersionPatch,
} from '../../../shared/schemas/framework.ts';
import { matchesIfNoneMatch } from '../../lib/etag.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as framework from './framework.service.ts';

const tags = ['framework'];

/**
 * The joint strategic framework (issue 19 §3): public reads of the adopted version, the list,
 * any version (drafts to staff only) and the diff of any two; editors make and edit the draft,
 * send it to consultation and record each region's adoption.
 */
export const frameworkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;

  app.get(
    '/api/framework',
    { config: { access: 'public' }, schema: { tags, summary: 'The framework in force: the newest version both regions have adopted, its whole tree with each target\'s progress', response: { 200: VersionDetail, ...errorResponses } } },
    async (request) => framework.getCurrent(db(), request.auth.user),
  );

  app.get(
    '/api/framework/versions',
    { config: { access: 'public' }, schema: { tags, summary: 'Every version of the framework, newest first, with its state and adoptions (drafts to staff only)', response: { 200: VersionList, ...errorResponses } } },
    async (request) => framework.listVersions(db(), request.auth.user),
  );

  app.get(
    '/api/framework/versions/:v',
    { config: { access: 'public' }, schema: { tags, summary: 'One version\'s tree with each target\'s progress (a draft to staff only)', params: VersionParams, response: { 200: VersionDetail, ...errorResponses } } },
    async (request) => framework.getVersion(db(), request.auth.user, framework.versionNumber(request.params.v)),
  );

  app.get(
    '/api/framework/versions/:a/diff/:b',
    { config: { access: 'public' }, schema: { tags, summary: 'What changed from version a to version b, change by change (word by word in each language); kept for good once both are frozen', params: DiffParams, response: { 200: VersionDiff, 304: Type.Null({ description: 'Not modified' }), ...errorResponses } } },
    async (request, reply) => {
      const { answer, etag } = await framework.diffVersions(db(), request.auth.user, request.params.a, request.params.b);
      if (etag) {
        reply.header('etag', etag);
        if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      }
      return answer;
    },
  );

  app.get(
    '/api/framework/bodies',
    { config: { access: 'public' }, schema: { tags, summary: 'The bodies that adopt the framework for each region', response: { 200: AdoptingBodyList, ...errorResponses } } },
    async () => framework.listAdoptingBodies(db()),
  );

  app.post(
    '/api/framework/bodies',
    { config: { access: 'editor' }, schema: { tags, summary: 'List another institution of the region\'s own country as a body that adopts for it (editors)', body: AdoptingBodyCreate, response: { 200: AdoptingBodyList, ...errorResponses } } },
    async (request) => {
      await framework.addAdoptingBody(db(), signedIn(request), request.body);
      return framework.listAdoptingBodies(db());
    },
  );

  app.post(
    '/api/framework/versions',
    { config: { access: 'editor' }, schema: { tags, summary: 'Make the draft of a new version, empty or from a version\'s nodes (same keys); one draft at a time (editors)', body: VersionCreate, response: { 201: VersionDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const number = await framework.createVersion(db(), editor, request.body);
      return reply.code(201).header('location', `/api/framework/versions/${number}`).send(await framework.getVersion(db(), editor, number));
    },
  );

  app.patch(
    '/api/framework/versions/:v',
    { config: { access: 'editor' }, schema: { tags, summary: 'Rename the draft (editors; a frozen version is 409)', params: VersionParams, body: VersionPatch, response: { 200: VersionDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      await framework.patchVersion(db(), editor, framework.versionNumber(request.params.v), request.body);
      return framework.getVersion(db(), editor, framework.versionNumber(request.params.v));
    },
  );

  app.post(
    '/api/framework/versions/:v/nodes',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a goal, objective or target (or the vision) to the draft (editors)', params: VersionParams, body: NodeCreate, response: { 201: FrameworkNode, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await framework.createNode(db(), signedIn(request), framework.versionNumber(request.params.v), request.body)),
  );

  app.patch(
    '/api/framework/versions/:v/nodes/:key',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change, move or reorder a node of the draft (editors)', params: NodeParams, body: NodePatch, response: { 200: FrameworkNode, ...errorResponses } } },
    async (request) => framework.patchNode(db(), signedIn(request), framework.versionNumber(request.params.v), request.params.key, request.body),
  );

  app.delete(
    '/api/framework/versions/:v/nodes/:key',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a node of the draft with everything under it (editors)', params: NodeParams, response: { 204: Type.Null({ description: 'No content' }), ...errorResponses } } },
    async (request, reply) => {
      await framework.deleteNode(db(), signedIn(request), framework.versionNumber(request.params.v), request.params.key);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/framework/versions/:v/state',
    { config: { access: 'editor' }, schema: { tags, summary: 'Send the draft to consultation, which freezes it (editors)', params: VersionParams, body: StateChange, response: { 200: VersionDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      await framework.sendToConsultation(db(), editor, framework.versionNumber(request.params.v));
      return framework.getVersion(db(), editor, framework.versionNumber(request.params.v));
    },
  );

  app.post(
    '/api/framework/versions/:v/adoptions',
    { config: { access: 'editor' }, schema: { tags, summary: 'Record a region\'s adoption (body, date, decision); the second region\'s adopts the version (editors)', params: VersionParams, body: AdoptionCreate, response: { 201: VersionDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      await framework.recordAdoption(db(), editor, framework.versionNumber(request.params.v), request.body);
      return reply.code(201).send(await framework.getVersion(db(), editor, framework.versionNumber(request.params.v)));
    },
  );
};
