-- The governance model of the twin region (issue 17 §2): the bodies of the cooperation (a
-- political steering group, joint working groups per domain, a secretariat), their members from
-- the institutions directory, and the dialogues that were their meetings. Bodies nest (a working
-- group reports to the steering group) through parent_id; the actions of the joint plan name the
-- body that coordinates them (migration 0032).
create table governance_bodies (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name jsonb not null check (jsonb_typeof(name) = 'object'),
  level text not null check (level in ('political', 'administrative')),
  kind text not null check (kind in ('steering', 'working_group', 'secretariat', 'other')),
  -- One of the register's domains, for a working group per domain.
  domain text,
  parent_id uuid references governance_bodies (id) on delete restrict,
  mandate jsonb check (mandate is null or jsonb_typeof(mandate) = 'object'),
  cadence text not null check (cadence in ('weekly', 'monthly', 'quarterly', 'twice_yearly', 'yearly', 'ad_hoc')),
  position integer not null default 0,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index governance_bodies_parent_idx on governance_bodies (parent_id);

create table governance_members (
  body_id uuid not null references governance_bodies (id) on delete cascade,
  institution_id uuid not null references institutions (id) on delete restrict,
  role text not null check (role in ('chair', 'member', 'secretariat', 'observer')),
  since date,
  until date,
  primary key (body_id, institution_id),
  check (until is null or since is null or until >= since)
);
create index governance_members_institution_idx on governance_members (institution_id);

-- The dialogues that were a body's meetings.
create table governance_meetings (
  body_id uuid not null references governance_bodies (id) on delete cascade,
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  primary key (body_id, dialogue_id)
);
create index governance_meetings_dialogue_idx on governance_meetings (dialogue_id);
