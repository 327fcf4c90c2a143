-- One search for every list (issue 15): each searched collection is indexed in each server's
-- memory (src/server/lib/search/) and follows the database by a version per collection, moved
-- once per writing transaction, as catalog_version is for the catalogue. `resets` moves on a
-- deletion, which leaves no row to read: an index that follows changed rows then reads all again.
create table search_versions (
  collection text primary key,
  version bigint not null default 1,
  resets bigint not null default 0
);

-- trigger argument 0: the collection. Once per transaction and collection, whatever the rows.
create function bump_search_version() returns trigger language plpgsql as $$
declare
  mark text := 'talsinki.search_bumped_' || tg_argv[0];
begin
  if current_setting(mark, true) is distinct from txid_current()::text then
    perform set_config(mark, txid_current()::text, true);
    insert into search_versions (collection) values (tg_argv[0])
      on conflict (collection) do update set version = search_versions.version + 1;
  end if;
  return null;
end $$;

create function reset_search_version() returns trigger language plpgsql as $$
begin
  insert into search_versions (collection) values (tg_argv[0])
    on conflict (collection) do update set version = search_versions.version + 1, resets = search_versions.resets + 1;
  return null;
end $$;

insert into search_versions (collection) values ('institutions'), ('dialogues'), ('recommendations');

create constraint trigger search_version_institutions after insert or update or delete on institutions
  deferrable initially deferred for each row execute function bump_search_version('institutions');
create constraint trigger search_version_dialogues after insert or update or delete on dialogues
  deferrable initially deferred for each row execute function bump_search_version('dialogues');
create constraint trigger search_version_recommendations after insert or update or delete on recommendations
  deferrable initially deferred for each row execute function bump_search_version('recommendations');

create trigger search_reset_institutions after truncate on institutions
  for each statement execute function reset_search_version('institutions');
create trigger search_reset_dialogues after truncate on dialogues
  for each statement execute function reset_search_version('dialogues');
create trigger search_reset_recommendations after truncate on recommendations
  for each statement execute function reset_search_version('recommendations');
