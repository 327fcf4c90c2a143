import type { ColumnType, Generated } from 'kysely';
import type { HarvestKind, HarvestSchedule, RunState, RunTrigger } from '../../../shared/catalog.ts';

/** A problem's parameters as stored (jsonb, written as JSON text); read back as the JSON they were. */
type Params = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface HarvestSourcesTable {
  id: Generated<string>;
  name: string;
  kind: HarvestKind;
  url: string;
  schedule: HarvestSchedule;
  enabled: boolean;
  publisher_id: string | null;
  next_run_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface HarvestRunsTable {
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
  seen: ColumnType<number, never, number>;
  created: ColumnType<number, never, number>;
  updated: ColumnType<number, never, number>;
  unchanged: ColumnType<number, never, number>;
  withdrawn: ColumnType<number, never, number>;
  failed: ColumnType<number, never, number>;
  error_count: ColumnType<number, never, number>;
  message: ColumnType<string | null, never, string | null>;
  /** The message's registered code (`HARVEST_ERROR_CODES`) and parameters; null and `{}` for none, or for runs from before codes. */
  message_code: ColumnType<string | null, never, string | null>;
  message_params: ColumnType<Record<string, unknown>, never, string>;
}

export interface HarvestErrorsTable {
  id: Generated<string>;
  run_id: string;
  identifier: string | null;
  message: string;
  /** The error's registered code (`HARVEST_ERROR_CODES`) and parameters; null for errors from before codes. */
  code: string | null;
  params: Params;
  at: ColumnType<Date, never, never>;
}

export interface HarvestTables {
  harvest_sources: HarvestSourcesTable;
  harvest_runs: HarvestRunsTable;
  harvest_errors: HarvestErrorsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends HarvestTables {}
}
