import type { ColumnType } from 'kysely';
import type { HarvestKind } from '../../../shared/catalog.ts';
import type { JobErrorsTable, JobRunsTable, JobSourcesTable } from '../../lib/jobs/tables.ts';

/** A harvest source: the job columns (schedule, next run) and the portal it reads. */
export interface HarvestSourcesTable extends JobSourcesTable {
  name: string;
  kind: HarvestKind;
  url: string;
  publisher_id: string | null;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A harvest run: a job (`lib/jobs`) counting datasets; its message's code is of `HARVEST_ERROR_CODES`. */
export interface HarvestRunsTable extends JobRunsTable {
  seen: ColumnType<number, never, number>;
  created: ColumnType<number, never, number>;
  updated: ColumnType<number, never, number>;
  unchanged: ColumnType<number, never, number>;
  withdrawn: ColumnType<number, never, number>;
  failed: ColumnType<number, never, number>;
}

/** A harvest run's error; its code is of `HARVEST_ERROR_CODES`. */
export type HarvestErrorsTable = JobErrorsTable;

export interface HarvestTables {
  harvest_sources: HarvestSourcesTable;
  harvest_runs: HarvestRunsTable;
  harvest_errors: HarvestErrorsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends HarvestTables {}
}
