-- "You said, we did" (issue 19 points 4 and 5; research §4.3): what became of a comment on a
-- framework version. An editor links the comment to the nodes (or one field of a node) of a later
-- version that answer it, and records its outcome with a reply in fi/et/en. The service checks
-- that the version is later than the consultation's and holds the node, and that an outcome of
-- `changed` has a link; the database keeps what it can check cheaply.

create table consultation_comment_changes (
  comment_id uuid not null references consultation_comments (id) on delete cascade,
  to_version_id uuid not null references framework_versions (id) on delete restrict,
  node_key uuid not null,
  -- '' = the whole node; else one field a diff compares (title, body, ref, indicator, …).
  field text not null default '' check (field in ('', 'title', 'body', 'ref', 'indicator', 'region', 'baseline', 'target', 'actions')),
  note jsonb check (note is null or jsonb_typeof(note) = 'object'),
  linked_by uuid references users (id) on delete set null,
  linked_at timestamptz not null default now(),
  primary key (comment_id, to_version_id, node_key, field)
);
-- The diff counts the comments a version's node answers; the trace walks from a node to its comments.
create index consultation_comment_changes_by_node on consultation_comment_changes (node_key, to_version_id);

create table consultation_comment_outcomes (
  comment_id uuid primary key references consultation_comments (id) on delete cascade,
  outcome text not null check (outcome in ('changed', 'already_covered', 'not_taken', 'out_of_scope')),
  -- {"fi","et","en"}: the editors' reply, shown with the comment.
  reply jsonb check (reply is null or jsonb_typeof(reply) = 'object'),
  answered_by uuid references users (id) on delete set null,
  answered_at timestamptz not null default now()
);

-- The trace shows comment → objective/target (0040's framework_trace_nodes): the link graph's
-- version (0009) moves when a link is made or removed, when a comment's state moves (only a
-- published one is traced) and when a consultation is published or withdrawn. Supports and flags
-- (the frequent writes) leave it alone: they do not touch these columns.
create constraint trigger link_graph_consultation_comment_changes after insert or update or delete on consultation_comment_changes
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_consultation_comments after update of state on consultation_comments
  deferrable initially deferred for each row when (old.state is distinct from new.state) execute function bump_link_graph_version();
create constraint trigger link_graph_consultations after update of published on consultations
  deferrable initially deferred for each row when (old.published is distinct from new.published) execute function bump_link_graph_version();
