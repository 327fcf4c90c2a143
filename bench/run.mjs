#!/usr/bin/env node
// Benchmarks on PostgreSQL: a real server process, driven over loopback by autocannon, and the
// same database work done by raw SQL from this process in the same run, reported as a ratio.
//
//   npm run bench                 every scenario
//   npm run bench -- auth         scenarios whose name contains "auth"
//
// Settings: BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (32),
// BENCH_PROFILE=1 (the server's CPU profile into .bench-output/), BENCH_DATABASE_URL (a database
// kept between runs, so a scenario's seed is loaded once while its read is worked on).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildServer, buildWeb, SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../scripts/build.mjs';
import { databaseUrl, startPgCluster } from '../scripts/pg-cluster.mjs';
import { scenarios as foundationScenarios } from './scenarios/foundation.mjs';
import { indexLoad as registerIndexLoad, measureExport, scenarios as registerScenarios } from './scenarios/register.mjs';
import { measureEmbeddedStart } from './scenarios/start.mjs';
import { scenarios as dialogueScenarios } from './scenarios/dialogues.mjs';
import { measureDcatExport, measureHarvest, scenarios as catalogScenarios } from './scenarios/catalog.mjs';
import { scenarios as searchScenarios } from './scenarios/search.mjs';
import { scenarios as actionScenarios } from './scenarios/actions.mjs';
import { scenarios as indicatorScenarios } from './scenarios/indicators.mjs';
import { scenarios as consultationScenarios } from './scenarios/consultations.mjs';
import { measureGanttPage } from './scenarios/gantt-page.mjs';
import { measureIndicatorPage } from './scenarios/indicator-page.mjs';
import { measureImport as measureActionsImport } from './scenarios/actions-import.mjs';
import { measureStatisticsImport } from './scenarios/statistics-import.mjs';
import { measureConsultationReport } from './scenarios/consultation-report.mjs';
import { measureStaIngest } from './scenarios/sta-ingest.mjs';
import { measureStaIngestMqtt } from './scenarios/sta-ingest-mqtt.mjs';
import { staReadScenarios } from './scenarios/sta-reads.mjs';
import { freePort } from '../scripts/net.mjs';
import { hasWrk, loadWithWrk } from './wrk.mjs';

const DURATION = Number(process.env.BENCH_DURATION || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const filter = process.argv[2] ?? '';


async function startServer(dbUrl, env = {}) {
  const port = await freePort();
  // BENCH_PROFILE=1 writes the server's CPU profile to .bench-output/ when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.bench-output'] : [];
  // Started as `npm start` starts it, with the same flags.
  const child = spawn(process.execPath, [...profile, ...SERVER_NODE_FLAGS, SERVER_BUNDLE, 'serve'], {
    // Trusting X-Forwarded-For lets the intake benchmark speak for many reporters' addresses.
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', TALSINKI_RATE_LIMIT: '0', LOG_LEVEL: 'warn', TALSINKI_DEMO: '0', TALSINKI_TRUST_PROXY: '1', TALSINKI_MQTT_PORT: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, pid: child.pid, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench server did not start');
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/**
 * Drives one endpoint with autocannon after a short warm-up, keeping every response time so
 * that p95 is exact (autocannon's own summary stops at p90 and p97.5).
 */
async function loadHttp(url, { headers = {}, method = 'GET', body, setupRequest, expectStatus = 200 } = {}) {
  // autocannon calls setupRequest only for requests given in `requests`.
  const options = setupRequest
    ? { url, connections: CONNECTIONS, requests: [{ method, headers, body, setupRequest }] }
    : { url, connections: CONNECTIONS, headers, method, body };
  await autocannon({ ...options, duration: 2 });
  const times = [];
  const wrong = new Map();
  const job = autocannon({ ...options, duration: DURATION });
  job.on('response', (_client, status, _bytes, time) => {
    times.push(time);
    if (status !== expectStatus) wrong.set(status, (wrong.get(status) ?? 0) + 1);
  });
  const result = await job;
  if (wrong.size) console.log(`  unexpected statuses: ${JSON.stringify(Object.fromEntries(wrong))}`);
  const wrongStatus = [...wrong.values()].reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  return { rps: times.length / DURATION, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), failures: wrongStatus + result.errors + result.timeouts };
}

/** The same queries with `CONNECTIONS` concurrent callers on a pool the size of the server's. */
async function loadRawSql(dbUrl, work, options) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10, options });
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
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/** A scenario's load: by wrk when it asks (answers of megabytes) and wrk is installed, else by autocannon. */
async function loadScenario(url, scenario, context) {
  if (scenario.client === 'wrk') {
    if (hasWrk()) return loadWithWrk(url, { headers: context.headers, connections: CONNECTIONS, seconds: DURATION });
    console.log('  wrk is not installed (apt-get install wrk): measured by autocannon, whose own parsing of the body dominates');
  }
  return loadHttp(url, { ...context, method: scenario.method ?? 'GET' });
}

function row(name, http, raw, target) {
  const ratio = raw ? http.rps / raw.rps : undefined;
  return {
    scenario: name,
    'req/s': Math.round(http.rps),
    'p50 ms': Number(http.p50.toFixed(2)),
    'p95 ms': Number(http.p95.toFixed(2)),
    'p99 ms': Number(http.p99.toFixed(2)),
    'raw SQL q/s': raw ? Math.round(raw.rps) : '–',
    'raw p95 ms': raw ? Number(raw.p95.toFixed(2)) : '–',
    'ratio to raw': ratio ? Number(ratio.toFixed(2)) : '–',
    failures: http.failures,
    target: target ?? '',
  };
}

