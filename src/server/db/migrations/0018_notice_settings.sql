-- Issue 14, the member's page: how each kind of notice reaches a member (notifications feature),
-- and what they have seen of the bottlenecks they follow or support (bottlenecks feature).

-- No row means the kind's default, 'instant' (what every account had before).
create table notice_settings (
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('status', 'answer', 'invitation', 'response')),
  delivery text not null check (delivery in ('instant', 'digest', 'none')),
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);

-- A notice a member takes as a daily digest waits here, already written in their language, until
-- the digest of its day collects it into one message per member.
create table notice_digest_items (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  subject text not null,
  url text not null,
  created_at timestamptz not null default now(),
  digested_at timestamptz
);
create index notice_digest_items_pending_idx on notice_digest_items (created_at, user_id) where digested_at is null;

-- One-click unsubscribe (RFC 8058): a random token per message, only its SHA-256 stored; used once,
-- it sets the kinds it names to 'none'.
create table notice_unsubscribe_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  kinds text[] not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index notice_unsubscribe_tokens_user_idx on notice_unsubscribe_tokens (user_id);

-- The headers a message carries for its unsubscribe link (List-Unsubscribe, List-Unsubscribe-Post).
alter table outbox add column list_unsubscribe text;

-- When a member last looked at a bottleneck they follow or support (its page), for "news since".
create table bottleneck_seen (
  user_id uuid not null references users (id) on delete cascade,
  bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
  seen_at timestamptz not null default now(),
  primary key (user_id, bottleneck_id)
);
