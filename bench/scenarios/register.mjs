// Issue 3's figures: the register with 100,000 bottlenecks and 1,000,000 supports.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const BOTTLENECKS = 100_000;
const SUPPORTS_EACH = 10; // × 100,000 = 1,000,000 supports
const USERS = 50_000;

/** Words the demo titles are made of, per language, so the search indexes see real vocabulary. */
const WORDS = {
  fi: ['verokortti', 'työnantaja', 'Kela', 'eläke', 'laiva', 'satama', 'lapsilisä', 'ajokortti', 'rekisteröinti', 'koulu', 'päiväkoti', 'tutkinto', 'sairausvakuutus', 'lippu', 'raitiovaunu', 'pankkitili', 'osoite', 'tunnistautuminen', 'yritys', 'ALV'],
  et: ['maksukaart', 'tööandja', 'pension', 'laev', 'sadam', 'lastetoetus', 'juhiluba', 'registreerimine', 'kool', 'lasteaed', 'kvalifikatsioon', 'ravikindlustus', 'pilet', 'tramm', 'pangakonto', 'aadress', 'ID-kaart', 'ettevõte', 'käibemaks', 'elukoht'],
  en: ['tax', 'employer', 'pension', 'ferry', 'harbour', 'child benefit', 'driving licence', 'registration', 'school', 'day care', 'qualification', 'health insurance', 'ticket', 'tram', 'bank account', 'address', 'identification', 'business', 'VAT', 'residence'],
};

export async function seedRegister(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from bottlenecks');
    if (rows[0].n >= BOTTLENECKS) return;
    await seedBottlenecks(client);
    await seedPlainTextSearch(client);
    await measureIndexLoad(dbUrl);
  } finally {
    await client.end();
  }
}

/** The server whose search index is measured (the bench runner's), set by the first scenario's `prepare`. */
let measuredServer = null;

/**
 * How long the server's register search index takes to read the 100,000 bottlenecks just
 * seeded (the first search after the seed waits for it) and what it adds to the server's memory.
 */
async function measureIndexLoad() {
  if (!measuredServer) return;
  const rss = () => Number(execFileSync('ps', ['-o', 'rss=', '-p', String(measuredServer.pid)], { encoding: 'utf8' }).trim()) / 1024;
  const before = rss();
  const started = Date.now();
  const response = await fetch(`${measuredServer.url}/api/bottlenecks?q=verokortti&limit=1`);
  await response.text();
  const seconds = (Date.now() - started) / 1000;
  const after = rss();
  indexLoad = { scenario: 'register-index-load', seconds: Number(seconds.toFixed(2)), 'RSS before MB': Math.round(before), 'RSS after MB': Math.round(after), target: 'read after the server listens; searches meanwhile wait' };
  console.log(`  register search index: ${BOTTLENECKS.toLocaleString('en')} bottlenecks read in ${seconds.toFixed(2)} s (first search), server RSS ${Math.round(before)} → ${Math.round(after)} MB`);
}

/** The index load measured at seeding, for the runner's table (null when the register was seeded before). */
export let indexLoad = null;

/**
 * The raw-SQL baseline's own text search: PostgreSQL's full-text search over the same titles and
 * descriptions ("PG FTS, plain words only": no compound parts, no Estonian stems, no typos), in a
 * table of the bench's own, since the app keeps no tsvector.
 */
async function seedPlainTextSearch(client) {
  await client.query(`create table if not exists bench_register_fts (id uuid primary key, domain text not null, status text not null, created_at timestamptz not null, search tsvector not null)`);
  await client.query(`truncate bench_register_fts`);
  await client.query(
    `insert into bench_register_fts (id, domain, status, created_at, search)
     select id, domain, status, created_at,
       setweight(to_tsvector('finnish', coalesce(title->>'fi', '')), 'A') || setweight(to_tsvector('simple', coalesce(title->>'et', '')), 'A') ||
       setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
       setweight(to_tsvector('finnish', coalesce(description->>'fi', '')), 'C') || setweight(to_tsvector('simple', coalesce(description->>'et', '')), 'C') ||
       setweight(to_tsvector('english', coalesce(description->>'en', '')), 'C')
     from bottlenecks`,
  );
  await client.query(`create index if not exists bench_register_fts_legal on bench_register_fts using gin (search) with (fastupdate = off) where domain = 'legal' and status ${PUBLIC_IN}`);
  await client.query('vacuum analyze bench_register_fts');
}

