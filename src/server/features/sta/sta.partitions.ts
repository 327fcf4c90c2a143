import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { databaseIdentity } from '../../db/connection.ts';

/**
 * Monthly partitions of `sta_observations` (research §4.2), made before rows of a month arrive so
 * the default partition stays empty: a default partition holding a month's rows would stop that
 * month's partition from being made. Writers call `ensureMonths` with the phenomenon times of a
 * batch; what exists is remembered per database, so a batch of a known month costs no query.
 */

const known = new Map<number, Set<string>>();

/** `sta_observations_2026_11`. */
export function partitionName(month: string): string {
  return `sta_observations_${month.replace('-', '_')}`;
}

/** A monthly partition's bounds from its name (`partitionName`'s inverse); null for another table (the default partition). */
export function partitionBounds(name: string): { from: number; to: number } | null {
  const match = /^sta_observations_(\d{4})_(\d{2})$/.exec(name);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return { from: Date.UTC(year, month - 1, 1), to: Date.UTC(year, month, 1) };
}

/** The months (`YYYY-MM`, UTC) the instants fall in, each once. */
export function monthsOf(instants: Iterable<number>): string[] {
  const months = new Set<string>();
  // Rows of a batch mostly share a month: its bounds are kept, and a new month is named only past them.
  let from = Infinity;
  let to = -Infinity;
  for (const instant of instants) {
    if (instant >= from && instant < to) continue;
    const month = new Date(instant).toISOString().slice(0, 7);
    months.add(month);
    from = Date.parse(`${month}-01T00:00:00Z`);
    to = Date.parse(`${nextMonth(month)}-01T00:00:00Z`);
  }
  return [...months];
}

/** The months of rows' phenomenon times as the writes hold them (`toISOString`, so the month is the text's first seven characters), each once. */
export function monthsOfRows(rows: Iterable<{ phenomenon_time: string }>): string[] {
  const months = new Set<string>();
  for (const row of rows) months.add(row.phenomenon_time.slice(0, 7));
  return [...months];
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Makes the partitions of `months` that do not exist yet. Idempotent and safe against another
 * instance making the same partition at the same moment (`if not exists`, and a lock per name).
 */
export async function ensureMonths(db: QueryBuilder, months: Iterable<string>): Promise<void> {
  const identity = databaseIdentity(db);
  let made = known.get(identity);
  if (!made) known.set(identity, (made = new Set()));
  for (const month of months) {
    if (made.has(month)) continue;
    const name = partitionName(month);
    const from = `${month}-01T00:00:00Z`;
    const to = `${nextMonth(month)}-01T00:00:00Z`;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
      await sql`create table if not exists ${sql.raw(name)} partition of sta_observations for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
    });
    made.add(month);
  }
}

/** The partitions that exist, oldest first, with their rows (for the jobs and the bench). */
export async function listPartitions(db: QueryBuilder): Promise<{ name: string; rows: number }[]> {
  const { rows } = await sql<{ name: string; rows: number }>`
    select c.relname as name, coalesce(s.n_live_tup, 0)::float8 as rows
    from pg_inherits i join pg_class c on c.oid = i.inhrelid left join pg_stat_user_tables s on s.relid = c.oid
    where i.inhparent = 'sta_observations'::regclass order by c.relname`.execute(db);
  return rows;
}

/** The month `instant` falls in and the `ahead` months after it. */
export function monthsAhead(instant: number, ahead: number): string[] {
  const months = [new Date(instant).toISOString().slice(0, 7)];
  for (let i = 0; i < ahead; i++) months.push(nextMonth(months[months.length - 1]));
  return months;
}

const MONTHS_AHEAD = 2;
const DAILY = 24 * 3_600_000;

/**
 * Keeps this month's partition and the next two made before they are needed, at start and daily,
 * so live sensors never wait for one in their write (any instance may; making one is idempotent).
 * `ready` settles once the first are made; `stop` ends it.
 */
export function keepPartitionsAhead(db: QueryBuilder, log: { error: (o: object, m: string) => void }, now: () => number = Date.now): { ready: Promise<void>; stop(): void } {
  const make = () => ensureMonths(db, monthsAhead(now(), MONTHS_AHEAD)).catch((error) => log.error({ err: error }, 'SensorThings partitions ahead could not be made'));
  const timer = setInterval(() => void make(), DAILY);
  timer.unref();
  return { ready: make(), stop: () => clearInterval(timer) };
}
