-- A version of the graph the trace walks: bumped by every change that can alter a trace (links,
-- titles, states, visibility), so a server may keep a computed trace until the version moves.
-- Statement-level, and bottlenecks only on the columns a trace shows: supports and follows,
-- the register's frequent writes, never touch it.
create table link_graph_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into link_graph_version (version) values (1);

create function bump_link_graph_version() returns trigger language plpgsql as $$
begin
  update link_graph_version set version = version + 1;
  return null;
end $$;

create trigger link_graph_bottlenecks after update of ref, title, status or delete on bottlenecks
  for each statement execute function bump_link_graph_version();
create trigger link_graph_dialogues after insert or update or delete on dialogues
  for each statement execute function bump_link_graph_version();
create trigger link_graph_recommendations after insert or update or delete on recommendations
  for each statement execute function bump_link_graph_version();
create trigger link_graph_dialogue_bottlenecks after insert or update or delete on dialogue_bottlenecks
  for each statement execute function bump_link_graph_version();
create trigger link_graph_dialogue_participants after insert or update or delete on dialogue_participants
  for each statement execute function bump_link_graph_version();
create trigger link_graph_interview_findings after insert or update or delete on interview_findings
  for each statement execute function bump_link_graph_version();
create trigger link_graph_recommendation_bottlenecks after insert or update or delete on recommendation_bottlenecks
  for each statement execute function bump_link_graph_version();
create trigger link_graph_recommendation_dialogues after insert or update or delete on recommendation_dialogues
  for each statement execute function bump_link_graph_version();
