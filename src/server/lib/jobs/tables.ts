import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { HarvestSchedule, RunState, RunTrigger } from '../../../shared/catalog.ts';

/**
 * The columns a feature's job tables have in common (harvest_sources/runs/errors,
 * stat_sources/runs/errors): the feature's `*.tables.ts` extends these with its own columns (a
 * source's kind and address, a run's counts), and its migration creates them alike, with the
 * partial unique index that keeps one active run per source.
 */
export interface JobSourcesTable {
  id: Generated<string>;
  /** When the schedule queues a run: `manual` never; the others every hour, day or week. */
  schedule: HarvestSchedule;
  enabled: boolean;
  next_run_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface JobRunsTable {
  id: Generated<string>;
  source_id: string;
  state: ColumnType<RunState, RunState | undefined, RunState>;
  trigger: RunTrigger;
  requested_by: string | null;
  queued_at: ColumnType<Date, never, never>;
  started_at: ColumnType<Date | null, never, Date | string | null>;
  finished_at: ColumnType<Date | null, never, Date | string | null>;
  lease_until: ColumnType<Date | null, never, Date | string | null>;
  attempts: ColumnType<number, never, number>;
  done: ColumnType<number, never, number>;
  total: ColumnType<number | null, never, number | null>;
  error_count: ColumnType<number, never, number>;
  message: ColumnType<string | null, never, string | null>;
  /** The message's registered code and parameters; null and `{}` for none. */
  message_code: ColumnType<string | null, never, string | null>;
  message_params: ColumnType<Record<string, unknown>, never, string>;
}

export interface JobErrorsTable {
  id: Generated<string>;
  run_id: string;
  identifier: string | null;
  message: string;
  /** The error's registered code and parameters (jsonb, written as JSON text); null for errors from before codes. */
  code: string | null;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: ColumnType<Date, never, never>;
}

/**
 * The names of the tables (of `Tables`) whose columns, as read, include `Shape`'s: compared as
 * selected, so a feature may give a column a default for inserts (`schedule`, `enabled`).
 */
type TablesLike<Shape> = { [K in keyof Tables]: Selectable<Tables[K]> extends Selectable<Shape> ? K : never }[keyof Tables];

export type JobSourcesName = TablesLike<JobSourcesTable>;
export type JobRunsName = TablesLike<JobRunsTable>;
export type JobErrorsName = TablesLike<JobErrorsTable>;

/** A run as read from the feature's runs table `R` (its common columns spelled out, for code generic over `R`). */
export type JobRunRow<R extends JobRunsName> = Selectable<Tables[R]> & Selectable<JobRunsTable>;

/** The number columns of a runs table beyond the common ones: the feature's counts (seen, created…). */
export type JobCountColumn<R extends JobRunsName> = {
  [K in keyof Selectable<Tables[R]> & string]: K extends keyof JobRunsTable ? never : Selectable<Tables[R]>[K] extends number ? K : never;
}[keyof Selectable<Tables[R]> & string];
