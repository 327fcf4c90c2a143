import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Retention, RetentionSet } from '../../../shared/schemas/sta.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listPartitions, partitionBounds } from './sta.partitions.ts';
import { recomputeStreams } from './sta.streams.ts';

/**
 * Retention and downsampling per Datastream (issue 20 point 2, migration 0052): raw Observations
 * for `raw_retention_days`, hour aggregates for `hourly_retention_days`, day aggregates for ever,
 * so a chart of any range still draws from what is kept (sta.series.ts). A nightly job, claimed by
 * one instance a day, deletes what has passed; writes before a stream's `rawFrom` are refused, as
 * its hour would be rebuilt from the late row alone.
 *
 * The job deletes one day later than writes are refused from: a write checked just before the
 * day turned, and committed after the job ran, lands in a day whose raw rows are all still there.
 */

const DAY = 86_400_000;
const floorToDay = (instant: number) => Math.floor(instant / DAY) * DAY;
const iso = (instant: number) => new Date(instant).toISOString();

/** A stream's retention columns as read with it. */
export interface RetentionColumns {
  raw_retention_days: number | null;
  hourly_retention_days: number | null;
  raw_kept_from: Date | string | null;
  hours_kept_from: Date | string | null;
}

const instantOf = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());
const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Midnight UTC `days` ago, or later where rows were already deleted (`keptFrom`); null: kept from any time. */
function floorOf(days: number | null, keptFrom: Date | string | null, now: number): number | null {
  return later(days === null ? null : floorToDay(now - days * DAY), instantOf(keptFrom));
}

/** The earliest phenomenon time raw rows are kept from and a write may land at, or null for any. */
export const rawFloor = (stream: RetentionColumns, now: number) => floorOf(stream.raw_retention_days, stream.raw_kept_from, now);

/** The earliest time hour aggregates are kept from, or null for any. */
export const hourlyFloor = (stream: RetentionColumns, now: number) => floorOf(stream.hourly_retention_days, stream.hours_kept_from, now);

/** A stream's retention as the pages and the API show it. */
export function retentionOf(stream: RetentionColumns, now: number): Retention {
  const raw = rawFloor(stream, now);
  const hourly = hourlyFloor(stream, now);
  return { rawDays: stream.raw_retention_days, hourlyDays: stream.hourly_retention_days, rawFrom: raw === null ? null : iso(raw), hourlyFrom: hourly === null ? null : iso(hourly) };
}

/** The refusal of a write before the stream's floor, worded for its HTTP answer and its data-array row. */
export function olderThanRetention(streamId: number, time: number, floor: number): HttpProblem {
  return new HttpProblem(400, 'older-than-retention', 'Older than the retention', `phenomenonTime ${iso(time)} is before ${iso(floor)}: Datastreams(${streamId}) keeps raw Observations only from then on.`, {
    params: { from: iso(floor) },
  });
}

/** Refuses a phenomenon time before the stream's floor. */
export function checkRetention(streamId: number, stream: RetentionColumns, time: number, now: number): void {
  const floor = rawFloor(stream, now);
  if (floor !== null && time < floor) throw olderThanRetention(streamId, time, floor);
}

/** An editor sets a Datastream's retention; recorded in the audit trail. Answers the retention now in force. */
export async function setRetention(db: QueryBuilder, streamId: number, body: RetentionSet, actorId: string, now: number): Promise<Retention> {
  if (body.hourlyDays !== null && (body.rawDays === null || body.hourlyDays < body.rawDays)) {
    throw new HttpProblem(400, 'hours-before-raw', 'Hours kept shorter than raw rows', 'Hour aggregates are made from the raw rows, so they must be kept at least as long: hourlyDays must be null or at least rawDays, and rawDays must be set with it.', {
      errors: [{ path: 'body/hourlyDays', code: 'hours-before-raw', message: 'must be at least rawDays' }],
    });
  }
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<RetentionColumns>`
      update sta_datastreams set raw_retention_days = ${body.rawDays}, hourly_retention_days = ${body.hourlyDays}
      where id = ${streamId} and not multi
      returning raw_retention_days, hourly_retention_days, raw_kept_from, hours_kept_from`.execute(trx);
    if (!rows[0]) throw new HttpProblem(404, 'not-found', 'Not found', `No Datastream ${streamId}.`);
    await recordAudit(trx, { actorId, action: 'sta.retention_set', entityType: 'sta_datastream', entityId: String(streamId), details: { rawDays: body.rawDays, hourlyDays: body.hourlyDays } });
    return retentionOf(rows[0], now);
  });
}

