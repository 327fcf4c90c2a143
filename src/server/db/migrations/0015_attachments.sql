-- One table of files for every feature that takes them (issue 12): the attachments module
-- (features/attachments) reads and writes only this table, each owner named by its kind and id.
-- The rows of bottleneck_attachments and dialogue_attachments move here with their ids, so every
-- download address given out keeps working.
create table attachments (
  id uuid primary key default gen_random_uuid(),
  -- A new kind of owner adds itself here and adds the delete trigger below for its own table.
  owner_type text not null check (owner_type in ('bottleneck', 'dialogue')),
  owner_id uuid not null,
  filename text not null,
  media_type text not null,
  size integer not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index attachments_owner_idx on attachments (owner_type, owner_id, created_at, id);

insert into attachments (id, owner_type, owner_id, filename, media_type, size, content, created_at)
  select id, 'bottleneck', bottleneck_id, filename, media_type, size, content, created_at from bottleneck_attachments;
insert into attachments (id, owner_type, owner_id, filename, media_type, size, content, created_at)
  select id, 'dialogue', dialogue_id, filename, media_type, size, content, created_at from dialogue_attachments;

drop table bottleneck_attachments;
drop table dialogue_attachments;

-- What the foreign keys' `on delete cascade` did: an owner's files go with it.
create function delete_owned_attachments() returns trigger language plpgsql as $$
begin
  delete from attachments where owner_type = tg_argv[0] and owner_id = old.id;
  return old;
end
$$;
create trigger bottlenecks_delete_attachments after delete on bottlenecks
  for each row execute function delete_owned_attachments('bottleneck');
create trigger dialogues_delete_attachments after delete on dialogues
  for each row execute function delete_owned_attachments('dialogue');
