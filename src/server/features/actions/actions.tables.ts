import type { ColumnType, Generated } from 'kysely';
import type { ActionEventKind, ActionState, DependencyKind, RaciRole, ReviewCadence } from '../../../shared/actions.ts';
import type { Domain } from '../../../shared/register.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Cadence } from '../../../shared/governance.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** `numeric` comes back from the driver as a string; written as a number. */
type Numeric = ColumnType<string, number | undefined, number>;
/** `date` columns are read as `col::text` (the driver would give a local-time Date). */
type Day = ColumnType<string, string, string>;

// The review cadences are the governance bodies' meeting cadences: the two lists cannot drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameCadences: Same<ReviewCadence, Cadence> = true;
void sameCadences;

export interface ActionsTable {
  id: Generated<string>;
  ref: string;
  parent_id: string | null;
  position: Defaulted<number>;
  title: Json<LocalizedTextValue>;
  description: ColumnType<LocalizedTextValue, string | undefined, string>;
  domain: Domain;
  state: Defaulted<ActionState>;
  drop_reason: string | null;
  starts_on: Day;
  ends_on: Day;
  weight: Numeric;
  progress: Numeric;
  body_id: string | null;
  review_cadence: ReviewCadence | null;
  budget_eur: ColumnType<string | null, number | null | undefined, number | null>;
  is_demo: Defaulted<boolean>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ActionRaciTable {
  action_id: string;
  institution_id: string;
  role: RaciRole;
  is_lead: Defaulted<boolean>;
}

export interface ActionFundingTable {
  id: Generated<string>;
  action_id: string;
  position: Defaulted<number>;
  source: Json<LocalizedTextValue>;
  amount_eur: ColumnType<string, number, number>;
  year: number | null;
}

export interface ActionMilestonesTable {
  id: Generated<string>;
  action_id: string;
  title: Json<LocalizedTextValue>;
  due_on: Day;
  done_on: ColumnType<string | null, string | null | undefined, string | null>;
  evidence_url: string | null;
  evidence_note: string | null;
  notified_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  notified_slip_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ActionDependenciesTable {
  predecessor_id: string;
  successor_id: string;
  kind: Defaulted<DependencyKind>;
}

export interface ActionRecommendationsTable {
  action_id: string;
  recommendation_id: string;
}

export interface ActionBottlenecksTable {
  action_id: string;
  bottleneck_id: string;
}

/** A lesson learned in a benchmark region (the regions feature's `region_lessons`) that the action cites. */
export interface ActionLessonsTable {
  action_id: string;
  lesson_id: string;
}

export interface ActionEventsTable {
  id: Generated<string>;
  action_id: string;
  at: Stamp;
  kind: ActionEventKind;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
  milestone_id: string | null;
  actor_id: string | null;
}

export interface ActionPlanVersionTable {
  id: Defaulted<boolean>;
  version: string;
}

export interface ActionsTables {
  actions: ActionsTable;
  action_raci: ActionRaciTable;
  action_funding: ActionFundingTable;
  action_milestones: ActionMilestonesTable;
  action_dependencies: ActionDependenciesTable;
  action_recommendations: ActionRecommendationsTable;
  action_bottlenecks: ActionBottlenecksTable;
  action_lessons: ActionLessonsTable;
  action_events: ActionEventsTable;
  action_plan_version: ActionPlanVersionTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends ActionsTables {}
}
