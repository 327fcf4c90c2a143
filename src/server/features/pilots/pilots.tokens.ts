import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { PilotToken, PilotTokenCreate, PilotTokenCreated } from '../../../shared/schemas/pilots.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { problems } from '../../plugins/problems.ts';
import { issueApiToken } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PilotRow } from './pilots.repository.ts';

/**
 * A pilot's SensorThings write tokens (issue 20 point 3): an API token with the `write` scope, of
 * the editor who makes it, bound to the pilot in `sta_pilot_tokens`, which the SensorThings writes
 * read (a bound token writes only to its pilot's Things). Made from a browser session as every
 * token is; its secret is answered once. Revoking it ends it for every use, not only the pilot's.
 */

function toPilotToken(row: { id: string; name: string; token_prefix: string; owner: string | null; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null }): PilotToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    owner: row.owner,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createPilotToken(db: QueryBuilder, editor: AuthUser & { sessionId: string }, pilot: PilotRow, body: PilotTokenCreate): Promise<PilotTokenCreated> {
  return db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('pilots').select('id').where('id', '=', pilot.id).forShare().executeTakeFirst())) throw problems.notFound('pilot');
    const created = await issueApiToken(trx, editor, editor.sessionId, { name: body.name, scopes: ['write'], expiresInDays: body.expiresInDays });
    await trx.insertInto('sta_pilot_tokens').values({ token_id: created.id, pilot_id: pilot.id }).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'pilot.token_created', entityType: 'pilot', entityId: pilot.id, details: { tokenId: created.id } });
    return { id: created.id, name: created.name, prefix: created.prefix, owner: editor.displayName, createdAt: created.createdAt, lastUsedAt: null, expiresAt: created.expiresAt, revokedAt: null, token: created.token };
  });
}

/** The pilot's tokens, newest first, revoked ones too (so an editor sees when one was ended). */
export async function listPilotTokens(db: QueryBuilder, pilot: PilotRow): Promise<PilotToken[]> {
  const rows = await db
    .selectFrom('sta_pilot_tokens as b')
    .innerJoin('api_tokens as t', 't.id', 'b.token_id')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.token_prefix', 'u.display_name as owner', 't.created_at', 't.last_used_at', 't.expires_at', 't.revoked_at'])
    .where('b.pilot_id', '=', pilot.id)
    .orderBy('t.created_at', 'desc')
    .execute();
  return rows.map(toPilotToken);
}

/** Revokes one of the pilot's tokens (any editor may: the pilot's writers are the editors' business). */
export async function revokePilotToken(db: QueryBuilder, editor: AuthUser, pilot: PilotRow, tokenId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const bound = await trx.selectFrom('sta_pilot_tokens').select('token_id').where('pilot_id', '=', pilot.id).where('token_id', '=', tokenId).executeTakeFirst();
    if (!bound) throw problems.notFound('token of this pilot');
    const revoked = await trx.updateTable('api_tokens').set({ revoked_at: sql<Date>`now()` }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(revoked.numUpdatedRows) === 0) throw problems.notFound('active token of this pilot');
    await recordAudit(trx, { actorId: editor.id, action: 'pilot.token_revoked', entityType: 'pilot', entityId: pilot.id, details: { tokenId } });
  });
}

/** Every live token of the pilot revoked (the pilot is deleted: its writers end with it). */
export async function revokeAllPilotTokens(trx: QueryBuilder, pilotId: string): Promise<number> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', 'in', trx.selectFrom('sta_pilot_tokens').select('token_id').where('pilot_id', '=', pilotId))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
