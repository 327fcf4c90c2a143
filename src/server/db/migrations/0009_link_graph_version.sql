-- A version of the graph the trace walks: it moves with every change that can alter a trace
-- (links, titles, states, visibility), so a server may keep a computed trace until it does.
-- The triggers are deferred to commit and bump once per transaction, so the version row is
-- locked last and only for a moment: writers never queue on it while holding other locks.
-- Bottlenecks count only on the columns a trace shows: supports and follows, the register's
-- frequent writes, never touch it.
create table link_graph_version (
  id boolean primary key default true check (id),
  version bigint not null
);
insert into link_graph_version (version) values (1);

create function bump_link_graph_version() returns trigger language plpgsql as $$
begin
  if current_setting('talsinki.link_graph_bumped', true) is distinct from txid_current()::text then
    perform set_config('talsinki.link_graph_bumped', txid_current()::text, true);
    update link_graph_version set version = version + 1;
  end if;
  return null;
end $$;

create constraint trigger link_graph_bottlenecks after update of ref, title, status or delete on bottlenecks
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_dialogues after insert or update of ref, title, state, visibility, organiser_id or delete on dialogues
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_recommendations after insert or update of ref, title, state or delete on recommendations
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_dialogue_bottlenecks after insert or update or delete on dialogue_bottlenecks
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_dialogue_participants after insert or update or delete on dialogue_participants
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_interview_findings after insert or update or delete on interview_findings
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_recommendation_bottlenecks after insert or update or delete on recommendation_bottlenecks
  deferrable initially deferred for each row execute function bump_link_graph_version();
create constraint trigger link_graph_recommendation_dialogues after insert or update or delete on recommendation_dialogues
  deferrable initially deferred for each row execute function bump_link_graph_version();
