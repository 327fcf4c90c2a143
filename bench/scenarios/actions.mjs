// Issue 17's figures: the joint action plan at the issue's volume — 2,000 actions (40 themes, 480
// actions, 1,480 sub-actions), 10,000 milestones and 4,000 finish-to-start dependencies — read as
// the Gantt view reads it and as the plan's list filters it.
import pg from 'pg';

const THEMES = 40;
const ACTIONS = 480;
const TOTAL = 2000;
const PREFIX = 'AC-2090-';

export async function seedActions(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query(`select 1 from actions where ref = $1`, [`${PREFIX}0001`])).rowCount) return;
    const started = Date.now();
    await client.query('begin');
    // Themes over five years; each action a year somewhere in them; a sub-action its parent's year.
    await client.query(
      `insert into actions (ref, parent_id, position, title, description, domain, state, starts_on, ends_on, progress, is_demo)
       select '${PREFIX}' || lpad(i::text, 4, '0'), null, i, jsonb_build_object('en', 'Bench theme ' || i, 'fi', 'Teema ' || i),
              '{"en": "A theme of the bench plan."}', (array['mobility','legal','social_security','education','digital_services','integration'])[1 + i % 6],
              'ongoing', date '2026-01-01', date '2030-12-31', 0, true
       from generate_series(1, ${THEMES}) i`,
    );
    await client.query(
      `insert into actions (ref, parent_id, position, title, description, domain, state, starts_on, ends_on, progress, is_demo)
       select '${PREFIX}' || lpad(i::text, 4, '0'), t.id, i, jsonb_build_object('en', 'Bench action ' || i, 'et', 'Tegevus ' || i),
              '{"en": "An action of the bench plan."}', t.domain, (array['planned','ongoing','delayed','done'])[1 + i % 4],
              date '2026-01-01' + ((i % 16) * 91), date '2026-01-01' + ((i % 16) * 91) + 364, 0, true
       from generate_series(${THEMES + 1}, ${THEMES + ACTIONS}) i
       join actions t on t.ref = '${PREFIX}' || lpad((1 + (i - ${THEMES + 1}) % ${THEMES})::text, 4, '0')`,
    );
    await client.query(
      `insert into actions (ref, parent_id, position, title, description, domain, state, starts_on, ends_on, progress, is_demo)
       select '${PREFIX}' || lpad(i::text, 4, '0'), a.id, i, jsonb_build_object('en', 'Bench sub-action ' || i),
              '{"en": "A sub-action of the bench plan."}', a.domain, a.state, a.starts_on, a.ends_on, (i * 7) % 101, true
       from generate_series(${THEMES + ACTIONS + 1}, ${TOTAL}) i
       join actions a on a.ref = '${PREFIX}' || lpad((${THEMES + 1} + (i - ${THEMES + ACTIONS + 1}) % ${ACTIONS})::text, 4, '0')`,
    );
    // An Accountable lead and a Responsible on each, from the directory.
    await client.query(
      `insert into action_raci (action_id, institution_id, role, is_lead)
       select a.id, i.id, r.role, r.role = 'A'
       from (select id, row_number() over (order by ref) as n from actions where ref like '${PREFIX}%') a
       cross join (values ('A', 0), ('R', 1)) r(role, k)
       cross join lateral (select id from institutions order by slug offset ((a.n + r.k * 7) % 25) limit 1) i`,
    );
    // Five milestones in each action's period.
    await client.query(
      `insert into action_milestones (action_id, title, due_on, done_on)
       select a.id, jsonb_build_object('en', 'Milestone ' || k), a.starts_on + (a.ends_on - a.starts_on) * k / 5,
              case when a.state = 'done' or k = 1 then a.starts_on + (a.ends_on - a.starts_on) * k / 5 end
       from actions a cross join generate_series(1, 5) k where a.ref like '${PREFIX}%'`,
    );
    // Finish-to-start, always from an earlier reference to a later one: no cycle.
    await client.query(
      `with n as (select id, row_number() over (order by ref) as n from actions where ref like '${PREFIX}%' and parent_id is not null)
       insert into action_dependencies (predecessor_id, successor_id, kind)
       select p.id, s.id, 'finish_to_start' from n p join n s on s.n in (p.n + 3, p.n + 11, p.n + 29) order by p.n, s.n limit 4000`,
    );
    await client.query('commit');
    await client.query('analyze');
    const counts = (await client.query(`select (select count(*) from actions)::int as actions, (select count(*) from action_milestones)::int as milestones, (select count(*) from action_dependencies)::int as dependencies`)).rows[0];
    console.log(`  seeded ${counts.actions} actions, ${counts.milestones} milestones, ${counts.dependencies} dependencies in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

/** The three reads the roadmap makes, as raw SQL (what the server would do on every request without its cache). */
async function rawRoadmap(pool) {
  const today = new Date().toISOString().slice(0, 10);
  await Promise.all([
    pool.query(
      `select a.id, a.ref, a.parent_id, a.position, a.title, a.domain, a.state, a.progress, a.body_id, a.is_demo, a.starts_on::text, a.ends_on::text,
              (select r.institution_id from action_raci r where r.action_id = a.id and r.is_lead) as lead_id,
              coalesce((select json_agg(json_build_object('institutionId', r.institution_id, 'role', r.role) order by r.institution_id) from action_raci r where r.action_id = a.id), '[]') as raci,
              a.state in ('planned','ongoing','delayed') and (a.ends_on < $1::date or exists (select 1 from action_milestones m where m.action_id = a.id and m.done_on is null and m.due_on < $1::date)) as overdue
       from actions a order by a.position, a.starts_on, a.ref`,
      [today],
    ),
    pool.query(
      `select m.id, m.action_id, m.title, m.due_on::text, m.done_on::text, m.done_on is null and m.due_on < $1::date and a.state in ('planned','ongoing','delayed') as overdue
       from action_milestones m join actions a on a.id = m.action_id order by m.due_on, m.id`,
      [today],
    ),
    pool.query(`select predecessor_id, successor_id from action_dependencies order by predecessor_id, successor_id`),
  ]);
}

const OVERDUE_WHERE = `a.domain = 'legal' and a.state in ('planned','ongoing','delayed')
  and (a.ends_on < $1::date or exists (select 1 from action_milestones m where m.action_id = a.id and m.done_on is null and m.due_on < $1::date))`;

/** The list's work as raw SQL: the page with the summary's columns, its count beside it, then the institutions it names. */
async function rawOverdueList(pool) {
  const today = new Date().toISOString().slice(0, 10);
  const [page] = await Promise.all([
    pool.query(
      `select a.id, a.ref, a.parent_id, a.position, a.title, a.domain, a.state, a.starts_on::text, a.ends_on::text, a.weight, a.progress, a.body_id, a.is_demo, a.updated_at,
              (select r.institution_id from action_raci r where r.action_id = a.id and r.is_lead) as lead_id,
              (select r.institution_id from action_raci r where r.action_id = a.id and r.role = 'A') as accountable_id,
              (select count(*)::int from actions c where c.parent_id = a.id) as child_count,
              true as overdue
       from actions a where ${OVERDUE_WHERE}
       order by a.position, a.starts_on, a.ref limit 20`,
      [today],
    ),
    pool.query(`select count(*) from actions a where ${OVERDUE_WHERE}`, [today]),
  ]);
  const ids = [...new Set(page.rows.flatMap((r) => [r.lead_id, r.accountable_id].filter(Boolean)))];
  await pool.query('select id, name, short_name, country from institutions where id = any($1::uuid[])', [ids]);
}

/** A cold roadmap: the plan's version moved just before, so the server reads the plan again. */
async function coldRoadmap(dbUrl, serverUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const times = [];
  try {
    for (let i = 0; i < 10; i++) {
      await client.query('update action_plan_version set version = version + 1');
      const started = process.hrtime.bigint();
      const response = await fetch(`${serverUrl}/api/roadmap`);
      const body = await response.text();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (i === 0) console.log(`  the whole roadmap: ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB of JSON`);
    }
  } finally {
    await client.end();
  }
  times.sort((a, b) => a - b);
  console.log(`  cold (version moved before each): median ${times[5].toFixed(1)} ms, worst ${times[9].toFixed(1)} ms over 10 reads`);
}

export const scenarios = [
  {
    name: 'actions-roadmap',
    describe: 'GET /api/roadmap: the whole plan of 2,000 actions, 10,000 milestones and 4,000 dependencies, as the Gantt view reads it',
    path: '/api/roadmap',
    target: 'p95 < 50 ms',
    client: 'wrk',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedActions(dbUrl);
      await coldRoadmap(dbUrl, serverUrl);
      return {};
    },
    raw: (pool) => rawRoadmap(pool),
  },
  {
    name: 'actions-roadmap-gzip',
    describe: 'GET /api/roadmap with Accept-Encoding: gzip, as a browser asks: the whole plan compressed',
    path: '/api/roadmap',
    target: 'p95 < 50 ms',
    client: 'wrk',
    prepare: async ({ dbUrl }) => (await seedActions(dbUrl), { headers: { 'accept-encoding': 'gzip' } }),
    raw: (pool) => rawRoadmap(pool),
  },
  {
    name: 'actions-roadmap-filtered',
    describe: 'GET /api/roadmap?domain=legal&state=ongoing: one domain\'s ongoing bars',
    path: '/api/roadmap?domain=legal&state=ongoing',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedActions(dbUrl), {}),
    raw: (pool) => rawRoadmap(pool),
  },
  {
    name: 'actions-list-overdue',
    describe: 'GET /api/actions?domain=legal&overdue=true: the list filtered to what is late, first page',
    path: '/api/actions?domain=legal&overdue=true',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl }) => (await seedActions(dbUrl), {}),
    raw: (pool) => rawOverdueList(pool),
  },
];
