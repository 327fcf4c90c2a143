-- Hour and day aggregates of a Datastream's numeric results (issue 20 point 2, research §4.2-4.3):
-- the chart reads them for ranges too long to draw raw, and they outlive raw rows past retention.
-- Buckets are UTC hours and days by phenomenon time (an interval's start). Kept by the writes in
-- the write's own transaction (features/sta/sta.aggregates.ts), never by a trigger per row. The
-- mean is sum / count. Not partitioned: at one row per stream and hour it is ~1/360 of the raw
-- rows at a 10-second cadence, and its primary key serves every read.
create table sta_observation_aggregates (
  datastream_id bigint not null references sta_datastreams (id) on delete cascade,
  bucket text not null check (bucket in ('hour', 'day')),
  bucket_start timestamptz not null,
  count integer not null check (count > 0),
  min double precision not null,
  max double precision not null,
  sum double precision not null,
  first_time timestamptz not null,
  last_time timestamptz not null,
  -- A stream's buckets of one size over a time range, in order: the chart's only query.
  primary key (datastream_id, bucket, bucket_start)
);