export interface RetentionReport {
  streams: number;
  /** Raw rows deleted one by one (those of emptied partitions are not counted). */
  rawDeleted: number;
  hoursDeleted: number;
  /** Monthly partitions emptied whole (no stream keeps rows in them). */
  partitionsEmptied: string[];
}

type PolicyRow = RetentionColumns & { id: number; phenomenon_start: Date | null };

/**
 * Deletes what has passed every stream's retention, as of `now`: hour buckets, monthly partitions
 * no stream needs any more (emptied whole), then each stream's raw rows month by month. Safe to
 * run again: a second run the same day finds nothing to do.
 */
export async function applyRetention(db: QueryBuilder, now: number): Promise<RetentionReport> {
  const report: RetentionReport = { streams: 0, rawDeleted: 0, hoursDeleted: 0, partitionsEmptied: [] };
  const { rows: streams } = await sql<PolicyRow>`
    select id::float8 as id, raw_retention_days, hourly_retention_days, raw_kept_from, hours_kept_from, phenomenon_start
    from sta_datastreams where raw_retention_days is not null order by id`.execute(db);
  const cutoffs = new Map<number, number>();
  for (const stream of streams) {
    // A day after writes are refused from (the module's note); the floors only move forward.
    const rawCutoff = floorToDay(now - stream.raw_retention_days! * DAY) - DAY;
    const hourCutoff = stream.hourly_retention_days === null ? null : floorToDay(now - stream.hourly_retention_days * DAY) - DAY;
    cutoffs.set(stream.id, rawCutoff);
    await db.transaction().execute(async (trx) => {
      // The stream's row is locked by every write of its Observations: the floors move between writes.
      await sql`update sta_datastreams set raw_kept_from = greatest(raw_kept_from, ${iso(rawCutoff)}::timestamptz),
        hours_kept_from = ${hourCutoff === null ? sql`hours_kept_from` : sql`greatest(hours_kept_from, ${iso(hourCutoff)}::timestamptz)`}
        where id = ${stream.id}`.execute(trx);
      if (hourCutoff !== null) {
        const gone = await sql`delete from sta_observation_aggregates where datastream_id = ${stream.id} and bucket = 'hour' and bucket_start < ${iso(hourCutoff)}::timestamptz`.execute(trx);
        report.hoursDeleted += Number(gone.numAffectedRows ?? 0);
      }
    });
    report.streams++;
  }
  report.partitionsEmptied = await emptyPassedPartitions(db);
  for (const stream of streams) report.rawDeleted += await deleteRawBefore(db, stream, cutoffs.get(stream.id)!);
  return report;
}

/** Whether a stream may have rows in the span (its phenomenon times reach into it) that it keeps (from before the span's end). */
async function someStreamKeeps(trx: QueryBuilder, span: { from: number; to: number }): Promise<boolean> {
  const { rows } = await sql`select 1 from sta_datastreams
    where phenomenon_start < ${iso(span.to)}::timestamptz and coalesce(phenomenon_end, phenomenon_start) >= ${iso(span.from)}::timestamptz
      and (raw_kept_from is null or raw_kept_from < ${iso(span.to)}::timestamptz)
    limit 1`.execute(trx);
  return rows.length > 0;
}

