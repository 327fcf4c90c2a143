-- Issue 16 §3 (Open311 apps). A report filed through GeoReport v2 keeps where it is: a point
-- (lat and long together, never one alone) and an address as the app gave it, both public on the
-- bottleneck and its page. No PostGIS: plain numbers, so PGlite and PostgreSQL read them alike.
alter table bottlenecks
  add column location_lat double precision,
  add column location_long double precision,
  add column address text,
  add column address_id text;
alter table bottlenecks add constraint bottlenecks_location_check check (
  (location_lat is null) = (location_long is null)
  and (location_lat is null or (location_lat between -90 and 90 and location_long between -180 and 180))
);

-- An application's API key with its own intake limit: an app that relays many citizens from one
-- address is limited per key and day, in place of the per-address (anonymous) or per-account
-- (member) flood control. Administrators set it; the key stays its owner's.
create table open311_clients (
  token_id uuid primary key references api_tokens (id) on delete cascade,
  reports_per_day integer not null check (reports_per_day between 1 and 100000),
  set_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
create index open311_clients_set_by_idx on open311_clients (set_by);

-- What an Open311 app sent about the citizen behind a report: personal data, kept apart from the
-- register and never in a public answer. `token_id` names the key that filed it (for the per-key
-- intake count); `account_ref` is the app's own account id of the citizen.
create table open311_reports (
  bottleneck_id uuid primary key references bottlenecks (id) on delete cascade,
  token_id uuid references api_tokens (id) on delete set null,
  email text,
  first_name text,
  last_name text,
  phone text,
  device_id text,
  account_ref text,
  created_at timestamptz not null default now()
);
create index open311_reports_token_idx on open311_reports (token_id, created_at);
