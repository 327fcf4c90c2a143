-- Map comments (issue 19 §5). A comment's place is checked in full by the server
-- (src/shared/commentGeometry.ts: a point or a one-ring area inside the twin region); the database
-- keeps the part it can check cheaply: the bounding box lies inside the region's box
-- (src/shared/twin-region.json `bbox`, GISCO NUTS 2021 1:3M) and is not inverted, so a row written
-- around the service cannot put a place in Turku or at latitude 95.
alter table consultation_comments
  add constraint consultation_comments_bbox_in_region check (
    geometry is null or (
      min_lon <= max_lon and min_lat <= max_lat
      and min_lon >= 22.82084 and max_lon <= 26.54254
      and min_lat >= 58.99522 and max_lat <= 60.83932
    )
  ),
  -- A place is a comment's (replies answer where their comment is).
  add constraint consultation_comments_reply_no_place check (parent_id is null or geometry is null);

-- A section's map (the page shows one per section): its published places whose box meets the
-- viewport, as a short range on (section, min_lon) filtered by max_lon.
create index consultation_comments_section_places on consultation_comments (section_id, min_lon, max_lon)
  where state = 'published' and parent_id is null and geometry is not null;
