import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { FrameworkNodeKind, FrameworkRegion, FrameworkState } from '../../../shared/schemas/framework.ts';

type Json<T> = ColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column, always selected as `col::text` (the driver would give a local-time Date). */
type Day = ColumnType<string, string, string>;

export interface FrameworkVersionsTable {
  id: Generated<string>;
  number: number;
  label: ColumnType<LocalizedTextValue, string | undefined, string>;
  based_on: string | null;
  state: Defaulted<FrameworkState>;
  frozen_at: Date | null;
  adopted_at: Date | null;
  content_hash: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_demo: Defaulted<boolean>;
}

export interface FrameworkNodesTable {
  version_id: string;
  node_key: string;
  kind: FrameworkNodeKind;
  parent_key: string | null;
  position: Defaulted<number>;
  ref: string;
  title: Json<LocalizedTextValue>;
  body: ColumnType<LocalizedTextValue, string | undefined, string>;
  indicator_id: string | null;
  region_code: string | null;
  baseline_value: number | null;
  baseline_period: string | null;
  target_value: number | null;
  target_period: string | null;
}

export interface FrameworkTargetActionsTable {
  version_id: string;
  node_key: string;
  action_id: string;
}

export interface FrameworkAdoptingBodiesTable {
  region_code: FrameworkRegion;
  institution_id: string;
}

export interface FrameworkAdoptionsTable {
  version_id: string;
  region_code: FrameworkRegion;
  institution_id: string;
  decided_on: Day;
  decision_ref: string;
  decision_url: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface FrameworkTables {
  framework_versions: FrameworkVersionsTable;
  framework_nodes: FrameworkNodesTable;
  framework_target_actions: FrameworkTargetActionsTable;
  framework_adopting_bodies: FrameworkAdoptingBodiesTable;
  framework_adoptions: FrameworkAdoptionsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends FrameworkTables {}
}
