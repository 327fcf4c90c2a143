import type { ColumnType } from 'kysely';

/** An application's API key with its own daily intake limit (migration 0026). */
export interface Open311ClientsTable {
  token_id: string;
  reports_per_day: number;
  set_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** What an app sent about the citizen behind a report: personal, never in a public answer. */
export interface Open311ReportsTable {
  bottleneck_id: string;
  token_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  device_id: string | null;
  account_ref: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface Open311Tables {
  open311_clients: Open311ClientsTable;
  open311_reports: Open311ReportsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends Open311Tables {}
}
