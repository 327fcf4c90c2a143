// Issue 5's figures: search over 100,000 datasets through /api/datasets and CKAN's package_search,
// the whole catalogue as DCAT-AP (streamed, server memory sampled), and a harvest of 10,000
// packages from a local CKAN-like portal through `talsinki harvest run`.
import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';
import { SERVER_BUNDLE } from '../../scripts/build.mjs';

const DATASETS = 100_000;
const HARVESTED = 10_000;

// Subjects in Finnish, Estonian and English: 40 of them, so a word matches a few per cent of the catalogue.
const SUBJECTS = [
  ['liikenne', 'liiklus', 'traffic', 'TRAN'], ['joukkoliikenne', 'ühistransport', 'public transport', 'TRAN'], ['pysäköinti', 'parkimine', 'parking', 'TRAN'],
  ['pyöräily', 'jalgrattasõit', 'cycling', 'TRAN'], ['satama', 'sadam', 'port', 'TRAN'], ['väestö', 'rahvastik', 'population', 'SOCI'],
  ['muuttoliike', 'ränne', 'migration', 'SOCI'], ['asuminen', 'eluase', 'housing', 'SOCI'], ['työllisyys', 'tööhõive', 'employment', 'ECON'],
  ['yritykset', 'ettevõtted', 'companies', 'ECON'], ['matkailu', 'turism', 'tourism', 'ECON'], ['verotus', 'maksustamine', 'taxation', 'ECON'],
  ['koulutus', 'haridus', 'education', 'EDUC'], ['koulut', 'koolid', 'schools', 'EDUC'], ['kirjastot', 'raamatukogud', 'libraries', 'EDUC'],
  ['ilmanlaatu', 'õhukvaliteet', 'air quality', 'ENVI'], ['melu', 'müra', 'noise', 'ENVI'], ['vesi', 'vesi', 'water', 'ENVI'],
  ['jätteet', 'jäätmed', 'waste', 'ENVI'], ['luonto', 'loodus', 'nature', 'ENVI'], ['energia', 'energia', 'energy', 'ENER'],
  ['sähkö', 'elekter', 'electricity', 'ENER'], ['terveys', 'tervis', 'health', 'HEAL'], ['sairaalat', 'haiglad', 'hospitals', 'HEAL'],
  ['talous', 'eelarve', 'budget', 'GOVE'], ['vaalit', 'valimised', 'elections', 'GOVE'], ['päätökset', 'otsused', 'decisions', 'GOVE'],
  ['kaavoitus', 'planeerimine', 'zoning', 'REGI'], ['rakennukset', 'hooned', 'buildings', 'REGI'], ['osoitteet', 'aadressid', 'addresses', 'REGI'],
  ['kartat', 'kaardid', 'maps', 'REGI'], ['ilmasto', 'kliima', 'climate', 'ENVI'], ['turvallisuus', 'turvalisus', 'safety', 'JUST'],
  ['rikokset', 'kuriteod', 'crime', 'JUST'], ['kulttuuri', 'kultuur', 'culture', 'EDUC'], ['urheilu', 'sport', 'sports', 'SOCI'],
  ['maatalous', 'põllumajandus', 'agriculture', 'AGRI'], ['kalastus', 'kalapüük', 'fishing', 'AGRI'], ['digipalvelut', 'e-teenused', 'digital services', 'TECH'],
  ['anturit', 'andurid', 'sensors', 'TECH'],
];
const FORMATS = ['CSV', 'JSON', 'XLSX', 'GEOJSON', 'PX', 'WMS_SRVC', 'ZIP', 'XML'];
const REGIONS = ['fi-091', 'fi-049', 'fi-092', 'FI1B1', 'FI', 'ee-0784', 'ee-0890', 'EE001', 'EE'];
const PLACES = ['Helsinki', 'Espoo', 'Vantaa', 'Uusimaa', 'Suomi', 'Tallinn', 'Viimsi', 'Harjumaa', 'Eesti'];
const LICENSES = ['CC_BY_4_0', 'CC_BY_4_0', 'CC_BY_4_0', 'CC0', 'CC_BY_SA_4_0', 'OTHER'];

