-- A reporter follows their report through a private status page (issue 14): the link carries a
-- random token, of which only the SHA-256 is kept, as for sessions and API tokens.
alter table bottlenecks add column status_token_hash text;
create unique index bottlenecks_status_token_idx on bottlenecks (status_token_hash) where status_token_hash is not null;
