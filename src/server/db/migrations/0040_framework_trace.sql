-- The framework joins the trace (issue 19 §5): bottleneck → recommendation → action → target →
-- indicator, with objectives as the targets' parents. A node is traced by its stable node_key and
-- shown as it stands in one version: the adopted one if that holds it, else the newest version that
-- has left `draft` (in consultation or superseded). A draft's nodes are nobody's trace: a draft is
-- work in progress, and its keys become visible when it is sent to consultation.
create view framework_trace_nodes as
  select distinct on (n.node_key)
         n.node_key, n.version_id, v.number as version_number, v.state, n.kind, n.parent_key, n.ref, n.title, n.indicator_id
  from framework_nodes n
  join framework_versions v on v.id = n.version_id
  where v.state <> 'draft' and n.kind in ('objective', 'target')
  order by n.node_key, (v.state = 'adopted') desc, v.number desc;

-- A trace by a node's key reads every version that holds it.
create index framework_nodes_by_key on framework_nodes (node_key);

-- What the trace shows of the framework moves the link graph's version (0009) when a version's
-- state does: sent to consultation, adopted, superseded, or deleted. Nothing else can: a version's
-- nodes and their actions change only while it is a draft, which the trace never shows, and the
-- frozen trigger (0037) refuses any other change. (Should drafts ever be traced, framework_nodes and
-- framework_target_actions need triggers of their own.)
create constraint trigger link_graph_framework_versions after insert or update of state or delete on framework_versions
  deferrable initially deferred for each row execute function bump_link_graph_version();
