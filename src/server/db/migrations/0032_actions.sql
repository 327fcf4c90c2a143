-- The joint action plan (issue 17 §3): actions in a tree (themes → actions → sub-actions), each
-- with a RACI assignment per institution, the governance body that coordinates it (0030),
-- milestones with evidence, finish-to-start dependencies, funding, the recommendations and
-- bottlenecks it answers, and a public dated timeline. Progress is set on leaves and rolled up
-- to parents by the service in the same transaction (weighted mean), so the stored value of a
-- parent is always the roll-up of its children. Rules that need the whole write (exactly one
-- Accountable, no dependency cycle, dates within the parent's period) are checked by the service
-- under the plan's advisory lock; the checks here are the ones a row can carry alone.
create table actions (
  id uuid primary key default gen_random_uuid(),
  ref text not null unique,
  parent_id uuid references actions (id) on delete restrict,
  position integer not null default 0,
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  domain text not null check (domain in ('mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration')),
  state text not null default 'planned' check (state in ('planned', 'ongoing', 'delayed', 'done', 'dropped')),
  drop_reason text,
  starts_on date not null,
  ends_on date not null,
  weight numeric(10, 3) not null default 1 check (weight > 0),
  progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
  body_id uuid references governance_bodies (id) on delete restrict,
  review_cadence text check (review_cadence in ('weekly', 'monthly', 'quarterly', 'twice_yearly', 'yearly', 'ad_hoc')),
  budget_eur numeric(14, 2) check (budget_eur >= 0),
  is_demo boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (state <> 'dropped' or drop_reason is not null),
  check (parent_id is null or parent_id <> id)
);
create index actions_parent_idx on actions (parent_id, position);
create index actions_body_idx on actions (body_id);
create index actions_domain_state_idx on actions (domain, state);

-- One role per institution and action; at most one Accountable and one lead (at least one A and
-- one R: the service, which writes the set whole).
create table action_raci (
  action_id uuid not null references actions (id) on delete cascade,
  institution_id uuid not null references institutions (id) on delete restrict,
  role text not null check (role in ('R', 'A', 'C', 'I')),
  is_lead boolean not null default false,
  primary key (action_id, institution_id)
);
create unique index action_raci_one_accountable on action_raci (action_id) where role = 'A';
create unique index action_raci_one_lead on action_raci (action_id) where is_lead;
create index action_raci_institution_idx on action_raci (institution_id, role);

create table action_funding (
  id uuid primary key default gen_random_uuid(),
  action_id uuid not null references actions (id) on delete cascade,
  position integer not null default 0,
  source jsonb not null check (jsonb_typeof(source) = 'object'),
  amount_eur numeric(14, 2) not null check (amount_eur >= 0),
  year integer check (year between 2000 and 2100)
);
create index action_funding_action_idx on action_funding (action_id, position);

-- A deliverable with a due day (within its action's period: the service) and evidence once done.
-- notified_due_at / notified_slip_at: when the outbox was last asked to mail about it coming due
-- or slipping (the notifications slice), cleared when the due day moves.
create table action_milestones (
  id uuid primary key default gen_random_uuid(),
  action_id uuid not null references actions (id) on delete cascade,
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  due_on date not null,
  done_on date,
  evidence_url text,
  evidence_note text,
  notified_due_at timestamptz,
  notified_slip_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index action_milestones_action_idx on action_milestones (action_id, due_on);
create index action_milestones_open_idx on action_milestones (due_on) where done_on is null;

-- Finish-to-start: the successor starts when the predecessor is done. A predecessor cannot be
-- deleted while an action waits for it; a deleted successor takes its links along.
create table action_dependencies (
  predecessor_id uuid not null references actions (id) on delete restrict,
  successor_id uuid not null references actions (id) on delete cascade,
  kind text not null default 'finish_to_start' check (kind in ('finish_to_start')),
  primary key (predecessor_id, successor_id),
  check (predecessor_id <> successor_id)
);
create index action_dependencies_successor_idx on action_dependencies (successor_id);

create table action_recommendations (
  action_id uuid not null references actions (id) on delete cascade,
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  primary key (action_id, recommendation_id)
);
create index action_recommendations_recommendation_idx on action_recommendations (recommendation_id);

create table action_bottlenecks (
  action_id uuid not null references actions (id) on delete cascade,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  primary key (action_id, bottleneck_id)
);
create index action_bottlenecks_bottleneck_idx on action_bottlenecks (bottleneck_id);

-- The public, dated timeline of an action.
create table action_events (
  id bigint generated always as identity primary key,
  action_id uuid not null references actions (id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null check (kind in ('created', 'state', 'progress', 'milestone_met', 'milestone_slipped', 'due_changed', 'raci')),
  from_value text,
  to_value text,
  note text,
  milestone_id uuid references action_milestones (id) on delete set null,
  actor_id uuid references users (id) on delete set null
);
create index action_events_action_idx on action_events (action_id, at, id);

-- A version of the plan as the roadmap draws it: bumped once per writing transaction, at commit,
-- by deferred triggers (as link_graph_version, 0009), so the roadmap can be cached per version.
create table action_plan_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into action_plan_version (version) values (1);

create function bump_action_plan_version() returns trigger language plpgsql as $$
begin
  if current_setting('talsinki.action_plan_bumped', true) is distinct from txid_current()::text then
    perform set_config('talsinki.action_plan_bumped', txid_current()::text, true);
    update action_plan_version set version = version + 1;
  end if;
  return null;
end $$;

create constraint trigger action_plan_actions after insert or update or delete on actions
  deferrable initially deferred for each row execute function bump_action_plan_version();
create constraint trigger action_plan_raci after insert or update or delete on action_raci
  deferrable initially deferred for each row execute function bump_action_plan_version();
create constraint trigger action_plan_milestones after insert or update or delete on action_milestones
  deferrable initially deferred for each row execute function bump_action_plan_version();
create constraint trigger action_plan_dependencies after insert or update or delete on action_dependencies
  deferrable initially deferred for each row execute function bump_action_plan_version();
create constraint trigger action_plan_funding after insert or update or delete on action_funding
  deferrable initially deferred for each row execute function bump_action_plan_version();
-- The roadmap names the coordinating bodies and filters by them.
create constraint trigger action_plan_governance_bodies after update of slug, name or delete on governance_bodies
  deferrable initially deferred for each row execute function bump_action_plan_version();

-- Actions join the trace (bottleneck → dialogue → recommendation → action): what a trace shows
-- of them, and their two link tables, move the link graph's version.
create constraint trigger link_graph_actions after insert or update of ref, title, state or delete on actions
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_action_recommendations after insert or update or delete on action_recommendations
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_action_bottlenecks after insert or update or delete on action_bottlenecks
  deferrable initially deferred for each row execute function bump_link_graph_version();
