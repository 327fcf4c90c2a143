// Issue 18's figure for publishing: an indicator of over 100,000 values — both sides' regions
// (44: the two NUTS 3 regions and their 42 municipalities) × 20 age groups × 120 months — read as
// JSON-stat 2.0, as a client that publishes it reads it, and as the indicator page's JSON.
import pg from 'pg';

export const BENCH_INDICATOR = 'bench-population-by-age';
const MONTHS = Array.from({ length: 120 }, (_, i) => `${2015 + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`);
const AGES = Array.from({ length: 20 }, (_, i) => `A${String(i * 5).padStart(2, '0')}`);

/** A vintage's metadata as the store keeps it (the cube without its cells). */
function metadataOf(id, regions, ages) {
  const dimension = (code, role, codes) => ({ code, label: { en: code }, role, values: codes.map((value) => ({ code: value, label: { en: value } })) });
  const kept = ages.length ? [dimension('age', null, ages)] : [];
  return { id, title: { en: `Bench ${id}` }, languages: ['en'], dimensions: [dimension('region', 'geo', regions), ...kept, dimension('time', 'time', MONTHS)], notes: [] };
}

async function seedSide(client, side, regions, ages = AGES, prefix = 'bench') {
  const source = await client.query(`insert into stat_sources (name, kind, url, table_ref, demo) values ($1, 'pxweb', $2, $3, true) returning id`, [`Bench ${prefix} ${side}`, `https://bench.example.test/${prefix}/${side}`, `${prefix}-${side}`]);
  const table = await client.query(`insert into stat_tables (source_id, external_id, title, languages) values ($1, $2, '{"en":"Bench"}', '{en}') returning id`, [source.rows[0].id, `${prefix}-${side}`]);
  const cells = regions.length * Math.max(1, ages.length) * MONTHS.length;
  const vintage = await client.query(
    `insert into stat_vintages (table_id, metadata, time_dimension, periods, content_hash, cells, requests)
     values ($1, $2, 'time', $3, 'bench', $4, '[{"method":"POST","url":"https://bench.example.test/"}]') returning id`,
    [table.rows[0].id, JSON.stringify(metadataOf(`${prefix}-${side}`, regions, ages)), MONTHS, cells],
  );
  // Figures along time for each region and age group; every 97th cell missing with the office's symbol.
  await client.query(
    `insert into stat_series (vintage_id, series_key, codes, figures, statuses)
     select $1, case when $4 then json_build_array(r.code, a.code) else json_build_array(r.code) end::text,
            case when $4 then jsonb_build_object('region', r.code, 'age', a.code) else jsonb_build_object('region', r.code) end,
            array(select case when (r.n * 31 + a.n * 7 + t) % 97 = 0 then null else round((1000 + r.n * 50 + a.n * 3 + t * 0.7 + sin(t) * 12)::numeric, 1)::float8 end from generate_series(1, ${MONTHS.length}) t order by t),
            case when (r.n + a.n) % 11 = 0 then '{"0": "p"}'::jsonb end
     from unnest($2::text[]) with ordinality r(code, n) cross join unnest($3::text[]) with ordinality a(code, n)`,
    [vintage.rows[0].id, regions, ages.length ? ages : ['all'], ages.length > 0],
  );
  await client.query('update stat_tables set current_vintage_id = $1 where id = $2', [vintage.rows[0].id, table.rows[0].id]);
  return { tableId: table.rows[0].id, vintageId: vintage.rows[0].id };
}

