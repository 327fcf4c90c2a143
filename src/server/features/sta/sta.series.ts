import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Cell } from '../../lib/tabular.ts';
import { problems } from '../../plugins/problems.ts';
import { hourlyFloor, rawFloor, retentionOf, type RetentionColumns } from './sta.retention.ts';
import {
  CSV_MAX_ROWS,
  SERIES_DEFAULT_DAYS,
  SERIES_DEFAULT_POINTS,
  SERIES_MAX_YEARS,
  type LatestObservation,
  type Series,
  type SeriesPoint,
  type SeriesResolution,
  type ThingOnMap,
  type ThingsList,
} from '../../../shared/schemas/sta.ts';

/**
 * What the living-lab pages read (issue 20 point 5): a Datastream's chart series (raw rows, or
 * the hour and day aggregates of sta.aggregates.ts when the range holds more than the chart
 * draws), its latest observation, its raw rows for download, and the Things for the map. Only
 * Datastreams: a MultiDatastream's results are arrays, which a line chart does not draw.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Ten calendar years, leap days included. */
const MAX_RANGE = SERIES_MAX_YEARS * 366 * DAY;
/** Hours per point that divide a day, so an hour step's points line up with midnight UTC. */
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];

const iso = (ms: number) => new Date(ms).toISOString();
/** An instant as milliseconds, selected as a number so both drivers answer alike. */
const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

type Unit = { name: string | null; symbol: string | null; definition: string | null };
type Point = { type: 'Point'; coordinates: number[] };

export interface StreamRow extends RetentionColumns {
  id: number;
  name: string;
  description: string;
  internal: boolean;
  unit: Unit;
  property_name: string;
  property_definition: string;
  thing_id: number;
  thing_name: string;
}

/** A Datastream (not a Multi) as the pages name it, or undefined. */
export async function findStream(db: QueryBuilder, id: number): Promise<StreamRow | undefined> {
  const { rows } = await sql<StreamRow & { unit: unknown }>`
    select d.id::float8 as id, d.name, d.description, d.internal, d.unit_of_measurement as unit,
      d.raw_retention_days, d.hourly_retention_days, d.raw_kept_from, d.hours_kept_from,
      p.name as property_name, p.definition as property_definition, t.id::float8 as thing_id, t.name as thing_name
    from sta_datastreams d join sta_observed_properties p on p.id = d.observed_property_id join sta_things t on t.id = d.thing_id
    where d.id = ${id} and not d.multi`.execute(db);
  const row = rows[0];
  return row && { ...row, unit: unitOf(row.unit) };
}

/** A unit of measurement's three parts; anything missing (the JSON is free) is null. */
function unitOf(value: unknown): Unit {
  const unit = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof unit[key] === 'string' ? (unit[key] as string) : null);
  return { name: text('name'), symbol: text('symbol'), definition: text('definition') };
}

/**
 * A Location's point: a GeoJSON Point (or a Feature holding one) as it is, any other geometry
 * by the centre of its bounding box, and nothing for a location that is not GeoJSON.
 */
export function pointOf(location: unknown, box: { min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null }): Point | null {
  const geometry = location && typeof location === 'object' && (location as { type?: unknown }).type === 'Feature' ? (location as { geometry?: unknown }).geometry : location;
  const point = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (point?.type === 'Point' && Array.isArray(point.coordinates) && point.coordinates.length >= 2 && point.coordinates.slice(0, 2).every((c) => typeof c === 'number' && Number.isFinite(c))) {
    return { type: 'Point', coordinates: [point.coordinates[0] as number, point.coordinates[1] as number] };
  }
  if (box.min_lon === null || box.min_lat === null || box.max_lon === null || box.max_lat === null) return null;
  return { type: 'Point', coordinates: [(box.min_lon + box.max_lon) / 2, (box.min_lat + box.max_lat) / 2] };
}

type LocationRow = { location: unknown; min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null };

