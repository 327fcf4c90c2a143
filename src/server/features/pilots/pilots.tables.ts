import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import type { KpiMeasure, PartnerRole, PilotStatus } from '../../../shared/schemas/pilots.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column: written as YYYY-MM-DD, read as `col::text` (the driver would give a local-time Date). */
type Day = ColumnType<string, string, string>;

/** Migrations 0048 (what SensorThings writing needs) and 0049 (the living lab). */
export interface PilotsTable {
  id: Generated<string>;
  slug: string;
  name: Json<LocalizedTextValue>;
  description: ColumnType<LocalizedTextValue, string | undefined, string>;
  status: Defaulted<PilotStatus>;
  starts_on: ColumnType<string | null, string | null | undefined, string | null>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface PilotPartnersTable {
  pilot_id: string;
  institution_id: string;
  role: PartnerRole;
  position: number;
}

export interface PilotPlacesTable {
  id: Generated<string>;
  pilot_id: string;
  position: number;
  name: Json<LocalizedTextValue>;
  geometry: Json<CommentGeometry>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

export interface PilotGoalsTable {
  id: Generated<string>;
  pilot_id: string;
  position: number;
  text: Json<LocalizedTextValue>;
}

export interface PilotKpisTable {
  id: Generated<string>;
  pilot_id: string;
  position: number;
  name: Json<LocalizedTextValue>;
  indicator_id: string | null;
  /** bigint: the driver gives a string. */
  datastream_id: ColumnType<string | null, number | string | null, number | string | null>;
  target: number | null;
  unit: string | null;
  measure: KpiMeasure;
}

export interface PilotResultsTable {
  id: Generated<string>;
  pilot_id: string;
  on_date: Day;
  text: Json<LocalizedTextValue>;
}

export interface PilotDialoguesTable {
  pilot_id: string;
  dialogue_id: string;
}

export interface StaPilotTokensTable {
  token_id: string;
  pilot_id: string;
  created_at: Stamp;
}

export interface PilotsTables {
  pilots: PilotsTable;
  pilot_partners: PilotPartnersTable;
  pilot_places: PilotPlacesTable;
  pilot_goals: PilotGoalsTable;
  pilot_kpis: PilotKpisTable;
  pilot_results: PilotResultsTable;
  pilot_dialogues: PilotDialoguesTable;
  sta_pilot_tokens: StaPilotTokensTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends PilotsTables {}
}