export async function seedIndicator(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query('select 1 from indicators where slug = $1', [BENCH_INDICATOR])).rowCount) return;
    const started = Date.now();
    await client.query('begin');
    const regions = (await client.query(`select code, country from stat_regions where level >= 3 order by code`)).rows;
    const codes = (country) => regions.filter((r) => r.country === country).map((r) => r.code);
    const fi = await seedSide(client, 'FI', codes('FI'));
    const ee = await seedSide(client, 'EE', codes('EE'));
    const indicator = await client.query(
      `insert into indicators (slug, name, unit, frequency, decimals, demo) values ($1, '{"en":"Bench: population by age group"}', '{"en":"persons"}', 'M', 1, true) returning id`,
      [BENCH_INDICATOR],
    );
    for (const [position, side, table, list] of [[0, 'FI', fi, codes('FI')], [1, 'EE', ee, codes('EE')]]) {
      await client.query(
        `insert into indicator_series (indicator_id, side, table_id, region_dimension, region_map, kept, position) values ($1, $2, $3, 'region', $4, '{age}', $5)`,
        [indicator.rows[0].id, side, table.tableId, JSON.stringify(Object.fromEntries(list.map((code) => [code, code]))), position],
      );
    }
    await client.query('commit');
    await client.query('analyze');
    const { count } = (
      await client.query(
        `select sum(array_length(figures, 1))::int as count from stat_series s join stat_tables t on t.current_vintage_id = s.vintage_id join indicator_series d on d.table_id = t.id where d.indicator_id = $1`,
        [indicator.rows[0].id],
      )
    ).rows[0];
    console.log(`  seeded an indicator of ${count} values (${regions.length} regions × ${AGES.length} age groups × ${MONTHS.length} months) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

/** What the server reads for the indicator when nothing is kept: its row, its series definitions with their vintages, and every series. */
async function rawIndicator(pool) {
  const indicator = await pool.query(`select i.*, p.slug as per_capita_slug from indicators i left join indicators p on p.id = i.per_capita_of where i.slug = $1`, [BENCH_INDICATOR]);
  const definitions = await pool.query(
    `select s.*, t.external_id, v.id as vintage_id, v.periods, v.metadata, v.requests, v.retrieved_at
     from indicator_series s join stat_tables t on t.id = s.table_id left join stat_vintages v on v.id = t.current_vintage_id
     where s.indicator_id = $1 order by s.position`,
    [indicator.rows[0].id],
  );
  await Promise.all(definitions.rows.map((d) => pool.query(`select codes, figures, statuses from stat_series where vintage_id = $1 order by series_key`, [d.vintage_id])));
}

/** Cold reads: the statistics version moved just before each, so the server reads and writes the indicator again. */
async function coldReads(dbUrl, serverUrl, path) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const times = [];
  try {
    for (let i = 0; i < 10; i++) {
      await client.query('update statistics_version set version = version + 1');
      const started = process.hrtime.bigint();
      const response = await fetch(`${serverUrl}${path}`);
      const body = await response.text();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
      if (i === 0) console.log(`  ${path}: ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB`);
    }
  } finally {
    await client.end();
  }
  times.sort((a, b) => a - b);
  console.log(`  cold (version moved before each): median ${times[5].toFixed(1)} ms, worst ${times[9].toFixed(1)} ms over 10 reads`);
}

export const LIST_INDICATORS = 200;
const LIST_TABLES = 20;

/**
 * The list's figure: 200 published indicators over 20 pairs of tables (30 regions × 120 months
 * each, 15 a side), every tenth keeping an age dimension of five groups as well, and some
 * indicators of only one side: what a page of the list reads is its indicators' definitions and
 * each side's largest region's series.
 */
export async function seedIndicatorList(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query(`select 1 from indicators where slug = 'bench-list-000'`)).rowCount) return;
    const started = Date.now();
    await client.query('begin');
    const regions = (await client.query(`select code, country from stat_regions where level >= 3 order by level, code`)).rows;
    const codes = (country) => regions.filter((r) => r.country === country).slice(0, 15).map((r) => r.code);
    const tables = [];
    for (let k = 0; k < LIST_TABLES; k++) {
      const ages = k % 10 === 0 ? AGES.slice(0, 5) : [];
      tables.push({ ages, FI: await seedSide(client, 'FI', codes('FI'), ages, `list-${k}`), EE: await seedSide(client, 'EE', codes('EE'), ages, `list-${k}`) });
    }
    for (let n = 0; n < LIST_INDICATORS; n++) {
      const table = tables[n % LIST_TABLES];
      const slug = `bench-list-${String(n).padStart(3, '0')}`;
      const indicator = await client.query(
        `insert into indicators (slug, name, unit, frequency, decimals, domain, demo) values ($1, $2, '{"en":"persons"}', 'M', 1, $3, true) returning id`,
        [slug, JSON.stringify({ en: `Bench list indicator ${n}`, fi: `Vertailuindikaattori ${n}` }), ['mobility', 'legal', 'education', 'integration'][n % 4]],
      );
      const sides = n % 7 === 0 ? ['FI'] : ['FI', 'EE'];
      for (const [position, side] of sides.entries()) {
        const list = codes(side);
        await client.query(
          `insert into indicator_series (indicator_id, side, table_id, region_dimension, region_map, kept, position) values ($1, $2, $3, 'region', $4, $5, $6)`,
          [indicator.rows[0].id, side, table[side].tableId, JSON.stringify(Object.fromEntries(list.map((code) => [code, code]))), table.ages.length ? ['age'] : [], position],
        );
      }
    }
    await client.query('commit');
    await client.query('analyze');
    console.log(`  seeded ${LIST_INDICATORS} indicators over ${LIST_TABLES} pairs of tables in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

/** What the server reads for a page of 100 of the list, by hand: the count, the page, its definitions, each side's largest series. */
async function rawList(pool) {
  const [, page] = await Promise.all([
    pool.query(`select count(*)::int as total from indicators i where i.published`),
    pool.query(`select i.id, i.slug, i.name, i.unit, i.domain, i.frequency, i.decimals, i.headline_position, i.demo from indicators i where i.published order by i.name->>'en', i.slug limit 100`),
  ]);
  const ids = page.rows.map((row) => row.id);
  await Promise.all([
    pool.query(
      `select s.indicator_id, src.name as source_name, v.id as vintage_id, v.retrieved_at, v.periods
       from indicator_series s join stat_tables t on t.id = s.table_id join stat_sources src on src.id = t.source_id left join stat_vintages v on v.id = t.current_vintage_id
       where s.indicator_id = any($1) order by s.indicator_id, s.position, s.id`,
      [ids],
    ),
    pool.query(
      `with definitions as (
         select d.id, d.indicator_id, d.side, d.scale, d.position, d.fixed, d.region_dimension, d.region_map, d.region_code, t.current_vintage_id as vintage_id
         from indicator_series d join stat_tables t on t.id = d.table_id
         where d.indicator_id = any($1) and cardinality(d.kept) = 0
       ), series as materialized (
         select d.id, d.indicator_id, d.side, d.scale, d.position, d.vintage_id, s.series_key,
                case when d.region_dimension is null then d.region_code else d.region_map ->> (s.codes ->> d.region_dimension) end as region
         from definitions d join stat_series s on s.vintage_id = d.vintage_id and s.codes @> d.fixed
       ), candidates as (
         select distinct on (c.indicator_id, c.side) c.* from series c left join stat_regions g on g.code = c.region
         where c.region is not null order by c.indicator_id, c.side, coalesce(g.level, 99), c.position, c.id, c.series_key
       )
       select c.indicator_id, c.side, c.region, g.name as region_name, c.scale, c.vintage_id, s.figures
       from candidates c join stat_series s on s.vintage_id = c.vintage_id and s.series_key = c.series_key left join stat_regions g on g.code = c.region`,
      [ids],
    ),
  ]);
}

export const scenarios = [
  {
    name: 'indicators-list',
    describe: `GET /api/indicators?limit=100: a page of 100 of ${LIST_INDICATORS} indicators (20 pairs of tables, 30 regions × 120 months), each with each side's newest figure and 24-month trend`,
    path: '/api/indicators?limit=100',
    target: 'p95 < 50 ms',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedIndicatorList(dbUrl);
      const started = performance.now();
      const response = await fetch(`${serverUrl}/api/indicators?limit=100`);
      const body = await response.json();
      if (response.status !== 200 || body.items.length !== 100) throw new Error(`the list answered ${response.status} with ${body.items?.length} items`);
      console.log(`  first answer: ${(performance.now() - started).toFixed(0)} ms, ${(JSON.stringify(body).length / 1024).toFixed(0)} KiB, ${body.total} indicators`);
      return {};
    },
    raw: (pool) => rawList(pool),
  },
  {
    name: 'indicators-jsonstat',
    describe: `GET /api/indicators/${BENCH_INDICATOR}.json: JSON-stat 2.0 of 105,600 values (44 regions × 20 age groups × 120 months)`,
    path: `/api/indicators/${BENCH_INDICATOR}.json?lang=en`,
    target: 'p95 < 50 ms',
    client: 'wrk',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedIndicator(dbUrl);
      await coldReads(dbUrl, serverUrl, `/api/indicators/${BENCH_INDICATOR}.json?lang=en`);
      return {};
    },
    raw: (pool) => rawIndicator(pool),
  },
  {
    name: 'indicators-jsonstat-gzip',
    describe: `GET /api/indicators/${BENCH_INDICATOR}.json with Accept-Encoding: gzip`,
    path: `/api/indicators/${BENCH_INDICATOR}.json?lang=en`,
    target: 'p95 < 50 ms',
    client: 'wrk',
    prepare: async ({ dbUrl }) => (await seedIndicator(dbUrl), { headers: { 'accept-encoding': 'gzip' } }),
    raw: (pool) => rawIndicator(pool),
  },
  {
    name: 'indicators-detail',
    describe: `GET /api/indicators/${BENCH_INDICATOR}: the page's JSON of the same 105,600 values`,
    path: `/api/indicators/${BENCH_INDICATOR}`,
    target: 'p95 < 50 ms',
    client: 'wrk',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedIndicator(dbUrl);
      await coldReads(dbUrl, serverUrl, `/api/indicators/${BENCH_INDICATOR}`);
      return {};
    },
    raw: (pool) => rawIndicator(pool),
  },
];

