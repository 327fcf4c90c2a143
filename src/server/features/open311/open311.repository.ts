import type { Insertable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Open311ReportsTable } from './open311.tables.ts';

export function findClient(db: QueryBuilder, tokenId: string) {
  return db.selectFrom('open311_clients').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
}

/** The client's row, locked until the transaction ends: its reports are counted under this lock. */
export function lockClient(db: QueryBuilder, tokenId: string) {
  return db.selectFrom('open311_clients').selectAll().where('token_id', '=', tokenId).forUpdate().executeTakeFirst();
}

export function countReportsByToken(db: QueryBuilder, tokenId: string, since: Date) {
  return db
    .selectFrom('open311_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('token_id', '=', tokenId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

export function insertReport(db: QueryBuilder, values: Insertable<Open311ReportsTable>) {
  return db.insertInto('open311_reports').values(values).execute();
}

export function setLocation(db: QueryBuilder, bottleneckId: string, location: { lat: number | null; long: number | null; address: string | null; addressId: string | null }) {
  return db
    .updateTable('bottlenecks')
    .set({ location_lat: location.lat, location_long: location.long, address: location.address, address_id: location.addressId })
    .where('id', '=', bottleneckId)
    .execute();
}

export function upsertClient(db: QueryBuilder, tokenId: string, reportsPerDay: number, setBy: string) {
  return db
    .insertInto('open311_clients')
    .values({ token_id: tokenId, reports_per_day: reportsPerDay, set_by: setBy })
    .onConflict((oc) => oc.column('token_id').doUpdateSet({ reports_per_day: reportsPerDay, set_by: setBy, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteClient(db: QueryBuilder, tokenId: string) {
  return db.deleteFrom('open311_clients').where('token_id', '=', tokenId).executeTakeFirst();
}

/** The clients with their key's name and owner, for administrators. */
export function listClients(db: QueryBuilder) {
  return db
    .selectFrom('open311_clients as c')
    .innerJoin('api_tokens as t', 't.id', 'c.token_id')
    .select(['c.token_id', 'c.reports_per_day', 'c.updated_at', 't.name', 't.token_prefix', 't.user_id', 't.revoked_at'])
    .orderBy('c.updated_at', 'desc')
    .execute();
}

export function tokenExists(db: QueryBuilder, tokenId: string) {
  return db.selectFrom('api_tokens').select('id').where('id', '=', tokenId).executeTakeFirst();
}

/**
 * Where a report filed through Open311 came from, for administrators: the key that filed it with
 * its owner and limit, and what the app sent about the citizen (an anonymous report's e-mail is
 * the register's own, on the bottleneck).
 */
export function findOrigin(db: QueryBuilder, bottleneckId: string) {
  return db
    .selectFrom('open311_reports as r')
    .innerJoin('bottlenecks as b', 'b.id', 'r.bottleneck_id')
    .leftJoin('api_tokens as t', 't.id', 'r.token_id')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('open311_clients as c', 'c.token_id', 'r.token_id')
    .select([
      'r.token_id', 't.name as token_name', 't.token_prefix', 't.revoked_at', 't.user_id as owner_id', 'u.email as owner_email', 'c.reports_per_day',
      'r.email', 'b.reporter_email', 'r.first_name', 'r.last_name', 'r.phone', 'r.device_id', 'r.account_ref', 'r.created_at',
    ])
    .where('r.bottleneck_id', '=', bottleneckId)
    .executeTakeFirst();
}

export function bottleneckExists(db: QueryBuilder, bottleneckId: string) {
  return db.selectFrom('bottlenecks').select('id').where('id', '=', bottleneckId).executeTakeFirst();
}
