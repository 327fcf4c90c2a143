import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { gunzipSync } from 'fflate';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockPgliteDataDir, PGLITE_LOCK_FILE, pgliteDataDirExists, pgliteStartParams } from './connection.ts';

/**
 * `talsinki backup <file>` and `talsinki restore <file>`: the whole database in one file.
 * PostgreSQL: `pg_dump` in its custom format without owners, restored with `pg_restore` in one
 * transaction into an empty database. PGlite: its data folder as a gzipped tarball
 * (`dumpDataDir`), restored with `loadDataDir` into a new folder. Either way a restore that
 * cannot read the whole file stops with an error and leaves the target as it was.
 */

export class BackupError extends Error {}

export interface RestoreOptions {
  /** Replace what the target database holds (otherwise a non-empty one is refused). */
  force?: boolean;
}

/** PostgreSQL's client programs: TALSINKI_PG_BIN, Debian's PostgreSQL 15, else the PATH. */
function pgProgram(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs = [process.env.TALSINKI_PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean) as string[];
  for (const dir of dirs) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

function runProgram(name: 'pg_dump' | 'pg_restore' | 'psql', args: string[]) {
  const program = pgProgram(name);
  const result = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new BackupError(`${name} could not be run (${program}): ${result.error.message}; install PostgreSQL's client programs or set TALSINKI_PG_BIN`);
  if (result.status !== 0) throw new BackupError(`${name} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

/** Writes beside the target and renames, so a failed backup never leaves a file that looks whole. */
function writeAtomically(file: string, write: (temporary: string) => void | Promise<void>) {
  const temporary = `${file}.${process.pid}.partial`;
  return (async () => {
    try {
      await write(temporary);
      fs.renameSync(temporary, file);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  })();
}

export async function backup(config: Config, file: string): Promise<string> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    await writeAtomically(target, (temporary) => {
      runProgram('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${temporary}`, `--dbname=${url}`]);
    });
    return `Backed up the PostgreSQL database to ${target} (${fs.statSync(target).size} bytes).`;
  }
  if (!pgliteDataDirExists(config.dataDir)) throw new BackupError(`there is no embedded database in ${config.dataDir}`);
  // Refuses while a server has the folder open; holds it while the copy is made.
  const unlock = lockPgliteDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create({ dataDir: config.dataDir, extensions: { pg_trgm }, startParams: pgliteStartParams(config.pgliteSharedBuffers) });
    try {
      // A checkpoint first, so the copy needs no recovery to open.
      await pglite.exec('checkpoint');
      const tarball = await pglite.dumpDataDir('gzip');
      const bytes = new Uint8Array(await tarball.arrayBuffer());
      await writeAtomically(target, (temporary) => fs.writeFileSync(temporary, bytes));
    } finally {
      await pglite.close();
    }
  } finally {
    unlock();
  }
  return `Backed up the embedded database in ${config.dataDir} to ${target} (${fs.statSync(target).size} bytes).`;
}

export async function restore(config: Config, file: string, options: RestoreOptions = {}): Promise<string> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`no such file: ${source}`);
  return config.databaseUrl ? restorePostgres(config.databaseUrl, source, options) : restorePglite(config, source, options);
}

// ---- PostgreSQL ----

async function tablesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'",
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

