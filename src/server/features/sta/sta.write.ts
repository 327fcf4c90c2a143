import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { ENTITY_TYPES, navigationOf, propertyOf, type EntityType, type EntityTypeName, type NavigationDef } from './sta.model.ts';
import { refreshAggregates, type AggregateRange } from './sta.aggregates.ts';
import { extendStreams, featureOfLocation, recomputeStreams, type StreamRow } from './sta.streams.ts';
import { checkRetention, type RetentionColumns } from './sta.retention.ts';
import { invalid, multiResultProblem, OBSERVATION_TYPES, parseTimeValue, propertyColumns, resultFits, resultMismatch, type Columns } from './sta.values.ts';

/**
 * Creating, changing and deleting SensorThings entities (OGC 18-088 §10), inside one transaction
 * per request so that nothing is half-written: deep insert, links by `@iot.id`, the
 * HistoricalLocation a Thing's new Location makes (§8.2.3), the FeatureOfInterest an Observation
 * without one gets from its Thing's Location (§10.2, special case 1), the stream's derived times
 * and area kept per write, and a pilot's token kept to its own pilot's Things.
 */

type Row = Record<string, unknown>;

export interface Writer {
  /** Editors and administrators write to any Thing. */
  staff: boolean;
  /** The pilot a token writes for. */
  pilotId: string | null;
  /** Internal streams this writer may not see: writing to them is as writing to nothing. */
  hiddenStreams: readonly number[];
}

export interface WriteSession {
  trx: QueryBuilder;
  writer: Writer;
  /** Every entity made, in order, for the answer's Location header and the change events. */
  created: { type: EntityType; id: number }[];
  /** The time of the request: an Observation without a phenomenon time gets it. */
  now: number;
}

/** A field's path inside the body (`Datastreams/0/Sensor/name`). */
const at = (field: string, name: string) => (field ? `${field}/${name}` : name);

/** What the standard requires each entity to have (§8.2), relations apart. */
const REQUIRED: Record<EntityTypeName, readonly string[]> = {
  Thing: ['name', 'description'],
  Location: ['name', 'description', 'encodingType', 'location'],
  HistoricalLocation: ['time'],
  Datastream: ['name', 'description', 'unitOfMeasurement', 'observationType'],
  MultiDatastream: ['name', 'description', 'unitOfMeasurements', 'observationType', 'multiObservationDataTypes'],
  Sensor: ['name', 'description', 'encodingType', 'metadata'],
  ObservedProperty: ['name', 'definition', 'description'],
  Observation: ['result'],
  FeatureOfInterest: ['name', 'description', 'encodingType', 'feature'],
};

/** Derived by the service: never written (§8.2.4). */
const READ_ONLY: Partial<Record<EntityTypeName, readonly string[]>> = {
  Datastream: ['phenomenonTime', 'resultTime', 'observedArea'],
  MultiDatastream: ['phenomenonTime', 'resultTime', 'observedArea'],
};

/** To-one relations an entity cannot be made without. */
const REQUIRED_RELATIONS: Partial<Record<EntityTypeName, readonly string[]>> = {
  Datastream: ['Thing', 'Sensor', 'ObservedProperty'],
  MultiDatastream: ['Thing', 'Sensor'],
  HistoricalLocation: ['Thing'],
};

/** Annotations a client may send back as it read them; they are not data. */
function isAnnotation(key: string): boolean {
  return key === '@iot.selfLink' || key.endsWith('@iot.navigationLink') || key.endsWith('@iot.count') || key.endsWith('@iot.nextLink');
}

function asObject(value: unknown, field: string): Row {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'must be a JSON object');
  return value as Row;
}

const notYourPilot = () => new HttpProblem(403, 'not-your-pilot', 'Not your pilot', "This token's pilot does not own the Thing this write touches.");
const relatedNotFound = (type: EntityType, id: unknown) =>
  new HttpProblem(400, 'related-not-found', 'Related entity not found', `${type.set}(${String(id)}) does not exist.`, { params: { entityType: type.name } });
const unknown = (type: EntityType, name: string, field: string) =>
  new HttpProblem(400, 'unknown-property', 'Unknown property', `${field}: ${type.name} has no property or relation "${name}".`, { params: { entityType: type.name, name } });

/** The id in `{"@iot.id": 7}`, checked to be one of ours. */
function idOf(body: Row, field: string): number {
  const id = body['@iot.id'];
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw invalid(`${field}/@iot.id`, 'must be a positive whole number');
  return id as number;
}

