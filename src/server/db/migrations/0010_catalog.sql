-- The open data catalogue (issue 5): datasets in DCAT-AP 3's shape, the harvest sources they
-- come from, harvest runs as jobs any instance can take, and datasets as evidence for bottlenecks.

create table harvest_sources (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('ckan', 'estonia', 'dcat')),
  url text not null,
  schedule text not null default 'daily' check (schedule in ('manual', 'hourly', 'daily', 'weekly')),
  enabled boolean not null default true,
  -- Whose datasets these are when the source names no publisher.
  publisher_id uuid references institutions (id) on delete set null,
  next_run_at timestamptz,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (kind, url)
);
create index harvest_sources_due on harvest_sources (next_run_at) where enabled;

-- A run is a job: queued by a person, the command line or the schedule, taken by whichever
-- instance claims it first (for update skip locked), kept alive by a lease the worker renews.
-- A run whose lease runs out (its instance died) is taken again.
create table harvest_runs (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references harvest_sources (id) on delete cascade,
  state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'partial', 'failed')),
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
  message text
);
-- At most one run of a source waits or works at a time.
create unique index harvest_runs_one_active on harvest_runs (source_id) where state in ('queued', 'running');
create index harvest_runs_by_source on harvest_runs (source_id, queued_at desc);
create index harvest_runs_claimable on harvest_runs (queued_at) where state in ('queued', 'running');

create table harvest_errors (
  id bigserial primary key,
  run_id uuid not null references harvest_runs (id) on delete cascade,
  identifier text,
  message text not null,
  at timestamptz not null default now()
);
create index harvest_errors_by_run on harvest_errors (run_id, id);

-- One row per dataset, distributions included (jsonb): a dataset is written in one statement, so
-- it is never half there, and a page or a DCAT export reads one row per dataset.
create table datasets (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  title jsonb not null,
  description jsonb not null,
  publisher_id uuid references institutions (id) on delete set null,
  contact_point jsonb,
  themes text[] not null default '{}',
  keywords jsonb not null default '{}',
  spatial text[] not null default '{}',
  temporal_start date,
  temporal_end date,
  license text,
  license_url text,
  access_rights text,
  frequency text,
  landing_page text,
  issued timestamptz,
  modified timestamptz,
  distributions jsonb not null default '[]',
  -- The distributions' formats, kept beside them for the format facet and filter.
  formats text[] not null default '{}',
  source_id uuid references harvest_sources (id) on delete restrict,
  source_identifier text,
  source_modified text,
  -- Hash of the harvested record: an unchanged record is not written again.
  content_hash text,
  harvested_at timestamptz,
  state text not null default 'active' check (state in ('active', 'withdrawn')),
  withdrawn_at timestamptz,
  -- Who withdrew it: its source (it comes back when the source lists it again) or an editor (it stays withdrawn).
  withdrawn_by text check (withdrawn_by in ('source', 'editor')),
  demo boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Swedish has a stemmer and is one of Finland's languages; Estonian has none in PostgreSQL 15
  -- and is indexed word by word, as in the register.
  search tsvector generated always as (
    setweight(to_tsvector('finnish', coalesce(title->>'fi', '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(title->>'et', '')), 'A') ||
    setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
    setweight(to_tsvector('swedish', coalesce(title->>'sv', '')), 'A') ||
    setweight(to_tsvector('finnish', coalesce(keywords->>'fi', '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(keywords->>'et', '')), 'B') ||
    setweight(to_tsvector('english', coalesce(keywords->>'en', '')), 'B') ||
    setweight(to_tsvector('swedish', coalesce(keywords->>'sv', '')), 'B') ||
    setweight(to_tsvector('finnish', left(coalesce(description->>'fi', ''), 4000)), 'C') ||
    setweight(to_tsvector('simple', left(coalesce(description->>'et', ''), 4000)), 'C') ||
    setweight(to_tsvector('english', left(coalesce(description->>'en', ''), 4000)), 'C') ||
    setweight(to_tsvector('swedish', left(coalesce(description->>'sv', ''), 4000)), 'C')
  ) stored,
  unique (source_id, source_identifier),
  check (temporal_end is null or temporal_start is null or temporal_end >= temporal_start)
);
-- fastupdate off, as in the register (0006): a harvest's pending list would otherwise be read
-- through on every search until vacuum merges it (measured: 2.5 ms a search became 9 ms).
create index datasets_search_idx on datasets using gin (search) with (fastupdate = off) where state = 'active';
create index datasets_modified_idx on datasets ((coalesce(modified, created_at)) desc, id) where state = 'active';
create index datasets_title_idx on datasets ((lower(coalesce(title->>'en', title->>'fi', title->>'et', title->>'sv', ''))), id) where state = 'active';
create index datasets_publisher_idx on datasets (publisher_id) where state = 'active';
create index datasets_themes_idx on datasets using gin (themes) with (fastupdate = off) where state = 'active';
create index datasets_formats_idx on datasets using gin (formats) with (fastupdate = off) where state = 'active';
create index datasets_spatial_idx on datasets using gin (spatial) with (fastupdate = off) where state = 'active';
create index datasets_created_idx on datasets (created_at, id);

-- Datasets as evidence for bottlenecks: shown on both, walked by the trace.
create table dataset_bottlenecks (
  dataset_id uuid not null references datasets (id) on delete cascade,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  note text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (dataset_id, bottleneck_id)
);
create index dataset_bottlenecks_by_bottleneck on dataset_bottlenecks (bottleneck_id);

create constraint trigger link_graph_datasets after update of name, title, state or delete on datasets
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_dataset_bottlenecks after insert or update or delete on dataset_bottlenecks
  deferrable initially deferred for each row execute function bump_link_graph_version();

-- The catalogue's version moves with every change to a dataset, so facet counts without search
-- words (the same for every visitor) are computed once per change, not once per request.
create table catalog_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into catalog_version (version) values (1);

create function bump_catalog_version() returns trigger language plpgsql as $$
begin
  if current_setting('talsinki.catalog_bumped', true) is distinct from txid_current()::text then
    perform set_config('talsinki.catalog_bumped', txid_current()::text, true);
    update catalog_version set version = version + 1;
  end if;
  return null;
end $$;

create constraint trigger catalog_version_datasets after insert or update or delete on datasets
  deferrable initially deferred for each row execute function bump_catalog_version();
-- Kept answers name publishers and sources: renaming one changes them too.
create constraint trigger catalog_version_institutions after update of slug, name, short_name, country on institutions
  deferrable initially deferred for each row execute function bump_catalog_version();
create constraint trigger catalog_version_harvest_sources after update of name, kind on harvest_sources
  deferrable initially deferred for each row execute function bump_catalog_version();