async function restorePostgres(url: string, source: string, options: RestoreOptions): Promise<string> {
  // Reads the archive's table of contents first: a file that is not a whole dump stops here.
  const contents = runProgram('pg_restore', ['--list', source]);
  if (!/TABLE DATA public schema_migrations/.test(contents)) throw new BackupError(`${source} is not a Talsinki backup (no schema_migrations table in it)`);
  const tables = await tablesIn(url);
  if (tables > 0 && !options.force) {
    throw new BackupError(`the database already has ${tables} table${tables === 1 ? '' : 's'}; restore into an empty database (createdb), or add --force to replace its contents`);
  }
  // One transaction: a file cut short, or any statement that fails, restores nothing.
  if (!options.force) {
    runProgram('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, source]);
    return `Restored ${source} into the PostgreSQL database.`;
  }
  // Replacing: pg_restore's --clean cannot drop a partition's inherited constraints (the SensorThings
  // observations are partitioned), so the schema is emptied and the dump replayed by psql, both in
  // one transaction: if anything fails, the old contents stay.
  const script = path.join(os.tmpdir(), `talsinki-restore-${process.pid}-${Date.now()}.sql`);
  try {
    runProgram('pg_restore', ['--no-owner', '--no-privileges', '--file', script, source]);
    runProgram('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set', 'ON_ERROR_STOP=1', `--dbname=${url}`, '--command', 'drop schema public cascade', '--command', 'create schema public', '--file', script]);
  } finally {
    fs.rmSync(script, { force: true });
  }
  return `Restored ${source} into the PostgreSQL database, replacing what it held.`;
}

// ---- PGlite ----

/** The names in a tar archive (ustar headers of 512 bytes), throwing when the archive is cut short. */
function tarNames(tar: Uint8Array): string[] {
  const names: string[] = [];
  const text = (from: number, length: number) => new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0[\s\S]*$/, '');
  let at = 0;
  while (at + 512 <= tar.length) {
    if (tar.subarray(at, at + 512).every((b) => b === 0)) return names;
    const name = text(at, 100);
    const prefix = text(at + 345, 155);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    if (!name || Number.isNaN(size)) throw new BackupError('the archive is damaged');
    names.push(prefix ? `${prefix}/${name}` : name);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  if (at > tar.length || names.length === 0) throw new BackupError('the archive is cut short');
  return names;
}

function readTarball(source: string): Buffer<ArrayBuffer> {
  const bytes = fs.readFileSync(source) as Buffer<ArrayBuffer>;
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes);
  } catch (error) {
    throw new BackupError(`${source} is not a whole gzipped tarball: ${(error as Error).message}`);
  }
  let names: string[];
  try {
    names = tarNames(tar);
  } catch (error) {
    throw new BackupError(`${source}: ${(error as Error).message}`);
  }
  if (!names.some((name) => /(^|\/)PG_VERSION$/.test(name))) throw new BackupError(`${source} is not a backup of an embedded database (no PG_VERSION in it)`);
  return bytes;
}

async function restorePglite(config: Config, source: string, options: RestoreOptions): Promise<string> {
  const dataDir = config.dataDir;
  const tarball = readTarball(source);
  const exists = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
  if (exists && !options.force) throw new BackupError(`${dataDir} is not empty; restore into a new folder (TALSINKI_DATA_DIR), or add --force to replace it`);
  // Refuses while a server has the folder open, and keeps others out until the restore is done.
  const unlock = exists ? lockPgliteDataDir(dataDir) : () => {};
  // Restored beside the target and checked there; the target is replaced only then.
  const staging = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const unlockStaging = lockPgliteDataDir(staging);
    try {
      const pglite = await PGlite.create({
        dataDir: staging,
        loadDataDir: new Blob([tarball]),
        extensions: { pg_trgm },
        startParams: pgliteStartParams(config.pgliteSharedBuffers),
      });
      try {
        const { rows } = await pglite.query<{ n: number }>('select count(*)::int as n from schema_migrations');
        if (!rows[0] || rows[0].n < 1) throw new BackupError(`${source} holds no Talsinki database`);
      } finally {
        await pglite.close();
      }
    } finally {
      unlockStaging();
    }
    // A lock copied with the files names the process that made the backup, not one using it.
    fs.rmSync(path.join(staging, PGLITE_LOCK_FILE), { force: true });
    if (exists) {
      const old = `${dataDir}.replaced-${process.pid}`;
      fs.renameSync(dataDir, old);
      fs.renameSync(staging, dataDir);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      fs.renameSync(staging, dataDir);
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`restoring ${source} failed, nothing was changed: ${(error as Error).message}`);
  } finally {
    unlock();
  }
  return `Restored ${source} into the embedded database in ${dataDir}.`;
}
