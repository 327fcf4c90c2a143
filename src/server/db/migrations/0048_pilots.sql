-- The living lab's pilots (issue 20 point 3 and 4), as far as SensorThings writing needs them: a
-- pilot owns Things, and an API token bound to a pilot may write only to that pilot's Things. The
-- living-lab fields (partners, places, period, goals, results) come with the pilots feature.
create table pilots (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null,
  status text not null default 'planned' check (status in ('planned', 'running', 'completed', 'cancelled')),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table sta_things add column pilot_id uuid references pilots (id) on delete set null;
create index sta_things_by_pilot on sta_things (pilot_id);

-- An API token that writes SensorThings entities for one pilot. A token without a row here writes
-- nothing to the SensorThings service unless its owner is staff.
create table sta_pilot_tokens (
  token_id uuid primary key references api_tokens (id) on delete cascade,
  pilot_id uuid not null references pilots (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index sta_pilot_tokens_by_pilot on sta_pilot_tokens (pilot_id);
