import type { ColumnType, Generated } from 'kysely';
import type { HarvestSchedule } from '../../../shared/catalog.ts';
import type { JobErrorsTable, JobRunsTable } from '../../lib/jobs/tables.ts';
import type { StatSourceKind } from '../../../shared/statistics.ts';
import type { SourceText } from './cube.ts';

type Json<T> = ColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type DefaultedJson<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Counter = ColumnType<number, never, number>;

export interface StatSourcesTable {
  id: Generated<string>;
  name: string;
  kind: StatSourceKind;
  url: string | null;
  table_ref: Defaulted<string>;
  query: DefaultedJson<Record<string, unknown>>;
  language: Defaulted<string>;
  schedule: Defaulted<HarvestSchedule>;
  enabled: Defaulted<boolean>;
  publisher_id: string | null;
  next_run_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  demo: Defaulted<boolean>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: Stamp;
}

/**
 * A statistics run: a job (`lib/jobs`) in the feature's own table, counting tables (see the
 * migration for what each count means here) and the cells read and requests made; its message's
 * code is of `STAT_ERROR_CODES`.
 */
export interface StatRunsTable extends JobRunsTable {
  seen: Counter;
  created: Counter;
  updated: Counter;
  unchanged: Counter;
  withdrawn: Counter;
  failed: Counter;
  /** bigint, read as a number (db/connection.ts parses int8 as PGlite does). */
  cells: Counter;
  requests: Counter;
}

/** A statistics run's error; its code is of `STAT_ERROR_CODES`. */
export type StatErrorsTable = JobErrorsTable;

export interface StatTablesTable {
  id: Generated<string>;
  source_id: string;
  external_id: string;
  title: DefaultedJson<SourceText>;
  languages: Defaulted<string[]>;
  current_vintage_id: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: Stamp;
}

/** One request that gave a vintage's figures, or the file. */
export interface VintageRequest {
  method: 'GET' | 'POST' | 'FILE';
  url: string;
  body?: unknown;
}

export interface StatVintagesTable {
  id: Generated<string>;
  table_id: string;
  run_id: string | null;
  previous_id: string | null;
  retrieved_at: Stamp;
  source_updated: string | null;
  requests: DefaultedJson<VintageRequest[]>;
  metadata: Json<VintageMetadata>;
  time_dimension: string | null;
  periods: Defaulted<string[]>;
  content_hash: string;
  cells: number;
  changed_cells: Defaulted<number>;
}

/** A cube without its cells, as a vintage keeps it. */
export type VintageMetadata = Omit<import('./cube.ts').Cube, 'values' | 'statuses'>;

export interface StatSeriesTable {
  vintage_id: string;
  series_key: string;
  codes: Json<Record<string, string>>;
  /** One figure per period of the vintage; null where the source has none. */
  figures: ColumnType<(number | null)[], (number | null)[], (number | null)[]>;
  /** Sparse: period index → the source's symbol. */
  statuses: ColumnType<Record<string, string> | null, string | null, string | null>;
}

export interface StatisticsTables {
  stat_sources: StatSourcesTable;
  stat_runs: StatRunsTable;
  stat_errors: StatErrorsTable;
  stat_tables: StatTablesTable;
  stat_vintages: StatVintagesTable;
  stat_series: StatSeriesTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends StatisticsTables {}
}
