// Prints query plans on the benchmark's data: `node bench/explain.mjs` (keeps nothing afterwards).
import pg from 'pg';
import { databaseUrl, startPgCluster } from '../scripts/pg-cluster.mjs';
import { seedRegister } from './scenarios/register.mjs';
import { execFileSync } from 'node:child_process';

const cluster = await startPgCluster({ tuning: 'bench' });
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database explain_bench');
  await admin.end();
  const url = databaseUrl(cluster.url, 'explain_bench');
  execFileSync(process.execPath, ['bin/talsinki.mjs', 'migrate'], { env: { ...process.env, DATABASE_URL: url, TALSINKI_DEMO: '0' }, stdio: 'inherit' });
  await seedRegister(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (process.env.VACUUM) await client.query('vacuum analyze');
  for (const sql of process.argv.slice(2)) {
    const { rows } = await client.query(`explain (analyze, buffers) ${sql}`);
    console.log(`\n${sql}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await client.end();
} finally {
  cluster.stop();
}
