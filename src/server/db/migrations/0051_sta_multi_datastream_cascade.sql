-- Deleting an ObservedProperty deletes the MultiDatastreams that observe it (OGC 18-088 §10.4, as
-- for Datastreams): its foreign key only removes the pairing row, so the stream goes here, and its
-- Observations with it (the stream's own trigger).
create function sta_delete_unpaired_multi_datastreams() returns trigger language plpgsql as $$
begin
  delete from sta_datastreams where multi and id in (select datastream_id from gone);
  return null;
end $$;
create trigger sta_multi_datastream_properties_cascade after delete on sta_multi_datastream_properties
  referencing old table as gone for each statement execute function sta_delete_unpaired_multi_datastreams();
