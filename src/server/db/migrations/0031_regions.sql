-- The benchmark library of EU cross-border regions (issue 17 §1): structured records, every
-- figure and fact with its source. A region's sources are its own list (tag as the reference file
-- names it, URL, title and kind); figures, members, bodies, events and lessons point into it by
-- `source_ids` (at least one: a fact without a source is not stored). Scores against criteria
-- editors define, each with its rationale. Real seeded facts are not demo; demo criteria and
-- scores are labelled `is_demo`.
create table regions (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  -- ISO 3166-1 alpha-2 codes.
  countries text[] not null default '{}',
  founded_year integer check (founded_year between 1900 and 2100),
  founded_on date,
  legal_form text check (legal_form in ('egtc', 'euroregion_association', 'intergovernmental_agreement',
    'memorandum_of_understanding', 'member_organisation', 'city_agreement', 'none')),
  legal_form_note jsonb check (legal_form_note is null or jsonb_typeof(legal_form_note) = 'object'),
  founding_basis jsonb check (founding_basis is null or jsonb_typeof(founding_basis) = 'object'),
  seat jsonb check (seat is null or jsonb_typeof(seat) = 'object'),
  secretariat jsonb check (secretariat is null or jsonb_typeof(secretariat) = 'object'),
  themes text[] not null default '{}',
  -- BCP 47 tags.
  languages text[] not null default '{}',
  -- The NUTS areas the map draws (filled by the map's data, not by the seed).
  nuts_ids text[] not null default '{}',
  -- Which sources back each main field: {"legalForm": [source id, …], …}.
  field_sources jsonb not null default '{}' check (jsonb_typeof(field_sources) = 'object'),
  is_home boolean not null default false,
  -- Seeded at start (regions.seed.ts); `edited`: an editor changed its main fields, which the seed then leaves be.
  seeded boolean not null default false,
  edited boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table region_sources (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  region_id uuid not null references regions (id) on delete cascade,
  tag text not null,
  url text not null,
  title text not null,
  kind text not null check (kind in ('primary', 'secondary', 'third_party')),
  position integer not null default 0,
  unique (region_id, tag)
);

create table region_figures (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  region_id uuid not null references regions (id) on delete cascade,
  kind text not null check (kind in ('population', 'area_km2', 'municipalities', 'commuters', 'crossings',
    'passengers', 'budget', 'funding', 'gdp', 'other')),
  value numeric not null,
  unit text not null,
  qualifier text not null default 'exact' check (qualifier in ('about', 'more_than', 'exact')),
  -- The year the figure refers to; null when the source gives none (never guessed).
  year integer check (year between 1900 and 2100),
  period_from integer,
  period_to integer,
  label jsonb check (label is null or jsonb_typeof(label) = 'object'),
  note jsonb check (note is null or jsonb_typeof(note) = 'object'),
  source_ids uuid[] not null check (cardinality(source_ids) > 0),
  position integer not null default 0,
  check (period_to is null or period_from is null or period_to >= period_from)
);
create index region_figures_region_idx on region_figures (region_id);

create table region_members (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  region_id uuid not null references regions (id) on delete cascade,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  country text,
  level text not null check (level in ('state', 'region', 'county', 'municipality', 'intercommunal', 'other')),
  source_ids uuid[] not null check (cardinality(source_ids) > 0),
  position integer not null default 0
);
create index region_members_region_idx on region_members (region_id);

create table region_bodies (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  region_id uuid not null references regions (id) on delete cascade,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  role jsonb check (role is null or jsonb_typeof(role) = 'object'),
  cadence jsonb check (cadence is null or jsonb_typeof(cadence) = 'object'),
  size integer check (size > 0),
  source_ids uuid[] not null check (cardinality(source_ids) > 0),
  position integer not null default 0
);
create index region_bodies_region_idx on region_bodies (region_id);

-- Founding steps and results, dated as the source dates them ('2005-10-17', '2014', or none).
create table region_events (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  region_id uuid not null references regions (id) on delete cascade,
  on_text text,
  what jsonb not null check (jsonb_typeof(what) = 'object'),
  source_ids uuid[] not null check (cardinality(source_ids) > 0),
  position integer not null default 0
);
create index region_events_region_idx on region_events (region_id);

create table region_lessons (
  id uuid primary key default gen_random_uuid(),
  -- From the seed (replaced by it when it changes), or an editor's (never touched by it).
  seeded boolean not null default false,
  ref text not null unique,
  region_id uuid not null references regions (id) on delete cascade,
  text jsonb not null check (jsonb_typeof(text) = 'object'),
  themes text[] not null default '{}',
  year integer check (year between 1900 and 2100),
  source_ids uuid[] not null check (cardinality(source_ids) > 0),
  position integer not null default 0
);
create index region_lessons_region_idx on region_lessons (region_id);

create table score_criteria (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  description jsonb check (description is null or jsonb_typeof(description) = 'object'),
  scale_min integer not null default 0,
  scale_max integer not null default 5,
  weight numeric not null default 1 check (weight > 0),
  position integer not null default 0,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  check (scale_max > scale_min)
);

create table region_scores (
  region_id uuid not null references regions (id) on delete cascade,
  criterion_id uuid not null references score_criteria (id) on delete cascade,
  score integer not null,
  rationale jsonb not null check (jsonb_typeof(rationale) = 'object' and rationale <> '{}'::jsonb),
  is_demo boolean not null default false,
  scored_by uuid references users (id) on delete set null,
  scored_at timestamptz not null default now(),
  primary key (region_id, criterion_id)
);
create index region_scores_criterion_idx on region_scores (criterion_id);

insert into search_versions (collection) values ('regions') on conflict (collection) do nothing;
create constraint trigger search_version_regions after insert or update or delete on regions
  deferrable initially deferred for each row execute function bump_search_version('regions');
create trigger search_reset_regions after truncate on regions
  for each statement execute function reset_search_version('regions');
