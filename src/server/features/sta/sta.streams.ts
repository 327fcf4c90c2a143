import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { refreshAggregates, type AggregateRange } from './sta.aggregates.ts';

/**
 * What a stream derives from its Observations, kept by every write that adds some (one
 * Observation or a data array of thousands, the same code): its phenomenon and result time spans,
 * its observed area, and the chart's hour and day buckets; and the FeatureOfInterest made once
 * from a Location for Observations that name none (OGC 18-088 §10.2).
 */

/** The columns of a written Observation that its stream's derived values depend on. */
export interface StreamRow {
  datastream_id: number;
  phenomenon_time: string;
  phenomenon_end: string | null;
  result_time: string | null;
  feature_id: number;
}

/** The FeatureOfInterest made from a Location: the one made before, or a new copy of it. */
export async function featureOfLocation(trx: QueryBuilder, locationId: number): Promise<{ id: number; made: boolean }> {
  const existing = await sql<{ id: number }>`select id from sta_features where from_location_id = ${locationId}`.execute(trx);
  if (existing.rows[0]) return { id: existing.rows[0].id, made: false };
  // Two writers of the same new stream may both find none: the second waits for the first and takes its feature.
  const { rows } = await sql<{ id: number }>`
    insert into sta_features (name, description, encoding_type, feature, properties, from_location_id, min_lon, min_lat, max_lon, max_lat)
    select name, description, encoding_type, location, properties, id, min_lon, min_lat, max_lon, max_lat from sta_locations where id = ${locationId}
    on conflict (from_location_id) do nothing
    returning id`.execute(trx);
  if (rows[0]) return { id: rows[0].id, made: true };
  const made = await sql<{ id: number }>`select id from sta_features where from_location_id = ${locationId}`.execute(trx);
  return { id: made.rows[0].id, made: false };
}

/** Each stream's earliest and latest phenomenon time in the rows: the buckets to refresh. Compared as ISO text in UTC, as written (no Date per row). */
function spansOf(rows: readonly StreamRow[]): AggregateRange[] {
  const spans = new Map<number, { from: string; to: string }>();
  for (const row of rows) {
    const time = row.phenomenon_time;
    const span = spans.get(row.datastream_id);
    if (!span) spans.set(row.datastream_id, { from: time, to: time });
    else if (time < span.from) span.from = time;
    else if (time > span.to) span.to = time;
  }
  return [...spans].map(([streamId, span]) => ({ streamId, from: new Date(span.from), to: new Date(span.to) }));
}

/** Each stream's spans, box, area and buckets grow by the rows', in one statement per request (never a trigger per row). */
export async function extendStreams(trx: QueryBuilder, rows: readonly StreamRow[]) {
  const spans = new Map<number, { start: string; end: string; resultStart: string | null; resultEnd: string | null; features: Set<number> }>();
  for (const row of rows) {
    const end = row.phenomenon_end ?? row.phenomenon_time;
    const span = spans.get(row.datastream_id);
    if (!span) {
      spans.set(row.datastream_id, { start: row.phenomenon_time, end, resultStart: row.result_time, resultEnd: row.result_time, features: new Set([row.feature_id]) });
      continue;
    }
    // ISO instants in UTC compare as text.
    if (row.phenomenon_time < span.start) span.start = row.phenomenon_time;
    if (end > span.end) span.end = end;
    if (row.result_time !== null && (span.resultStart === null || row.result_time < span.resultStart)) span.resultStart = row.result_time;
    if (row.result_time !== null && (span.resultEnd === null || row.result_time > span.resultEnd)) span.resultEnd = row.result_time;
    span.features.add(row.feature_id);
  }
  const ids = [...spans.keys()];
  const list = [...spans.values()];
  await sql`update sta_datastreams d set observations_version = d.observations_version + 1,
      phenomenon_start = least(d.phenomenon_start, s.start), phenomenon_end = greatest(d.phenomenon_end, s.finish),
      result_time_start = least(d.result_time_start, s.result_start), result_time_end = greatest(d.result_time_end, s.result_end),
      min_lon = least(d.min_lon, b.min_lon), min_lat = least(d.min_lat, b.min_lat), max_lon = greatest(d.max_lon, b.max_lon), max_lat = greatest(d.max_lat, b.max_lat)
    from unnest(${ids}::bigint[], ${list.map((s) => s.start)}::timestamptz[], ${list.map((s) => s.end)}::timestamptz[], ${list.map((s) => s.resultStart)}::timestamptz[], ${list.map((s) => s.resultEnd)}::timestamptz[], ${list.map((s) => [...s.features].join(','))}::text[])
      as s(id, start, finish, result_start, result_end, features)
    cross join lateral (select min(f.min_lon) as min_lon, min(f.min_lat) as min_lat, max(f.max_lon) as max_lon, max(f.max_lat) as max_lat
      from sta_features f where f.id = any(string_to_array(s.features, ',')::bigint[])) b
    where d.id = s.id`.execute(trx);
  await refreshObservedArea(trx, ids);
  await refreshAggregates(trx, spansOf(rows));
}

/** The observed area as the box of the features observed: a Point when they are one place, else a Polygon. */
export async function refreshObservedArea(trx: QueryBuilder, streamIds: readonly number[]) {
  await sql`update sta_datastreams set observed_area = case
      when min_lon is null then null
      when min_lon = max_lon and min_lat = max_lat then jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(min_lon, min_lat))
      else jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
        jsonb_build_array(min_lon, min_lat), jsonb_build_array(max_lon, min_lat), jsonb_build_array(max_lon, max_lat), jsonb_build_array(min_lon, max_lat), jsonb_build_array(min_lon, min_lat))))
    end where id = any(${streamIds}::bigint[])`.execute(trx);
}

/** After Observations are deleted or moved, the spans are read again from what is left. */
export async function recomputeStreams(trx: QueryBuilder, streamIds: readonly number[]) {
  if (streamIds.length === 0) return;
  await sql`update sta_datastreams d set observations_version = d.observations_version + 1,
      phenomenon_start = s.phenomenon_start, phenomenon_end = s.phenomenon_end, result_time_start = s.result_time_start, result_time_end = s.result_time_end,
      min_lon = s.min_lon, min_lat = s.min_lat, max_lon = s.max_lon, max_lat = s.max_lat
    from (select d2.id,
        (select min(o.phenomenon_time) from sta_observations o where o.datastream_id = d2.id) as phenomenon_start,
        (select max(coalesce(o.phenomenon_end, o.phenomenon_time)) from sta_observations o where o.datastream_id = d2.id) as phenomenon_end,
        (select min(o.result_time) from sta_observations o where o.datastream_id = d2.id) as result_time_start,
        (select max(o.result_time) from sta_observations o where o.datastream_id = d2.id) as result_time_end,
        b.min_lon, b.min_lat, b.max_lon, b.max_lat
      from sta_datastreams d2
      left join lateral (select min(f.min_lon) as min_lon, min(f.min_lat) as min_lat, max(f.max_lon) as max_lon, max(f.max_lat) as max_lat
        from sta_features f where f.id in (select o.feature_id from sta_observations o where o.datastream_id = d2.id)) b on true
      where d2.id = any(${streamIds}::bigint[])) s
    where d.id = s.id`.execute(trx);
  await refreshObservedArea(trx, streamIds);
}
