-- The catalogue's search index kept in each server's memory (catalog.index.ts) follows the
-- datasets table without reading it whole: every row carries a small number for the index to
-- address it by, and the transaction that last wrote it.

alter table datasets add column doc_no bigint generated always as identity;
create unique index datasets_doc_no on datasets (doc_no);

-- A row's writer. An index that read the catalogue in a snapshot reads next only the rows whose
-- writers that snapshot could not see: those running then (its xip) or begun after (>= its xmax).
alter table datasets add column changed_xid xid8 not null default pg_current_xact_id();
create index datasets_changed_xid on datasets (changed_xid);

create function datasets_mark_changed() returns trigger language plpgsql as $$
begin
  new.changed_xid := pg_current_xact_id();
  return new;
end $$;

create trigger datasets_mark_changed before update on datasets
  for each row execute function datasets_mark_changed();

-- A deleted row leaves nothing to read, so deletions (never done by the product, which
-- withdraws, but done by hand or by tests) make every index start again.
alter table catalog_version add column resets bigint not null default 0;

create function catalog_index_reset() returns trigger language plpgsql as $$
begin
  update catalog_version set resets = resets + 1, version = version + 1;
  return null;
end $$;

create trigger catalog_index_reset after delete or truncate on datasets
  for each statement execute function catalog_index_reset();
