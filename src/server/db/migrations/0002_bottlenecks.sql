-- The institutions directory and the bottleneck register (issue 3).
create extension if not exists pg_trgm;

create table institutions (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null,
  short_name text,
  country text not null check (country in ('FI', 'EE', 'EU', 'other')),
  type text not null check (type in ('ministry', 'state_agency', 'regional_authority', 'municipality', 'public_service_provider',
                                     'ngo', 'business', 'research', 'eu_body', 'cross_border_body')),
  website text,
  domains text[] not null default '{}',
  parent_id uuid references institutions (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index institutions_country_idx on institutions (country);

-- A service owner speaks for one institution.
alter table users add column institution_id uuid references institutions (id) on delete set null;

-- BN-2026-0042: numbered per year without gaps from rolled-back inserts mattering to anyone.
create table bottleneck_ref_counters (
  year integer primary key,
  last_number integer not null
);

create table bottlenecks (
  id uuid primary key default gen_random_uuid(),
  ref text not null unique,
  title jsonb not null,
  description jsonb not null,
  original_language text not null check (original_language in ('fi', 'et', 'en', 'sv', 'ru')),
  domain text not null check (domain in ('mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration')),
  topics text[] not null default '{}',
  countries text[] not null,
  reporter_situation text,
  institution_id uuid references institutions (id) on delete set null,
  service_name text,
  affected_estimate integer check (affected_estimate is null or affected_estimate >= 0),
  evidence_links text[] not null default '{}',
  status text not null default 'submitted' check (status in ('submitted', 'rejected', 'published', 'under_assessment', 'closed_no_obstacle',
    'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off', 'merged')),
  outcome text check (outcome in ('administrative_change', 'legislative_change', 'service_improvement', 'will_not_be_resolved')),
  outcome_note text,
  reporter_id uuid references users (id) on delete set null,
  reporter_email text,
  merged_into_id uuid references bottlenecks (id),
  is_demo boolean not null default false,
  support_count integer not null default 0,
  follower_count integer not null default 0,
  published_at timestamptz,
  assessment_due_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Finnish, English, Swedish and Russian are stemmed; Estonian has no stemmer in PostgreSQL 15
  -- and is indexed word by word (trigram similarity covers its inflection for duplicates).
  search tsvector generated always as (
    setweight(to_tsvector('finnish', coalesce(title->>'fi', '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(title->>'et', '')), 'A') ||
    setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
    setweight(to_tsvector('swedish', coalesce(title->>'sv', '')), 'A') ||
    setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(title->>'fi', '') || ' ' || coalesce(title->>'en', '')), 'B') ||
    setweight(to_tsvector('finnish', coalesce(description->>'fi', '')), 'C') ||
    setweight(to_tsvector('simple', coalesce(description->>'et', '')), 'C') ||
    setweight(to_tsvector('english', coalesce(description->>'en', '')), 'C') ||
    setweight(to_tsvector('swedish', coalesce(description->>'sv', '')), 'C') ||
    setweight(to_tsvector('russian', coalesce(description->>'ru', '')), 'C')
  ) stored,
  title_text text generated always as (
    coalesce(title->>'fi', '') || ' ' || coalesce(title->>'et', '') || ' ' || coalesce(title->>'en', '') || ' ' ||
    coalesce(title->>'sv', '') || ' ' || coalesce(title->>'ru', '')
  ) stored
);
create index bottlenecks_status_updated_idx on bottlenecks (status, updated_at desc);
create index bottlenecks_status_created_idx on bottlenecks (status, created_at desc);
create index bottlenecks_status_support_idx on bottlenecks (status, support_count desc);
create index bottlenecks_domain_status_idx on bottlenecks (domain, status);
create index bottlenecks_institution_idx on bottlenecks (institution_id);
create index bottlenecks_search_idx on bottlenecks using gin (search);
create index bottlenecks_topics_idx on bottlenecks using gin (topics);
create index bottlenecks_countries_idx on bottlenecks using gin (countries);
create index bottlenecks_title_trgm_idx on bottlenecks using gin (title_text gin_trgm_ops);
create index bottlenecks_reporter_idx on bottlenecks (reporter_id);

-- One responsible institution per country involved.
create table bottleneck_assignments (
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  country text not null,
  institution_id uuid not null references institutions (id),
  assigned_at timestamptz not null default now(),
  assigned_by uuid references users (id) on delete set null,
  primary key (bottleneck_id, country)
);
create index bottleneck_assignments_institution_idx on bottleneck_assignments (institution_id);

create table bottleneck_answers (
  id uuid primary key default gen_random_uuid(),
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  institution_id uuid not null references institutions (id),
  author_id uuid references users (id) on delete set null,
  body jsonb not null,
  created_at timestamptz not null default now()
);
create index bottleneck_answers_bottleneck_idx on bottleneck_answers (bottleneck_id, created_at);

-- The public timeline: every change dated, attributed and with a note.
create table bottleneck_events (
  id bigint generated always as identity primary key,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  at timestamptz not null default now(),
  actor_id uuid references users (id) on delete set null,
  kind text not null,
  from_status text,
  to_status text,
  note text,
  details jsonb not null default '{}'::jsonb
);
create index bottleneck_events_bottleneck_idx on bottleneck_events (bottleneck_id, at);

create table bottleneck_supports (
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (bottleneck_id, user_id)
);
create index bottleneck_supports_user_idx on bottleneck_supports (user_id);

create table bottleneck_followers (
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (bottleneck_id, user_id)
);
create index bottleneck_followers_user_idx on bottleneck_followers (user_id);

-- Attachments live in the database so that server instances stay stateless.
create table bottleneck_attachments (
  id uuid primary key default gen_random_uuid(),
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  filename text not null,
  media_type text not null,
  size integer not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index bottleneck_attachments_bottleneck_idx on bottleneck_attachments (bottleneck_id);

-- Anonymous intake per address, counted in the database so the limit holds across instances.
create table report_intake (
  id bigint generated always as identity primary key,
  ip text not null,
  at timestamptz not null default now()
);
create index report_intake_ip_idx on report_intake (ip, at);
