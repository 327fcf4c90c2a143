-- Retention and downsampling per Datastream (issue 20 point 2; the plan in docs/ARCHITECTURE.md,
-- "SensorThings: storage, MQTT, and a larger deployment"). Raw Observations are kept
-- raw_retention_days, hour aggregates hourly_retention_days, day aggregates for ever; null keeps
-- for ever. Hours can only go after the raw rows they were made from (a late write would rebuild a
-- day from a part of its hours), so hours are kept at least as long as raw rows. Only Datastreams:
-- a MultiDatastream's array results have no aggregates to fall back on.
alter table sta_datastreams
  add column raw_retention_days integer check (raw_retention_days between 1 and 36600),
  add column hourly_retention_days integer check (hourly_retention_days between 1 and 36600),
  -- From when the raw rows and the hour buckets are complete: the nightly job moves them forward
  -- as it deletes, and no write may land before them (its hour would be rebuilt from the one row).
  add column raw_kept_from timestamptz,
  add column hours_kept_from timestamptz,
  -- Moved by every write of the stream's Observations (in the update of its spans that each makes):
  -- a read of its Observations is kept under it and never served once it moved (sta.cache.ts).
  add column observations_version bigint not null default 0,
  add constraint sta_datastreams_retention_order check (
    hourly_retention_days is null or (raw_retention_days is not null and hourly_retention_days >= raw_retention_days)),
  add constraint sta_datastreams_retention_not_multi check (not multi or (raw_retention_days is null and hourly_retention_days is null));

-- The nightly job, one run a day across every instance: the instance whose update claims the day
-- runs it; a run that did not finish within its lease is taken over by the next tick of any.
create table sta_retention_runs (
  singleton boolean primary key default true check (singleton),
  day date,
  lease_until timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  -- What the last finished run did (streams, rows and hours deleted, partitions emptied).
  report jsonb
);
insert into sta_retention_runs (singleton) values (true);