/** Whether an entity exists and this writer may see it. */
export async function findRow(session: WriteSession, type: EntityType, id: number): Promise<Row | undefined> {
  const filter = type.rowFilter ? sql` and ${sql.raw(type.rowFilter('t'))}` : sql``;
  const { rows } = await sql<Row>`select t.* from ${sql.raw(type.table)} t where t.id = ${id}${filter}`.execute(session.trx);
  const row = rows[0];
  if (!row) return undefined;
  const streamId = type.name === 'Observation' ? row.datastream_id : type.name === 'Datastream' || type.name === 'MultiDatastream' ? row.id : undefined;
  if (streamId !== undefined && session.writer.hiddenStreams.includes(streamId as number)) return undefined;
  return row;
}

/** The pilot rule: a token's write may touch only Things of its pilot. */
async function requireOwnThing(session: WriteSession, thingId: unknown) {
  if (session.writer.staff) return;
  const { rows } = await sql<{ pilot_id: string | null }>`select pilot_id from sta_things where id = ${thingId as number}`.execute(session.trx);
  if (!rows[0] || rows[0].pilot_id !== session.writer.pilotId) throw notYourPilot();
}

async function thingOfStream(session: WriteSession, streamId: unknown): Promise<number> {
  const { rows } = await sql<{ thing_id: number }>`select thing_id from sta_datastreams where id = ${streamId as number}`.execute(session.trx);
  return rows[0].thing_id;
}

/**
 * The Things an entity concerns, for the pilot rule: a Thing itself, a stream's Thing, an
 * Observation's stream's Thing, a HistoricalLocation's Thing, the Things at a Location. Sensors,
 * ObservedProperties and FeaturesOfInterest are shared vocabulary: any writer may add them, and
 * change or delete them only where no other pilot's stream uses them.
 */
async function thingsConcerned(session: WriteSession, type: EntityType, row: Row): Promise<number[]> {
  const q = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(session.trx)).rows.map((r) => r.id);
  switch (type.name) {
    case 'Thing':
      return [row.id as number];
    case 'Datastream':
    case 'MultiDatastream':
    case 'HistoricalLocation':
      return [row.thing_id as number];
    case 'Observation':
      return [await thingOfStream(session, row.datastream_id)];
    case 'Location':
      return q(sql<{ id: number }>`select thing_id as id from sta_thing_locations where location_id = ${row.id as number}`);
    case 'Sensor':
      return q(sql<{ id: number }>`select distinct thing_id as id from sta_datastreams where sensor_id = ${row.id as number}`);
    case 'ObservedProperty':
      return q(sql<{ id: number }>`select distinct d.thing_id as id from sta_datastreams d left join sta_multi_datastream_properties m on m.datastream_id = d.id
        where d.observed_property_id = ${row.id as number} or m.observed_property_id = ${row.id as number}`);
    case 'FeatureOfInterest':
      return q(sql<{ id: number }>`select distinct d.thing_id as id from sta_datastreams d where d.id in (select datastream_id from sta_observations where feature_id = ${row.id as number})`);
  }
}

async function requireMayChange(session: WriteSession, type: EntityType, row: Row) {
  if (session.writer.staff) return;
  for (const thing of await thingsConcerned(session, type, row)) await requireOwnThing(session, thing);
}

/** Creates an entity (and what it holds, depth first) or links to one named by `@iot.id`; answers its id. */
export async function createOrLink(session: WriteSession, type: EntityType, value: unknown, field: string, parent?: ParentLink): Promise<number> {
  const body = asObject(value, field);
  if (Object.hasOwn(body, '@iot.id')) {
    const id = idOf(body, field);
    const row = await findRow(session, type, id);
    if (!row) throw relatedNotFound(type, id);
    if (parent) await attachExisting(session, type, row, parent);
    return id;
  }
  return createEntity(session, type, body, field, parent);
}

/** How an entity made inside another is tied to it: the parent, and the navigation from the parent to it. */
export interface ParentLink {
  type: EntityType;
  id: number;
  navigation: NavigationDef;
}