/** The Things' current Location each (the newest when a Thing has several), as points. */
async function thingPoints(db: QueryBuilder, thingIds: readonly number[]): Promise<Map<number, Point | null>> {
  const points = new Map<number, Point | null>();
  if (thingIds.length === 0) return points;
  const { rows } = await sql<LocationRow & { thing_id: number }>`
    select distinct on (tl.thing_id) tl.thing_id::float8 as thing_id, l.location, l.min_lon, l.min_lat, l.max_lon, l.max_lat
    from sta_thing_locations tl join sta_locations l on l.id = tl.location_id
    where tl.thing_id in (${sql.join(thingIds)})
    order by tl.thing_id, l.id desc`.execute(db);
  for (const row of rows) points.set(row.thing_id, pointOf(row.location, row));
  return points;
}

type LatestRow = { t: number; result_number: number | null; result_json: unknown };

/** A stream's latest observation (by phenomenon time), or undefined when it has none. */
async function latestRow(db: QueryBuilder, streamId: number): Promise<LatestRow | undefined> {
  const { rows } = await sql<LatestRow>`
    select ${ms('phenomenon_time')} as t, result_number, result_json from sta_observations
    where datastream_id = ${streamId} order by phenomenon_time desc, id desc limit 1`.execute(db);
  return rows[0];
}

const resultOf = (row: { result_number: number | null; result_json: unknown }) => row.result_number ?? row.result_json ?? null;

export async function latestOf(db: QueryBuilder, stream: StreamRow): Promise<LatestObservation> {
  const [latest, points] = await Promise.all([latestRow(db, stream.id), thingPoints(db, [stream.thing_id])]);
  return {
    datastream: {
      id: stream.id,
      name: stream.name,
      description: stream.description,
      unit: stream.unit,
      observedProperty: { name: stream.property_name, definition: stream.property_definition },
      thing: { id: stream.thing_id, name: stream.thing_name, location: points.get(stream.thing_id) ?? null },
      retention: retentionOf(stream, Date.now()),
    },
    latest: latest ? { time: iso(latest.t), result: resultOf(latest) } : null,
  };
}

export interface RangeQuery {
  from?: string;
  to?: string;
}

/**
 * The range asked, with its defaults: up to the stream's latest observation (now when it has
 * none), over the week before. Refused, naming the field, when it runs backwards or is longer
 * than ten years.
 */
export async function rangeOf(db: QueryBuilder, streamId: number, query: RangeQuery): Promise<{ from: number; to: number }> {
  const asked = query.from === undefined ? undefined : Date.parse(query.from);
  let to: number;
  if (query.to !== undefined) to = Date.parse(query.to);
  else {
    // Up to the latest observation; a range asked to start after it runs to now.
    to = (await latestRow(db, streamId))?.t ?? Date.now();
    if (asked !== undefined && asked > to) to = Math.max(asked, Date.now());
  }
  const from = asked ?? to - SERIES_DEFAULT_DAYS * DAY;
  if (from > to) {
    throw problems.badRequest('The range ends before it starts.', [{ path: 'querystring/to', code: 'end-before-start', message: 'must not be before from' }]);
  }
  if (to - from > MAX_RANGE) {
    throw problems.badRequest(`The range is longer than ${SERIES_MAX_YEARS} years.`, [
      { path: 'querystring/from', code: 'range-too-long', message: `must be at most ${SERIES_MAX_YEARS} years before to`, params: { years: SERIES_MAX_YEARS } },
    ]);
  }
  return { from, to };
}

/** How many points buckets of `size` ms, aligned to the epoch, make over [from, to]. */
const bucketsOver = (from: number, to: number, size: number) => Math.floor(to / size) - Math.floor(from / size) + 1;

/**
 * The finest resolution that draws the range in at most `points` points: raw rows when there are
 * no more than that (read with a limit, so a long range costs `points + 1` rows), else whole hours
 * per point (a divisor of 24), else whole days per point. `finest` is the finest kept over the
 * whole range (days when it starts before the stream's hours are kept).
 */
