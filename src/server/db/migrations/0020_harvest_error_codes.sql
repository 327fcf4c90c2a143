-- Harvest run errors as registered codes (issue 14): each error a run keeps, and a run's own
-- message, keep their English text for the API and the command line and add the code
-- (`HARVEST_ERROR_CODES` in src/shared/problems.ts) and its parameters, which the run page words
-- in its reader's language (a run without a message has no code and no parameters). Errors and
-- messages written before have no code, and are shown as they were written, except those whose
-- English is a fixed sentence of one code, backfilled below: a record without a title, details
-- without a dataset, a run cancelled, a listing read in part, a run given up after 3 starts.
alter table harvest_errors
  add column code text,
  add column params jsonb not null default '{}';

alter table harvest_runs
  add column message_code text,
  add column message_params jsonb not null default '{}';

update harvest_errors set code = 'record-without-title' where message = 'record has no title';
update harvest_errors set code = 'details-without-dataset' where message = 'the details answer has no dataset in `data`';

update harvest_runs set message_code = 'run-cancelled' where message = 'Cancelled by an administrator.';
update harvest_runs set message_code = 'listing-incomplete' where message = 'Part of the listing could not be read, so no dataset was withdrawn.';
update harvest_runs set message_code = 'given-up', message_params = '{"starts": 3}' where message = 'Given up after 3 starts that did not finish.';
