-- Searches read the text indexes directly: with GIN's pending list, every search also scanned the
-- not-yet-merged entries (three times the cost after a burst of reports, until autovacuum ran).
alter index bottlenecks_search_idx set (fastupdate = off);
alter index bottlenecks_title_trgm_idx set (fastupdate = off);