export function chooseStep(from: number, to: number, points: number, finest: Exclude<SeriesResolution, 'raw'> = 'hour'): { resolution: Exclude<SeriesResolution, 'raw'>; step: number } {
  if (finest === 'hour') for (const step of HOUR_STEPS) if (bucketsOver(from, to, step * HOUR) <= points) return { resolution: 'hour', step };
  let step = Math.max(1, Math.ceil((to - from) / DAY / points));
  while (bucketsOver(from, to, step * DAY) > points) step++;
  return { resolution: 'day', step };
}

type PointRow = { t: number; value: number; min: number; max: number; count: number };

/**
 * A stream's series over the range asked, at the finest resolution kept over all of it that fits
 * `points`: past the stream's retention, raw rows give way to hours and hours to days (the
 * retention's floors, sta.retention.ts), so an old range draws from its aggregates.
 */
export async function seriesOf(db: QueryBuilder, stream: StreamRow, query: RangeQuery & { points?: number }, now = Date.now()): Promise<Series> {
  const streamId = stream.id;
  const points = query.points ?? SERIES_DEFAULT_POINTS;
  const { from, to } = await rangeOf(db, streamId, query);
  const rawFrom = rawFloor(stream, now);
  const hourlyFrom = hourlyFloor(stream, now);
  const rawKept = rawFrom === null || from >= rawFrom;
  const finest = hourlyFrom === null || from >= hourlyFrom ? 'hour' : 'day';
  const answer = (resolution: SeriesResolution, step: number, rows: PointRow[]): Series => ({
    datastreamId: streamId,
    from: iso(from),
    to: iso(to),
    resolution,
    step,
    points: rows.map((row): SeriesPoint => ({ time: iso(row.t), value: row.value, min: row.min, max: row.max, count: row.count })),
  });
  if (rawKept) {
    const raw = await sql<PointRow>`
      select ${ms('phenomenon_time')} as t, result_number as value, result_number as min, result_number as max, 1 as count
      from sta_observations
      where datastream_id = ${streamId} and phenomenon_time >= ${iso(from)}::timestamptz and phenomenon_time <= ${iso(to)}::timestamptz and result_number is not null
      order by phenomenon_time, id limit ${points + 1}`.execute(db);
    if (raw.rows.length <= points) return answer('raw', 1, raw.rows);
  }
  const { resolution, step } = chooseStep(from, to, points, finest);
  const unit = resolution === 'hour' ? HOUR : DAY;
  const size = step * unit;
  // The unit buckets that intersect [from, to], grouped `step` at a time from the epoch.
  const { rows } = await sql<PointRow>`
    select (floor(extract(epoch from bucket_start) / ${sql.lit(size / 1000)}) * ${sql.lit(size)})::float8 as t,
      (sum(sum) / sum(count))::float8 as value, min(min) as min, max(max) as max, sum(count)::int as count
    from sta_observation_aggregates
    where datastream_id = ${streamId} and bucket = ${resolution}
      and bucket_start >= ${iso(Math.floor(from / unit) * unit)}::timestamptz and bucket_start <= ${iso(to)}::timestamptz
    group by 1 order by 1`.execute(db);
  return answer(resolution, step, rows);
}

export const CSV_COLUMNS = ['id', 'phenomenonTime', 'phenomenonTimeEnd', 'resultTime', 'result', 'featureOfInterestId'] as const;
const CSV_PAGE = 5_000;
/** Microsecond ISO 8601 UTC, exact (it is also the next page's key). */
const isoText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

type CsvRow = { id: number; time: string; end: string | null; result_time: string | null; result_number: number | null; result_json: unknown; feature_id: number };

/** A result as a cell: a number as it is, a text as it is, any other JSON as its text. */
function resultCell(row: CsvRow): Cell {
  if (row.result_number !== null) return row.result_number;
  if (row.result_json === null || row.result_json === undefined) return null;
  return typeof row.result_json === 'string' ? row.result_json : JSON.stringify(row.result_json);
}

/**
 * Refuses a download over `CSV_MAX_ROWS` rows before a byte is sent (counted with a limit over
 * the primary key's index, so a refused range costs at most that many index entries).
 */
