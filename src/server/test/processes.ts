import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../db/connection.ts';
import { createTestDatabase, TEST_DB, writeMigratedPgliteFolder } from './harness.ts';
import { untilListening } from './listening.ts';
import { freePort } from '../../../scripts/net.mjs';

/**
 * Real `talsinki` processes on a real database, for the tests of what only a process shows:
 * a kill, two instances, the command line. A demo they load has two days of sensor observations,
 * not `npm start`'s year (sta.demo.test.ts checks the seeding; the benchmark times the year).
 */

/** `talsinki` as `npm start` runs it: the server bundled in this run (server-bundle.ts). */
export const BIN = inject('serverBundle');
/** `talsinki` as `npx talsinki` runs it: the sources through tsx. */
export const SOURCE_BIN = path.resolve('bin/talsinki.mjs');

/** A database a spawned `talsinki` works on: a data folder for PGlite, a URL for PostgreSQL. */
export interface Target {
  env: Record<string, string>;
  /** Opens the database in this process (PGlite: only while no server has the folder open). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

/**
 * A migrated database, as a first start leaves it; `empty`: one without even the migrations (on
 * PGlite an absent folder, which the first `talsinki` made to use it creates).
 */
export async function makeTarget(prefix = 'talsinki-target-', { empty = false } = {}): Promise<Target> {
  if (TEST_DB === 'pglite') {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const dir = path.join(base, 'data');
    if (!empty) await writeMigratedPgliteFolder(dir);
    return {
      env: { TALSINKI_DATA_DIR: dir },
      async withDb(fn) {
        const db = await openPglite(dir);
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      },
      dispose: async () => fs.rmSync(base, { recursive: true, force: true }),
    };
  }
  if (empty) return emptyPostgres();
  const database = await createTestDatabase();
  return {
    env: { DATABASE_URL: database.url! },
    withDb: (fn) => fn(database.db),
    dispose: () => database.drop(),
  };
}

export function runCli(args: string[], env: Record<string, string>, stdin = '', bin = BIN) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, TALSINKI_DEMO: '0', TALSINKI_DEMO_SENSOR_DAYS: '2', TALSINKI_MQTT_PORT: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * Starts `talsinki args` and presses Ctrl-C once `reached` settles (the command is where the test
 * wants it: a fake server it asked holds the answer); the exit code and all it wrote. Rejects
 * when the command ends before.
 */
export async function interruptCli(args: string[], env: Record<string, string>, reached: Promise<unknown>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TALSINKI_DEMO: '0', TALSINKI_DEMO_SENSOR_DAYS: '2', TALSINKI_MQTT_PORT: '0', ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await Promise.race([reached, exited.then(() => Promise.reject(new Error(`exited before it was interrupted:\n${output}`)))]);
  child.kill('SIGINT');
  return { code: await exited, output };
}

export interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code, or the signal's name, once the process is gone. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | string | null>;
}

const started: ChildProcess[] = [];

/** Kills whatever a test left running (call from afterEach/afterAll). */
export function killServers() {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts `talsinki serve` and resolves once it prints that it runs (rejects if it exits first). */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), TALSINKI_DEMO: '0', TALSINKI_DEMO_SENSOR_DAYS: '2', LOG_LEVEL: 'warn', TALSINKI_RATE_LIMIT: '0', TALSINKI_MQTT_PORT: '0', TALSINKI_HARVEST_WORKER: '0', TALSINKI_STATISTICS_WORKER: '0', ...env },
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  await untilListening(child);
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The session cookie and CSRF token of a log-in over HTTP. */
export async function httpLogin(baseUrl: string, email: string, password: string, clientAddress = '10.200.0.1') {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`log-in failed: ${response.status} ${await response.text()}`);
  const cookie = /talsinki_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  const body = (await response.json()) as { csrfToken: string; id: string };
  return { cookie, csrf: body.csrfToken, userId: body.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

async function emptyPostgres(): Promise<Target> {
  const clusterUrl = inject('pgUrl');
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: clusterUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 2);
  return {
    env: { DATABASE_URL: url.toString() },
    withDb: (fn) => fn(db),
    async dispose() {
      await db.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}
