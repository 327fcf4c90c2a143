// Issue 19's report figure: a closed consultation of 20 sections, 20,000 comments and 2,000
// replies, its report downloaded as XLSX and as PDF from a server that has just started, the body
// read as it comes and dropped. Reported per format: the time to the last byte, the size, the
// server process's peak RSS over the download (sampled from /proc every 20 ms, and the kernel's
// high-water mark), and the same comments read by raw SQL (one query, every row) in the same run
// as a ratio.
import fs from 'node:fs';
import pg from 'pg';

const SECTIONS = 20;
const COMMENTS = 20_000;
const REPLIES = 2_000;
const LIMIT_RSS_MB = 300;
const SLUG = 'bench-consultation-report';
const MB = 2 ** 20;

/** The process's resident set and its high-water mark, in MB, from /proc. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** A closed consultation seeded by SQL as bench/scenarios/consultations.mjs seeds its open one, with a place on one comment in ten. */
async function seed(client) {
  const existing = await client.query('select id from consultations where slug = $1', [SLUG]);
  if (existing.rows[0]) return existing.rows[0].id;
  await client.query('begin');
  const { rows: [consultation] } = await client.query(
    `insert into consultations (ref, slug, title, subject, opens_at, closes_at, commenting, support, moderation, published, is_demo)
     values ('CN-BENCH-REPORT', $1, '{"en": "Bench consultation report", "fi": "Suorituskykytestin raportti"}', 'text', now() - interval '40 days', now() - interval '1 day', 'open', 'open', 'after', true, true)
     returning id`,
    [SLUG],
  );
  const sections = await client.query(
    `insert into consultation_sections (consultation_id, position, kind, title, body)
     select $1, g, case when g = 0 then 'main' else 'part' end, jsonb_build_object('en', 'Section ' || (g + 1), 'fi', 'Osio ' || (g + 1)), '{"en": "Bench text."}'
     from generate_series(0, $2 - 1) g returning id`,
    [consultation.id, SECTIONS],
  );
  const ids = sections.rows.map((r) => r.id);
  await client.query(
    `insert into consultation_comments (consultation_id, section_id, body, language, respondent_key, side, state, support_count, created_at, geometry, min_lon, min_lat, max_lon, max_lat)
     select $1, ($3::uuid[])[1 + g % array_length($3::uuid[], 1)],
            'Bench comment ' || g || ': the ferry timetable and the tunnel study should be read together, and the morning sailings are full on weekdays.',
            (array['fi','et','en','sv','ru'])[1 + g % 5], 'a:bench' || (g % 5000),
            (array['lives_fi','lives_ee','commutes','other','unknown'])[1 + (g / 7) % 5],
            case when g % 97 = 0 then 'rejected' else 'published' end,
            (g * 7919) % 40, now() - interval '39 days' + (g * interval '150 seconds'),
            case when g % 10 = 0 then jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(24.9 + (g % 100) / 1000.0, 60.1 + (g % 50) / 1000.0)) end,
            case when g % 10 = 0 then 24.9 + (g % 100) / 1000.0 end, case when g % 10 = 0 then 60.1 + (g % 50) / 1000.0 end,
            case when g % 10 = 0 then 24.9 + (g % 100) / 1000.0 end, case when g % 10 = 0 then 60.1 + (g % 50) / 1000.0 end
     from generate_series(0, $2 - 1) g`,
    [consultation.id, COMMENTS, ids],
  );
  await client.query(
    `insert into consultation_comments (consultation_id, section_id, parent_id, body, language, respondent_key, side, state, created_at)
     select c.consultation_id, c.section_id, c.id, 'A reply to ' || c.id, c.language, 'a:replier', 'other', 'published', c.created_at + interval '1 hour'
     from (select * from consultation_comments where consultation_id = $1 and parent_id is null and state = 'published' order by created_at desc limit $2) c`,
    [consultation.id, REPLIES],
  );
  await client.query(
    `insert into consultation_comment_counts (section_id, language, side, n, replies)
     select section_id, language, side, count(*) filter (where parent_id is null), count(*) filter (where parent_id is not null)
     from consultation_comments where consultation_id = $1 and state = 'published' group by 1, 2, 3`,
    [consultation.id],
  );
  await client.query('commit');
  await client.query('analyze consultations, consultation_sections, consultation_comments, consultation_comment_counts');
  return consultation.id;
}

/** The same published comments and replies, every row and column the report writes, read by one query. */
async function rawRead(client, consultationId) {
  const started = performance.now();
  const { rowCount } = await client.query(
    `select id, section_id, parent_id, language, side, created_at, support_count, geometry, body from consultation_comments
     where consultation_id = $1 and state = 'published' order by created_at, id`,
    [consultationId],
  );
  return { seconds: (performance.now() - started) / 1000, rows: rowCount };
}

/** One download, its body read and dropped as it comes, while the server's memory is sampled. */
async function download(url, pid) {
  const start = memoryOf(pid);
  let peak = start.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), 20);
  const started = performance.now();
  let bytes = 0;
  let status;
  try {
    const response = await fetch(url);
    status = response.status;
    for await (const chunk of response.body) bytes += chunk.length;
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const end = memoryOf(pid);
  if (status !== 200) throw new Error(`${url}: ${status}`);
  return { seconds, bytes, start, peak: Math.max(peak, end.rss), hwm: end.hwm };
}

/** The report as XLSX, then as PDF, from a server that has just started (`serverPid` is its process). */
export async function measureConsultationReport(serverUrl, serverPid, dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const id = await seed(client);
    const raw = await rawRead(client, id);
    const rows = [];
    for (const ext of ['xlsx', 'pdf']) {
      const got = await download(`${serverUrl}/api/consultations/${SLUG}/report.${ext}?lang=en`, serverPid);
      console.log(
        `  ${ext}: ${(got.bytes / MB).toFixed(1)} MB in ${got.seconds.toFixed(2)} s; server RSS ${got.start.rss.toFixed(0)} MB before, peak ${got.peak.toFixed(0)} MB sampled, high-water mark ${got.hwm.toFixed(0)} MB; raw SQL ${raw.seconds.toFixed(3)} s for ${raw.rows} rows`,
      );
      rows.push({
        scenario: `consultation-report-${ext}`,
        rows: raw.rows,
        MB: Number((got.bytes / MB).toFixed(1)),
        seconds: Number(got.seconds.toFixed(2)),
        'RSS before MB': Math.round(got.start.rss),
        'RSS peak MB': Math.round(got.peak),
        'RSS high-water MB': Math.round(got.hwm),
        'raw SQL s': Number(raw.seconds.toFixed(3)),
        'ratio to raw': Number((got.seconds / raw.seconds).toFixed(1)),
        target: `< ${LIMIT_RSS_MB} MB`,
      });
    }
    return rows;
  } finally {
    await client.end();
  }
}
