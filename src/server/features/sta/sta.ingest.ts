import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { ENTITY_TYPES } from './sta.model.ts';
import { serializeEntity } from './sta.serialize.ts';
import { multiResultProblem, parseTimeValue, resultFits, resultMismatch } from './sta.values.ts';
import { extendStreams, featureOfLocation } from './sta.streams.ts';
import { olderThanRetention, rawFloor, type RetentionColumns } from './sta.retention.ts';
import type { Writer } from './sta.write.ts';

/**
 * The data-array extension's write side (OGC 18-088 §13.2, `POST /CreateObservations`): many
 * Observations of one or more streams in compact rows. Rows are checked one by one; a bad row is
 * answered `"error: <reason>"` in its place (the standard's word, then why: decision 3) and every
 * good row is written, all in one transaction, by one `insert … select from unnest(…)` per chunk.
 * The streams' derived times and areas move once per stream per request, never per row.
 */

export const COMPONENTS = ['phenomenonTime', 'result', 'resultTime', 'resultQuality', 'validTime', 'parameters', 'FeatureOfInterest/id'] as const;
type Component = (typeof COMPONENTS)[number];

/** Rows per insert statement: few round trips, and far below the 65,535 parameters of one statement (each column is one array parameter). */
const CHUNK = 5_000;

interface Stream extends RetentionColumns {
  id: number;
  observation_type: string;
  multi: boolean;
  multi_observation_data_types: string[] | null;
  thing_id: number;
  pilot_id: string | null;
}

/** One Observation ready to insert (columns as the table has them). */
export interface ObservationRow {
  datastream_id: number;
  phenomenon_time: string;
  phenomenon_end: string | null;
  result_time: string | null;
  result_number: number | null;
  result_json: string | null;
  result_quality: string | null;
  valid_start: string | null;
  valid_end: string | null;
  parameters: string | null;
  feature_id: number;
}

export interface IngestPlan {
  /** Per row of the request, in order: the row to write or why not. */
  rows: (ObservationRow | { error: string })[];
}

const bad = (detail: string) => new HttpProblem(400, 'invalid-request', 'Invalid data array', detail);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface Envelope {
  streamId: number;
  multi: boolean;
  components: Component[];
  rows: unknown[][];
}

