import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';

type Json<T> = ColumnType<T, string, string>;
type JsonOrNull<T> = ColumnType<T | null, string | null, string | null>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface RegionsTable {
  id: Generated<string>;
  slug: string;
  name: Json<LocalizedTextValue>;
  countries: Defaulted<string[]>;
  founded_year: number | null;
  founded_on: ColumnType<string | null, string | null, string | null>;
  legal_form: string | null;
  legal_form_note: JsonOrNull<LocalizedTextValue>;
  founding_basis: JsonOrNull<LocalizedTextValue>;
  seat: JsonOrNull<LocalizedTextValue>;
  secretariat: JsonOrNull<LocalizedTextValue>;
  themes: Defaulted<string[]>;
  languages: Defaulted<string[]>;
  nuts_ids: Defaulted<string[]>;
  field_sources: ColumnType<Record<string, string[]>, string | undefined, string>;
  is_home: Defaulted<boolean>;
  seeded: Defaulted<boolean>;
  edited: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface RegionSourcesTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  region_id: string;
  tag: string;
  url: string;
  title: string;
  kind: 'primary' | 'secondary' | 'third_party';
  position: Defaulted<number>;
}

export interface RegionFiguresTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  region_id: string;
  kind: string;
  value: ColumnType<string, number | string, number | string>;
  unit: string;
  qualifier: 'about' | 'more_than' | 'exact';
  year: number | null;
  period_from: number | null;
  period_to: number | null;
  label: JsonOrNull<LocalizedTextValue>;
  note: JsonOrNull<LocalizedTextValue>;
  source_ids: string[];
  position: Defaulted<number>;
}

export interface RegionMembersTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  region_id: string;
  name: Json<LocalizedTextValue>;
  country: string | null;
  level: 'state' | 'region' | 'county' | 'municipality' | 'intercommunal' | 'other';
  source_ids: string[];
  position: Defaulted<number>;
}

export interface RegionBodiesTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  region_id: string;
  name: Json<LocalizedTextValue>;
  role: JsonOrNull<LocalizedTextValue>;
  cadence: JsonOrNull<LocalizedTextValue>;
  size: number | null;
  source_ids: string[];
  position: Defaulted<number>;
}

export interface RegionEventsTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  region_id: string;
  on_text: string | null;
  what: Json<LocalizedTextValue>;
  source_ids: string[];
  position: Defaulted<number>;
}

export interface RegionLessonsTable {
  id: Generated<string>;
  seeded: Defaulted<boolean>;
  ref: string;
  region_id: string;
  text: Json<LocalizedTextValue>;
  themes: Defaulted<string[]>;
  year: number | null;
  source_ids: string[];
  position: Defaulted<number>;
}

export interface ScoreCriteriaTable {
  id: Generated<string>;
  key: string;
  name: Json<LocalizedTextValue>;
  description: JsonOrNull<LocalizedTextValue>;
  scale_min: Defaulted<number>;
  scale_max: Defaulted<number>;
  weight: ColumnType<string, number | undefined, number>;
  position: Defaulted<number>;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
}

export interface RegionScoresTable {
  region_id: string;
  criterion_id: string;
  score: number;
  rationale: Json<LocalizedTextValue>;
  is_demo: Defaulted<boolean>;
  scored_by: string | null;
  scored_at: Stamp;
}

export interface RegionsTables {
  regions: RegionsTable;
  region_sources: RegionSourcesTable;
  region_figures: RegionFiguresTable;
  region_members: RegionMembersTable;
  region_bodies: RegionBodiesTable;
  region_events: RegionEventsTable;
  region_lessons: RegionLessonsTable;
  score_criteria: ScoreCriteriaTable;
  region_scores: RegionScoresTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends RegionsTables {}
}