/** A linked existing entity joins the parent: its foreign key moves, or a pair is added. */
async function attachExisting(session: WriteSession, type: EntityType, row: Row, parent: ParentLink) {
  const join = parent.navigation.join;
  if (type.name === 'Thing') await requireOwnThing(session, row.id);
  if (join.kind === 'there') {
    await requireMayChange(session, type, row);
    await sql`update ${sql.raw(type.table)} set ${sql.raw(join.column)} = ${parent.id} where id = ${row.id as number}`.execute(session.trx);
  } else if (join.kind === 'link') {
    await insertPair(session, join.table, join.thisColumn, parent.id, join.targetColumn, row.id as number, join.orderColumn);
  }
  if (parent.type.name === 'Thing' && type.name === 'Location') await recordHistoricalLocation(session, parent.id, [row.id as number]);
  if (parent.type.name === 'Location' && type.name === 'Thing') await recordHistoricalLocation(session, row.id as number, [parent.id]);
}

async function insertPair(session: WriteSession, table: string, thisColumn: string, thisId: number, targetColumn: string, targetId: number, orderColumn?: string) {
  if (orderColumn) {
    await sql`insert into ${sql.raw(table)} (${sql.raw(thisColumn)}, ${sql.raw(targetColumn)}, ${sql.raw(orderColumn)})
      select ${thisId}, ${targetId}, coalesce(max(${sql.raw(orderColumn)}) + 1, 0) from ${sql.raw(table)} where ${sql.raw(thisColumn)} = ${thisId}`.execute(session.trx);
    return;
  }
  await sql`insert into ${sql.raw(table)} (${sql.raw(thisColumn)}, ${sql.raw(targetColumn)}) values (${thisId}, ${targetId}) on conflict do nothing`.execute(session.trx);
}

/** Splits a body into its properties and its relations, refusing names the type does not have. */
function readBody(type: EntityType, body: Row, field: string) {
  const properties: Row = {};
  const relations: [string, NavigationDef, unknown][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (isAnnotation(key)) continue;
    if (key === '@iot.id') throw new HttpProblem(400, 'read-only-property', 'Read-only property', `${field}/@iot.id: the service chooses ids.`, { params: { name: '@iot.id' } });
    if (READ_ONLY[type.name]?.includes(key)) {
      throw new HttpProblem(400, 'read-only-property', 'Read-only property', `${field}/${key} is derived from the Observations.`, { params: { name: key } });
    }
    const navigation = navigationOf(type, key);
    if (navigation) relations.push([key, navigation, value]);
    else if (propertyOf(type, key)) properties[key] = value;
    else throw unknown(type, key, field);
  }
  return { properties, relations };
}

function columnsOf(type: EntityType, properties: Row, field: string): Columns {
  const columns: Columns = {};
  for (const [name, value] of Object.entries(properties)) {
    const property = propertyOf(type, name)!;
    Object.assign(columns, propertyColumns(type, at(field, name), property, value, properties.encodingType));
  }
  return columns;
}

async function insertRow(session: WriteSession, type: EntityType, columns: Columns): Promise<number> {
  const names = Object.keys(columns);
  const values = names.map((name) => columns[name]);
  const { rows } = await sql<{ id: number }>`insert into ${sql.raw(type.table)} (${sql.raw(names.join(', '))}) values (${sql.join(values)}) returning id`.execute(session.trx);
  return rows[0].id;
}

