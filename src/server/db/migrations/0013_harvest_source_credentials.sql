-- No user names or passwords in harvest addresses (issue 12). A source's address is shown to
-- everyone and quoted in run errors, so the server now refuses `https://user:secret@host/`; this
-- takes them out of what was stored before: the sources' addresses, what their runs wrote (run
-- messages and errors quote the address), and the audit trail's copies of the addresses. Such a
-- source never worked: fetch refuses an address that carries credentials.
--
-- The user name and password are what lies between "://" and the last "@" before the authority
-- ends (at "/", "?", "#", "\" or, in a text, a space, '"', "<", ">" or "`"), as browsers read an http
-- address.

-- A source whose address, without its credentials, is that of another source of the same kind
-- would break `unique (kind, url)`: it is a duplicate, so it is switched off and its address
-- marked with its id, for an administrator to see.
with cleaned as (
  select id, kind, regexp_replace(url, '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\]*@', '\1') as clean
  from harvest_sources
  where url ~ '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\]*@'
), ranked as (
  select c.id, c.clean,
         exists (select 1 from harvest_sources o where o.kind = c.kind and o.url = c.clean)
           or row_number() over (partition by c.kind, c.clean order by c.id) > 1 as duplicate
  from cleaned c
)
update harvest_sources s
set url = case when r.duplicate then r.clean || '#duplicate-' || s.id::text else r.clean end,
    enabled = s.enabled and not r.duplicate,
    next_run_at = case when r.duplicate then null else s.next_run_at end,
    updated_at = now()
from ranked r
where r.id = s.id;

update harvest_runs
set message = regexp_replace(message, '://[^/?#\\[:space:]"<>`]*@', '://', 'g')
where message ~ '://[^/?#\\[:space:]"<>`]*@';

update harvest_errors
set message = regexp_replace(message, '://[^/?#\\[:space:]"<>`]*@', '://', 'g'),
    identifier = regexp_replace(identifier, '://[^/?#\\[:space:]"<>`]*@', '://', 'g')
where message ~ '://[^/?#\\[:space:]"<>`]*@' or identifier ~ '://[^/?#\\[:space:]"<>`]*@';

update audit_log
set details = jsonb_set(details, '{url}', to_jsonb(regexp_replace(details ->> 'url', '://[^/?#\\[:space:]"<>`]*@', '://', 'g')))
where entity_type = 'harvest_source' and details ->> 'url' ~ '://[^/?#\\[:space:]"<>`]*@';

update audit_log
set details = jsonb_set(details, '{changes,url}', to_jsonb(regexp_replace(details -> 'changes' ->> 'url', '://[^/?#\\[:space:]"<>`]*@', '://', 'g')))
where entity_type = 'harvest_source' and details -> 'changes' ->> 'url' ~ '://[^/?#\\[:space:]"<>`]*@';
