-- Forgotten passwords: a one-time link that sets a new password, mailed on request to an
-- enabled account. Only the link's digest is stored; a newer request replaces the older links,
-- and a used, replaced or expired one stays, so that its link can say so.
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  replaced_at timestamptz
);
create index password_resets_by_user on password_resets (user_id, created_at);