async function seedBottlenecks(client) {
  {
    const started = Date.now();
    const users = (await client.query('select count(*)::int as n from users')).rows[0].n;
    if (users < USERS) {
      await client.query(
        `insert into users (email, display_name, password_hash) select 'reg' || i || '@example.test', 'Register user ' || i, '$argon2id$bench' from generate_series(1, $1) i`,
        [USERS - users],
      );
    }
    // Titles of three to five words in the reporter's language; statuses weighted like a living register.
    // The domain does not follow the language, so a word of one language is found in every domain.
    await client.query(
      `insert into bottlenecks (ref, title, description, original_language, domain, topics, countries, status, support_count, published_at, assessment_due_at, created_at, updated_at)
       select 'BN-' || (2023 + i % 4) || '-' || lpad(i::text, 6, '0'),
              jsonb_build_object(lang, initcap(w1) || ' ' || w2 || ' ' || w3 || ' ' || i),
              jsonb_build_object(lang, 'Description ' || w1 || ' ' || w2 || ' ' || w3 || ' ' || w1 || ' and more words about the case number ' || i),
              lang,
              (array['mobility','legal','social_security','education','digital_services','integration'])[1 + (i / 3) % 6],
              array[(array['taxation','employment','health_care','pensions','family_benefits','ferry','public_transport','schooling'])[1 + i % 8]],
              case when i % 3 = 0 then array['FI'] when i % 3 = 1 then array['EE'] else array['FI','EE'] end,
              (array['published','under_assessment','in_dialogue','recommendation','in_progress','resolved','written_off','closed_no_obstacle','submitted','rejected'])[1 + (i * 7) % 10],
              ${SUPPORTS_EACH},
              created + interval '2 days', created + interval '2 months 2 days', created, created + interval '10 days'
       from (
         select i, lang, created,
                (words->>(i % 20)) as w1, (words->>((i / 20) % 20)) as w2, (words->>((i / 400) % 20)) as w3
         from (
           select i, (array['fi','et','en'])[1 + i % 3] as lang, now() - (i % 1100) * interval '1 day' - (i % 86400) * interval '1 second' as created
           from generate_series(1, $1) i
         ) base
         cross join lateral (select case lang when 'fi' then $2::jsonb when 'et' then $3::jsonb else $4::jsonb end as words) w
       ) s`,
      [BOTTLENECKS, JSON.stringify(WORDS.fi), JSON.stringify(WORDS.et), JSON.stringify(WORDS.en)],
    );
    await client.query(`insert into bottleneck_ref_counters (year, last_number) select 2023 + y, ${BOTTLENECKS} from generate_series(0, 3) y on conflict (year) do update set last_number = excluded.last_number`);
    // Ten distinct supporters per bottleneck: user = (k × 4999 + b) mod 50,000 never repeats for one b.
    await client.query(
      `with b as (select id, row_number() over (order by id) as n from bottlenecks),
            u as (select id, row_number() over (order by id) - 1 as n from users order by id limit ${USERS})
       insert into bottleneck_supports (bottleneck_id, user_id)
       select b.id, u.id from b cross join generate_series(0, ${SUPPORTS_EACH - 1}) k join u on u.n = (k * 4999 + b.n) % ${USERS}`,
    );
    // The steady state that autovacuum keeps in production. One transaction of 100,000 reports
    // leaves 100,000 dead versions of the few hundred facet rows; reported one by one, as in
    // production, they would have been pruned on the way.
    await client.query('vacuum full bottleneck_facet_counts');
    await client.query('vacuum analyze');
    const supports = (await client.query('select count(*)::int as n from bottleneck_supports')).rows[0].n;
    console.log(`  seeded ${BOTTLENECKS.toLocaleString('en')} bottlenecks and ${supports.toLocaleString('en')} supports in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

const PUBLIC_IN = `in ('published', 'under_assessment', 'closed_no_obstacle', 'in_dialogue', 'recommendation', 'in_progress', 'resolved', 'written_off')`;
const TSQUERY = `(websearch_to_tsquery('finnish', $1) || websearch_to_tsquery('english', $1) || websearch_to_tsquery('swedish', $1) || websearch_to_tsquery('russian', $1) || websearch_to_tsquery('simple', $1))`;
const LIST_COLUMNS = `b.id, b.ref, b.title, b.domain, b.status, b.countries, b.topics, b.support_count, b.follower_count, b.is_demo, b.created_at, b.published_at, b.updated_at, b.assessment_due_at`;
const iso = (column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Each item's API JSON, written by PostgreSQL, as the server does. */
const ITEM_JSON = `(select row_to_json(i)::text from (select b.id, b.ref, b.title, b.domain, b.status, b.countries, b.topics,
  b.support_count as "supportCount", b.follower_count as "followerCount", b.is_demo as "isDemo", ${iso('b.created_at')} as "createdAt",
  ${iso('b.published_at')} as "publishedAt", ${iso('b.updated_at')} as "updatedAt", ${iso('b.assessment_due_at')} as "assessmentDueAt",
  b.status in ('published', 'under_assessment') and b.assessment_due_at < now() as overdue) i) as item`;

/**
 * The same work as the server, written by hand, with PostgreSQL's own text search on plain words
 * (the bench's `bench_register_fts`): matches through the text index, counted and ordered once,
 * the page read in full.
 */
async function rawSearch(pool, q, domain) {
  await pool.query({
    name: 'raw-search',
    text: `with m as materialized (select f.id, f.created_at from bench_register_fts f where f.status ${PUBLIC_IN} and f.search @@ ${TSQUERY} and f.domain = '${domain}'),
       page as (select id, created_at from m order by created_at desc, id limit $2 offset $3)
     select ${ITEM_JSON}, (select count(*) from m) as total from page p join bottlenecks b on b.id = p.id order by p.created_at desc, p.id`,
    values: [q, 20, 0],
  });
}

/** A page in display order with the count from the facet table in the same statement, the country a literal, as the server does. */
async function rawBrowse(pool) {
  await pool.query({
    name: 'raw-browse',
    text: `select ${ITEM_JSON}, b.total from (
       select ${LIST_COLUMNS}, (select coalesce(sum(n), 0)::int from bottleneck_facet_counts f where f.status ${PUBLIC_IN} and f.countries @> array['EE']::text[]) as total
       from bottlenecks b where b.status ${PUBLIC_IN} and b.countries @> array['EE']::text[] order by b.support_count desc, b.created_at desc, b.id limit $1 offset $2) b
     order by b.support_count desc, b.created_at desc, b.id`,
    values: [20, 40],
  });
}

let intakeCounter = 0;
/** The intake transaction by hand: flood check, reference, record, timeline entry, intake mark. */
async function rawIntake(pool) {
  const client = await pool.connect();
  try {
    const ip = `10.${(intakeCounter >> 16) & 255}.${(intakeCounter >> 8) & 255}.${intakeCounter++ & 255}`;
    await client.query(`select count(*) from report_intake where ip = $1 and at > now() - interval '10 minutes'`, [ip]);
    await client.query('begin');
    const ref = await client.query(`insert into bottleneck_ref_counters (year, last_number) values (2099, 1) on conflict (year) do update set last_number = bottleneck_ref_counters.last_number + 1 returning last_number`);
    const created = await client.query(
      `insert into bottlenecks (ref, title, description, original_language, domain, topics, countries, evidence_links) values ($1, $2, $3, 'en', 'mobility', '{ferry}', '{FI,EE}', '{}') returning id, ref, status`,
      [`BN-2099-${ref.rows[0].last_number}`, JSON.stringify({ en: 'Raw intake ferry ticket problem' }), JSON.stringify({ en: 'A raw SQL intake of a report for the benchmark baseline.' })],
    );
    await client.query(`insert into bottleneck_events (bottleneck_id, kind, to_status, details) values ($1, 'submitted', 'submitted', '{}')`, [created.rows[0].id]);
    await client.query('insert into report_intake (ip) values ($1)', [ip]);
    await client.query('commit');
  } finally {
    client.release();
  }
}


/**
 * Open311's requests list by hand: the same rows (the last 90 days, newest first, at most 1,000),
 * each with its last public note and the agencies it was routed to, read into this process.
 */
async function rawOpen311Requests(pool) {
  await pool.query({
    name: 'raw-open311-requests',
    text: `select ${LIST_COLUMNS}, b.description, b.original_language, b.evidence_links, b.location_lat, b.location_long, b.address, b.address_id,
             (select e.note from bottleneck_events e where e.bottleneck_id = b.id and e.note is not null order by e.at desc, e.id desc limit 1) as last_note,
             (select string_agg(coalesce(i.name->>'en', i.name->>'fi', i.name->>'et'), '; ' order by a.country) from bottleneck_assignments a join institutions i on i.id = a.institution_id where a.bottleneck_id = b.id) as agencies
           from bottlenecks b where b.status ${PUBLIC_IN} and b.created_at >= now() - interval '90 days'
           order by b.created_at desc, b.id limit 1000`,
  });
}

const LIST_SESSION = '-c plan_cache_mode=force_generic_plan';

/** Words as people type them: a part of a compound, an inflected form, a typo, Estonian, Russian (the seed has none: found nothing, "did you mean" is looked for). */
const EXPANDED = ['kortti', 'verokortin', 'verokotrti', 'maksukaart', 'налоговая карта', 'satamaan', 'tööandjale', 'harbours', 'rekisteröinnin', 'pangakontot'];
let uncached = 0;
/** One of the words, with a word never seen before excluded (so neither the answer nor the search is kept), a domain half the time. */
function expandedSearch(n) {
  const q = `${EXPANDED[n % EXPANDED.length]} -zq${n}x`;
  return `/api/bottlenecks?q=${encodeURIComponent(q)}${n % 2 ? '&domain=legal' : ''}`;
}

let requestCounter = 0;
export const scenarios = [
  {
    name: 'register-search',
    describe: `GET /api/bottlenecks?q=verokortti&domain=legal over ${BOTTLENECKS.toLocaleString('en')} bottlenecks (raw SQL: PG FTS, plain words only)`,
    path: '/api/bottlenecks?q=verokortti&domain=legal',
    target: 'p95 < 30 ms, ≥ 800 req/s, ≥ 0.5 of raw SQL',
    prepare: async ({ dbUrl, serverUrl, serverPid }) => ((measuredServer = { url: serverUrl, pid: serverPid }), await seedRegister(dbUrl), {}),
    raw: (pool) => rawSearch(pool, 'verokortti', 'legal'),
    // The session settings of the server's list queries, so that both sides do the same work.
    rawSessionOptions: LIST_SESSION,
  },
  {
    name: 'register-search-expanded-uncached',
    describe: `searches never answered before: a part of a compound, an inflected form, a typo, Estonian or Russian (${EXPANDED.join(', ')}), each with a word never seen before excluded, the legal domain half the time`,
    path: '/api/bottlenecks?q=kortti',
    target: 'p95 < 30 ms',
    prepare: async ({ dbUrl }) => (await seedRegister(dbUrl), { setupRequest: (request) => ({ ...request, path: expandedSearch(uncached++) }) }),
  },
  {
    name: 'register-browse',
    describe: 'GET /api/bottlenecks?country=EE&sort=supported&offset=40 (no search words)',
    path: '/api/bottlenecks?country=EE&sort=supported&offset=40',
    target: 'p95 < 30 ms, ≥ 800 req/s, ≥ 0.5 of raw SQL',
    prepare: async ({ dbUrl }) => (await seedRegister(dbUrl), {}),
    raw: (pool) => rawBrowse(pool),
    rawSessionOptions: LIST_SESSION,
  },
  // GeoReport v2's default list (published requests of the last 90 days, at most 1,000), as Open311 apps poll it.
  ...['xml', 'json'].map((format) => ({
    name: `open311-requests-${format}`,
    describe: `GET /open311/v2/requests.${format}: GeoReport v2's default list as ${format.toUpperCase()}`,
    path: `/open311/v2/requests.${format}`,
    target: '≥ 0.5 of raw SQL',
    prepare: async ({ dbUrl }) => (await seedRegister(dbUrl), {}),
    raw: (pool) => rawOpen311Requests(pool),
  })),
  {
    name: 'register-intake',
    describe: 'POST /api/bottlenecks, anonymous reports from many addresses (flood control on)',
    path: '/api/bottlenecks',
    method: 'POST',
    target: '≥ 300 accepted reports/s',
    prepare: async () => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Ferry and tram tickets do not combine', description: 'Commuting from Tallinn to Helsinki needs two separate tickets every single day.', language: 'en', domain: 'mobility', topics: ['ferry'], countries: ['FI', 'EE'] }),
      setupRequest: (request) => {
        const n = requestCounter++;
        return { ...request, headers: { ...request.headers, 'content-type': 'application/json', 'x-forwarded-for': `172.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } };
      },
      expectStatus: 201,
    }),
    raw: (pool) => rawIntake(pool),
  },
];

/** Streams the whole public register as CSV while sampling the server's memory. */
export async function measureExport(serverUrl, serverPid) {
  const rss = () => Number(execFileSync('ps', ['-o', 'rss=', '-p', String(serverPid)], { encoding: 'utf8' }).trim()) / 1024;
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
  const started = Date.now();
  const response = await fetch(`${serverUrl}/api/bottlenecks/export.csv`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  clearInterval(sampler);
  return {
    scenario: 'register-export-csv',
    'rows': lines - 1,
    'MB': Number((bytes / 1e6).toFixed(1)),
    'seconds': Number(((Date.now() - started) / 1000).toFixed(2)),
    'RSS before MB': Math.round(before),
    'RSS peak MB': Math.round(peak),
    target: 'streams in constant memory',
  };
}
