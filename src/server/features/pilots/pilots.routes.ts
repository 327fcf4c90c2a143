import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Attachment } from '../../../shared/schemas/attachments.ts';
import { PilotCreate, PilotDetail, PilotList, PilotParams, PilotPatch, PilotQuery, PilotTokenCreate, PilotTokenCreated, PilotTokenParams, PilotTokens } from '../../../shared/schemas/pilots.ts';
import { sessionOf, signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { addAttachment, attachmentJson, findAttachment, MAX_ATTACHMENTS, readUpload, registerUploads, removeAttachment, sendDownload } from '../attachments/attachments.service.ts';
import { pilotDatasetName, pilotDatasetOwner, syncPilotDataset, syncPilotDatasets } from './pilots.catalog.ts';
import { filesOf } from './pilots.repository.ts';
import * as pilots from './pilots.service.ts';
import { createPilotToken, listPilotTokens, revokePilotToken } from './pilots.tokens.ts';

const tags = ['pilots'];
const DocumentParams = Type.Object({ ...PilotParams.properties, attachmentId: Type.String({ format: 'uuid' }) });

/** The living lab's pilots (issue 20 point 4): the public showcase, the editors' forms, documents and write tokens. */
export const pilotsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;
  const detail = async (user: Parameters<typeof pilots.getPilot>[1], idOrSlug: string) => {
    const row = await pilots.findPilot(db(), idOrSlug);
    return pilots.getPilot(db(), user, row, await pilotDatasetName(db(), row.slug));
  };
  /** The catalogue's copy of a pilot after a change (and the dataset of its old slug taken out). */
  const syncCatalogue = async (pilotId: string | null, oldSlug?: string) => {
    if (oldSlug) await db().transaction().execute((trx) => syncPilotDataset(trx, null, app.config.publicUrl, pilotDatasetOwner(oldSlug)));
    if (pilotId) await syncPilotDatasets(db(), app.config.publicUrl, [pilotId]);
  };

  // The datasets name this instance's public address and the pilots' datastreams as they are now.
  app.addHook('onReady', async () => {
    await syncPilotDatasets(db(), app.config.publicUrl);
  });

  app.get(
    '/api/pilots',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: "The living lab's pilots: status, period, partners of both countries, places (filter by status, partner institution or country; q searches names and descriptions)", querystring: PilotQuery, response: { 200: PilotList, ...errorResponses } } },
    async (request) => pilots.listPilots(db(), request.auth.user, request.query),
  );

  app.get(
    '/api/pilots/:id',
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'One pilot: description, partners, places, goals and KPIs with their current values, results, documents, forum sessions, Things and datastreams', params: PilotParams, response: { 200: PilotDetail, ...errorResponses } } },
    async (request) => detail(request.auth.user, request.params.id),
  );

  app.post(
    '/api/pilots',
    { config: { access: 'editor' }, schema: { tags, summary: 'Create a pilot (editors)', body: PilotCreate, response: { 201: PilotDetail, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const created = await pilots.createPilot(db(), editor.id, request.body);
      await syncCatalogue(created.id);
      return reply.code(201).header('location', `/api/pilots/${created.slug}`).send(await detail(editor, created.id));
    },
  );

  app.patch(
    '/api/pilots/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a pilot (editors; a list sent replaces the one kept, a list left out stays)', params: PilotParams, body: PilotPatch, response: { 200: PilotDetail, ...errorResponses } } },
    async (request) => {
      const editor = signedIn(request);
      const row = await pilots.findPilot(db(), request.params.id);
      await pilots.updatePilot(db(), editor, row, request.body);
      await syncCatalogue(row.id, request.body.slug && request.body.slug !== row.slug ? row.slug : undefined);
      return detail(editor, row.id);
    },
  );

  app.delete(
    '/api/pilots/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Delete a pilot (editors): its Things stay without a pilot, its write tokens are revoked, its dataset leaves the catalogue', params: PilotParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const row = await pilots.findPilot(db(), request.params.id);
      await pilots.deletePilot(db(), signedIn(request), row);
      await syncCatalogue(null, row.slug);
      return reply.code(204).send(null);
    },
  );

  // ---- documents (the attachments module, owner kind `pilot`) ----

  await registerUploads(app);

  app.post(
    '/api/pilots/:id/documents',
    { config: { access: 'editor' }, schema: { tags, summary: `Attach a document (PDF or image) to a pilot in the multipart field "file" (editors; at most 10 MB and ${MAX_ATTACHMENTS} per pilot, type checked from content)`, consumes: ['multipart/form-data'], params: PilotParams, response: { 201: Attachment, ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const row = await pilots.findPilot(db(), request.params.id);
      const upload = await readUpload(request);
      const created = await db().transaction().execute((trx) => addAttachment(trx, filesOf(row.id), upload, editor));
      return reply.code(201).send(attachmentJson(created, `/api/pilots/${row.slug}/documents`));
    },
  );

  app.get(
    '/api/pilots/:id/documents/:attachmentId',
    { config: { access: 'public' }, schema: { tags, summary: "Download a pilot's document", params: DocumentParams, produces: ['application/pdf', 'image/*'], response: { 200: Type.String(), ...errorResponses } } },
    async (request, reply) => {
      const row = await pilots.findPilot(db(), request.params.id);
      const file = await findAttachment(db(), filesOf(row.id), request.params.attachmentId);
      if (!file) throw problems.notFound('document');
      return sendDownload(reply, file);
    },
  );

  app.delete(
    '/api/pilots/:id/documents/:attachmentId',
    { config: { access: 'editor' }, schema: { tags, summary: "Remove a pilot's document (editors; recorded in the audit trail)", params: DocumentParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const editor = signedIn(request);
      const row = await pilots.findPilot(db(), request.params.id);
      await db().transaction().execute((trx) => removeAttachment(trx, filesOf(row.id), request.params.attachmentId, editor));
      return reply.code(204).send(null);
    },
  );

  // ---- SensorThings write tokens bound to the pilot ----

  app.get(
    '/api/pilots/:id/tokens',
    { config: { access: 'editor' }, schema: { tags, summary: "The pilot's SensorThings write tokens (editors; never the secrets)", params: PilotParams, response: { 200: PilotTokens, ...errorResponses } } },
    async (request) => ({ items: await listPilotTokens(db(), await pilots.findPilot(db(), request.params.id)) }),
  );

  app.post(
    '/api/pilots/:id/tokens',
    {
      config: { access: 'editor' },
      schema: { tags, summary: "Create a SensorThings write token bound to the pilot: an API token of yours with the write scope that may write only to the pilot's Things; the secret is shown only in this answer (editors, from a browser session)", params: PilotParams, body: PilotTokenCreate, response: { 201: PilotTokenCreated, ...errorResponses } },
    },
    async (request, reply) => {
      // A token is made from a browser session, never by another token (as `/api/tokens`).
      if (request.auth.via !== 'session') throw new HttpProblem(403, 'session-required', 'Browser session required', 'Make write tokens from a logged-in browser session.');
      const row = await pilots.findPilot(db(), request.params.id);
      return reply.code(201).send(await createPilotToken(db(), sessionOf(request), row, request.body));
    },
  );

  app.delete(
    '/api/pilots/:id/tokens/:tokenId',
    { config: { access: 'editor' }, schema: { tags, summary: "Revoke one of the pilot's write tokens (editors; recorded in the audit trail)", params: PilotTokenParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const row = await pilots.findPilot(db(), request.params.id);
      await revokePilotToken(db(), signedIn(request), row, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
};
