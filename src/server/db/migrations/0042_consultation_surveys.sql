-- Short surveys per consultation section (issue 19 point 4; research §3 and §8.1): single and
-- multiple choice, a scale, free text. Decidim's `mandatory`, `max_choices` and `max_characters`
-- rules; a scale is an integer in [scale_min, scale_max] with a label at each end. The service
-- checks each answer against its question (answer-does-not-fit, unknown-option, too-many,
-- out-of-scale, too-long); the database keeps what it can check cheaply.

create table consultation_questions (
  id uuid primary key default gen_random_uuid(),
  section_id uuid not null references consultation_sections (id) on delete cascade,
  position integer not null default 0,
  kind text not null check (kind in ('single', 'multiple', 'scale', 'text')),
  -- {"fi","et","en"}
  prompt jsonb not null check (jsonb_typeof(prompt) = 'object'),
  -- [{"key": "ferry", "label": {"fi","et","en"}}] for single and multiple, [] otherwise.
  options jsonb not null default '[]' check (jsonb_typeof(options) = 'array'),
  scale_min integer,
  scale_max integer,
  -- {"min": {"fi",...}, "max": {"fi",...}}: the words at each end of a scale.
  scale_labels jsonb check (scale_labels is null or jsonb_typeof(scale_labels) = 'object'),
  max_choices integer check (max_choices is null or max_choices >= 1),
  max_length integer check (max_length is null or max_length between 1 and 5000),
  required boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'scale' or (scale_min is not null and scale_max is not null and scale_max > scale_min)),
  check (kind = 'scale' or (scale_min is null and scale_max is null and scale_labels is null)),
  check (kind = 'multiple' or max_choices is null),
  check (kind = 'text' or max_length is null)
);
create index consultation_questions_order on consultation_questions (section_id, position, created_at);

-- One answer per respondent ('u:' || user id, or 'a:' || sha256 of the anonymous cookie) per
-- question: answering again replaces it while the consultation is open. `side` is the relation the
-- respondent gave when answering (as a comment's), or 'unknown'.
create table consultation_answers (
  question_id uuid not null references consultation_questions (id) on delete cascade,
  respondent_key text not null,
  option_keys text[],
  scale_value integer,
  text_value text check (text_value is null or length(text_value) between 1 and 5000),
  side text not null check (side in ('lives_fi', 'lives_ee', 'commutes', 'other', 'unknown')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (question_id, respondent_key),
  -- Exactly one of the three: what the question's kind takes.
  check (num_nonnulls(option_keys, scale_value, text_value) = 1),
  check (option_keys is null or cardinality(option_keys) >= 1)
);
-- A respondent's own answers in a consultation (the page shows them again).
create index consultation_answers_respondent on consultation_answers (respondent_key, question_id);