export async function checkCsvSize(db: QueryBuilder, streamId: number, from: number, to: number): Promise<void> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from sta_observations
      where datastream_id = ${streamId} and phenomenon_time >= ${iso(from)}::timestamptz and phenomenon_time <= ${iso(to)}::timestamptz
      limit ${CSV_MAX_ROWS + 1}) capped`.execute(db);
  if (rows[0].n > CSV_MAX_ROWS) {
    throw problems.badRequest(`The range holds more than ${CSV_MAX_ROWS} observations; ask for a shorter one.`, [
      { path: 'querystring/from', code: 'too-many-rows', message: `the range holds more than ${CSV_MAX_ROWS} observations`, params: { limit: CSV_MAX_ROWS } },
    ]);
  }
}

/** Every raw row of the stream in [from, to], oldest first, read a page at a time by the primary key. */
export async function* csvRecords(db: QueryBuilder, streamId: number, from: number, to: number): AsyncGenerator<Cell[]> {
  let after: { time: string; id: number } | undefined;
  for (;;) {
    const { rows } = await sql<CsvRow>`
      select id::float8 as id, ${isoText('phenomenon_time')} as time, ${isoText('phenomenon_end')} as end, ${isoText('result_time')} as result_time,
        result_number, result_json, feature_id::float8 as feature_id
      from sta_observations
      where datastream_id = ${streamId} and phenomenon_time >= ${iso(from)}::timestamptz and phenomenon_time <= ${iso(to)}::timestamptz
        ${after ? sql`and (phenomenon_time, id) > (${after.time}::timestamptz, ${after.id})` : sql``}
      order by phenomenon_time, id limit ${CSV_PAGE}`.execute(db);
    for (const row of rows) yield [row.id, row.time, row.end, row.result_time, resultCell(row), row.feature_id];
    if (rows.length < CSV_PAGE) return;
    const last = rows[rows.length - 1];
    after = { time: last.time, id: last.id };
  }
}

type ThingRow = { id: number; name: string; description: string };
type ThingStreamRow = { id: number; thing_id: number; name: string; unit: unknown; property: string; t: number | null; result_number: number | null; result_json: unknown };

/** Every Thing, by name, with its point and the Datastreams the caller may see with their latest values. */
export async function listThings(db: QueryBuilder, hidden: readonly number[], page: { limit: number; offset: number }): Promise<ThingsList> {
  const [{ rows: things }, { rows: counted }] = await Promise.all([
    sql<ThingRow>`select id::float8 as id, name, description from sta_things order by name, id limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from sta_things`.execute(db),
  ]);
  const ids = things.map((thing) => thing.id);
  const [points, streams] = await Promise.all([thingPoints(db, ids), thingStreams(db, ids, hidden)]);
  const items = things.map(
    (thing): ThingOnMap => ({
      ...thing,
      location: points.get(thing.id) ?? null,
      datastreams: streams
        .filter((stream) => stream.thing_id === thing.id)
        .map((stream) => ({
          id: stream.id,
          name: stream.name,
          unit: unitOf(stream.unit),
          observedProperty: stream.property,
          latestTime: stream.t === null ? null : iso(stream.t),
          latestResult: stream.t === null ? null : resultOf(stream),
        })),
    }),
  );
  return { items, total: counted[0].n, ...page };
}

async function thingStreams(db: QueryBuilder, thingIds: readonly number[], hidden: readonly number[]): Promise<ThingStreamRow[]> {
  if (thingIds.length === 0) return [];
  const { rows } = await sql<ThingStreamRow>`
    select d.id::float8 as id, d.thing_id::float8 as thing_id, d.name, d.unit_of_measurement as unit, p.name as property,
      latest.t, latest.result_number, latest.result_json
    from sta_datastreams d join sta_observed_properties p on p.id = d.observed_property_id
    left join lateral (
      select ${ms('o.phenomenon_time')} as t, o.result_number, o.result_json from sta_observations o
      where o.datastream_id = d.id order by o.phenomenon_time desc, o.id desc limit 1
    ) latest on true
    where d.thing_id in (${sql.join(thingIds)}) and not d.multi and not (d.id = any(${hidden}::bigint[]))
    order by d.name, d.id`.execute(db);
  return rows;
}
