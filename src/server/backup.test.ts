import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './test/harness.ts';
import { httpLogin, killServers, makeTarget, runCli, startServer, type Target } from './test/processes.ts';

/** `talsinki backup` and `talsinki restore`, through the command line, on real databases. */

const EDITOR = { email: 'editor@backup.example', password: 'an editor password' };
const DATASET = {
  name: 'ferry-passengers-backup',
  title: { en: 'Ferry passengers between Helsinki and Tallinn', fi: 'Lauttamatkustajat' },
  description: { en: 'Monthly passengers on the ferry lines between Helsinki and Tallinn.' },
  themes: ['TRAN'],
  keywords: { en: ['ferries'] },
  spatial: ['fi-091'],
  license: 'CC_BY_4_0',
  accessRights: 'PUBLIC',
  frequency: 'MONTHLY',
  distributions: [{ title: { en: 'CSV file' }, accessUrl: 'https://data.example.test/ferries/', downloadUrl: 'https://data.example.test/ferries.csv', format: 'CSV', mediaType: 'text/csv' }],
};

let source: Target;
let restored: Target;
let files: string;
afterEach(killServers);
beforeAll(async () => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-backups-'));
  [source, restored] = [await makeTarget('talsinki-backup-from-'), await makeTarget('talsinki-backup-to-', { empty: true })];
});
afterAll(async () => {
  await source?.dispose();
  await restored?.dispose();
  fs.rmSync(files, { recursive: true, force: true });
});

/** What a target holds, table by table (PGlite: only while no server has it open). */
const tableCounts = (target: Target) =>
  target.withDb(async (db) => {
    const { rows } = await sql<{ users: number; bottlenecks: number; datasets: number; sessions: number; migrations: number }>`
      select (select count(*) from users)::int as users, (select count(*) from bottlenecks)::int as bottlenecks,
             (select count(*) from datasets)::int as datasets, (select count(*) from sessions)::int as sessions,
             (select count(*) from schema_migrations)::int as migrations`.execute(db.kysely);
    return rows[0];
  });

/** Whether restoring left the target as empty as it was: no tables (PostgreSQL), no folder (PGlite). */
async function isUntouched(target: Target) {
  if (TEST_DB === 'pglite') return !fs.existsSync(target.env.TALSINKI_DATA_DIR);
  return target.withDb(async (db) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(db.kysely);
    return rows[0].n === 0;
  });
}

describe(`talsinki backup and restore (${TEST_DB})`, () => {
  it('round trip: accounts, a report and a dataset come back, and log-in works on the restored database', { timeout: 180_000 }, async () => {
    const added = await runCli(['user', 'add', '--email', EDITOR.email, '--role', 'editor'], source.env, `${EDITOR.password}\n`);
    expect(added.code, added.stderr).toBe(0);
    let server = await startServer(source.env);
    const editor = await httpLogin(server.url, EDITOR.email, EDITOR.password);
    const report = await fetch(`${server.url}/api/bottlenecks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Pension rights do not add up across the gulf', description: 'Years worked in Tallinn are not counted by the Finnish pension office.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] }),
    });
    expect(report.status).toBe(201);
    const bottleneck = (await report.json()) as { id: string; ref: string };
    const created = await fetch(`${server.url}/api/datasets`, { method: 'POST', headers: { ...editor.headers, 'content-type': 'application/json' }, body: JSON.stringify(DATASET) });
    expect(created.status, await created.clone().text()).toBe(201);
    const dataset = (await created.json()) as { id: string };

    const file = path.join(files, TEST_DB === 'pglite' ? 'talsinki.tar.gz' : 'talsinki.dump');
    if (TEST_DB === 'pglite') {
      // The embedded database is one process's: no copy while the server has it open.
      const refused = await runCli(['backup', file], source.env);
      expect(refused.stderr).toMatch(new RegExp(`in use by process ${server.child.pid}`));
      expect(refused.code).toBe(1);
      expect(fs.existsSync(file)).toBe(false);
      expect(await server.stop()).toBe(0);
    }
    // PostgreSQL is backed up while the server runs.
    const backedUp = await runCli(['backup', file], source.env);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(/^Backed up .* to .* \(\d+ bytes\)\.\n$/);
    if (TEST_DB === 'postgres') expect(await server.stop()).toBe(0);
    const before = await tableCounts(source);
    expect(before).toMatchObject({ bottlenecks: 1, datasets: 1 });

    // An empty file and files cut short (in the table of contents, in the last data) are refused
    // loudly, and leave the target as it was.
    const whole = fs.readFileSync(file);
    const brokenFiles = [
      ['empty', whole.subarray(0, 0)],
      ['half', whole.subarray(0, Math.floor(whole.length / 2))],
      ['tail', whole.subarray(0, whole.length - 100)],
    ].map(([name, bytes]) => {
      const at = path.join(files, name as string);
      fs.writeFileSync(at, bytes as Buffer);
      return at;
    });
    for (const broken of brokenFiles) {
      const result = await runCli(['restore', broken], restored.env);
      expect(result.code, `${broken}: ${result.stdout}`).toBe(1);
      expect(result.stderr).toMatch(/^talsinki: .+/);
      expect(await isUntouched(restored), broken).toBe(true);
    }

    const restoring = await runCli(['restore', file], restored.env);
    expect(restoring.stderr).toBe('');
    expect(restoring.code).toBe(0);
    expect(restoring.stdout).toMatch(/^Restored /);
    expect(await tableCounts(restored)).toEqual(before);

    // A database that holds something is not overwritten unless asked.
    const again = await runCli(['restore', file], restored.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--force/);

    server = await startServer(restored.env);
    const signedIn = await httpLogin(server.url, EDITOR.email, EDITOR.password, '10.200.0.2');
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: signedIn.cookie } });
    expect(((await me.json()) as { email: string }).email).toBe(EDITOR.email);
    // The session made before the backup is in it too.
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: editor.cookie } })).status).toBe(200);
    const seen = await fetch(`${server.url}/api/bottlenecks/${bottleneck.id}`, { headers: { cookie: signedIn.cookie } });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { ref: string }).ref).toBe(bottleneck.ref);
    const found = await fetch(`${server.url}/api/datasets/${dataset.id}`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { name: string }).name).toBe(DATASET.name);
    // Writing goes on where the backup ended: the next report takes the next reference.
    const next = await fetch(`${server.url}/api/bottlenecks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Second report after the restore', description: 'The reference counter came back with the data, so no number repeats.', language: 'en', domain: 'mobility', countries: ['EE'] }),
    });
    expect(next.status).toBe(201);
    expect(((await next.json()) as { ref: string }).ref).toBe(bottleneck.ref.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(n.length, '0')));
    expect(await server.stop()).toBe(0);

    // --force replaces what the target holds with the backup.
    const forced = await runCli(['restore', '--force', file], restored.env);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(await tableCounts(restored)).toEqual(before);
  });
});
