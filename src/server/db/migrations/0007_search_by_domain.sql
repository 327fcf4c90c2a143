-- Searching the public register within a domain (the register's most common search) reads one
-- small text index holding only that domain's public bottlenecks, instead of intersecting the whole
-- register's text index with a domain index: a third of the work at 100,000 bottlenecks.
-- A published bottleneck is in its domain's index and the public one; a waiting report in neither.
-- The list queries name the domain and the statuses as literals so that cached plans can use them.
create index bottlenecks_search_mobility_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'mobility' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_search_legal_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'legal' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_search_social_security_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'social_security' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_search_education_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'education' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_search_digital_services_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'digital_services' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_search_integration_idx on bottlenecks using gin (search) with (fastupdate = off)
  where domain = 'integration' and status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');

-- The same across all domains, for public searches without a domain.
create index bottlenecks_search_public_idx on bottlenecks using gin (search) with (fastupdate = off)
  where status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
