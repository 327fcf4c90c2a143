-- Answers to bottlenecks and responses to recommendations are edited, never overwritten (issue 14):
-- the row holds the current version, and each version it replaced is kept here with who wrote it
-- and when, so a page can say "edited" and show what was said before.
alter table bottleneck_answers add column edited_at timestamptz;

create table bottleneck_answer_revisions (
  id uuid primary key default gen_random_uuid(),
  answer_id uuid not null references bottleneck_answers (id) on delete cascade,
  body jsonb not null,
  author_id uuid references users (id) on delete set null,
  -- When this version was written (the answer's creation or an earlier edit), and when it was replaced.
  written_at timestamptz not null,
  replaced_at timestamptz not null default now()
);
create index bottleneck_answer_revisions_answer_idx on bottleneck_answer_revisions (answer_id, written_at, id);

alter table recommendation_responses add column edited_at timestamptz;

create table recommendation_response_revisions (
  id uuid primary key default gen_random_uuid(),
  response_id uuid not null references recommendation_responses (id) on delete cascade,
  body jsonb not null,
  author_id uuid references users (id) on delete set null,
  written_at timestamptz not null,
  replaced_at timestamptz not null default now()
);
create index recommendation_response_revisions_response_idx on recommendation_response_revisions (response_id, written_at, id);
