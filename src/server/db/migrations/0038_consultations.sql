-- Public consultations (issue 19 point 4; docs/research/issue-19-planning.md §8.1): a document put
-- before the public between an opening and a closing time, in sections, each with its own comments,
-- replies (one level deep), supports and flags, moderated before or after publication. Surveys,
-- followers, reports and "you said, we did" come in later migrations; the columns they need on the
-- tables made here (map geometry and its bounding box, the notification stamps) are here already.

create table consultations (
  id uuid primary key default gen_random_uuid(),
  ref text not null unique,
  slug text not null unique,
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  summary jsonb check (summary is null or jsonb_typeof(summary) = 'object'),
  subject text not null check (subject in ('framework_version', 'plan', 'text')),
  -- The framework feature's version (no foreign key: that feature owns its table and may rebuild it).
  framework_version_id uuid,
  plan_id uuid references plans (id) on delete set null,
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  commenting text not null check (commenting in ('none', 'signed_in', 'open')),
  support text not null check (support in ('none', 'signed_in', 'open')),
  moderation text not null check (moderation in ('before', 'after')),
  map_tools text not null default 'none' check (map_tools in ('none', 'point', 'point_and_area')),
  published boolean not null default false,
  report_published_at timestamptz,
  notified_opened_at timestamptz,
  notified_closing_at timestamptz,
  notified_report_at timestamptz,
  is_demo boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (closes_at > opens_at)
);
create index consultations_window on consultations (published, closes_at desc);

create table consultation_sections (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references consultations (id) on delete cascade,
  position integer not null default 0,
  kind text not null check (kind in ('main', 'part', 'alternative', 'closure')),
  -- {"fi","et","en"}; the body is Markdown (rendered with raw HTML shown as text).
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  abstract jsonb check (abstract is null or jsonb_typeof(abstract) = 'object'),
  body jsonb check (body is null or jsonb_typeof(body) = 'object'),
  framework_node_key uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index consultation_sections_order on consultation_sections (consultation_id, position, created_at);

-- A section's images and files live in the attachments module; an image's alternative text lives here.
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('bottleneck', 'dialogue', 'stat_source', 'consultation_section'));
create trigger consultation_sections_delete_attachments after delete on consultation_sections
  for each row execute function delete_owned_attachments('consultation_section');
create table consultation_section_files (
  attachment_id uuid primary key references attachments (id) on delete cascade,
  section_id uuid not null references consultation_sections (id) on delete cascade,
  -- {"fi","et","en"}: required for an image, null for a document.
  alt jsonb check (alt is null or jsonb_typeof(alt) = 'object')
);

-- Who answers: 'u:' || user id, or 'a:' || sha256 of the anonymous first-party cookie. The relation
-- is asked once and copied onto each later comment as its `side`.
create table consultation_respondents (
  consultation_id uuid not null references consultations (id) on delete cascade,
  respondent_key text not null,
  relation text not null check (relation in ('lives_fi', 'lives_ee', 'commutes', 'other')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (consultation_id, respondent_key)
);

create table consultation_comments (
  id uuid primary key default gen_random_uuid(),
  ref text,
  consultation_id uuid not null references consultations (id) on delete cascade,
  section_id uuid not null references consultation_sections (id) on delete cascade,
  -- One level deep: a reply's parent is a comment that is not itself a reply (the service checks).
  parent_id uuid references consultation_comments (id) on delete cascade,
  body text not null check (length(body) between 1 and 5000),
  language text not null check (language in ('fi', 'et', 'en', 'sv', 'ru')),
  user_id uuid references users (id) on delete set null,
  respondent_key text not null,
  -- The name shown, only when a signed-in author chose to sign; null is "anonymous".
  author_name text,
  side text not null check (side in ('lives_fi', 'lives_ee', 'commutes', 'other', 'unknown')),
  stance text,
  -- A map comment (a later slice): GeoJSON Point or one-ring Polygon in lon/lat, and its bounding box.
  geometry jsonb check (geometry is null or jsonb_typeof(geometry) = 'object'),
  min_lon float8,
  min_lat float8,
  max_lon float8,
  max_lat float8,
  state text not null check (state in ('pending', 'published', 'rejected')),
  reason text check (reason in ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
  note text,
  moderated_by uuid references users (id) on delete set null,
  moderated_at timestamptz,
  support_count integer not null default 0 check (support_count >= 0),
  flag_count integer not null default 0 check (flag_count >= 0),
  flagged_at timestamptz,
  ip_hash text,
  created_at timestamptz not null default now(),
  check ((geometry is null) = (min_lon is null))
);
-- A section's first page (newest, oldest or most supported first) is a short range of one of these.
create index consultation_comments_by_date on consultation_comments (section_id, created_at desc, id desc)
  where state = 'published' and parent_id is null;
create index consultation_comments_by_support on consultation_comments (section_id, support_count desc, created_at desc, id desc)
  where state = 'published' and parent_id is null;
create index consultation_comments_by_language on consultation_comments (section_id, language, created_at desc, id desc)
  where state = 'published' and parent_id is null;
create index consultation_comments_by_side on consultation_comments (section_id, side, created_at desc, id desc)
  where state = 'published' and parent_id is null;
create index consultation_comments_replies on consultation_comments (parent_id, created_at, id) where parent_id is not null;
create index consultation_comments_queue on consultation_comments (consultation_id, state, created_at);
create index consultation_comments_author on consultation_comments (respondent_key, created_at);
create index consultation_comments_address on consultation_comments (ip_hash, created_at);
create index consultation_comments_bbox on consultation_comments (consultation_id, min_lon, max_lon) where geometry is not null;

-- Published comments by section, language and side, kept in the write's transaction: a list's total
-- and a section's counts without count(*). `n` counts comments, `replies` replies.
create table consultation_comment_counts (
  section_id uuid not null references consultation_sections (id) on delete cascade,
  language text not null,
  side text not null,
  n integer not null default 0 check (n >= 0),
  replies integer not null default 0 check (replies >= 0),
  primary key (section_id, language, side)
);

-- Once per voter: 'u:' || user id, or 'a:' || sha256 of the anonymous cookie.
create table consultation_supports (
  comment_id uuid not null references consultation_comments (id) on delete cascade,
  voter_key text not null,
  created_at timestamptz not null default now(),
  primary key (comment_id, voter_key)
);

create table consultation_flags (
  comment_id uuid not null references consultation_comments (id) on delete cascade,
  reporter_key text not null,
  reason text not null check (reason in ('spam', 'offensive', 'off_topic', 'personal_data')),
  details text,
  created_at timestamptz not null default now(),
  primary key (comment_id, reporter_key)
);

-- A signed comment keeps its author's name only while the account exists: deleting the account
-- leaves the comment anonymous (its user_id goes by the foreign key, the name here).
create function consultation_comments_forget_author() returns trigger language plpgsql as $$
begin
  update consultation_comments set author_name = null where user_id = old.id;
  return old;
end
$$;
create trigger users_forget_consultation_authors before delete on users
  for each row execute function consultation_comments_forget_author();