export async function createEntity(session: WriteSession, type: EntityType, body: Row, field: string, parent?: ParentLink): Promise<number> {
  const { properties, relations } = readBody(type, body, field);
  for (const name of REQUIRED[type.name]) {
    if (!Object.hasOwn(properties, name) || (properties[name] === null && name !== 'result')) throw invalid(at(field, name), 'is required');
  }
  const columns = columnsOf(type, properties, field);
  if (type.name === 'MultiDatastream') {
    columns.multi = true;
    if (properties.observationType !== OBSERVATION_TYPES.complex) throw invalid(at(field, 'observationType'), `must be ${OBSERVATION_TYPES.complex}`);
  }

  // To-one relations: from the body (made or linked first) or from the parent it is made in.
  const toOne = new Map<string, number>();
  if (parent?.navigation.join.kind === 'there') {
    const back = Object.entries(type.navigation).find(([, n]) => n.join.kind === 'here' && n.join.column === (parent.navigation.join as { column: string }).column && ENTITY_TYPES[n.target] === parent.type);
    if (back) toOne.set(back[0], parent.id);
  }
  for (const [name, navigation, value] of relations) {
    if (navigation.many || navigation.join.kind !== 'here') continue;
    const target = ENTITY_TYPES[navigation.target];
    const id = await createOrLink(session, target, value, at(field, name));
    const given = toOne.get(name);
    if (given !== undefined && given !== id) throw new HttpProblem(400, 'conflicting-relation', 'Conflicting relation', `${name} is given by the address and by the body, differently.`, { params: { relation: name } });
    toOne.set(name, id);
    columns[navigation.join.column] = id;
  }
  for (const [name, id] of toOne) columns[(type.navigation[name].join as { column: string }).column] = id;
  for (const name of REQUIRED_RELATIONS[type.name] ?? []) {
    if (!toOne.has(name)) throw new HttpProblem(400, 'missing-relation', 'Missing relation', `${field || type.name}: a ${type.name} needs its ${name}.`, { params: { relation: name } });
  }

  if (type.name === 'Thing' && !session.writer.staff) columns.pilot_id = session.writer.pilotId;
  if (toOne.has('Thing')) await requireOwnThing(session, toOne.get('Thing'));
  if (type.name === 'Observation') await prepareObservation(session, columns, properties, toOne, field);

  const id = await insertRow(session, type, columns);
  session.created.push({ type, id });

  if (parent?.navigation.join.kind === 'link') {
    const join = parent.navigation.join;
    await insertPair(session, join.table, join.thisColumn, parent.id, join.targetColumn, id, join.orderColumn);
  }
  // To-many relations: each made (or linked) with this entity as its parent.
  const locations: number[] = [];
  for (const [name, navigation, value] of relations) {
    if (!navigation.many) continue;
    if (!Array.isArray(value)) throw invalid(at(field, name), 'must be an array of entities');
    const target = ENTITY_TYPES[navigation.target];
    for (const [index, item] of value.entries()) {
      const childField = at(field, `${name}/${index}`);
      const childId = await (type.name === 'Thing' && name === 'Locations' ? createOrLinkQuietly : createOrLink)(session, target, item, childField, { type, id, navigation });
      if (type.name === 'Thing' && name === 'Locations') locations.push(childId);
    }
  }
  if (type.name === 'MultiDatastream') await checkMultiArity(session, id, properties);
  if (type.name === 'Thing' && locations.length) await recordHistoricalLocation(session, id, locations);
  if (type.name === 'Location' && parent?.type.name === 'Thing') await recordHistoricalLocation(session, parent.id, [id]);
  if (type.name === 'HistoricalLocation') await followHistoricalLocation(session, id);
  if (type.name === 'Observation') await extendStreams(session.trx, [columns as unknown as StreamRow]);
  return id;
}

/** A Thing's Locations given in its body: linked or made without each making its own HistoricalLocation (the Thing makes one for all). */
async function createOrLinkQuietly(session: WriteSession, type: EntityType, value: unknown, field: string, parent?: ParentLink): Promise<number> {
  const body = asObject(value, field);
  const join = parent!.navigation.join as Extract<NavigationDef['join'], { kind: 'link' }>;
  if (Object.hasOwn(body, '@iot.id')) {
    const id = idOf(body, field);
    if (!(await findRow(session, type, id))) throw relatedNotFound(type, id);
    await insertPair(session, join.table, join.thisColumn, parent!.id, join.targetColumn, id);
    return id;
  }
  const id = await createEntity(session, type, body, field);
  await insertPair(session, join.table, join.thisColumn, parent!.id, join.targetColumn, id);
  return id;
}