/** The request's shape: refused whole (400) when no row of it could be read. */
function readEnvelopes(body: unknown): Envelope[] {
  if (!Array.isArray(body)) throw bad('The body is an array of data arrays, one per Datastream or MultiDatastream.');
  return body.map((item, index) => {
    const where = `[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw bad(`${where} is not a data array object.`);
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!['Datastream', 'MultiDatastream', 'components', 'dataArray', 'dataArray@iot.count'].includes(key)) throw bad(`${where} has "${key}", which a data array does not.`);
    }
    const link = (record.Datastream ?? record.MultiDatastream) as Record<string, unknown> | undefined;
    if ((record.Datastream === undefined) === (record.MultiDatastream === undefined)) throw bad(`${where} names its Datastream or its MultiDatastream, one of them.`);
    const streamId = link && typeof link === 'object' ? link['@iot.id'] : undefined;
    if (!Number.isSafeInteger(streamId) || (streamId as number) < 1) throw bad(`${where}: the stream is named by {"@iot.id": <number>}.`);
    const components = record.components;
    if (!Array.isArray(components) || components.some((c) => typeof c !== 'string')) throw bad(`${where}.components is a list of names.`);
    for (const component of components) if (!(COMPONENTS as readonly string[]).includes(component)) throw bad(`${where}.components: "${component}" is not one of ${COMPONENTS.join(', ')}.`);
    if (new Set(components).size !== components.length) throw bad(`${where}.components names a component twice.`);
    if (!components.includes('phenomenonTime') || !components.includes('result')) throw bad(`${where}.components must include phenomenonTime and result.`);
    if (!Array.isArray(record.dataArray)) throw bad(`${where}.dataArray is a list of rows.`);
    return { streamId: streamId as number, multi: record.MultiDatastream !== undefined, components: components as Component[], rows: record.dataArray as unknown[][] };
  });
}

/** Checks every row and finds its feature of interest; reads the database, writes nothing. */
export async function planIngest(db: QueryBuilder, writer: Writer, body: unknown, now = Date.now()): Promise<IngestPlan> {
  const envelopes = readEnvelopes(body);
  const streams = await loadStreams(db, writer, envelopes);
  const features = await existingFeatures(db, envelopes);
  const locationFeatures = new Map<number, number | null>();
  const rows: IngestPlan['rows'] = [];
  for (const envelope of envelopes) {
    const stream = streams.get(envelope.streamId)!;
    const index = Object.fromEntries(envelope.components.map((name, i) => [name, i])) as Partial<Record<Component, number>>;
    // The feature a row without one gets: the same for every row of the envelope, found once.
    const thingFeature = index['FeatureOfInterest/id'] === undefined ? await featureOfThing(db, stream.thing_id, locationFeatures) : null;
    const floor = rawFloor(stream, now);
    for (const values of envelope.rows) {
      try {
        rows.push(readRow(stream, envelope.components.length, index, values, features, thingFeature, floor));
      } catch (error) {
        if (!(error instanceof RowError || error instanceof HttpProblem)) throw error;
        rows.push({ error: `error: ${error instanceof RowError ? error.message : `${error.slug}: ${error.detail ?? error.title}`}` });
      }
    }
  }
  return { rows };
}

class RowError extends Error {}

async function loadStreams(db: QueryBuilder, writer: Writer, envelopes: readonly Envelope[]): Promise<Map<number, Stream>> {
  const ids = [...new Set(envelopes.map((e) => e.streamId))];
  const { rows } = await sql<Stream>`select d.id, d.observation_type, d.multi, d.multi_observation_data_types, d.thing_id, t.pilot_id,
      d.raw_retention_days, d.hourly_retention_days, d.raw_kept_from, d.hours_kept_from
    from sta_datastreams d join sta_things t on t.id = d.thing_id where d.id = any(${ids}::bigint[])`.execute(db);
  const streams = new Map(rows.filter((row) => !writer.hiddenStreams.includes(row.id)).map((row) => [row.id, row]));
  for (const envelope of envelopes) {
    const stream = streams.get(envelope.streamId);
    const set = envelope.multi ? 'MultiDatastream' : 'Datastream';
    if (!stream || stream.multi !== envelope.multi) {
      throw new HttpProblem(400, 'related-not-found', 'Related entity not found', `${set}s(${envelope.streamId}) does not exist.`, { params: { entityType: set } });
    }
    if (!writer.staff && stream.pilot_id !== writer.pilotId) throw new HttpProblem(403, 'not-your-pilot', 'Not your pilot', `${set}s(${envelope.streamId}) belongs to another pilot's Thing.`);
  }
  return streams;
}

async function existingFeatures(db: QueryBuilder, envelopes: readonly Envelope[]): Promise<Set<number>> {
  const named = new Set<number>();
  for (const envelope of envelopes) {
    const at = envelope.components.indexOf('FeatureOfInterest/id');
    if (at < 0) continue;
    for (const row of envelope.rows) if (Array.isArray(row) && Number.isSafeInteger(row[at])) named.add(row[at] as number);
  }
  if (named.size === 0) return named;
  const { rows } = await sql<{ id: number }>`select id from sta_features where id = any(${[...named]}::bigint[])`.execute(db);
  return new Set(rows.map((row) => row.id));
}

/** The feature made from a Thing's Location, found (or marked to be made) once per Thing. */
async function featureOfThing(db: QueryBuilder, thingId: number, cache: Map<number, number | null>): Promise<number | null> {
  if (cache.has(thingId)) return cache.get(thingId)!;
  const { rows } = await sql<{ feature: number | null; location: number }>`
    select (select f.id from sta_features f where f.from_location_id = l.id) as feature, l.id as location
    from sta_locations l join sta_thing_locations tl on tl.location_id = l.id where tl.thing_id = ${thingId} order by l.id limit 1`.execute(db);
  // A Location whose feature does not exist yet: -location marks it, made inside the write's transaction.
  const feature = rows[0] ? (rows[0].feature ?? -rows[0].location) : null;
  cache.set(thingId, feature);
  return feature;
}

function readRow(
  stream: Stream,
  width: number,
  index: Partial<Record<Component, number>>,
  values: unknown,
  features: Set<number>,
  thingFeature: number | null,
  floor: number | null,
): ObservationRow {
  if (!Array.isArray(values) || values.length !== width) throw new RowError(`the row has ${Array.isArray(values) ? values.length : 'no'} values for ${width} components`);
  const value = (name: Component) => (index[name] === undefined ? undefined : values[index[name]!]);
  const phenomenon = parseTimeValue(value('phenomenonTime'));
  if (!phenomenon) throw new RowError('phenomenonTime is not an ISO 8601 instant or interval with offsets');
  if (floor !== null && phenomenon.start < floor) throw olderThanRetention(stream.id, phenomenon.start, floor);
  const result = value('result');
  if (stream.multi) {
    const problem = multiResultProblem(stream.multi_observation_data_types ?? [], result);
    if (problem) throw new RowError(`${problem.slug}: ${problem.detail}`);
  } else if (!resultFits(stream.observation_type, result)) {
    const problem = resultMismatch(stream.observation_type, result);
    throw new RowError(`${problem.slug}: ${problem.detail}`);
  }
  const resultTimeValue = value('resultTime');
  const resultTime = resultTimeValue === undefined || resultTimeValue === null ? null : parseTimeValue(resultTimeValue);
  if (resultTime === undefined || (resultTime && resultTime.end !== null)) throw new RowError('resultTime is not an ISO 8601 instant');
  const validValue = value('validTime');
  const valid = validValue === undefined || validValue === null ? null : parseTimeValue(validValue);
  if (valid === undefined || (valid && valid.end === null)) throw new RowError('validTime is not an ISO 8601 interval');
  const parameters = value('parameters');
  if (parameters !== undefined && parameters !== null && (typeof parameters !== 'object' || Array.isArray(parameters))) throw new RowError('parameters is not a JSON object');
  let featureId: number | null;
  if (index['FeatureOfInterest/id'] !== undefined) {
    const named = value('FeatureOfInterest/id');
    if (!Number.isSafeInteger(named) || !features.has(named as number)) throw new RowError(`related-not-found: FeaturesOfInterest(${String(named)}) does not exist`);
    featureId = named as number;
  } else {
    featureId = thingFeature;
    if (featureId === null) throw new RowError('missing-feature-of-interest: no FeatureOfInterest is given and the Thing has no Location to make one from');
  }
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  return {
    datastream_id: stream.id,
    phenomenon_time: iso(phenomenon.start)!,
    phenomenon_end: iso(phenomenon.end),
    result_time: resultTime ? iso(resultTime.start) : null,
    result_number: typeof result === 'number' ? result : null,
    result_json: typeof result === 'number' ? null : (json(result) ?? 'null'),
    result_quality: json(value('resultQuality')),
    valid_start: valid ? iso(valid.start) : null,
    valid_end: valid ? iso(valid.end) : null,
    parameters: json(parameters),
    feature_id: featureId,
  };
}

/** Features to be made from Locations (marked by a negative Location id) are made, once each, and the rows pointed at them. */
async function makeLocationFeatures(trx: QueryBuilder, rows: ObservationRow[]): Promise<number[]> {
  const locations = [...new Set(rows.filter((row) => row.feature_id < 0).map((row) => -row.feature_id))];
  const made: number[] = [];
  const byLocation = new Map<number, number>();
  for (const location of locations) {
    const feature = await featureOfLocation(trx, location);
    if (feature.made) made.push(feature.id);
    byLocation.set(location, feature.id);
  }
  for (const row of rows) if (row.feature_id < 0) row.feature_id = byLocation.get(-row.feature_id)!;
  return made;
}

/** Writes the planned rows (in the caller's transaction); answers each row's new id, in order, and the features made. */
export async function writeObservations(trx: QueryBuilder, rows: ObservationRow[]): Promise<{ ids: number[]; features: number[] }> {
  if (rows.length === 0) return { ids: [], features: [] };
  const features = await makeLocationFeatures(trx, rows);
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    // Ids first, in order, so each answer's address is its row's.
    const allocated = (await sql<{ id: number }>`select nextval('sta_observations_id_seq') as id from generate_series(1, ${chunk.length})`.execute(trx)).rows.map((row) => row.id).sort((a, b) => a - b);
    const column = <K extends keyof ObservationRow>(key: K) => chunk.map((row) => row[key]);
    await sql`insert into sta_observations (id, datastream_id, phenomenon_time, phenomenon_end, result_time, result_number, result_json, result_quality, valid_start, valid_end, parameters, feature_id)
      select * from unnest(${allocated}::bigint[], ${column('datastream_id')}::bigint[], ${column('phenomenon_time')}::timestamptz[], ${column('phenomenon_end')}::timestamptz[],
        ${column('result_time')}::timestamptz[], ${column('result_number')}::float8[], ${column('result_json')}::jsonb[], ${column('result_quality')}::jsonb[],
        ${column('valid_start')}::timestamptz[], ${column('valid_end')}::timestamptz[], ${column('parameters')}::jsonb[], ${column('feature_id')}::bigint[])`.execute(trx);
    ids.push(...allocated);
  }
  await extendStreams(trx, rows);
  return { ids, features };
}

/** An Observation as a GET answers it, built from the row written (no read back), for the change events. */
export function observationEntity(base: string, id: number, row: ObservationRow, multi: boolean): Record<string, unknown> {
  return serializeEntity(ENTITY_TYPES.Observation, { ...row, id, result_json: row.result_json === null ? null : JSON.parse(row.result_json), result_quality: row.result_quality && JSON.parse(row.result_quality), parameters: row.parameters && JSON.parse(row.parameters), _multi: multi }, base);
}
