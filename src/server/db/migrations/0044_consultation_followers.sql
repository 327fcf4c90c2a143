-- Followers of a consultation (issue 19 point 4; docs/research/issue-19-planning.md §8.1): members
-- (decision 9: an account is needed) who are e-mailed when it opens, 48 hours before it closes
-- (decision 10) and when its report is published. The consultations feature's sweep mails each
-- event once, stamping the consultation's notified_*_at column (migration 0038) in the transaction
-- that writes the mails. Deleting an account or a consultation deletes its follows.
create table consultation_followers (
  consultation_id uuid not null references consultations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (consultation_id, user_id)
);
create index consultation_followers_user_idx on consultation_followers (user_id, created_at);

-- These mails are notices a member takes at once, in the daily digest or not at all: a new kind.
alter table notice_settings drop constraint notice_settings_kind_check;
alter table notice_settings add constraint notice_settings_kind_check check (kind in ('status', 'answer', 'invitation', 'response', 'milestone', 'consultation'));

-- The sweep's candidates: published consultations with a mail still to send.
create index consultations_unnotified_idx on consultations (closes_at)
  where published and (notified_opened_at is null or notified_closing_at is null or notified_report_at is null);
