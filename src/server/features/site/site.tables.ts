import type { ColumnType } from 'kysely';

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, never, Date | string>;
}

export interface SiteTables {
  settings: SettingsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends SiteTables {}
}
