-- Issue 14, the administrator's journey.
--
-- Invitations: an administrator creates an account for someone and sends them a one-time link
-- that sets the password. Only the link's digest is stored; a used or expired invitation stays,
-- so that its link can say so instead of "no such link".
create table user_invitations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- A newer invitation of the same account replaces this one.
  replaced_at timestamptz
);
create index user_invitations_by_user on user_invitations (user_id);

-- A run an administrator stops ends as cancelled, its counts kept.
alter table harvest_runs drop constraint harvest_runs_state_check;
alter table harvest_runs add constraint harvest_runs_state_check check (state in ('queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'));
