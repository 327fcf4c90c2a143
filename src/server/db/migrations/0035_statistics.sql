-- Cross-border statistics and indicators (issue 18). Two layers: the statistics feature keeps what
-- the offices publish as they publish it (sources, runs, tables, vintages of figures), the
-- indicators feature says what a table's figures mean for the twin region (which region, which
-- period, which side) and publishes them.

-- Where figures come from: a PxWeb v1 or 2.0 table, a Eurostat dataset, a JSON-stat document or a
-- PC-Axis file (at an address, or uploaded: then the file is an attachment of the source).
create table stat_sources (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('pxweb', 'pxweb2', 'jsonstat', 'px', 'eurostat')),
  url text,
  -- The table at the source (a PxWeb table id, a Eurostat dataset code); '' for a whole document.
  table_ref text not null default '',
  -- The selection as the source takes it: {dimension code: [value codes] | "*" | {top: n}}.
  query jsonb not null default '{}',
  language text not null default 'en',
  schedule text not null default 'manual' check (schedule in ('manual', 'hourly', 'daily', 'weekly')),
  enabled boolean not null default true,
  publisher_id uuid references institutions (id) on delete set null,
  next_run_at timestamptz,
  demo boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (url is not null or kind in ('px', 'jsonstat'))
);
create unique index stat_sources_address on stat_sources (kind, url, table_ref) where url is not null;
create index stat_sources_due on stat_sources (next_run_at) where enabled;

-- Runs are jobs as harvest runs are (src/server/lib/jobs): the same columns, so the same claim,
-- lease, progress and schedule code serves both. The counts mean: seen = tables read, created =
-- tables read for the first time, updated = tables with a new vintage (revised figures),
-- unchanged = tables whose figures did not change, failed = tables not stored.
create table stat_runs (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references stat_sources (id) on delete cascade,
  state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled')),
  trigger text not null check (trigger in ('manual', 'schedule', 'command')),
  requested_by uuid references users (id) on delete set null,
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  lease_until timestamptz,
  attempts integer not null default 0,
  done integer not null default 0,
  total integer,
  seen integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  withdrawn integer not null default 0,
  failed integer not null default 0,
  error_count integer not null default 0,
  message text,
  message_code text,
  message_params jsonb not null default '{}',
  -- Cells read and requests made, for the run page and the source's pacing.
  cells bigint not null default 0,
  requests integer not null default 0
);
create unique index stat_runs_one_active on stat_runs (source_id) where state in ('queued', 'running');
create index stat_runs_by_source on stat_runs (source_id, queued_at desc);
create index stat_runs_claimable on stat_runs (queued_at) where state in ('queued', 'running');

create table stat_errors (
  id bigserial primary key,
  run_id uuid not null references stat_runs (id) on delete cascade,
  identifier text,
  message text not null,
  code text,
  params jsonb not null default '{}',
  at timestamptz not null default now()
);
create index stat_errors_by_run on stat_errors (run_id, id);

-- A table as its source describes it now; its figures are in vintages.
create table stat_tables (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references stat_sources (id) on delete cascade,
  external_id text not null,
  title jsonb not null default '{}',
  languages text[] not null default '{}',
  current_vintage_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source_id, external_id)
);

-- The figures of a table as read at one time. A re-import that reads the same figures adds no
-- vintage; one that reads changed figures adds one and keeps the earlier, so a revision shows.
-- Every figure knows where it came from: its vintage's table, requests and retrieval time.
create table stat_vintages (
  id uuid primary key default gen_random_uuid(),
  table_id uuid not null references stat_tables (id) on delete cascade,
  run_id uuid references stat_runs (id) on delete set null,
  previous_id uuid references stat_vintages (id) on delete set null,
  retrieved_at timestamptz not null default now(),
  -- When the source says the table last changed.
  source_updated text,
  -- The exact requests (method, address, body) or the file that gave these figures.
  requests jsonb not null default '[]',
  -- The cube's dimensions, notes, units and symbols at this vintage (Cube minus its cells).
  metadata jsonb not null,
  -- The time dimension's code and its period codes in order; every series runs along them.
  time_dimension text,
  periods text[] not null default '{}',
  content_hash text not null,
  cells integer not null,
  changed_cells integer not null default 0
);
create index stat_vintages_by_table on stat_vintages (table_id, retrieved_at desc);
alter table stat_tables add constraint stat_tables_current_vintage
  foreign key (current_vintage_id) references stat_vintages (id) on delete set null;

-- One row per series: the codes of every dimension but time, and its figures along the periods
-- (null where the source has none). Status symbols are sparse: {"period index": "symbol"}.
create table stat_series (
  vintage_id uuid not null references stat_vintages (id) on delete cascade,
  series_key text not null,
  codes jsonb not null,
  figures float8[] not null,
  statuses jsonb,
  primary key (vintage_id, series_key)
);

