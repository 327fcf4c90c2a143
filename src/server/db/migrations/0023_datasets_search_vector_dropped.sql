-- The catalogue's words are searched by the in-process search index (catalog.index.ts over
-- lib/search, issue 15): PostgreSQL's search vector and its GIN index are no longer read, and
-- every write paid for them.
drop index if exists datasets_search_idx;
alter table datasets drop column if exists search;
