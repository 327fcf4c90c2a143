import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { CitedNote, Difference } from '../../../shared/schemas/planning.ts';

type Json<T> = ColumnType<T, string, string>;
type JsonOrNull<T> = ColumnType<T | null, string | null, string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column, always selected as `col::text` (the driver would give a local-time Date). */
type Day = ColumnType<string, string, string>;

export interface PlanningSourcesTable {
  tag: string;
  url: string;
  title: string;
  kind: 'primary' | 'secondary' | 'third_party';
  seeded: Defaulted<boolean>;
  edited: Defaulted<boolean>;
}

export interface PlanningInstrumentsTable {
  id: Generated<string>;
  slug: string;
  country: 'FI' | 'EE';
  tier: 'national' | 'regional' | 'municipal';
  scope: 'framework_law' | 'guidelines' | 'general' | 'detailed' | 'designated';
  own_language: 'fi' | 'et';
  name: Json<LocalizedTextValue>;
  legal_basis: JsonOrNull<LocalizedTextValue>;
  prepared_by: JsonOrNull<LocalizedTextValue>;
  approved_by: JsonOrNull<LocalizedTextValue>;
  effect_on_plans: JsonOrNull<LocalizedTextValue>;
  effect_on_permits: JsonOrNull<LocalizedTextValue>;
  participation: JsonOrNull<LocalizedTextValue>;
  display_min_days: number | null;
  display_min_days_minor: number | null;
  typical_duration: JsonOrNull<LocalizedTextValue>;
  notes: Json<CitedNote[]>;
  citations: Json<Record<string, string[]>>;
  glossary_key: string | null;
  position: Defaulted<number>;
  seeded: Defaulted<boolean>;
  edited: Defaulted<boolean>;
  is_demo: Defaulted<boolean>;
}

export interface PlanningCorrespondencesTable {
  id: Generated<string>;
  key: string;
  fi_instrument_id: string | null;
  ee_instrument_id: string | null;
  kind: 'equivalent' | 'partial' | 'no_counterpart' | 'aspect';
  aspect: string | null;
  differences: Json<Difference[]>;
  position: Defaulted<number>;
  seeded: Defaulted<boolean>;
}

export interface PlansTable {
  id: Generated<string>;
  slug: string;
  name: Json<LocalizedTextValue>;
  kind: 'plan' | 'study';
  instrument_id: string | null;
  country: 'FI' | 'EE' | 'FI_EE';
  region_codes: Defaulted<string[]>;
  stage: string;
  summary: JsonOrNull<LocalizedTextValue>;
  notes: Json<CitedNote[]>;
  citations: Json<Record<string, string[]>>;
  position: Defaulted<number>;
  seeded: Defaulted<boolean>;
  edited: Defaulted<boolean>;
  is_demo: Defaulted<boolean>;
}

export interface PlanEventsTable {
  id: Generated<string>;
  key: string;
  plan_id: string;
  on_date: Day;
  precision: 'day' | 'month' | 'year';
  until_date: ColumnType<string | null, string | null, string | null>;
  stage: string | null;
  body: Json<LocalizedTextValue>;
  decision_ref: string | null;
  unconfirmed: Defaulted<boolean>;
  sources: string[];
  position: Defaulted<number>;
  seeded: Defaulted<boolean>;
}

export interface PlanDocumentsTable {
  id: Generated<string>;
  key: string;
  plan_id: string;
  title: Json<LocalizedTextValue>;
  url: string;
  kind: 'decision' | 'data' | 'report' | 'notice' | 'news';
  source: string;
  position: Defaulted<number>;
  seeded: Defaulted<boolean>;
}

/** The framework objectives a plan serves (0046), by the objective's stable node key. */
export interface PlanObjectivesTable {
  plan_id: string;
  node_key: string;
  is_demo: Defaulted<boolean>;
  linked_by: string | null;
  linked_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PlanningTables {
  planning_sources: PlanningSourcesTable;
  planning_instruments: PlanningInstrumentsTable;
  planning_correspondences: PlanningCorrespondencesTable;
  plans: PlansTable;
  plan_events: PlanEventsTable;
  plan_documents: PlanDocumentsTable;
  plan_objectives: PlanObjectivesTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends PlanningTables {}
}