/** A MultiDatastream has as many units and result types as ObservedProperties (§12). */
async function checkMultiArity(session: WriteSession, id: number, properties: Row) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sta_multi_datastream_properties where datastream_id = ${id}`.execute(session.trx);
  const units = properties.unitOfMeasurements as unknown[];
  const types = properties.multiObservationDataTypes as unknown[];
  if (rows[0].n !== units.length || rows[0].n !== types.length) {
    throw new HttpProblem(400, 'multidatastream-arity', 'Wrong number of parts', `${units.length} units, ${types.length} result types and ${rows[0].n} ObservedProperties: they must be as many.`);
  }
}

/**
 * An Observation's stream (Datastream or MultiDatastream, one of them), its result checked
 * against the stream's type, its phenomenon time (now, when absent), and its feature of interest
 * (given, or made once from the Thing's Location and reused).
 */
async function prepareObservation(session: WriteSession, columns: Columns, properties: Row, toOne: Map<string, number>, field: string) {
  const streamId = toOne.get('Datastream') ?? toOne.get('MultiDatastream');
  if (toOne.has('Datastream') && toOne.has('MultiDatastream')) {
    throw new HttpProblem(400, 'conflicting-relation', 'Conflicting relation', 'An Observation belongs to a Datastream or a MultiDatastream, not both.', { params: { relation: 'MultiDatastream' } });
  }
  if (streamId === undefined) throw new HttpProblem(400, 'missing-relation', 'Missing relation', `${field || 'Observation'}: an Observation needs its Datastream.`, { params: { relation: 'Datastream' } });
  const stream = await streamToWrite(session, streamId);
  const result = properties.result;
  if (stream.multi) {
    const problem = multiResultProblem(stream.multi_observation_data_types ?? [], result);
    if (problem) throw problem;
  } else if (!resultFits(stream.observation_type, result)) {
    throw resultMismatch(stream.observation_type, result);
  }
  columns.datastream_id = streamId;
  if (!Object.hasOwn(properties, 'phenomenonTime')) columns.phenomenon_time = new Date(session.now).toISOString();
  checkRetention(streamId, stream, Date.parse(columns.phenomenon_time as string), session.now);
  if (!Object.hasOwn(properties, 'resultTime')) columns.result_time = null;
  if (columns.feature_id === undefined) columns.feature_id = await featureFromLocation(session, stream.thing_id, field);
}

async function featureFromLocation(session: WriteSession, thingId: number, field: string): Promise<number> {
  const { rows } = await sql<Row>`select l.* from sta_locations l join sta_thing_locations tl on tl.location_id = l.id where tl.thing_id = ${thingId} order by l.id limit 1`.execute(session.trx);
  const location = rows[0];
  if (!location) {
    throw new HttpProblem(400, 'missing-feature-of-interest', 'No feature of interest', `${field || 'Observation'}: no FeatureOfInterest is given and the Thing has no Location to make one from.`);
  }
  const feature = await featureOfLocation(session.trx, location.id as number);
  if (feature.made) session.created.push({ type: ENTITY_TYPES.FeatureOfInterest, id: feature.id });
  return feature.id;
}

/** A Thing's new Locations make a HistoricalLocation (§8.2.3) at the time of the change. */
async function recordHistoricalLocation(session: WriteSession, thingId: number, locationIds: readonly number[]) {
  const { rows } = await sql<{ id: number }>`insert into sta_historical_locations (thing_id, time) values (${thingId}, now()) returning id`.execute(session.trx);
  for (const locationId of locationIds) {
    await sql`insert into sta_historical_location_locations values (${rows[0].id}, ${locationId}) on conflict do nothing`.execute(session.trx);
  }
  session.created.push({ type: ENTITY_TYPES.HistoricalLocation, id: rows[0].id });
}

/** A HistoricalLocation later than its Thing's others moves the Thing to its Locations (§8.2.3). */
async function followHistoricalLocation(session: WriteSession, id: number) {
  await sql`with h as (select thing_id, time from sta_historical_locations where id = ${id})
    delete from sta_thing_locations tl using h where tl.thing_id = h.thing_id
      and not exists (select 1 from sta_historical_locations o, h h2 where o.thing_id = h2.thing_id and o.id <> ${id} and o.time > h2.time)
      and exists (select 1 from sta_historical_location_locations where historical_location_id = ${id})`.execute(session.trx);
  await sql`insert into sta_thing_locations (thing_id, location_id)
    select h.thing_id, hl.location_id from sta_historical_locations h join sta_historical_location_locations hl on hl.historical_location_id = h.id
    where h.id = ${id} and not exists (select 1 from sta_historical_locations o where o.thing_id = h.thing_id and o.id <> h.id and o.time > h.time)
    on conflict do nothing`.execute(session.trx);
}

/**
 * PATCH (merge the given properties and relations) or PUT (replace: every required property
 * given, optional ones not given cleared). Relations change by `@iot.id`; a Thing's new
 * Locations make a HistoricalLocation. Answers the names changed.
 */
export async function updateEntity(session: WriteSession, type: EntityType, id: number, value: unknown, replace: boolean): Promise<string[]> {
  const row = await findRow(session, type, id);
  if (!row) throw problems.notFound(`${type.set}(${id})`);
  await requireMayChange(session, type, row);
  const body = asObject(value, '');
  const { properties, relations } = readBody(type, body, '');
  if (replace) {
    for (const name of REQUIRED[type.name]) if (!Object.hasOwn(properties, name)) throw invalid(name, 'is required: PUT replaces the whole entity');
    for (const [name, property] of Object.entries(type.properties)) if (property.optional && !Object.hasOwn(properties, name) && !READ_ONLY[type.name]?.includes(name)) properties[name] = null;
  }
  for (const name of REQUIRED[type.name]) if (properties[name] === null && name !== 'result') throw invalid(name, 'is required and cannot be null');
  if ((type.name === 'Location' || type.name === 'FeatureOfInterest') && properties.encodingType !== undefined && properties[type.name === 'Location' ? 'location' : 'feature'] === undefined) {
    properties[type.name === 'Location' ? 'location' : 'feature'] = row[type.name === 'Location' ? 'location' : 'feature'];
  }
  const columns = columnsOf(type, properties, '');
  const changed = Object.keys(properties);

  for (const [name, navigation, relationValue] of relations) {
    const target = ENTITY_TYPES[navigation.target];
    if (!navigation.many && navigation.join.kind === 'here') {
      const targetId = await createOrLink(session, target, relationValue, name);
      if (target.name === 'Thing') await requireOwnThing(session, targetId);
      columns[navigation.join.column] = targetId;
      changed.push(name);
      continue;
    }
    if (navigation.join.kind !== 'link' || !Array.isArray(relationValue)) throw invalid(name, 'cannot be changed here: change it from the other side, by @iot.id');
    const join = navigation.join;
    const ids: number[] = [];
    for (const [index, item] of relationValue.entries()) {
      const linked = await createOrLinkQuietly(session, target, item, `${name}/${index}`, { type, id, navigation });
      if (target.name === 'Thing') await requireOwnThing(session, linked);
      ids.push(linked);
    }
    await sql`delete from ${sql.raw(join.table)} where ${sql.raw(join.thisColumn)} = ${id} and not (${sql.raw(join.targetColumn)} = any(${ids}::bigint[]))`.execute(session.trx);
    if (type.name === 'Thing' && name === 'Locations') await recordHistoricalLocation(session, id, ids);
    if (type.name === 'Location' && name === 'Things') for (const thing of ids) await recordHistoricalLocation(session, thing, [id]);
    changed.push(name);
  }

  if (type.name === 'Observation') await recheckObservation(session, row, columns);
  if ((type.name === 'Datastream' || type.name === 'MultiDatastream') && columns.observation_type !== undefined && columns.observation_type !== row.observation_type) {
    const { rows } = await sql`select 1 from sta_observations where datastream_id = ${id} limit 1`.execute(session.trx);
    if (rows.length) throw invalid('observationType', 'cannot change while the stream has Observations');
  }
  const names = Object.keys(columns);
  if (names.length) {
    await sql`update ${sql.raw(type.table)} set ${sql.join(names.map((name) => sql`${sql.raw(name)} = ${columns[name]}`))} where id = ${id}`.execute(session.trx);
  }
  if (type.name === 'HistoricalLocation') await followHistoricalLocation(session, id);
  if (type.name === 'Observation') {
    await recomputeStreams(session.trx, [...new Set([row.datastream_id as number, (columns.datastream_id ?? row.datastream_id) as number])]);
    const before = row.phenomenon_time as Date;
    const after = columns.phenomenon_time ? new Date(columns.phenomenon_time as string) : before;
    await refreshAggregates(session.trx, [
      { streamId: row.datastream_id as number, from: before, to: before },
      { streamId: (columns.datastream_id ?? row.datastream_id) as number, from: after, to: after },
    ]);
  }
  return changed;
}

type StreamToWrite = RetentionColumns & { observation_type: string; multi: boolean; multi_observation_data_types: string[] | null; thing_id: number };

/** The stream an Observation is written to, with what its result and time are checked against; refused when it is another pilot's. */
async function streamToWrite(session: WriteSession, streamId: number): Promise<StreamToWrite> {
  const { rows } = await sql<StreamToWrite>`
    select observation_type, multi, multi_observation_data_types, thing_id, raw_retention_days, hourly_retention_days, raw_kept_from, hours_kept_from
    from sta_datastreams where id = ${streamId}`.execute(session.trx);
  await requireOwnThing(session, rows[0].thing_id);
  return rows[0];
}

/** A changed Observation still fits its (possibly new) stream, and may move only to a stream of its pilot. */
async function recheckObservation(session: WriteSession, row: Row, columns: Columns) {
  const streamId = (columns.datastream_id ?? row.datastream_id) as number;
  const stream = await streamToWrite(session, streamId);
  if (columns.phenomenon_time !== undefined || columns.datastream_id !== undefined) {
    checkRetention(streamId, stream, columns.phenomenon_time !== undefined ? Date.parse(columns.phenomenon_time as string) : (row.phenomenon_time as Date).getTime(), session.now);
  }
  const result = columns.result_number !== undefined ? (columns.result_number ?? (columns.result_json === null ? null : JSON.parse(columns.result_json as string))) : (row.result_number ?? row.result_json ?? null);
  const problem = stream.multi ? multiResultProblem(stream.multi_observation_data_types ?? [], result) : resultFits(stream.observation_type, result) ? undefined : resultMismatch(stream.observation_type, result);
  if (problem) throw problem;
}

/** DELETE with the cascades of §10.4: the database's foreign keys and triggers remove what depends on the entity. */
export async function deleteEntity(session: WriteSession, type: EntityType, id: number) {
  const row = await findRow(session, type, id);
  if (!row) throw problems.notFound(`${type.set}(${id})`);
  await requireMayChange(session, type, row);
  // The spans of the Observations going with it, for the streams' derived values and their aggregates.
  const spans: AggregateRange[] =
    type.name === 'FeatureOfInterest'
      ? (
          await sql<{ id: number; first: Date; last: Date }>`select datastream_id as id, min(phenomenon_time) as first, max(phenomenon_time) as last
            from sta_observations where feature_id = ${id} group by datastream_id`.execute(session.trx)
        ).rows.map((r) => ({ streamId: r.id, from: r.first, to: r.last }))
      : type.name === 'Observation'
        ? [{ streamId: row.datastream_id as number, from: row.phenomenon_time as Date, to: row.phenomenon_time as Date }]
        : [];
  if (type.name === 'Observation') await sql`delete from sta_observations where id = ${id}`.execute(session.trx);
  else await sql`delete from ${sql.raw(type.table)} where id = ${id}`.execute(session.trx);
  await recomputeStreams(session.trx, spans.map((span) => span.streamId));
  await refreshAggregates(session.trx, spans);
}

/** Observations removed by id (a DELETE of a collection with `$filter`), in chunks, each stream's times and buckets kept right once. */
export async function deleteObservations(session: WriteSession, ids: readonly number[]): Promise<void> {
  const CHUNK = 10_000;
  const spans = new Map<number, AggregateRange>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    if (!session.writer.staff) {
      const { rows } = await sql<{ pilot_id: string | null }>`select distinct t.pilot_id from sta_observations o join sta_datastreams d on d.id = o.datastream_id
        join sta_things t on t.id = d.thing_id where o.id = any(${chunk}::bigint[])`.execute(session.trx);
      if (rows.some((row) => row.pilot_id !== session.writer.pilotId)) throw notYourPilot();
    }
    const { rows } = await sql<{ id: number; first: Date; last: Date }>`delete from sta_observations where id = any(${chunk}::bigint[]) returning datastream_id as id, phenomenon_time as first, phenomenon_time as last`.execute(session.trx);
    for (const row of rows) {
      const span = spans.get(row.id);
      if (!span) spans.set(row.id, { streamId: row.id, from: row.first, to: row.last });
      else {
        if (row.first < span.from) span.from = row.first;
        if (row.last > span.to) span.to = row.last;
      }
    }
  }
  await recomputeStreams(session.trx, [...spans.keys()]);
  await refreshAggregates(session.trx, [...spans.values()]);
}

/** The phenomenon times of every Observation in a body, wherever it is nested, so their partitions exist before the write's transaction. */
export function observationTimes(type: EntityType, body: unknown, now: number): number[] {
  const times: number[] = [];
  const visit = (value: unknown, isObservation: boolean) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, isObservation);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Row;
    if (isObservation && !Object.hasOwn(record, '@iot.id')) {
      const time = parseTimeValue(record.phenomenonTime);
      times.push(record.phenomenonTime === undefined ? now : (time?.start ?? now));
    }
    for (const [key, inner] of Object.entries(record)) if (key === 'Observations' && typeof inner === 'object') visit(inner, true);
      else if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && /^[A-Z]/.test(key)) visit(inner, false);
      else if (Array.isArray(inner) && /^[A-Z]/.test(key)) visit(inner, false);
  };
  visit(body, type.name === 'Observation');
  return times;
}
