-- The register searches with the search engine kept in each server's memory (issue 15;
-- bottlenecks.search.ts), as the catalogue does (0011): every row carries a small number for the
-- index to address it by and the transaction that last wrote it, so the index reads only the rows
-- changed since its last read (a support, a status change), never the whole register again.

alter table bottlenecks add column doc_no bigint generated always as identity;
create unique index bottlenecks_doc_no on bottlenecks (doc_no);

alter table bottlenecks add column changed_xid xid8 not null default pg_current_xact_id();
create index bottlenecks_changed_xid on bottlenecks (changed_xid);

create function bottlenecks_mark_changed() returns trigger language plpgsql as $$
begin
  new.changed_xid := pg_current_xact_id();
  return new;
end $$;

create trigger bottlenecks_mark_changed before update on bottlenecks
  for each row execute function bottlenecks_mark_changed();

-- The institution filter reads a bottleneck's assignments: a change to them is a change to the
-- bottleneck as the index sees it (the parent's row is marked; no other column moves).
create function bottleneck_assignments_mark_parent() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    update bottlenecks set changed_xid = pg_current_xact_id() where id = new.bottleneck_id;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    update bottlenecks set changed_xid = pg_current_xact_id() where id = old.bottleneck_id;
  end if;
  return null;
end $$;

create trigger bottleneck_assignments_mark_parent after insert or update or delete on bottleneck_assignments
  for each row execute function bottleneck_assignments_mark_parent();

-- The version the indexes follow (search_versions, 0022): moved once per writing transaction;
-- a deletion leaves no row to read, so it resets (every index reads all again).
insert into search_versions (collection) values ('bottlenecks') on conflict (collection) do nothing;

create constraint trigger search_version_bottlenecks after insert or update or delete on bottlenecks
  deferrable initially deferred for each row execute function bump_search_version('bottlenecks');

create trigger search_reset_bottlenecks after delete or truncate on bottlenecks
  for each statement execute function reset_search_version('bottlenecks');
create trigger search_reset_bottleneck_assignments after truncate on bottleneck_assignments
  for each statement execute function reset_search_version('bottlenecks');

-- PostgreSQL's text search of the register goes: its tsvector and the eight text indexes
-- (0002, 0007) served only it. `title_text` and its trigram index stay for `similarTitles`.
alter table bottlenecks drop column search;
