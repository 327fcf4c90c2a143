// Issue 4's figures: the public calendar feed and the trace of an item with 200 links, with the
// demo's dialogues and recommendations scaled ten-fold, on top of the register's 100,000 bottlenecks.
import pg from 'pg';
import { seedRegister } from './register.mjs';

const DIALOGUES = 130; // the demo has 13
const RECOMMENDATIONS = 150; // the demo has 15
export const HUB = 'DL-2090-9999';

export async function seedDialogues(dbUrl) {
  await seedRegister(dbUrl);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query(`select 1 from dialogues where ref = $1`, [HUB])).rowCount) return;
    const started = Date.now();
    await client.query('begin');
    // Dialogues over two years around today, a tenth of them internal, past ones minuted.
    await client.query(
      `insert into dialogues (ref, type, title, description, starts_at, ends_at, organiser_id, domains, language, visibility, state, minutes, outcomes, is_demo)
       select 'DL-2090-' || lpad(i::text, 4, '0'),
              (array['roundtable','interview','workshop','forum_session','site_visit'])[1 + i % 5],
              jsonb_build_object('en', 'Bench dialogue ' || i || ' on cross-border services', 'fi', 'Vuoropuhelu ' || i || ' rajat ylittävistä palveluista'),
              jsonb_build_object('en', 'Service owners of both countries discuss the bottlenecks on the agenda; minutes and outcomes follow.'),
              at, at + interval '2 hours',
              (select id from institutions order by slug offset (i % 27) limit 1),
              array[(array['mobility','legal','social_security','education','digital_services','integration'])[1 + i % 6]],
              'en', case when i % 10 = 0 then 'internal' else 'public' end,
              case when at < now() then 'minutes_published' else 'planned' end,
              case when at < now() then '## Decisions' || chr(10) || chr(10) || '- A decision about case ' || i end,
              array['Outcome of dialogue ' || i], true
       from (select i, now() - (365 - i * 4) * interval '1 day' as at from generate_series(1, $1) i) s`,
      [DIALOGUES],
    );
    // Five public bottlenecks on each agenda.
    await client.query(
      `insert into dialogue_bottlenecks (dialogue_id, bottleneck_id, position)
       select d.id, b.id, b.n - 1
       from (select id, row_number() over (order by ref) as n from dialogues where ref like 'DL-2090-%') d
       cross join lateral (select id, row_number() over () as n from bottlenecks where status = 'in_dialogue' order by created_at desc offset (d.n * 5) limit 5) b`,
    );
    // The hub: one forum session with 200 bottlenecks on its agenda.
    const hub = await client.query(
      `insert into dialogues (ref, type, title, starts_at, ends_at, organiser_id, domains, language, visibility, state, is_demo)
       values ($1, 'forum_session', '{"en": "Forum session reviewing two hundred bottlenecks"}', now() - interval '30 days', now() - interval '29 days',
               (select id from institutions where slug = 'uudenmaan-liitto'), '{mobility,legal}', 'en', 'public', 'held', true) returning id`,
      [HUB],
    );
    await client.query(
      `insert into dialogue_bottlenecks (dialogue_id, bottleneck_id, position)
       select $1, id, row_number() over (order by created_at) - 1 from (select id, created_at from bottlenecks where status = 'recommendation' order by created_at desc limit 200) b`,
      [hub.rows[0].id],
    );
    // Recommendations, each from one dialogue and answering three of its bottlenecks, addressed to two institutions.
    await client.query(
      `insert into recommendations (ref, title, rationale, change_kind, priority, effort, state, is_demo)
       select 'RC-2090-' || lpad(i::text, 4, '0'), jsonb_build_object('en', 'Bench recommendation ' || i), '{"en": "Because the bottlenecks show it."}',
              (array['administrative','legislative','service_information','cooperation'])[1 + i % 4], (array['high','medium','low'])[1 + i % 3],
              (array['small','medium','large'])[1 + i % 3], (array['proposed','agreed','in_action_plan','implemented'])[1 + i % 4], true
       from generate_series(1, $1) i`,
      [RECOMMENDATIONS],
    );
    await client.query(
      `with r as (select id, row_number() over (order by ref) as n from recommendations where ref like 'RC-2090-%'),
            d as (select id, row_number() over (order by ref) as n from dialogues where ref like 'DL-2090-%')
       insert into recommendation_dialogues (recommendation_id, dialogue_id)
       select r.id, case when r.n <= 20 then $1::uuid else d.id end from r join d on d.n = 1 + (r.n % ${DIALOGUES + 1})`,
      [hub.rows[0].id],
    );
    await client.query(
      `insert into recommendation_bottlenecks (recommendation_id, bottleneck_id)
       select distinct rd.recommendation_id, b.bottleneck_id
       from recommendation_dialogues rd
       cross join lateral (select bottleneck_id from dialogue_bottlenecks where dialogue_id = rd.dialogue_id order by position limit 3) b`,
    );
    await client.query(
      `insert into recommendation_addressees (recommendation_id, institution_id)
       select r.id, i.id from (select id, row_number() over (order by ref) as n from recommendations where ref like 'RC-2090-%') r
       cross join lateral (select id from institutions order by slug offset (r.n % 25) limit 2) i`,
    );
    await client.query('commit');
    await client.query('analyze');
    const links = (await client.query(`select count(*)::int as n from dialogue_bottlenecks where dialogue_id = $1`, [hub.rows[0].id])).rows[0].n;
    console.log(`  seeded ${DIALOGUES + 1} dialogues and ${RECOMMENDATIONS} recommendations (the hub has ${links} bottlenecks) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

export const scenarios = [
  {
    name: 'dialogues-ics',
    describe: 'GET /api/dialogues.ics: the public calendar feed (demo × 10)',
    path: '/api/dialogues.ics?lang=en',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedDialogues(dbUrl), {}),
  },
  {
    name: 'dialogues-trace',
    describe: `GET /api/trace/dialogue/${HUB}: the linked graph around a dialogue with 200 bottlenecks`,
    path: `/api/trace/dialogue/${HUB}`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedDialogues(dbUrl), {}),
  },
  // Issue 15: the small lists searched by the engine in memory, SQL paging the ids it found.
  {
    name: 'dialogues-search',
    describe: 'GET /api/dialogues?q=palvelut&sort=relevance: an inflected word (palveluista) found in every public title, ranked, first page (demo × 10)',
    path: '/api/dialogues?q=palvelut&sort=relevance',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedDialogues(dbUrl), {}),
  },
  {
    name: 'dialogues-recommendations-search',
    describe: 'GET /api/recommendations?q=recomendation: a typo, every title found, by priority (demo × 10)',
    path: '/api/recommendations?q=recomendation',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedDialogues(dbUrl), {}),
  },
  {
    name: 'dialogues-institutions-search',
    describe: 'GET /api/institutions?q=tallinnan&sort=relevance: the directory by an inflected name',
    path: '/api/institutions?q=tallinnan&sort=relevance',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedDialogues(dbUrl), {}),
  },
];
