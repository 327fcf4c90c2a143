import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { isUuid } from '../../lib/refs.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { InstitutionCountry } from '../../../shared/register.ts';
import { attachmentOwner, type Owner, type OwnerKind } from '../attachments/attachments.service.ts';

/**
 * The pilots' tables, and what the pilot page reads of the SensorThings tables: by SQL, so that
 * this feature needs nothing of the `sta` feature's code (sta must never import pilots; pilots
 * reading sta's tables keeps the two apart).
 */

export const PILOT_COLUMNS = [
  'p.id', 'p.slug', 'p.name', 'p.description', 'p.status', sql<string | null>`p.starts_on::text`.as('starts_on'), sql<string | null>`p.ends_on::text`.as('ends_on'),
  'p.is_demo', 'p.created_by', 'p.created_at', 'p.updated_at',
] as const;

export function findPilot(db: QueryBuilder, idOrSlug: string) {
  return db
    .selectFrom('pilots as p')
    .select([...PILOT_COLUMNS])
    .where(isUuid(idOrSlug) ? 'p.id' : 'p.slug', '=', idOrSlug)
    .executeTakeFirst();
}
export type PilotRow = NonNullable<Awaited<ReturnType<typeof findPilot>>>;

/** Locks a pilot's row for the transaction (its documents are counted under it); false when there is none. */
async function lockPilot(trx: QueryBuilder, id: string) {
  return Boolean(await trx.selectFrom('pilots').select('id').where('id', '=', id).forUpdate().executeTakeFirst());
}

export const PILOT_FILES: OwnerKind = attachmentOwner({ type: 'pilot', lock: lockPilot });
export const filesOf = (pilotId: string): Owner => ({ kind: PILOT_FILES, id: pilotId });

export interface PartnerRow {
  pilot_id: string;
  role: 'lead' | 'partner' | 'funder' | 'host';
  id: string;
  name: LocalizedTextValue;
  short_name: string | null;
  country: InstitutionCountry;
}

export function partnersOf(db: QueryBuilder, pilotIds: string[]): Promise<PartnerRow[]> {
  if (pilotIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pilot_partners as pp')
    .innerJoin('institutions as i', 'i.id', 'pp.institution_id')
    .select(['pp.pilot_id', 'pp.role', 'i.id', 'i.name', 'i.short_name', 'i.country'])
    .where('pp.pilot_id', 'in', pilotIds)
    .orderBy('pp.position')
    .execute() as Promise<PartnerRow[]>;
}

export function placesOf(db: QueryBuilder, pilotIds: string[]) {
  if (pilotIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('pilot_places').select(['id', 'pilot_id', 'name', 'geometry']).where('pilot_id', 'in', pilotIds).orderBy('position').execute();
}

/** Things and (visible) datastreams per pilot: counts for the list. */
export async function sensingCounts(db: QueryBuilder, pilotIds: string[], withInternal: boolean): Promise<Map<string, { things: number; datastreams: number }>> {
  if (pilotIds.length === 0) return new Map();
  const { rows } = await sql<{ pilot_id: string; things: number; datastreams: number }>`
    select t.pilot_id, count(distinct t.id)::int as things, count(d.id)::int as datastreams
    from sta_things t left join sta_datastreams d on d.thing_id = t.id and (${withInternal} or not d.internal)
    where t.pilot_id in (${sql.join(pilotIds)})
    group by t.pilot_id`.execute(db);
  return new Map(rows.map((row) => [row.pilot_id, { things: row.things, datastreams: row.datastreams }]));
}

export interface ThingRow {
  thing_id: string;
  thing_name: string;
  thing_description: string;
  datastream_id: string | null;
  datastream_name: string | null;
  unit: string | null;
  observed_property: string | null;
  phenomenon_end: Date | null;
  description: string | null;
  internal: boolean | null;
}

/** A pilot's Things, each with its datastreams (internal ones only for staff), by id. */
export async function thingsOf(db: QueryBuilder, pilotId: string, withInternal: boolean): Promise<ThingRow[]> {
  const { rows } = await sql<ThingRow>`
    select t.id::text as thing_id, t.name as thing_name, t.description as thing_description,
           d.id::text as datastream_id, d.name as datastream_name, d.description, d.internal,
           case when d.multi then null else d.unit_of_measurement ->> 'symbol' end as unit,
           op.name as observed_property, d.phenomenon_end
    from sta_things t
    left join sta_datastreams d on d.thing_id = t.id and (${withInternal} or not d.internal)
    left join sta_observed_properties op on op.id = d.observed_property_id
    where t.pilot_id = ${pilotId}
    order by t.id, d.id`.execute(db);
  return rows;
}

/** Which of these datastream ids exist (any pilot's: a KPI may read a stream of a shared station). */
export async function existingDatastreams(db: QueryBuilder, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`select id::text as id from sta_datastreams where id in (${sql.join(ids)})`.execute(db);
  return new Set(rows.map((row) => Number(row.id)));
}

export interface DatastreamFacts {
  id: string;
  name: string;
  internal: boolean;
}

export async function datastreamFacts(db: QueryBuilder, ids: string[]): Promise<Map<string, DatastreamFacts>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<DatastreamFacts>`select id::text as id, name, internal from sta_datastreams where id in (${sql.join(ids.map(Number))})`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}

/** A datastream's newest number, or its mean from `from` (inclusive) to `to` (exclusive): null bounds are open. */
export async function datastreamValue(db: QueryBuilder, id: string, measure: 'latest' | 'mean', from: string | null, to: string | null): Promise<{ value: number | null; at: Date | null }> {
  const lower = from ? sql`and phenomenon_time >= ${from}::date` : sql``;
  const upper = to ? sql`and phenomenon_time < ${to}::date + 1` : sql``;
  const { rows } =
    measure === 'latest'
      ? await sql<{ value: number | null; at: Date | null }>`
          select result_number as value, phenomenon_time as at from sta_observations
          where datastream_id = ${Number(id)} and result_number is not null order by phenomenon_time desc limit 1`.execute(db)
      : await sql<{ value: number | null; at: Date | null }>`
          select avg(result_number)::float8 as value, max(phenomenon_time) as at from sta_observations
          where datastream_id = ${Number(id)} and result_number is not null ${lower} ${upper}`.execute(db);
  return { value: rows[0]?.value ?? null, at: rows[0]?.at ?? null };
}
