-- The register at city scale (issue 3's figures): indexes in the order pages are shown, and
-- exact counts for the common filters without counting rows on every request.

-- Public lists walk these in display order and stop after one page.
create index bottlenecks_public_created_idx on bottlenecks (created_at desc, id)
  where status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_public_supported_idx on bottlenecks (support_count desc, created_at desc, id)
  where status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');
create index bottlenecks_public_updated_idx on bottlenecks (updated_at desc, created_at desc, id)
  where status in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off');

-- How many bottlenecks share each combination of the facets people filter by. A few hundred
-- rows stand for the whole register, so "how many match" is a sum over them.
create table bottleneck_facet_counts (
  status text not null,
  domain text not null,
  countries text[] not null,
  topics text[] not null,
  n integer not null,
  primary key (status, domain, countries, topics)
);

create function bottleneck_facet_count_change() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update bottleneck_facet_counts set n = n - 1
      where status = old.status and domain = old.domain and countries = old.countries and topics = old.topics;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into bottleneck_facet_counts (status, domain, countries, topics, n)
      values (new.status, new.domain, new.countries, new.topics, 1)
      on conflict (status, domain, countries, topics) do update set n = bottleneck_facet_counts.n + 1;
  end if;
  return null;
end $$;

create trigger bottleneck_facet_counts_insert_delete after insert or delete on bottlenecks
  for each row execute function bottleneck_facet_count_change();
create trigger bottleneck_facet_counts_update after update of status, domain, countries, topics on bottlenecks
  for each row when (old.status is distinct from new.status or old.domain is distinct from new.domain
                     or old.countries is distinct from new.countries or old.topics is distinct from new.topics)
  execute function bottleneck_facet_count_change();

insert into bottleneck_facet_counts (status, domain, countries, topics, n)
  select status, domain, countries, topics, count(*) from bottlenecks group by 1, 2, 3, 4;