export async function seedCatalog(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query(`select count(*)::int as n from datasets`)).rows[0].n >= DATASETS) return await benchSearchVectors(client);
    const started = Date.now();
    const sources = [];
    for (const [kind, url, name] of [['ckan', 'https://hri.fi/data', 'HRI (bench)'], ['ckan', 'https://www.avoindata.fi/data', 'avoindata.fi (bench)'], ['estonia', 'https://avaandmed.eesti.ee/api', 'avaandmed (bench)']]) {
      const { rows } = await client.query(`insert into harvest_sources (name, kind, url, schedule, enabled) values ($1, $2, $3, 'daily', false) on conflict (kind, url) do update set name = excluded.name returning id`, [name, kind, url]);
      sources.push(rows[0].id);
    }
    await client.query(
      `insert into datasets (name, title, description, publisher_id, themes, keywords, spatial, license, access_rights, frequency, landing_page, issued, modified,
                             distributions, formats, source_id, source_identifier, created_at, temporal_start, temporal_end)
       select 'bench-' || i,
              jsonb_build_object('fi', initcap(s[1]) || ', ' || p || ' ' || y, 'et', initcap(s[2]) || ', ' || p || ' ' || y, 'en', initcap(s[3]) || ' in ' || p || ' ' || y),
              jsonb_build_object('fi', 'Aineisto kuvaa aihetta ' || s[1] || ' alueella ' || p || ' vuonna ' || y || '. Tiedot päivitetään säännöllisesti ja ne julkaistaan avoimena datana.',
                                 'en', 'The dataset describes ' || s[3] || ' in ' || p || ' in ' || y || '. It is updated regularly and published as open data under an open licence.'),
              (select id from institutions order by slug offset (i % 40) limit 1),
              array[s[4]], jsonb_build_object('fi', jsonb_build_array(s[1]), 'et', jsonb_build_array(s[2]), 'en', jsonb_build_array(s[3])),
              array[r], ($4::text[])[1 + i % 6], 'PUBLIC', 'ANNUAL', 'https://data.example.test/' || i,
              make_date(y, 1, 1) + (i % 300), make_date(y, 1, 1) + (i % 300) + 30,
              jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'title', jsonb_build_object('en', f || ' file'), 'description', null, 'accessUrl', 'https://data.example.test/' || i || '/',
                                   'downloadUrl', 'https://data.example.test/' || i || '.' || lower(f), 'format', f, 'mediaType', null, 'byteSize', 1000 + i, 'license', null, 'accessService', null)),
              array[f], ($5::uuid[])[1 + i % 3], 'bench-' || i, now() - (i || ' seconds')::interval, make_date(y, 1, 1), make_date(y, 12, 31)
       from (select i, ($1::text[])[1 + i % 40] as sj, ($2::text[])[1 + (i / 40) % 9] as r, ($7::text[])[1 + (i / 40) % 9] as p, 2010 + i % 16 as y, ($3::text[])[1 + (i / 7) % 8] as f from generate_series(1, $6) i) g,
            lateral (select string_to_array(sj, '|') as s) ss`,
      [SUBJECTS.map((s) => s.join('|')), REGIONS, FORMATS, LICENSES, sources, DATASETS, PLACES],
    );
    await client.query('analyze datasets');
    console.log(`  seeded ${DATASETS} datasets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await benchSearchVectors(client);
  } finally {
    await client.end();
  }
}

/**
 * The raw-SQL columns' own search: PostgreSQL's full-text search on the same plain words, in a
 * table of the bench's (the app searches in its own index and keeps no search vector since
 * migration 0023): "PG FTS, plain words only": no compound parts, no typos, no Estonian stems.
 */
async function benchSearchVectors(client) {
  if ((await client.query(`select to_regclass('bench_dataset_search') is not null as made`)).rows[0].made) return;
  await client.query(`create table bench_dataset_search as select id, (
      setweight(to_tsvector('finnish', coalesce(title->>'fi', '')), 'A') || setweight(to_tsvector('simple', coalesce(title->>'et', '')), 'A') ||
      setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') || setweight(to_tsvector('finnish', coalesce(keywords->>'fi', '')), 'B') ||
      setweight(to_tsvector('simple', coalesce(keywords->>'et', '')), 'B') || setweight(to_tsvector('english', coalesce(keywords->>'en', '')), 'B') ||
      setweight(to_tsvector('finnish', left(coalesce(description->>'fi', ''), 2000)), 'C') || setweight(to_tsvector('english', left(coalesce(description->>'en', ''), 2000)), 'C')) as search
    from datasets where state = 'active'`);
  await client.query('alter table bench_dataset_search add primary key (id)');
  await client.query('create index bench_dataset_search_idx on bench_dataset_search using gin (search) with (fastupdate = off)');
  await client.query('analyze bench_dataset_search');
}

/**
 * After the bulk seed the running server reads the whole catalogue into its search index once,
 * at its next search (searches wait for it): the figures are of the steady state after that.
 */
async function indexReady(serverUrl) {
  const started = Date.now();
  await (await fetch(`${serverUrl}/api/datasets?q=${encodeURIComponent(`zqready${started}`)}`)).arrayBuffer();
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 1) console.log(`  the server read the catalogue into its search index in ${seconds.toFixed(1)} s`);
}

const SEARCH = "q=liikenne&theme=TRAN";
/** PG FTS, plain words only (bench_dataset_search): what the catalogue's search did in SQL before the search index, for scale. */
const searchSql = `with m as materialized (
    select d.id, ts_rank(b.search, q) as k, d.publisher_id, d.themes, d.formats, d.license, d.source_id, d.spatial
    from bench_dataset_search b join datasets d on d.id = b.id,
      (select websearch_to_tsquery('finnish', $1) || websearch_to_tsquery('english', $1) || websearch_to_tsquery('swedish', $1) || websearch_to_tsquery('simple', $1) as q) w
    where d.state = 'active' and b.search @@ q and d.themes && array['TRAN']::text[])
  select (select array_agg(row_to_json(d)::text) from (select m.id from m order by k desc, id limit 20) p join datasets d on d.id = p.id) as items,
         (select count(*) from m) as total,
         (select json_agg(x) from (select 'theme' f, t v, count(*) from m, unnest(themes) t group by 2 union all select 'format', t, count(*) from m, unnest(formats) t group by 2
                                  union all select 'publisher', publisher_id::text, count(*) from m group by 2 union all select 'license', license, count(*) from m group by 2
                                  union all select 'source', source_id::text, count(*) from m group by 2 union all select 'region', t, count(*) from m, unnest(spatial) t group by 2) x) as facets`;

let uncached = 0;

const WORDS = SUBJECTS.flatMap(([fi, et, en]) => [fi, et, en]);
const FILTERS = ['', '&theme=ENVI', '&format=CSV', '&region=ee-0784'];

const FQS = ['', 'res_format:CSV', 'groups:envi', 'res_format:JSON'];

/** The n-th of a stream of package_search calls that differ as `newSearch` does. */
function newPackageSearch(n, facets = ['organization', 'res_format', 'groups']) {
  const word = WORDS[(n * 7919) % WORDS.length];
  const place = n % 2 ? ` ${PLACES[(n * 31) % PLACES.length]}` : '';
  const fq = FQS[(n >> 1) % FQS.length];
  // Solr's OR is upper case: a lower-case `or` would be a word every match must hold, and find nothing.
  return `q=${encodeURIComponent(`${word}${place} OR zq${n}x`)}${fq ? `&fq=${encodeURIComponent(fq)}` : ''}&rows=10&start=${((n >> 3) % 5) * 10}&facet.field=${encodeURIComponent(JSON.stringify(facets))}`;
}

/**
 * Words the search engine expands (issue 15) over the bench's subjects: parts of compounds
 * (`laatu` of ilmanlaatu, `transport` of ühistransport), inflected forms (`liikenteen`,
 * `sadamate`, `hospital`), and typos of one letter (`liikenen`, `educaton`).
 */
const EXPANDED = [
  'laatu', 'kvaliteet', 'transport', 'teenused', 'majandus', 'palvelut', 'liikenne',
  'liikenteen', 'satamien', 'kouluissa', 'sadamate', 'haiglate', 'hospital', 'library', 'rakennusten', 'elektri',
  'liikenen', 'pysäkönti', 'ilmastto', 'tourims', 'educaton', 'haridsu', 'turvalisus', 'kirjastto',
];

/** The n-th of a stream of expanded searches, each with a word never seen before as an alternative. */
function newExpandedSearch(n) {
  const word = EXPANDED[(n * 7919) % EXPANDED.length];
  const place = n % 2 ? ` ${PLACES[(n * 31) % PLACES.length]}` : '';
  return `q=${encodeURIComponent(`${word}${place} or zq${n}x`)}${FILTERS[(n >> 1) % FILTERS.length]}&offset=${((n >> 3) % 5) * 20}`;
}

/** The n-th of a stream of searches that differ in words, filter and page. */
function newSearch(n) {
  const word = WORDS[(n * 7919) % WORDS.length];
  const place = n % 2 ? ` ${PLACES[(n * 31) % PLACES.length]}` : '';
  return `q=${encodeURIComponent(`${word}${place} or zq${n}x`)}${FILTERS[(n >> 1) % FILTERS.length]}&offset=${((n >> 3) % 5) * 20}`;
}

export const scenarios = [
  {
    name: 'catalog-search',
    describe: `GET /api/datasets?${SEARCH}: a word that matches 2.5 % of ${DATASETS.toLocaleString('en')} datasets and a theme, with six facets (answers kept per catalogue version)`,
    path: `/api/datasets?${SEARCH}`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), {}),
    raw: (pool) => pool.query(searchSql, ['liikenne']),
  },
  {
    name: 'catalog-search-uncached',
    describe: 'searches never answered before: a subject in one of three languages, with a place half the time, a filter (none, theme, format or region), one of the first five pages, and an extra alternative word never seen before, so neither the answer nor that word was ever read',
    path: `/api/datasets?${SEARCH}`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), { setupRequest: (request) => ({ ...request, path: `/api/datasets?${newSearch(uncached++)}` }) }),
    raw: (pool) => pool.query(searchSql, [`liikenne or zq${uncached++}x`]),
  },
  {
    name: 'catalog-search-expanded-uncached',
    describe: 'searches never answered before whose words the engine expands: a part of a compound, an inflected form or a one-letter typo of a subject, with a place half the time, a filter, one of the first five pages, and an alternative word never seen before (its typo variants looked up too)',
    path: '/api/datasets?q=laatu',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), { setupRequest: (request) => ({ ...request, path: `/api/datasets?${newExpandedSearch(uncached++)}` }) }),
    raw: (pool) => pool.query(searchSql, [`${EXPANDED[uncached % EXPANDED.length]} or zq${uncached++}x`]),
  },
  {
    name: 'catalog-search-two-words',
    describe: 'GET /api/datasets?q=liikenne tallinn: two words (0.3 % of the catalogue), made new on every request',
    path: '/api/datasets?q=liikenne%20tallinn',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (
      await seedCatalog(dbUrl),
      await indexReady(serverUrl),
      { setupRequest: (request) => ({ ...request, path: `/api/datasets?q=${encodeURIComponent(`liikenne tallinn -zq${uncached++}x`)}` }) }
    ),
  },
  {
    name: 'catalog-browse',
    describe: 'GET /api/datasets?theme=ENVI&region=ee-0784&offset=40: filters without words (counts and facets kept per catalogue version)',
    path: '/api/datasets?theme=ENVI&region=ee-0784&offset=40',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), {}),
  },
  {
    name: 'catalog-ckan-package-search',
    describe: 'GET /api/3/action/package_search?q=liikenne&fq=res_format:CSV&rows=10&facet.field=["organization","res_format","groups"]',
    path: `/api/3/action/package_search?q=liikenne&fq=res_format:CSV&rows=10&facet.field=${encodeURIComponent('["organization","res_format","groups"]')}`,
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), {}),
  },
  {
    name: 'catalog-ckan-package-search-uncached',
    describe: 'package_search never answered before: words, filter and page vary as in catalog-search-uncached, with an extra word never seen before',
    path: '/api/3/action/package_search?q=liikenne',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), { setupRequest: (request) => ({ ...request, path: `/api/3/action/package_search?${newPackageSearch(uncached++)}` }) }),
  },
  {
    name: 'catalog-ckan-tags-facet-uncached',
    describe: 'package_search never answered before, as above, asking for the tags facet too (counted by the search index beside the other facets)',
    path: '/api/3/action/package_search?q=liikenne',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => (await seedCatalog(dbUrl), await indexReady(serverUrl), { setupRequest: (request) => ({ ...request, path: `/api/3/action/package_search?${newPackageSearch(uncached++, ['organization', 'res_format', 'groups', 'tags'])}` }) }),
  },
  {
    name: 'catalog-ckan-harvester-page',
    describe: "ckanext-harvest's incremental gather, never answered before: package_search?rows=100&start=…&sort=id asc&fq=organization:a OR organization:b metadata_modified:[since TO *] (an OR and a range: read as SQL, ordered by id)",
    path: '/api/3/action/package_search?rows=100',
    target: 'p95 < 100 ms, ≥ 0.5 of raw SQL',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedCatalog(dbUrl);
      await indexReady(serverUrl);
      harvested.slugs = await publisherSlugs(dbUrl);
      return { setupRequest: (request) => ({ ...request, path: `/api/3/action/package_search?${harvesterPage(harvested.n++)}` }) };
    },
    raw: (pool) => rawHarvesterPage(pool, harvested.raw++),
  },
];

/** The harvester's pages: each asks from a different time (a second apart) and page, so none was answered before. */
const harvested = { n: 0, raw: 0, slugs: [] };
const harvesterSince = (n) => new Date(Date.now() - 86_400_000 * 30 - n * 1000).toISOString().replace('Z', '000');

async function publisherSlugs(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`select i.slug from institutions i where exists (select 1 from datasets d where d.publisher_id = i.id) order by i.slug limit 2`);
    return rows.map((row) => row.slug);
  } finally {
    await client.end();
  }
}

function harvesterPage(n) {
  const fq = `${harvested.slugs.map((slug) => `organization:${slug}`).join(' OR ')} metadata_modified:[${harvesterSince(n)}Z TO *]`;
  return new URLSearchParams({ rows: '100', start: String((n % 10) * 100), sort: 'id asc', fq }).toString();
}

/**
 * The same page by hand: the matching datasets' rows by id, and their count. The same matches as
 * the server's: beside the required range, the `OR`ed organisations are optional clauses under
 * CKAN's `q.op=AND`, which restrict nothing (Lucene's reading, and so CKAN's).
 */
async function rawHarvesterPage(pool, n) {
  await pool.query({
    name: 'raw-harvester-page',
    text: `select (select count(*) from datasets d where d.state = 'active' and d.updated_at >= $1::timestamptz) as total,
                  (select json_agg(p) from (select d.* from datasets d where d.state = 'active' and d.updated_at >= $1::timestamptz order by d.id limit 100 offset $2) p) as page`,
    values: [`${harvesterSince(n)}Z`, (n % 10) * 100],
  });
}

function rssOf(pid) {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** The whole catalogue as DCAT-AP, with the server's memory sampled while it streams (after searches loaded its index). */
export async function measureDcatExport(serverUrl, serverPid, dbUrl) {
  await seedCatalog(dbUrl);
  // The server has just started: it reads the catalogue into its search index once it listens,
  // and a search waits for that, so the first search's time is the load's (to within the health poll).
  const rssAtStart = rssOf(serverPid);
  const loading = Date.now();
  await (await fetch(`${serverUrl}/api/datasets?q=satama`)).arrayBuffer();
  const loadSeconds = (Date.now() - loading) / 1000;
  const loadRow = { scenario: 'catalog-search-index-load', datasets: DATASETS, seconds: Number(loadSeconds.toFixed(1)), 'RSS before MB': Math.round(rssAtStart), 'RSS peak MB': Math.round(rssOf(serverPid)), target: 'RSS after load; DCAT server < 300 MB' };
  // A server that has answered searches holds its search index: memory is measured with it.
  for (let n = 0; n < 200; n++) await (await fetch(`${serverUrl}/api/datasets?${newSearch(n)}`)).arrayBuffer();
  const rows = [loadRow];
  for (const extension of ['ttl', 'jsonld', 'rdf']) {
    const before = rssOf(serverPid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(serverPid))), 50);
    const started = Date.now();
    const response = await fetch(`${serverUrl}/catalog.${extension}`);
    let bytes = 0;
    let datasets = 0;
    const marker = extension === 'ttl' ? 'dcat:Dataset' : extension === 'jsonld' ? '"dcat:Dataset"' : 'ns/dcat#Dataset';
    let tail = '';
    for await (const chunk of response.body) {
      bytes += chunk.length;
      const text = tail + Buffer.from(chunk).toString('utf8');
      datasets += text.split(marker).length - 1;
      tail = text.slice(-marker.length);
    }
    clearInterval(sampler);
    rows.push({
      scenario: `catalog-dcat-export-${extension}`,
      datasets,
      MB: Number((bytes / 1e6).toFixed(1)),
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      'RSS before MB': Math.round(before),
      'RSS peak MB': Math.round(peak),
      target: 'constant memory, server < 300 MB',
    });
  }
  return rows;
}

/** `talsinki harvest run ckan <url>` against a local CKAN-like portal holding 10,000 packages. */
export async function measureHarvest(dbUrl) {
  const { startCkanPortal } = await tsImport('../../src/server/features/harvest/test/portals.ts', import.meta.url);
  const portal = await startCkanPortal({ count: HARVESTED });
  try {
    const started = Date.now();
    const output = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [SERVER_BUNDLE, 'harvest', 'run', 'ckan', portal.url], { env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.0/8' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`harvest exited ${code}: ${text}`))));
    });
    const seconds = (Date.now() - started) / 1000;
    const counts = /(\w+): (\d+) seen, (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) withdrawn, (\d+) failed/.exec(output);
    const again = Date.now();
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [SERVER_BUNDLE, 'harvest', 'run', 'ckan', portal.url], { env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.0/8' }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`second harvest exited ${code}`))));
    });
    return [
      { scenario: 'catalog-harvest-ckan-10k', state: counts?.[1], created: Number(counts?.[3]), failed: Number(counts?.[7]), seconds: Number(seconds.toFixed(1)), 'per second': Math.round(HARVESTED / seconds), target: '< 60 s' },
      { scenario: 'catalog-harvest-ckan-10k-again', state: 'unchanged', seconds: Number(((Date.now() - again) / 1000).toFixed(1)), target: 'incremental: nothing rewritten' },
    ];
  } finally {
    await portal.close();
  }
}
