// Issue 17's import figure: a 2,000-row XLSX of new actions (200 themes of nine actions, each
// after its elder sibling, three institutions each) imported through POST /api/actions/import,
// checked first (?dryRun=1) and then written, against inserting the same rows by raw SQL in one
// transaction. Then the whole plan exported as XLSX and checked again: every row unchanged.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import pg from 'pg';

const THEMES = 200;
const PER_THEME = 9;
const ROWS = THEMES * (PER_THEME + 1);
const COLUMNS = ['ref', 'parent_ref', 'title_fi', 'title_en', 'description_en', 'domain', 'starts_on', 'ends_on', 'weight', 'progress', 'raci', 'lead', 'depends_on'];
const DOMAINS = ['mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration'];

/** An editor's session in the bench database: the cookie and CSRF header a browser would send. */
async function editorSession(client) {
  const email = `bench-import-${randomUUID().slice(0, 8)}@example.test`;
  const user = await client.query(`insert into users (email, display_name, password_hash, role) values ($1, 'Bench importer', '$argon2id$bench', 'editor') returning id`, [email]);
  const token = randomBytes(32).toString('base64url');
  const id = createHash('sha256').update(token).digest('hex');
  await client.query(`insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, 'csrf', now() + interval '1 day')`, [id, user.rows[0].id]);
  return { cookie: `talsinki_session=${token}`, 'x-csrf-token': 'csrf' };
}

/** The file's rows: themes first in the file's order of each theme, as a planner would write them. */
function planRows(slugs) {
  const rows = [];
  for (let t = 0; t < THEMES; t++) {
    const raci = (k) => `${slugs[k % slugs.length]}:A;${slugs[(k + 1) % slugs.length]}:R;${slugs[(k + 2) % slugs.length]}:C`;
    const year = 2027 + (t % 4);
    rows.push([`t-${t}`, null, `Teema ${t}`, `Bench import theme ${t}`, 'A theme of the imported bench plan.', DOMAINS[t % 6], `${year}-01-01`, `${year}-12-31`, 1, null, raci(t), slugs[t % slugs.length], null]);
    for (let a = 0; a < PER_THEME; a++) {
      const month = String(a + 1).padStart(2, '0');
      rows.push([`a-${t}-${a}`, `t-${t}`, `Toimenpide ${t}.${a}`, `Bench import action ${t}.${a}`, 'An action of the imported bench plan.', DOMAINS[t % 6], `${year}-${month}-01`, `${year}-${month}-28`, 1 + (a % 3), (a * 11) % 101, raci(t + a), slugs[(t + a) % slugs.length], a ? `a-${t}-${a - 1}` : null]);
    }
  }
  return rows;
}

async function workbook(rows) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Action plan');
  sheet.addRow(COLUMNS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function post(serverUrl, headers, file, dryRun) {
  const form = new FormData();
  form.set('file', new Blob([file]), 'plan.xlsx');
  const started = performance.now();
  const response = await fetch(`${serverUrl}/api/actions/import${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', headers, body: form });
  const body = await response.json();
  const seconds = (performance.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`import answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { seconds, report: body };
}

/** The same new actions, their RACI, dependencies and timeline entries, inserted by hand in one transaction (rolled back). */
async function rawInsert(client, rows, ids) {
  const started = performance.now();
  await client.query('begin');
  const key = new Map(rows.map((r, i) => [r[0], ids[i]]));
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const values = [];
    const params = [];
    part.forEach((r, j) => {
      const n = i + j;
      const p = params.length;
      params.push(ids[n], `AC-2089-${String(n).padStart(5, '0')}`, r[1] ? key.get(r[1]) : null, n, JSON.stringify({ fi: r[2], en: r[3] }), JSON.stringify({ en: r[4] }), r[5], r[6], r[7], r[8], r[9] ?? 0);
      values.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, $${p + 10}, $${p + 11})`);
    });
    await client.query(`insert into actions (id, ref, parent_id, position, title, description, domain, starts_on, ends_on, weight, progress) values ${values.join(',')}`, params);
  }
  const slugIds = new Map((await client.query('select slug, id from institutions')).rows.map((r) => [r.slug, r.id]));
  const raci = rows.flatMap((r, n) => r[10].split(';').map((pair) => pair.split(':')).map(([slug, role]) => [ids[n], slugIds.get(slug), role, slug === r[11]]));
  for (let i = 0; i < raci.length; i += 2000) {
    const part = raci.slice(i, i + 2000);
    await client.query(`insert into action_raci (action_id, institution_id, role, is_lead) values ${part.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(',')}`, part.flat());
  }
  const dependencies = rows.flatMap((r, n) => (r[12] ? [[key.get(r[12]), ids[n]]] : []));
  await client.query(`insert into action_dependencies (predecessor_id, successor_id) values ${dependencies.map((_, j) => `($${j * 2 + 1}, $${j * 2 + 2})`).join(',')}`, dependencies.flat());
  await client.query(`insert into action_events (action_id, kind, to_value) select unnest($1::uuid[]), 'created', 'planned'`, [ids]);
  const seconds = (performance.now() - started) / 1000;
  await client.query('rollback');
  return seconds;
}

export async function measureImport(serverUrl, dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const slugs = (await client.query('select slug from institutions order by slug')).rows.map((r) => r.slug);
    if (slugs.length < 3) throw new Error('the bench database has no institutions');
    const headers = await editorSession(client);
    const rows = planRows(slugs);
    const file = await workbook(rows);
    const before = Number((await client.query('select count(*) from actions')).rows[0].count);
    const check = await post(serverUrl, headers, file, true);
    const write = await post(serverUrl, headers, file, false);
    const after = Number((await client.query('select count(*) from actions')).rows[0].count);
    if (after - before !== ROWS || write.report.created !== ROWS) throw new Error(`imported ${after - before} actions, expected ${ROWS}`);
    const raw = await rawInsert(client, rows, rows.map(() => randomUUID()));
    const exported = Buffer.from(await (await fetch(`${serverUrl}/api/actions/export.xlsx`, { headers })).arrayBuffer());
    const again = await post(serverUrl, headers, exported, true);
    if (again.report.unchanged !== after) throw new Error(`the plan's own export is not unchanged: ${JSON.stringify({ ...again.report, results: undefined })}`);
    const row = (scenario, seconds, extra = {}) => ({ scenario, rows: ROWS, seconds: Number(seconds.toFixed(2)), ...extra });
    console.log(`  ${ROWS}-row XLSX, ${(file.length / 1024).toFixed(0)} KiB; the plan's own export ${after} rows, ${(exported.length / 1024).toFixed(0)} KiB`);
    return [
      row('actions-import-check', check.seconds, { target: '' }),
      row('actions-import-write', write.seconds, { 'raw SQL s': Number(raw.toFixed(2)), 'ratio to raw': Number((write.seconds / raw).toFixed(1)), target: '< 5 s' }),
      { scenario: 'actions-import-export-again (check)', rows: after, seconds: Number(again.seconds.toFixed(2)), target: 'all unchanged' },
    ];
  } finally {
    await client.end();
  }
}
