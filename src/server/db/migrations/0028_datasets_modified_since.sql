-- CKAN's metadata_modified: ranges (a harvester's incremental runs, counted at every page) and
-- sorts, as an index-only count and an ordered walk.
create index datasets_updated_idx on datasets (updated_at, id) where state = 'active';
