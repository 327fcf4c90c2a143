-- Stakeholder dialogues, interview records and recommendations (issue 4).

-- Human references of the new items, by kind and year: DL-2026-0001, RC-2026-0001.
create table ref_counters (
  kind text not null,
  year integer not null,
  last_number integer not null,
  primary key (kind, year)
);

create table interview_guides (
  id uuid primary key default gen_random_uuid(),
  title jsonb not null,
  created_by uuid references users (id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table interview_questions (
  id uuid primary key default gen_random_uuid(),
  guide_id uuid not null references interview_guides (id) on delete cascade,
  position integer not null,
  text jsonb not null,
  unique (guide_id, position)
);

create table dialogues (
  id uuid primary key default gen_random_uuid(),
  ref text not null unique,
  type text not null check (type in ('roundtable', 'interview', 'workshop', 'forum_session', 'site_visit')),
  title jsonb not null,
  description jsonb,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  time_zone text not null default 'Europe/Helsinki' check (time_zone in ('Europe/Helsinki', 'Europe/Tallinn')),
  place text,
  online_url text,
  organiser_id uuid not null references institutions (id),
  domains text[] not null default '{}',
  language text not null,
  visibility text not null check (visibility in ('public', 'internal')),
  state text not null default 'planned' check (state in ('planned', 'held', 'minutes_published', 'cancelled')),
  minutes text,
  outcomes text[] not null default '{}',
  guide_id uuid references interview_guides (id) on delete set null,
  -- iCalendar SEQUENCE: calendars replace an event only when it grows.
  sequence integer not null default 0,
  created_by uuid references users (id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index dialogues_starts_idx on dialogues (starts_at desc, id);
-- The public calendar feed and the public list read only these.
create index dialogues_public_starts_idx on dialogues (starts_at desc, id) where visibility = 'public';
create index dialogues_organiser_idx on dialogues (organiser_id);

create table dialogue_bottlenecks (
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  position integer not null,
  primary key (dialogue_id, bottleneck_id)
);
create index dialogue_bottlenecks_bottleneck_idx on dialogue_bottlenecks (bottleneck_id);

create table dialogue_agenda_items (
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  position integer not null,
  title text not null,
  bottleneck_id uuid references bottlenecks (id) on delete set null,
  primary key (dialogue_id, position)
);

create table dialogue_participants (
  id uuid primary key default gen_random_uuid(),
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  position integer not null,
  institution_id uuid references institutions (id),
  name text,
  role text,
  email text,
  consent_to_be_named boolean not null default false,
  invited_at timestamptz,
  check (institution_id is not null or name is not null or role is not null)
);
create index dialogue_participants_dialogue_idx on dialogue_participants (dialogue_id, position);
create index dialogue_participants_institution_idx on dialogue_participants (institution_id);

create table dialogue_comments (
  id uuid primary key default gen_random_uuid(),
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  institution_id uuid references institutions (id),
  body text not null,
  created_at timestamptz not null default now()
);
create index dialogue_comments_dialogue_idx on dialogue_comments (dialogue_id, created_at);

create table interview_answers (
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  question_id uuid not null references interview_questions (id) on delete cascade,
  answer text not null,
  primary key (dialogue_id, question_id)
);

create table interview_findings (
  id uuid primary key default gen_random_uuid(),
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  position integer not null,
  text text not null,
  code text not null,
  domain text,
  bottleneck_id uuid references bottlenecks (id) on delete set null
);
create index interview_findings_dialogue_idx on interview_findings (dialogue_id, position);
create index interview_findings_bottleneck_idx on interview_findings (bottleneck_id);

create table recommendations (
  id uuid primary key default gen_random_uuid(),
  ref text not null unique,
  title jsonb not null,
  rationale jsonb not null,
  change_kind text not null check (change_kind in ('administrative', 'legislative', 'service_information', 'cooperation')),
  priority text not null check (priority in ('high', 'medium', 'low')),
  effort text not null check (effort in ('small', 'medium', 'large')),
  state text not null default 'proposed' check (state in ('proposed', 'agreed', 'in_action_plan', 'implemented', 'rejected')),
  rejection_reason text,
  created_by uuid references users (id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (state <> 'rejected' or rejection_reason is not null)
);
create index recommendations_state_idx on recommendations (state, created_at desc);

create table recommendation_addressees (
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  institution_id uuid not null references institutions (id),
  primary key (recommendation_id, institution_id)
);
create index recommendation_addressees_institution_idx on recommendation_addressees (institution_id);

create table recommendation_bottlenecks (
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  primary key (recommendation_id, bottleneck_id)
);
create index recommendation_bottlenecks_bottleneck_idx on recommendation_bottlenecks (bottleneck_id);

create table recommendation_dialogues (
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  primary key (recommendation_id, dialogue_id)
);
create index recommendation_dialogues_dialogue_idx on recommendation_dialogues (dialogue_id);

create table recommendation_responses (
  id uuid primary key default gen_random_uuid(),
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  institution_id uuid not null references institutions (id),
  body jsonb not null,
  author_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index recommendation_responses_recommendation_idx on recommendation_responses (recommendation_id, created_at);

create table recommendation_events (
  id bigint generated always as identity primary key,
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  at timestamptz not null default now(),
  from_state text,
  to_state text not null,
  note text,
  actor_id uuid references users (id) on delete set null
);
create index recommendation_events_recommendation_idx on recommendation_events (recommendation_id, at);

create table dialogue_attachments (
  id uuid primary key default gen_random_uuid(),
  dialogue_id uuid not null references dialogues (id) on delete cascade,
  filename text not null,
  media_type text not null,
  size integer not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index dialogue_attachments_dialogue_idx on dialogue_attachments (dialogue_id);

-- Invitations carry their calendar event (iMIP, RFC 6047) alongside the text.
alter table outbox add column ical_event text;