-- Regions both sides share a code system for: NUTS 3 and the municipalities of Uusimaa and Harju.
create table stat_regions (
  code text primary key,
  scheme text not null check (scheme in ('nuts', 'fi-kunta', 'ee-ehak', 'country')),
  country text not null check (country in ('FI', 'EE')),
  level integer not null,
  parent_code text references stat_regions (code),
  name jsonb not null,
  source text
);

-- What a table's figures mean for the twin region.
create table indicators (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  name jsonb not null,
  definition jsonb not null default '{}',
  unit jsonb not null default '{}',
  domain text,
  frequency text not null check (frequency in ('A', 'Q', 'M')),
  decimals integer not null default 0 check (decimals between 0 and 6),
  -- Per-capita values divide by this indicator's value for the same region and period.
  per_capita_of uuid references indicators (id) on delete set null,
  per_capita_scale integer not null default 1000 check (per_capita_scale > 0),
  -- Shown on the home page's dashboard, in this order.
  headline_position integer,
  notes jsonb not null default '{}',
  published boolean not null default true,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Where an indicator's figures come from: one table per side, the codes fixed for the other
-- dimensions, and which source code is which Talsinki region.
create table indicator_series (
  id uuid primary key default gen_random_uuid(),
  indicator_id uuid not null references indicators (id) on delete cascade,
  side text not null check (side in ('FI', 'EE', 'EU')),
  table_id uuid not null references stat_tables (id) on delete restrict,
  -- {dimension code: value code} for every dimension that is neither region, time nor kept.
  fixed jsonb not null default '{}',
  region_dimension text,
  -- {source code: stat_regions.code}; with no region dimension, the one region the table is of.
  region_map jsonb not null default '{}',
  region_code text references stat_regions (code),
  -- Dimensions kept as they are (sex, citizenship…).
  kept text[] not null default '{}',
  scale float8 not null default 1,
  position integer not null default 0,
  check (region_dimension is not null or region_code is not null)
);
create index indicator_series_by_indicator on indicator_series (indicator_id, position);
create index indicator_series_by_table on indicator_series (table_id);

-- KPIs: an indicator measuring an action, or evidence of a bottleneck, with a baseline and a
-- target for one region.
create table action_indicators (
  action_id uuid not null references actions (id) on delete cascade,
  indicator_id uuid not null references indicators (id) on delete cascade,
  region_code text references stat_regions (code),
  baseline_value float8,
  baseline_period text,
  target_value float8,
  target_period text,
  note jsonb not null default '{}',
  primary key (action_id, indicator_id)
);
create index action_indicators_by_indicator on action_indicators (indicator_id);

create table bottleneck_indicators (
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  indicator_id uuid not null references indicators (id) on delete cascade,
  region_code text references stat_regions (code),
  baseline_value float8,
  baseline_period text,
  target_value float8,
  target_period text,
  note jsonb not null default '{}',
  primary key (bottleneck_id, indicator_id)
);
create index bottleneck_indicators_by_indicator on bottleneck_indicators (indicator_id);

-- One number that moves whenever anything an indicator's answer is made of moves: caches and
-- ETags of the published indicators key on it.
create table statistics_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into statistics_version (version) values (1);

create function bump_statistics_version() returns trigger language plpgsql as $$
begin
  if current_setting('talsinki.statistics_bumped', true) is distinct from txid_current()::text then
    perform set_config('talsinki.statistics_bumped', txid_current()::text, true);
    update statistics_version set version = version + 1;
  end if;
  return null;
end $$;

create constraint trigger statistics_tables after insert or update or delete on stat_tables
  deferrable initially deferred for each row execute function bump_statistics_version();
create constraint trigger statistics_indicators after insert or update or delete on indicators
  deferrable initially deferred for each row execute function bump_statistics_version();
create constraint trigger statistics_indicator_series after insert or update or delete on indicator_series
  deferrable initially deferred for each row execute function bump_statistics_version();
create constraint trigger statistics_regions after insert or update or delete on stat_regions
  deferrable initially deferred for each row execute function bump_statistics_version();
create constraint trigger statistics_action_indicators after insert or update or delete on action_indicators
  deferrable initially deferred for each row execute function bump_statistics_version();
create constraint trigger statistics_bottleneck_indicators after insert or update or delete on bottleneck_indicators
  deferrable initially deferred for each row execute function bump_statistics_version();

-- Indicators join the trace (… → recommendation → action → indicator; bottleneck evidence).
create constraint trigger link_graph_indicators after insert or update of slug, name, published or delete on indicators
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_action_indicators after insert or update or delete on action_indicators
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_bottleneck_indicators after insert or update or delete on bottleneck_indicators
  deferrable initially deferred for each row execute function bump_link_graph_version();

-- An uploaded PC-Axis or JSON-stat file is an attachment of its source.
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('bottleneck', 'dialogue', 'stat_source'));
create trigger stat_sources_delete_attachments after delete on stat_sources
  for each row execute function delete_owned_attachments('stat_source');
