-- Anonymous reporters attach files with a one-time token handed out with their reference.
alter table bottlenecks add column attachment_token_hash text;
alter table bottlenecks add column attachment_token_expires_at timestamptz;