/**
 * Empties each monthly partition whose rows no stream keeps: every stream that may have rows
 * before its end keeps raw rows only from after it. Truncating costs nothing beside deleting row
 * by row, and the partition stays, so no instance's memory of made partitions goes stale. The
 * partition is locked before the streams are read, so a write into it either committed before
 * (and its stream's span is seen) or waits until it is empty.
 */
async function emptyPassedPartitions(db: QueryBuilder): Promise<string[]> {
  const emptied: string[] = [];
  for (const { name } of await listPartitions(db)) {
    const bounds = partitionBounds(name);
    if (!bounds) continue;
    const done = await db.transaction().execute(async (trx) => {
      if (await someStreamKeeps(trx, bounds)) return false;
      await sql`lock table ${sql.raw(name)} in access exclusive mode`.execute(trx);
      const { rows: any } = await sql`select 1 from ${sql.raw(name)} limit 1`.execute(trx);
      if (any.length === 0 || (await someStreamKeeps(trx, bounds))) return false;
      await sql`truncate ${sql.raw(name)}`.execute(trx);
      return true;
    });
    if (done) emptied.push(name);
  }
  return emptied;
}

/** A stream's raw rows before the cutoff, a month per statement (each one partition's index range), then its spans read again. */
async function deleteRawBefore(db: QueryBuilder, stream: PolicyRow, cutoff: number): Promise<number> {
  let deleted = 0;
  const start = stream.phenomenon_start === null ? null : new Date(stream.phenomenon_start).getTime();
  if (start === null || start >= cutoff) return 0;
  for (let from = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1); from < cutoff; ) {
    const next = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth() + 1, 1);
    const to = Math.min(next, cutoff);
    const gone = await sql`delete from sta_observations where datastream_id = ${stream.id}
      and phenomenon_time >= ${iso(from)}::timestamptz and phenomenon_time < ${iso(to)}::timestamptz`.execute(db);
    deleted += Number(gone.numAffectedRows ?? 0);
    from = next;
  }
  await db.transaction().execute((trx) => recomputeStreams(trx, [stream.id]));
  return deleted;
}

const HOURLY = 3_600_000;
const LEASE = '1 hour';

/**
 * Claims today's run for this instance: the day not run yet, or a run whose lease passed without
 * finishing (its instance stopped). Answers whether this instance runs it.
 */
export async function claimRetentionRun(db: QueryBuilder, now: number): Promise<boolean> {
  const day = iso(now).slice(0, 10);
  const { rows } = await sql`update sta_retention_runs set day = ${day}::date, lease_until = ${iso(now)}::timestamptz + ${LEASE}::interval,
      started_at = ${iso(now)}::timestamptz, finished_at = null
    where day is null or day < ${day}::date or (finished_at is null and lease_until < ${iso(now)}::timestamptz)
    returning day`.execute(db);
  return rows.length === 1;
}

async function finishRetentionRun(db: QueryBuilder, now: number, report: RetentionReport): Promise<void> {
  await sql`update sta_retention_runs set finished_at = ${iso(now)}::timestamptz, report = ${JSON.stringify(report)}::jsonb`.execute(db);
}

/** Runs today's retention if this instance claims it; answers the report, or null when another instance has it. */
export async function retentionTick(db: QueryBuilder, now: () => number): Promise<RetentionReport | null> {
  if (!(await claimRetentionRun(db, now()))) return null;
  const report = await applyRetention(db, now());
  await finishRetentionRun(db, now(), report);
  return report;
}

/** Tries every hour (and at start) to claim and run the day's retention; `stop` ends it. */
export function keepRetention(db: QueryBuilder, log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void }, now: () => number = Date.now): { stop(): void } {
  const tick = () =>
    retentionTick(db, now)
      .then((report) => {
        if (report) log.info({ retention: report }, 'SensorThings retention applied');
      })
      .catch((error) => log.error({ err: error }, 'SensorThings retention failed'));
  void tick();
  const timer = setInterval(() => void tick(), HOURLY);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
