-- The living lab (issue 20 point 4): what a pilot is beyond what SensorThings writing needs
-- (migration 0048): its description and period, its partners of both countries, its places, goals
-- and KPIs (each read from an indicator or a SensorThings datastream), results, documents (the
-- attachments module, owner kind 'pilot') and forum sessions (dialogues).
alter table pilots
  add column description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  add column starts_on date,
  add column ends_on date,
  add column created_by uuid references users (id) on delete set null,
  add constraint pilots_period_check check (starts_on is null or ends_on is null or ends_on >= starts_on),
  add constraint pilots_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80);

-- The institutions that run a pilot, each in its role; a pilot's country is its partners'.
create table pilot_partners (
  pilot_id uuid not null references pilots (id) on delete cascade,
  institution_id uuid not null references institutions (id) on delete cascade,
  role text not null check (role in ('lead', 'partner', 'funder', 'host')),
  position integer not null default 0,
  primary key (pilot_id, institution_id)
);
create index pilot_partners_by_institution on pilot_partners (institution_id);

-- Where a pilot runs: a point or a one-ring area inside the twin region (as a map comment's place,
-- issue 19), with its box for a viewport filter.
create table pilot_places (
  id uuid primary key default gen_random_uuid(),
  pilot_id uuid not null references pilots (id) on delete cascade,
  position integer not null default 0,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  geometry jsonb not null,
  min_lon double precision not null,
  min_lat double precision not null,
  max_lon double precision not null,
  max_lat double precision not null
);
create index pilot_places_by_pilot on pilot_places (pilot_id, position);

create table pilot_goals (
  id uuid primary key default gen_random_uuid(),
  pilot_id uuid not null references pilots (id) on delete cascade,
  position integer not null default 0,
  text jsonb not null check (jsonb_typeof(text) = 'object')
);
create index pilot_goals_by_pilot on pilot_goals (pilot_id, position);

-- A KPI reads an indicator, a datastream, or both (the datastream measures what the indicator
-- reports); measured as the latest value or the mean over the pilot's period. A datastream deleted
-- through SensorThings leaves the KPI without it (and the KPI may then read nothing: shown so).
create table pilot_kpis (
  id uuid primary key default gen_random_uuid(),
  pilot_id uuid not null references pilots (id) on delete cascade,
  position integer not null default 0,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  indicator_id uuid references indicators (id) on delete set null,
  datastream_id bigint references sta_datastreams (id) on delete set null,
  target double precision,
  unit text,
  measure text not null default 'latest' check (measure in ('latest', 'mean'))
);
create index pilot_kpis_by_pilot on pilot_kpis (pilot_id, position);
create index pilot_kpis_by_datastream on pilot_kpis (datastream_id);
create index pilot_kpis_by_indicator on pilot_kpis (indicator_id);

create table pilot_results (
  id uuid primary key default gen_random_uuid(),
  pilot_id uuid not null references pilots (id) on delete cascade,
  on_date date not null,
  text jsonb not null check (jsonb_typeof(text) = 'object')
);
create index pilot_results_by_pilot on pilot_results (pilot_id, on_date);

-- Forum sessions (and any other dialogue) where the pilot was shown or discussed.
create table pilot_dialogues (
  pilot_id uuid not null references pilots (id) on delete cascade,
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  primary key (pilot_id, dialogue_id)
);
create index pilot_dialogues_by_dialogue on pilot_dialogues (dialogue_id);

-- A pilot's documents live in the attachments module.
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('bottleneck', 'dialogue', 'stat_source', 'consultation_section', 'pilot'));
create trigger pilots_delete_attachments after delete on pilots
  for each row execute function delete_owned_attachments('pilot');

-- The pilots' search index follows this version (as the regions').
insert into search_versions (collection) values ('pilots') on conflict (collection) do nothing;
create constraint trigger search_version_pilots after insert or update or delete on pilots
  deferrable initially deferred for each row execute function bump_search_version('pilots');
create trigger search_reset_pilots after truncate on pilots
  for each statement execute function reset_search_version('pilots');