async function main() {
  await buildServer();
  // The Gantt page's figure is taken in a browser: the server serves the web app as `npm start` builds it.
  if ('gantt-page'.includes(filter) || 'indicator-page'.includes(filter) || filter === '') buildWeb();
  const kept = process.env.BENCH_DATABASE_URL;
  const cluster = kept ? { stop: () => {} } : await startPgCluster({ tuning: 'bench' });
  const rows = [];
  try {
    if (!kept) {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('create database talsinki_bench');
      await admin.end();
    }
    const dbUrl = kept ?? databaseUrl(cluster.url, 'talsinki_bench');
    // Its statistics worker is off: an import is run by the server the import scenario starts, whose memory it measures.
    const server = await startServer(dbUrl, { TALSINKI_STATISTICS_WORKER: '0' });
    try {
      for (const scenario of [...foundationScenarios, ...registerScenarios, ...dialogueScenarios, ...catalogScenarios, ...searchScenarios, ...actionScenarios, ...indicatorScenarios, ...consultationScenarios, ...staReadScenarios]) {
        if (!scenario.name.includes(filter)) continue;
        console.log(`\n▶ ${scenario.name}: ${scenario.describe}`);
        const context = await scenario.prepare({ dbUrl, serverUrl: server.url, serverPid: server.pid });
        // Work the scenario says goes on meanwhile (comments posted while a page is read), for the raw SQL too.
        const stopBackground = scenario.background ? scenario.background({ dbUrl, serverUrl: server.url }) : null;
        let http, raw;
        try {
          http = await loadScenario(`${server.url}${scenario.path}`, scenario, context);
          raw = scenario.raw ? await loadRawSql(dbUrl, (pool) => scenario.raw(pool, context), scenario.rawSessionOptions) : undefined;
        } finally {
          await stopBackground?.();
        }
        rows.push(row(scenario.name, http, raw, scenario.target));
      }
      // Set when a register scenario seeded the register: how long its search index took to read it.
      if (registerIndexLoad) rows.push(registerIndexLoad);
      if ('register-export-csv'.includes(filter) || filter === '') {
        console.log('\n▶ register-export-csv: the whole public register as CSV');
        rows.push(await measureExport(server.url, server.pid));
      }
      if ('catalog-dcat-export'.includes(filter) || filter === '') {
        console.log('\n▶ catalog-dcat-export: the whole catalogue as DCAT-AP, streamed by a server that has just started');
        // A server of its own, so the figure is the export's memory, not what the load tests left behind.
        const fresh = await startServer(dbUrl);
        try {
          rows.push(...(await measureDcatExport(fresh.url, fresh.pid, dbUrl)));
        } finally {
          await fresh.stop();
        }
      }
      if ('gantt-page'.includes(filter) || filter === '') {
        console.log('\n▶ gantt-page: /actions/roadmap with ~500 bars in Chromium, navigation start to interactive');
        rows.push(await measureGanttPage(server.url, dbUrl));
      }
      if ('indicator-page'.includes(filter) || filter === '') {
        console.log('\n▶ indicator-page: /indicators/{id} with 30 regions × 120 months in Chromium, navigation start to drawn');
        rows.push(await measureIndicatorPage(server.url, dbUrl));
      }
      if ('actions-import'.includes(filter) || filter === '') {
        console.log('\n▶ actions-import: a 2,000-row XLSX of new actions through POST /api/actions/import, checked, then written');
        rows.push(...(await measureActionsImport(server.url, dbUrl)));
      }
      if ('statistics-import'.includes(filter) || filter === '') {
        console.log('\n▶ statistics-import: a 1,000,000-cell PC-Axis file through POST /api/statistics/files to a server that has just started, until its run ends');
        // A server of its own, so its memory is the import's, not what the load tests left behind.
        const fresh = await startServer(dbUrl);
        try {
          rows.push(...(await measureStatisticsImport(fresh.url, fresh.pid, dbUrl)));
        } finally {
          await fresh.stop();
        }
      }
      if ('consultation-report'.includes(filter) || filter === '') {
        console.log('\n▶ consultation-report: a closed consultation of 20 sections and 20,000 comments, its report as XLSX and PDF from a server that has just started');
        // A server of its own, so its memory is the report's, not what the load tests left behind.
        const fresh = await startServer(dbUrl);
        try {
          rows.push(...(await measureConsultationReport(fresh.url, fresh.pid, dbUrl)));
        } finally {
          await fresh.stop();
        }
      }
      if ('sta-ingest'.includes(filter) || filter === '') {
        console.log('\n▶ sta-ingest: SensorThings CreateObservations, 4 clients × data arrays of 1,000 rows for a minute, to a server that has just started');
        const fresh = await startServer(dbUrl);
        try {
          rows.push(...(await measureStaIngest(fresh.url, fresh.pid, dbUrl)));
        } finally {
          await fresh.stop();
        }
      }
      if ('sta-ingest-mqtt'.includes(filter) || filter === '') {
        console.log('\n▶ sta-ingest-mqtt: SensorThings Observations published over MQTT (TCP), 4 clients, QoS 1 then QoS 0, to a server that has just started');
        const mqttPort = await freePort();
        const fresh = await startServer(dbUrl, { TALSINKI_MQTT_PORT: String(mqttPort) });
        try {
          rows.push(...(await measureStaIngestMqtt(fresh.url, fresh.pid, dbUrl, mqttPort)));
        } finally {
          await fresh.stop();
        }
      }
      if ('catalog-harvest'.includes(filter) || filter === '') {
        console.log('\n▶ catalog-harvest: talsinki harvest run ckan, 10,000 packages from a local CKAN-like portal');
        rows.push(...(await measureHarvest(dbUrl)));
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
