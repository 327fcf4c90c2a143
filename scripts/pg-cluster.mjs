// A throwaway PostgreSQL 15 cluster on loopback for tests and benchmarks: initdb into a
// temporary folder, start on a free port, and remove everything on stop.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.mjs';

export const PG_BIN = process.env.TALSINKI_PG_BIN || '/usr/lib/postgresql/15/bin';


/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
function asPostgres(command, args) {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command, args, options = {}) {
  const [cmd, argv] = asPostgres(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Starts a cluster tuned for throwaway use (no fsync: nothing here must survive a crash).
 * Returns the superuser URL and a stop() that removes the cluster.
 */
export async function startPgCluster({ tuning = 'test' } = {}) {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed at ${PG_BIN} (Debian: apt-get install postgresql-15)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  fs.chmodSync(dir, 0o700);
  run(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    tuning === 'bench' ? '-c shared_buffers=1GB' : '-c shared_buffers=128MB',
  ].join(' ');
  run(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url, port, dir, stop };
}

/** The URL of another database on the same cluster. */
export function databaseUrl(clusterUrl, name) {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
