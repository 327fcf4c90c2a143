-- The framework objectives a plan serves (issue 19 point 2). An objective is named by its stable
-- node_key, which every version of the framework shares, so a link outlives the version it was
-- made against; it is shown as the objective stands in the version the trace shows
-- (framework_trace_nodes, 0040). No foreign key: node_key is unique per version, not overall; the
-- service checks that an objective of that key has left draft.
create table plan_objectives (
  plan_id uuid not null references plans (id) on delete cascade,
  node_key uuid not null,
  -- A link the demo made between a real plan and the demo framework: shown as demo.
  is_demo boolean not null default false,
  linked_by uuid references users (id) on delete set null,
  linked_at timestamptz not null default now(),
  primary key (plan_id, node_key)
);
-- The plans serving an objective, for the framework's page.
create index plan_objectives_by_node on plan_objectives (node_key);
