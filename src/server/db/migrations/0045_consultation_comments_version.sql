-- A version of each consultation's comments, moved by every change to them (a comment or reply
-- posted, moderated, supported, anonymised or deleted), so a section's public page can be kept in
-- the process's cache under it and read back with the consultation row the route reads anyway
-- (issue 19's figure: a section's first page while comments are being posted). Statement-level
-- triggers: a seed of thousands of comments moves the version once, not once per row.
alter table consultations add column comments_version bigint not null default 0;

create function bump_consultation_comments_version() returns trigger language plpgsql as $$
begin
  update consultations set comments_version = comments_version + 1
  where id in (select distinct consultation_id from changed);
  return null;
end $$;

create trigger consultation_comments_version_insert after insert on consultation_comments
  referencing new table as changed for each statement execute function bump_consultation_comments_version();
create trigger consultation_comments_version_update after update on consultation_comments
  referencing new table as changed for each statement execute function bump_consultation_comments_version();
create trigger consultation_comments_version_delete after delete on consultation_comments
  referencing old table as changed for each statement execute function bump_consultation_comments_version();
