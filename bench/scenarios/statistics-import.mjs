// Issue 18's import figure: a generated PC-Axis file of 1,000,000 cells (250 areas × 4 series ×
// 1000 months, one cell in 91 missing as "..", the generator of the reader's tests) uploaded by an
// administrator through POST /api/statistics/files to a server that has just started, its run
// polled until it ends. Reported: the time from the upload's start to the run's end, the server
// process's peak RSS over that time (sampled from /proc, and the kernel's high-water mark), the
// rows written, and the same rows written by raw SQL (one INSERT … SELECT over generate_series,
// rolled back) in the same run as a ratio.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';

const LIMIT_SECONDS = 15;
const LIMIT_RSS_MB = 300;
const MB = 2 ** 20;

/** An administrator's session in the bench database: the cookie and CSRF header a browser would send. */
async function adminSession(client) {
  const email = `bench-stat-admin-${randomUUID().slice(0, 8)}@example.test`;
  const user = await client.query(`insert into users (email, display_name, password_hash, role) values ($1, 'Bench statistician', '$argon2id$bench', 'admin') returning id`, [email]);
  const token = randomBytes(32).toString('base64url');
  const id = createHash('sha256').update(token).digest('hex');
  await client.query(`insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, 'csrf', now() + interval '1 day')`, [id, user.rows[0].id]);
  return { cookie: `talsinki_session=${token}`, 'x-csrf-token': 'csrf' };
}

/** The process's resident set and its high-water mark, in MB, from /proc. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function bigFile() {
  const { bigPxFile } = await tsImport('../../src/server/features/statistics/test/pxFiles.ts', import.meta.url);
  return Buffer.concat([...bigPxFile()]);
}

/** Polls the run until it ends (each poll waits for the answer, then the next frame of 50 ms). */
async function waitForRun(serverUrl, location, headers) {
  for (;;) {
    const response = await fetch(`${serverUrl}${location}`, { headers });
    const run = await response.json();
    if (response.status !== 200) throw new Error(`${location}: ${response.status} ${JSON.stringify(run).slice(0, 300)}`);
    if (!['queued', 'running'].includes(run.state)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The same 1,000 series of 1,000 figures (and their symbols) written by hand into a vintage of their own, rolled back. */
async function rawInsert(client, tableId) {
  const started = performance.now();
  await client.query('begin');
  const vintage = await client.query(
    `insert into stat_vintages (table_id, metadata, time_dimension, periods, content_hash, cells, requests)
     select table_id, metadata, time_dimension, periods, 'raw', cells, requests from stat_vintages where table_id = $1 limit 1 returning id`,
    [tableId],
  );
  const { rowCount } = await client.query(
    `insert into stat_series (vintage_id, series_key, codes, figures, statuses)
     select $1, json_build_array('Alue ' || r, 'Sarja ' || s)::text, jsonb_build_object('Alue', 'Alue ' || r, 'Sarja', 'Sarja ' || s),
            array(select case when ((r * 4 + s) * 1000 + t) % 91 = 0 then null else (((r * 4 + s) * 1000 + t)::bigint * 7919 % 100000) / 100.0 end::float8 from generate_series(0, 999) t order by t),
            (select jsonb_object_agg(t::text, '..') from generate_series(0, 999) t where ((r * 4 + s) * 1000 + t) % 91 = 0)
     from generate_series(0, 249) r cross join generate_series(0, 3) s`,
    [vintage.rows[0].id],
  );
  const seconds = (performance.now() - started) / 1000;
  await client.query('rollback');
  return { seconds, rows: rowCount };
}

/** One upload of the file to a server that has just started (`serverPid` is its process). */
export async function measureStatisticsImport(serverUrl, serverPid, dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const headers = await adminSession(client);
    const file = await bigFile();
    const start = memoryOf(serverPid);
    let peak = start.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(serverPid).rss)), 20);
    const started = performance.now();
    let run;
    let uploaded;
    try {
      const form = new FormData();
      form.set('file', new Blob([file]), 'bench-1m.px');
      form.set('name', `Bench 1M cells ${randomUUID().slice(0, 8)}`);
      form.set('language', 'fi');
      const response = await fetch(`${serverUrl}/api/statistics/files`, { method: 'POST', headers, body: form });
      const accepted = await response.json();
      if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${JSON.stringify(accepted).slice(0, 500)}`);
      uploaded = (performance.now() - started) / 1000;
      run = await waitForRun(serverUrl, response.headers.get('location'), headers);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const end = memoryOf(serverPid);
    peak = Math.max(peak, end.rss);
    if (run.state !== 'succeeded') throw new Error(`the run ended ${run.state}: ${JSON.stringify(run).slice(0, 800)}`);
    const written = (
      await client.query(
        `select v.table_id, count(*)::int as rows, sum(array_length(s.figures, 1))::int as cells
         from stat_runs r join stat_vintages v on v.run_id = r.id join stat_series s on s.vintage_id = v.id where r.id = $1 group by v.table_id`,
        [run.id],
      )
    ).rows[0];
    const raw = await rawInsert(client, written.table_id);
    console.log(`  ${(file.length / MB).toFixed(1)} MB file: uploaded in ${uploaded.toFixed(2)} s, run done at ${seconds.toFixed(2)} s; ${written.rows} series rows, ${written.cells} cells`);
    console.log(`  server RSS ${start.rss.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB sampled, high-water mark ${end.hwm.toFixed(0)} MB; raw SQL ${raw.seconds.toFixed(2)} s for ${raw.rows} rows`);
    return [
      {
        scenario: 'statistics-import-px-1m',
        rows: written.rows,
        cells: written.cells,
        seconds: Number(seconds.toFixed(2)),
        'RSS before MB': Math.round(start.rss),
        'RSS peak MB': Math.round(Math.max(peak, end.hwm)),
        'raw SQL s': Number(raw.seconds.toFixed(2)),
        'ratio to raw': Number((seconds / raw.seconds).toFixed(1)),
        target: `< ${LIMIT_SECONDS} s, < ${LIMIT_RSS_MB} MB`,
      },
    ];
  } finally {
    await client.end();
  }
}
