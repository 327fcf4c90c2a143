-- E-mail leaves through an outbox written in the same transaction as the change it tells of,
-- so no message is lost to a crash and none is sent for a change that was rolled back.
create table outbox (
  id bigint generated always as identity primary key,
  to_address text not null,
  subject text not null,
  body_text text not null,
  created_at timestamptz not null default now(),
  send_after timestamptz not null default now(),
  attempts integer not null default 0,
  locked_until timestamptz,
  sent_at timestamptz,
  failed_at timestamptz,
  last_error text
);
create index outbox_pending_idx on outbox (send_after, id) where sent_at is null and failed_at is null;

-- An anonymous reporter's address is used only once they have confirmed it.
alter table bottlenecks add column reporter_email_verified_at timestamptz;
alter table bottlenecks add column reporter_email_token_hash text;
