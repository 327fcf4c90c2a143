import type { FastifyRequest } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { isStaffRole } from '../../../shared/roles.ts';

/**
 * Who sees an internal stream (decision 9): staff, and the API tokens of the pilot whose Thing it
 * is. For anyone else its Datastream, its Observations, its chart and its events do not exist.
 */

/** Who reads: staff see every stream; anyone else all but the internal ones, save those of their pilot's Things. */
export type Viewer = { readonly staff: true } | { readonly staff: false; readonly pilotId: string | null };

export const PUBLIC_VIEWER: Viewer = { staff: false, pilotId: null };

export async function viewerOf(request: FastifyRequest): Promise<Viewer> {
  const user = request.auth.user;
  if (user && isStaffRole(user.role)) return { staff: true };
  return { staff: false, pilotId: await pilotOfToken(request) };
}

/** The condition that the stream row under `alias` (sta_datastreams) may be seen by `viewer`; none for staff. */
export function streamSeen(alias: string, viewer: Viewer): RawBuilder<unknown> | undefined {
  if (viewer.staff) return undefined;
  const internal = sql.raw(`${alias}.internal`);
  if (viewer.pilotId === null) return sql`not ${internal}`;
  return sql`(not ${internal} or exists (select 1 from sta_things ${sql.raw(`${alias}_t`)} where ${sql.raw(`${alias}_t.id`)} = ${sql.raw(`${alias}.thing_id`)} and ${sql.raw(`${alias}_t.pilot_id`)} = ${viewer.pilotId}::uuid))`;
}

/** The pilot the request's API token writes for (`sta_pilot_tokens`), if any. */
export async function pilotOfToken(request: FastifyRequest): Promise<string | null> {
  const tokenId = request.auth.via === 'token' ? request.auth.tokenId : undefined;
  if (!tokenId) return null;
  const { rows } = await sql<{ pilot_id: string }>`select pilot_id from sta_pilot_tokens where token_id = ${tokenId}`.execute(request.server.db.kysely);
  return rows[0]?.pilot_id ?? null;
}

/** The internal streams this caller may not see, by the one rule reads apply in their queries (`streamSeen`). */
export async function hiddenStreams(request: FastifyRequest): Promise<number[]> {
  const seen = streamSeen('d', await viewerOf(request));
  if (!seen) return [];
  const { rows } = await sql<{ id: number }>`select d.id from sta_datastreams d where not ${seen}`.execute(request.server.db.kysely);
  return rows.map((row) => row.id);
}
