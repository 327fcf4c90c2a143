import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { parseTimestamptz } from './timestamps.ts';
import type { QueryBuilder, Tables } from './tables.ts';
import { DEFAULT_POOL_SIZE, type Config } from '../config.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** A single connection for work that Kysely does not model: multi-statement scripts, locks. */
export interface RawClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
}

/** One database: its Kysely query builders, a raw connection for scripts, and its life cycle. */
export interface Database {
  kind: DatabaseKind;
  /** The query builder for every query but the lists below. */
  kysely: QueryBuilder;
  /**
   * For list and search queries built so that one plan fits every value: whatever decides the
   * plan (statuses, domain, country, topic) is written as a literal, only values that do not
   * (search words, ids, paging) are parameters. Its sessions keep one generic plan per query
   * shape instead of planning each request anew, which was two thirds of a register page's
   * database time. Anything else uses `kysely`.
   */
  genericPlans: QueryBuilder;
  withClient<T>(fn: (client: RawClient) => Promise<T>): Promise<T>;
  /** Resolves when the database answers `select 1` within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * Which database a query builder reaches, as a number unique in this process and never reused: the
 * key under which what is read from it is kept in memory (`lib/cache.ts`). A database's `kysely`
 * and `genericPlans` share one; a builder made elsewhere (a transaction, `withSchema`) has its own,
 * so nothing read inside a transaction that may yet roll back is kept under the database's name.
 */
export function databaseIdentity(db: QueryBuilder): number {
  let identity = identities.get(db);
  if (identity === undefined) identities.set(db, (identity = ++lastIdentity));
  return identity;
}

/** Gives a new database's query builders their one identity. */
function identify(database: Database): Database {
  const identity = ++lastIdentity;
  identities.set(database.kysely, identity);
  identities.set(database.genericPlans, identity);
  return database;
}

// bigint counts fit in a double; PGlite already gives numbers, so both back ends agree.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Kysely's queries as named prepared statements: each connection plans a query shape once and
 * PostgreSQL may then reuse the plan, which saves more than a millisecond per search. Statements
 * without parameters (scripts, DDL) keep the simple protocol.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `k${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      if (names.size < 5000) names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: ((text: string, values: unknown[]) =>
          values?.length ? client.query({ name: nameOf(text), text, values }) : client.query(text)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

function newPool(url: string, poolSize: number, options?: string) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, options });
  // A dropped connection must not crash the process; the next query reports the failure.
  pool.on('error', () => {});
  return pool;
}

export async function openPostgres(url: string, poolSize = DEFAULT_POOL_SIZE): Promise<Database> {
  const pool = newPool(url, poolSize);
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const genericPlans = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(newPool(url, poolSize, '-c plan_cache_mode=force_generic_plan')) }) });
  let closed = false;
  return identify({
    kind: 'postgres',
    kysely,
    genericPlans,
    async withClient(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => ({ rows: (await client.query(sql, params as unknown[])).rows }),
          exec: async (script) => {
            await client.query(script);
          },
        });
      } finally {
        client.release();
      }
    },
    ping: (timeoutMs = 2000) => withTimeout(pool.query('select 1').then(() => undefined), timeoutMs, 'PostgreSQL'),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([kysely.destroy(), genericPlans.destroy()]);
    },
  });
}

/**
 * PGlite is one single-user backend, so concurrent callers must not interleave their
 * statements (a transaction would swallow another request's queries). This pool hands out
 * its one connection to one holder at a time, in arrival order.
 */
class PgliteExclusivePool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();
  private releaseCurrent: () => void = () => {};
  private readonly client: PostgresPoolClient;

  constructor(private readonly pglite: PGlite) {
    this.client = {
      query: ((sql: string, params: readonly unknown[]) => this.run(sql, params)) as unknown as PostgresPoolClient['query'],
      release: () => this.releaseCurrent(),
    };
  }

  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  async connect(): Promise<PostgresPoolClient> {
    this.releaseCurrent = await this.acquire();
    return this.client;
  }

  async run(sql: string, params: readonly unknown[]) {
    const result = await this.pglite.query<Record<string, unknown>>(sql, [...params]);
    const command = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
    return {
      command: command as 'SELECT',
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows as never[],
    };
  }

  async end(): Promise<void> {}
}

export function pgliteStartParams(sharedBuffers: string): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`, '-c', 'wal_buffers=1MB'];
}

/** Our own lock on an embedded data folder: PGlite's `postmaster.pid` names no real process. */
export const PGLITE_LOCK_FILE = 'talsinki.pid';

/** The process that holds `dataDir` open, or null; a lock left by a process that died does not count. */
export function pgliteDataDirHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, PGLITE_LOCK_FILE), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Marks `dataDir` as open in this process, refusing when another live process has it open: two
 * single-user backends on one folder would corrupt it. Returns the release.
 */
export function lockPgliteDataDir(dataDir: string): () => void {
  const holder = pgliteDataDirHolder(dataDir);
  if (holder !== null) {
    throw new Error(`the embedded database in ${dataDir} is in use by process ${holder} (a running server?); stop it first`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, PGLITE_LOCK_FILE);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}

/**
 * Opens (creating when needed) the embedded database; `dataDir` undefined keeps it in memory.
 * `from`: a `dumpDataDir` tarball the new database starts as, instead of an empty cluster.
 */
export async function openPglite(dataDir: string | undefined, sharedBuffers = '16MB', from?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const unlock = dataDir ? lockPgliteDataDir(dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir,
      loadDataDir: from,
      extensions: { pg_trgm },
      startParams: pgliteStartParams(sharedBuffers),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const pool = new PgliteExclusivePool(pglite);
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return identify({
    kind: 'pglite',
    kysely,
    // One embedded session: it plans as PostgreSQL chooses.
    genericPlans: kysely,
    async withClient(fn) {
      const release = await pool.acquire();
      try {
        return await fn({
          query: async (sql, params) => ({ rows: (await pglite.query(sql, params)).rows as never[] }),
          exec: async (script) => {
            await pglite.exec(script);
          },
        });
      } finally {
        release();
      }
    },
    ping: async (timeoutMs = 2000) => {
      if (pglite.closed) throw new Error('PGlite is closed');
      await withTimeout(pglite.query('select 1'), timeoutMs, 'PGlite');
    },
    async close() {
      if (pglite.closed) return;
      // Wait for whoever holds the connection, then close the files cleanly.
      const release = await pool.acquire();
      try {
        await pglite.close();
      } finally {
        release();
        unlock();
      }
    },
  });
}

/** True when `dataDir` already holds an initialised embedded database. */
export function pgliteDataDirExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

export function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.databasePoolSize) : openPglite(config.dataDir, config.pgliteSharedBuffers);
}
