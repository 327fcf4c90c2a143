import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';

/**
 * Hour and day aggregates of numeric results (`sta_observation_aggregates`, migration 0050),
 * recomputed from the raw rows for the buckets a write touched. The writes call `refreshAggregates`
 * in their own transaction with each stream's min and max phenomenon time of the batch; a deletion
 * or an update of Observations calls it with the times it removed or changed.
 */

export interface AggregateRange {
  streamId: number;
  from: Date;
  /** Inclusive: the batch's latest phenomenon time. */
  to: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The start of the UTC bucket of `size` ms an instant falls in (UTC hours and days are fixed lengths from the epoch). */
const floorTo = (instant: number, size: number) => Math.floor(instant / size) * size;
const iso = (instant: number) => new Date(instant).toISOString();

/**
 * Recomputes every hour and day bucket that intersects each range. One statement per range:
 * hours come from the raw rows of those hours (one partition's index range for a batch within a
 * month), days from the hours of those days (at most 24 rows each), so a batch of 1,000 rows in
 * an hour reads 1,000 raw rows and 24 hour rows. Buckets left with no numeric result are deleted.
 * The hours written by this statement are not visible to its own day query (one snapshot), so the
 * day query reads the stored hours outside the refreshed ones plus the fresh ones.
 */
export async function refreshAggregates(db: QueryBuilder, ranges: readonly AggregateRange[]): Promise<void> {
  for (const range of ranges) {
    const lo = Math.min(range.from.getTime(), range.to.getTime());
    const hi = Math.max(range.from.getTime(), range.to.getTime());
    const hourFrom = iso(floorTo(lo, HOUR));
    const hourTo = iso(floorTo(hi, HOUR) + HOUR);
    const dayFrom = iso(floorTo(lo, DAY));
    const dayTo = iso(floorTo(hi, DAY) + DAY);
    const stream = range.streamId;
    await sql`
      with hours as (
        select date_trunc('hour', phenomenon_time at time zone 'UTC') at time zone 'UTC' as bucket_start,
          count(*)::int as count, min(result_number) as min, max(result_number) as max, sum(result_number) as sum,
          min(phenomenon_time) as first_time, max(phenomenon_time) as last_time
        from sta_observations
        where datastream_id = ${stream} and phenomenon_time >= ${hourFrom}::timestamptz and phenomenon_time < ${hourTo}::timestamptz
          and result_number is not null
        group by 1
      ),
      day_hours as (
        select bucket_start, count, min, max, sum, first_time, last_time from sta_observation_aggregates
        where datastream_id = ${stream} and bucket = 'hour' and bucket_start >= ${dayFrom}::timestamptz and bucket_start < ${dayTo}::timestamptz
          and not (bucket_start >= ${hourFrom}::timestamptz and bucket_start < ${hourTo}::timestamptz)
        union all
        select bucket_start, count, min, max, sum, first_time, last_time from hours
      ),
      days as (
        select date_trunc('day', bucket_start at time zone 'UTC') at time zone 'UTC' as bucket_start,
          sum(count)::int as count, min(min) as min, max(max) as max, sum(sum) as sum, min(first_time) as first_time, max(last_time) as last_time
        from day_hours group by 1
      ),
      fresh as (
        select 'hour' as bucket, * from hours
        union all
        select 'day' as bucket, * from days
      ),
      stale as (
        delete from sta_observation_aggregates a
        where a.datastream_id = ${stream}
          and ((a.bucket = 'hour' and a.bucket_start >= ${hourFrom}::timestamptz and a.bucket_start < ${hourTo}::timestamptz)
            or (a.bucket = 'day' and a.bucket_start >= ${dayFrom}::timestamptz and a.bucket_start < ${dayTo}::timestamptz))
          and not exists (select 1 from fresh f where f.bucket = a.bucket and f.bucket_start = a.bucket_start)
      )
      insert into sta_observation_aggregates (datastream_id, bucket, bucket_start, count, min, max, sum, first_time, last_time)
      select ${stream}::bigint, bucket, bucket_start, count, min, max, sum, first_time, last_time from fresh
      on conflict (datastream_id, bucket, bucket_start) do update set
        count = excluded.count, min = excluded.min, max = excluded.max, sum = excluded.sum,
        first_time = excluded.first_time, last_time = excluded.last_time`.execute(db);
  }
}
