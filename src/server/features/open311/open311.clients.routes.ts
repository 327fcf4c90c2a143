import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Open311Client, Open311ClientList, Open311ClientParams, Open311ClientSet, Open311Origin, Open311OriginParams } from '../../../shared/schemas/open311.ts';
import { Type } from 'typebox';
import { errorResponses } from '../../plugins/openapi.ts';
import { problems } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './open311.repository.ts';

const tags = ['open311'];

const toClient = (row: Awaited<ReturnType<typeof repo.listClients>>[number]): Open311Client => ({
  tokenId: row.token_id,
  reportsPerDay: row.reports_per_day,
  name: row.name,
  tokenPrefix: row.token_prefix,
  ownerId: row.user_id,
  revoked: row.revoked_at !== null,
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Administrators register an application's API key as an Open311 client: its reports are then
 * counted per key and day against its own limit (problem+json here: these are Talsinki's routes,
 * not GeoReport's).
 */
export const open311ClientsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/open311/clients', { config: { access: 'admin' }, schema: { tags, summary: 'Open311 client keys and their daily intake limits (administrators)', response: { 200: Open311ClientList, ...errorResponses } } }, async () => ({
    items: (await repo.listClients(app.db.kysely)).map(toClient),
  }));

  app.put(
    '/api/open311/clients/:tokenId',
    { config: { access: 'admin' }, schema: { tags, summary: "Make an API key an Open311 client with its own daily intake limit, or change the limit (administrators)", params: Open311ClientParams, body: Open311ClientSet, response: { 200: Open311Client, ...errorResponses } } },
    async (request) => {
      const { tokenId } = request.params;
      const actor = request.auth.user!;
      await app.db.kysely.transaction().execute(async (trx) => {
        if (!(await repo.tokenExists(trx, tokenId))) throw problems.notFound('API token');
        await repo.upsertClient(trx, tokenId, request.body.reportsPerDay, actor.id);
        await recordAudit(trx, { actorId: actor.id, action: 'open311_client.set', entityType: 'api_token', entityId: tokenId, details: { reportsPerDay: request.body.reportsPerDay } });
      });
      return toClient((await repo.listClients(app.db.kysely)).find((row) => row.token_id === tokenId)!);
    },
  );

  app.delete(
    '/api/open311/clients/:tokenId',
    { config: { access: 'admin' }, schema: { tags, summary: 'Return an API key to the ordinary flood control (administrators)', params: Open311ClientParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const actor = request.auth.user!;
      await app.db.kysely.transaction().execute(async (trx) => {
        const deleted = await repo.deleteClient(trx, request.params.tokenId);
        if (!deleted.numDeletedRows) throw problems.notFound('Open311 client');
        await recordAudit(trx, { actorId: actor.id, action: 'open311_client.removed', entityType: 'api_token', entityId: request.params.tokenId });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/open311/reports/:bottleneckId',
    { config: { access: 'admin' }, schema: { tags, summary: "Which Open311 client filed a bottleneck and the reporter's contact data it sent (administrators)", params: Open311OriginParams, response: { 200: Open311Origin, ...errorResponses } } },
    async (request): Promise<Open311Origin> => {
      const { bottleneckId } = request.params;
      const row = await repo.findOrigin(app.db.kysely, bottleneckId);
      if (!row) {
        if (!(await repo.bottleneckExists(app.db.kysely, bottleneckId))) throw problems.notFound('bottleneck');
        return { report: null };
      }
      const client =
        row.token_id && row.token_name !== null && row.token_prefix !== null && row.owner_id !== null && row.owner_email !== null
          ? { tokenId: row.token_id, name: row.token_name, tokenPrefix: row.token_prefix, ownerId: row.owner_id, ownerEmail: row.owner_email, revoked: row.revoked_at !== null, reportsPerDay: row.reports_per_day }
          : null;
      return {
        report: {
          filedAt: row.created_at.toISOString(),
          client,
          email: row.email ?? row.reporter_email,
          firstName: row.first_name,
          lastName: row.last_name,
          phone: row.phone,
          deviceId: row.device_id,
          accountId: row.account_ref,
        },
      };
    },
  );
};
