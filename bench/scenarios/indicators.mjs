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
    const { count } = (await client.query(`select sum(array_length(figures, 1))::int as count from stat_series s join stat_vintages v on v.id = s.vintage_id where v.content_hash = 'bench'`)).rows[0];
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

export const scenarios = [
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
