-- The multilingual glossary (issue 15, docs/research/issue-15-search.md §3.7): cross-border terms
-- in fi, et, en, sv and ru, which every search expands with (a word in one language finds what is
-- written in another). Seeded entries have a key and are upserted at start unless an editor has
-- changed them; editors' own entries have none. Each server's search follows the collection
-- `glossary` in search_versions (migration 0022).
create table glossary_entries (
  id uuid primary key default gen_random_uuid(),
  key text unique,
  -- {"fi": ["lautta"], "et": ["praam", "parvlaev"], "en": ["ferry"], "sv": ["färja"], "ru": ["паром"]}
  terms jsonb not null check (jsonb_typeof(terms) = 'object'),
  concept text,
  seeded boolean not null default false,
  edited boolean not null default false,
  reviewed boolean not null default false,
  updated_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index glossary_entries_updated_by_idx on glossary_entries (updated_by);

insert into search_versions (collection) values ('glossary') on conflict (collection) do nothing;

create constraint trigger search_version_glossary after insert or update or delete on glossary_entries
  deferrable initially deferred for each row execute function bump_search_version('glossary');
create trigger search_reset_glossary after truncate on glossary_entries
  for each statement execute function reset_search_version('glossary');