export const PAGE_INDICATOR = 'bench-monthly-30-regions';

/** Ten years of monthly figures for 30 regions (15 a side), no other dimension: the page's figure. */
export async function seedPageIndicator(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    if ((await client.query('select 1 from indicators where slug = $1', [PAGE_INDICATOR])).rowCount) return;
    await client.query('begin');
    const regions = (await client.query(`select code, country from stat_regions where level >= 3 order by level, code`)).rows;
    const codes = (country) => regions.filter((r) => r.country === country).slice(0, 15).map((r) => r.code);
    const indicator = await client.query(
      `insert into indicators (slug, name, unit, frequency, decimals, demo) values ($1, '{"en":"Bench: a monthly figure for 30 regions"}', '{"en":"persons"}', 'M', 1, true) returning id`,
      [PAGE_INDICATOR],
    );
    for (const [position, side] of [[0, 'FI'], [1, 'EE']]) {
      const list = codes(side);
      const { tableId } = await seedSide(client, side, list, [], 'page');
      await client.query(
        `insert into indicator_series (indicator_id, side, table_id, region_dimension, region_map, position) values ($1, $2, $3, 'region', $4, $5)`,
        [indicator.rows[0].id, side, tableId, JSON.stringify(Object.fromEntries(list.map((code) => [code, code]))), position],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}
