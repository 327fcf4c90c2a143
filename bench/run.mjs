#!/usr/bin/env node
// Benchmarks on PostgreSQL: a real server process, driven over loopback by autocannon, and the
// same database work done by raw SQL from this process in the same run, reported as a ratio.
//
//   npm run bench                 every scenario
//   npm run bench -- auth         scenarios whose name contains "auth"
//
// Settings: BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (32).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildServer, SERVER_BUNDLE } from '../scripts/build.mjs';
import { databaseUrl, startPgCluster } from '../scripts/pg-cluster.mjs';
import { scenarios as foundationScenarios } from './scenarios/foundation.mjs';
import { measureEmbeddedStart } from './scenarios/start.mjs';

const DURATION = Number(process.env.BENCH_DURATION || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const filter = process.argv[2] ?? '';

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer(dbUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_BUNDLE, 'serve'], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', TALSINKI_RATE_LIMIT: '0', LOG_LEVEL: 'warn', TALSINKI_DEMO: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench server did not start');
}

/** Drives one endpoint with autocannon; a short warm-up first so JIT and caches settle. */
async function loadHttp(url, headers) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  const failures = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failures };
}

/** The same queries with `CONNECTIONS` concurrent callers on a pool the size of the server's. */
async function loadRawSql(dbUrl, work) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const latencies = [];
  const run = async (until, record) => {
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      await work(pool);
      if (record) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, () => run(Date.now() + 2000, false)));
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, () => run(started + DURATION * 1000, true)));
  const seconds = (Date.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: latencies.length / seconds, p50: pct(50), p99: pct(99) };
}

function row(name, http, raw, target) {
  const ratio = raw ? http.rps / raw.rps : undefined;
  return {
    scenario: name,
    'req/s': Math.round(http.rps),
    'p50 ms': Number(http.p50.toFixed(2)),
    'p99 ms': Number(http.p99.toFixed(2)),
    'raw SQL q/s': raw ? Math.round(raw.rps) : '–',
    'raw p99 ms': raw ? Number(raw.p99.toFixed(2)) : '–',
    'ratio to raw': ratio ? Number(ratio.toFixed(2)) : '–',
    failures: http.failures,
    target: target ?? '',
  };
}

async function main() {
  await buildServer();
  const cluster = await startPgCluster({ tuning: 'bench' });
  const rows = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database talsinki_bench');
    await admin.end();
    const dbUrl = databaseUrl(cluster.url, 'talsinki_bench');
    const server = await startServer(dbUrl);
    try {
      for (const scenario of foundationScenarios) {
        if (!scenario.name.includes(filter)) continue;
        console.log(`\n▶ ${scenario.name}: ${scenario.describe}`);
        const context = await scenario.prepare({ dbUrl, serverUrl: server.url });
        const http = await loadHttp(`${server.url}${scenario.path}`, context.headers ?? {});
        const raw = scenario.raw ? await loadRawSql(dbUrl, (pool) => scenario.raw(pool, context)) : undefined;
        rows.push(row(scenario.name, http, raw, scenario.target));
      }
    } finally {
      await server.stop();
    }
  } finally {
    cluster.stop();
  }
  if ('start'.includes(filter) || filter === '') rows.push(...(await measureEmbeddedStart()));

  console.log(`\nTalsinki benchmarks: ${CONNECTIONS} connections, ${DURATION} s each, PostgreSQL 15 on loopback, ${new Date().toISOString()}`);
  console.table(rows);
  fs.mkdirSync('.bench-output', { recursive: true });
  fs.writeFileSync(path.join('.bench-output', 'latest.json'), JSON.stringify(rows, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
