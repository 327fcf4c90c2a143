// A consultation of 20 sections and 20,000 comments (issue 19's figure): a section's first page of
// comments read at 32 connections while 50 comments a second are posted to the same section.
import pg from 'pg';

const SECTIONS = 20;
const COMMENTS = 20_000;
const REPLIES = 2_000;
const POSTS_PER_SECOND = 50;
const SLUG = 'bench-consultation';
const sectionId = (i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
export const MEASURED_SECTION = sectionId(0);

let seeded = false;

async function seedConsultation(dbUrl) {
  if (seeded) return;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('begin');
    const { rows: [consultation] } = await client.query(
      `insert into consultations (ref, slug, title, subject, opens_at, closes_at, commenting, support, moderation, published, is_demo)
       values ('CN-BENCH', $1, '{"en": "Bench consultation"}', 'text', now() - interval '20 days', now() + interval '30 days', 'open', 'open', 'after', true, true)
       returning id`,
      [SLUG],
    );
    await client.query(
      `insert into consultation_sections (id, consultation_id, position, kind, title, body)
       select ('00000000-0000-4000-8000-' || lpad((g + 1)::text, 12, '0'))::uuid, $1, g, case when g = 0 then 'main' else 'part' end,
              jsonb_build_object('en', 'Section ' || (g + 1)), '{"en": "Bench text."}'
       from generate_series(0, $2 - 1) g`,
      [consultation.id, SECTIONS],
    );
    // Comments spread over the sections and twenty days, in five languages and every side, some supported.
    await client.query(
      `insert into consultation_comments (consultation_id, section_id, body, language, respondent_key, side, state, support_count, created_at)
       select $1, ('00000000-0000-4000-8000-' || lpad(((g % $3) + 1)::text, 12, '0'))::uuid,
              'Bench comment ' || g || ': the ferry timetable and the tunnel study should be read together.',
              (array['fi','et','en','sv','ru'])[1 + g % 5], 'a:bench' || (g % 5000),
              (array['lives_fi','lives_ee','commutes','other','unknown'])[1 + (g / 7) % 5], 'published',
              (g * 7919) % 40, now() - interval '20 days' + (g * interval '86 seconds')
       from generate_series(0, $2 - 1) g`,
      [consultation.id, COMMENTS, SECTIONS],
    );
    await client.query(
      `insert into consultation_comments (consultation_id, section_id, parent_id, body, language, respondent_key, side, state, created_at)
       select c.consultation_id, c.section_id, c.id, 'A reply to ' || c.id, c.language, 'a:replier', 'other', 'published', c.created_at + interval '1 hour'
       from (select * from consultation_comments where consultation_id = $1 and parent_id is null order by created_at desc limit $2) c`,
      [consultation.id, REPLIES],
    );
    await client.query(
      `insert into consultation_comment_counts (section_id, language, side, n, replies)
       select section_id, language, side, count(*) filter (where parent_id is null), count(*) filter (where parent_id is not null)
       from consultation_comments where consultation_id = $1 group by 1, 2, 3`,
      [consultation.id],
    );
    await client.query('commit');
    await client.query('analyze consultations, consultation_sections, consultation_comments, consultation_comment_counts');
    seeded = true;
  } finally {
    await client.end();
  }
}

/**
 * Posts comments to the measured section at a steady rate until stopped, each from another
 * address (the server trusts X-Forwarded-For in the bench), so flood control does not refuse them.
 * Answers how many were posted and refused.
 */
function postComments(serverUrl) {
  let running = true;
  let posted = 0;
  let refused = 0;
  const started = Date.now();
  const loop = (async () => {
    for (let n = 0; running; n++) {
      const due = started + (n * 1000) / POSTS_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      void fetch(`${serverUrl}/api/consultations/${SLUG}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ sectionId: MEASURED_SECTION, body: `Posted during the bench, number ${n}.`, language: 'en' }),
      }).then(
        (response) => (response.status === 201 ? posted++ : refused++),
        () => refused++,
      );
    }
  })();
  return async () => {
    running = false;
    await loop;
    const seconds = (Date.now() - started) / 1000;
    console.log(`  while loaded: ${posted} comments posted (${(posted / seconds).toFixed(1)}/s), ${refused} refused`);
  };
}

/** The database work of one page, as the route does it: the consultation and section, the page, its replies, the total. */
async function rawSectionPage(pool, order = 'created_at desc, id desc') {
  const { rows: [consultation] } = await pool.query('select * from consultations where slug = $1', [SLUG]);
  await pool.query('select id from consultation_sections where id = $1 and consultation_id = $2', [MEASURED_SECTION, consultation.id]);
  const [page] = await Promise.all([
    pool.query(
      `select * from consultation_comments where state = 'published' and consultation_id = $1 and section_id = $2 and parent_id is null
       order by ${order} limit 20 offset 0`,
      [consultation.id, MEASURED_SECTION],
    ),
    pool.query(
      `select coalesce(sum(c.n), 0) as n from consultation_comment_counts c join consultation_sections s on s.id = c.section_id
       where s.consultation_id = $1 and c.section_id = $2`,
      [consultation.id, MEASURED_SECTION],
    ),
  ]);
  await pool.query(`select * from consultation_comments where parent_id = any($1) and state = 'published' order by created_at, id`, [page.rows.map((r) => r.id)]);
}

export const scenarios = [
  {
    name: 'consultation-section-page',
    describe: `GET /api/consultations/{slug}/comments?section=…: a section's first page of a consultation of ${SECTIONS} sections and ${COMMENTS.toLocaleString('en')} comments, while ${POSTS_PER_SECOND} comments a second are posted to it`,
    path: `/api/consultations/${SLUG}/comments?section=${MEASURED_SECTION}`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedConsultation(dbUrl), {}),
    background: ({ serverUrl }) => postComments(serverUrl),
    raw: (pool) => rawSectionPage(pool),
  },
  {
    name: 'consultation-section-page-support',
    describe: 'The same page, most supported first, while comments are posted',
    path: `/api/consultations/${SLUG}/comments?section=${MEASURED_SECTION}&sort=support`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedConsultation(dbUrl), {}),
    background: ({ serverUrl }) => postComments(serverUrl),
    raw: (pool) => rawSectionPage(pool, 'support_count desc, created_at desc, id desc'),
  },
];
