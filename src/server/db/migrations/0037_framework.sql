-- The joint strategic framework (issue 19 §3; docs/research/issue-19-planning.md §4.1): vision →
-- goals → objectives → targets, in versions. A version is an immutable snapshot once it leaves
-- `draft`: its nodes keep a stable `node_key` from version to version, so any two versions can be
-- compared node by node. The service answers 409 `version-frozen` before an edit of a frozen
-- version; the triggers below refuse it even through a bug.

create table framework_versions (
  id uuid primary key default gen_random_uuid(),
  number integer not null unique check (number > 0),
  label jsonb not null default '{}' check (jsonb_typeof(label) = 'object'),
  based_on uuid references framework_versions (id) on delete restrict,
  state text not null default 'draft' check (state in ('draft', 'in_consultation', 'adopted', 'superseded')),
  frozen_at timestamptz,
  adopted_at timestamptz,
  -- sha256 of the version's canonical content, set when it is frozen (the diff's entity tag).
  content_hash text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_demo boolean not null default false,
  check ((state = 'draft') = (content_hash is null)),
  check ((state = 'draft') = (frozen_at is null))
);
-- Only one draft at a time (the lead's decision 8).
create unique index framework_versions_one_draft on framework_versions ((true)) where state = 'draft';

create table framework_nodes (
  version_id uuid not null references framework_versions (id) on delete cascade,
  node_key uuid not null,
  kind text not null check (kind in ('vision', 'goal', 'objective', 'target')),
  parent_key uuid,
  position integer not null default 0,
  ref text not null check (length(ref) between 1 and 20),
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  body jsonb not null default '{}' check (jsonb_typeof(body) = 'object'),
  indicator_id uuid references indicators (id) on delete restrict,
  region_code text references stat_regions (code),
  baseline_value float8,
  baseline_period text,
  target_value float8,
  target_period text,
  primary key (version_id, node_key),
  unique (version_id, ref),
  foreign key (version_id, parent_key) references framework_nodes (version_id, node_key) on delete cascade deferrable initially deferred,
  check ((kind = 'vision') = (parent_key is null)),
  check (kind <> 'target' or (indicator_id is not null and region_code is not null and target_value is not null and target_period is not null)),
  check (kind = 'target' or (indicator_id is null and target_value is null and baseline_value is null))
);
create index framework_nodes_indicator on framework_nodes (indicator_id) where indicator_id is not null;

create table framework_target_actions (
  version_id uuid not null,
  node_key uuid not null,
  action_id uuid not null references actions (id) on delete restrict,
  primary key (version_id, node_key, action_id),
  foreign key (version_id, node_key) references framework_nodes (version_id, node_key) on delete cascade
);
create index framework_target_actions_action on framework_target_actions (action_id);

-- The bodies that may adopt the framework for a region. Seeded at start with the two signatories of
-- the 2022 MoU (REFERENCE.md l.14); an editor may add an institution of the region's own country.
create table framework_adopting_bodies (
  region_code text not null check (region_code in ('FI1B1', 'EE001')),
  institution_id uuid not null references institutions (id) on delete cascade,
  primary key (region_code, institution_id)
);

create table framework_adoptions (
  version_id uuid not null references framework_versions (id) on delete cascade,
  region_code text not null check (region_code in ('FI1B1', 'EE001')),
  institution_id uuid not null references institutions (id) on delete restrict,
  decided_on date not null,
  decision_ref text not null check (length(decision_ref) between 1 and 200),
  decision_url text,
  recorded_by uuid references users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  primary key (version_id, region_code)
);

-- The backstop: a frozen version's nodes and their actions never change. A whole version may still
-- be deleted (its rows go by cascade), which nothing in the API does.
create function framework_refuse_frozen() returns trigger language plpgsql as $$
declare
  version_state text;
begin
  select state into version_state from framework_versions where id = (case when tg_op = 'DELETE' then old.version_id else new.version_id end);
  if version_state is not null and version_state <> 'draft' then
    raise exception 'framework version % is %: its content is frozen', (case when tg_op = 'DELETE' then old.version_id else new.version_id end), version_state
      using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' and old.version_id <> new.version_id then
    raise exception 'a framework node does not move between versions' using errcode = 'check_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger framework_nodes_frozen before insert or update or delete on framework_nodes
  for each row execute function framework_refuse_frozen();
create trigger framework_target_actions_frozen before insert or update or delete on framework_target_actions
  for each row execute function framework_refuse_frozen();
