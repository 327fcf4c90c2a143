-- The planning systems of Finland and Estonia side by side, and the plans that matter to the twin
-- region (issue 19 §1; docs/research/issue-19-planning.md §1.6). Every row is seeded at start from
-- the reference files (planning.seed.ts), keyed by slug or seed key and written only when changed;
-- a fact the reference does not give stays null. Every non-null fact names its sources by tag
-- (REFERENCE-2's [P…]/[R…]): `citations` per field on instruments and plans, `sources` on the rest.

create table planning_sources (
  tag text primary key,
  url text not null,
  -- What the page is, as its address and the reference's row say it (REFERENCE-2 lists addresses only).
  title text not null,
  kind text not null check (kind in ('primary', 'secondary', 'third_party')),
  seeded boolean not null default false,
  edited boolean not null default false
);

create table planning_instruments (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  country text not null check (country in ('FI', 'EE')),
  tier text not null check (tier in ('national', 'regional', 'municipal')),
  scope text not null check (scope in ('framework_law', 'guidelines', 'general', 'detailed', 'designated')),
  own_language text not null check (own_language in ('fi', 'et')),
  -- Localised texts ({"fi","et","en","sv","ru"}) or null where the reference gives nothing.
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  legal_basis jsonb check (legal_basis is null or jsonb_typeof(legal_basis) = 'object'),
  prepared_by jsonb check (prepared_by is null or jsonb_typeof(prepared_by) = 'object'),
  approved_by jsonb check (approved_by is null or jsonb_typeof(approved_by) = 'object'),
  effect_on_plans jsonb check (effect_on_plans is null or jsonb_typeof(effect_on_plans) = 'object'),
  effect_on_permits jsonb check (effect_on_permits is null or jsonb_typeof(effect_on_permits) = 'object'),
  participation jsonb check (participation is null or jsonb_typeof(participation) = 'object'),
  display_min_days integer check (display_min_days > 0),
  display_min_days_minor integer check (display_min_days_minor > 0),
  typical_duration jsonb check (typical_duration is null or jsonb_typeof(typical_duration) = 'object'),
  -- Further cited statements that fit no field: [{text, sources, unconfirmed}].
  notes jsonb not null default '[]' check (jsonb_typeof(notes) = 'array'),
  -- {"approvedBy": ["P9","P10"], …}: every non-null field above has at least one tag.
  citations jsonb not null default '{}' check (jsonb_typeof(citations) = 'object'),
  -- The glossary entry (`glossary_entries.key`) that names this instrument, one per instrument.
  glossary_key text,
  position integer not null default 0,
  seeded boolean not null default false,
  edited boolean not null default false,
  is_demo boolean not null default false
);

-- Which instruments correspond, and what differs, each difference a pair of cited facts. `aspect`
-- rows compare a practice of both systems (participation) rather than two instruments.
create table planning_correspondences (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  fi_instrument_id uuid references planning_instruments (id) on delete cascade,
  ee_instrument_id uuid references planning_instruments (id) on delete cascade,
  kind text not null check (kind in ('equivalent', 'partial', 'no_counterpart', 'aspect')),
  aspect text,
  -- [{aspect, side, text, sources}]
  differences jsonb not null default '[]' check (jsonb_typeof(differences) = 'array'),
  position integer not null default 0,
  seeded boolean not null default false,
  check ((kind = 'aspect') = (aspect is not null)),
  check (kind = 'aspect' or fi_instrument_id is not null or ee_instrument_id is not null)
);

create table plans (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  kind text not null check (kind in ('plan', 'study')),
  instrument_id uuid references planning_instruments (id) on delete set null,
  country text not null check (country in ('FI', 'EE', 'FI_EE')),
  -- The statistics regions' codes (nuts:FI1B1, fi-kunta:091, …) the plan covers.
  region_codes text[] not null default '{}',
  stage text not null check (stage in ('initiated', 'participation', 'draft', 'proposal', 'adopted', 'approved', 'in_force',
    'under_appeal', 'final', 'review', 'proposed', 'not_initiated', 'withdrawn', 'study')),
  summary jsonb check (summary is null or jsonb_typeof(summary) = 'object'),
  notes jsonb not null default '[]' check (jsonb_typeof(notes) = 'array'),
  citations jsonb not null default '{}' check (jsonb_typeof(citations) = 'object'),
  position integer not null default 0,
  seeded boolean not null default false,
  edited boolean not null default false,
  is_demo boolean not null default false
);
create index plans_instrument on plans (instrument_id);

-- A plan's dated history. A date is as precise as its source: a year is stored as its 1 January and a
-- month as its first day, with `precision` saying which; `until_date` closes a span (a display period).
create table plan_events (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  plan_id uuid not null references plans (id) on delete cascade,
  on_date date not null,
  precision text not null check (precision in ('day', 'month', 'year')),
  until_date date check (until_date is null or until_date >= on_date),
  stage text,
  body jsonb not null check (jsonb_typeof(body) = 'object'),
  decision_ref text,
  -- The reference marks the fact as not confirmed (⚠).
  unconfirmed boolean not null default false,
  sources text[] not null check (cardinality(sources) > 0),
  position integer not null default 0,
  seeded boolean not null default false
);
create index plan_events_plan on plan_events (plan_id, on_date, position);

create table plan_documents (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  plan_id uuid not null references plans (id) on delete cascade,
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  url text not null,
  kind text not null check (kind in ('decision', 'data', 'report', 'notice', 'news')),
  source text not null references planning_sources (tag),
  position integer not null default 0,
  seeded boolean not null default false
);
create index plan_documents_plan on plan_documents (plan_id, position);
