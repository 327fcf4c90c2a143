import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { ChangeKind, Effort, Priority, RecommendationState } from '../../../shared/dialogues.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface RecommendationsTable {
  id: Generated<string>;
  ref: string;
  title: Json<LocalizedTextValue>;
  rationale: Json<LocalizedTextValue>;
  change_kind: ChangeKind;
  priority: Priority;
  effort: Effort;
  state: Defaulted<RecommendationState>;
  rejection_reason: string | null;
  created_by: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface RecommendationAddresseesTable {
  recommendation_id: string;
  institution_id: string;
}

export interface RecommendationBottlenecksTable {
  recommendation_id: string;
  bottleneck_id: string;
}

export interface RecommendationDialoguesTable {
  recommendation_id: string;
  dialogue_id: string;
}

export interface RecommendationResponsesTable {
  id: Generated<string>;
  recommendation_id: string;
  institution_id: string;
  body: Json<LocalizedTextValue>;
  author_id: string | null;
  created_at: Stamp;
  /** When the response was last edited; each version it replaced is in `recommendation_response_revisions`. */
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** An earlier version of a response, kept when the response was edited. */
export interface RecommendationResponseRevisionsTable {
  id: Generated<string>;
  response_id: string;
  body: Json<LocalizedTextValue>;
  author_id: string | null;
  written_at: Date;
  replaced_at: ColumnType<Date, Date | undefined, never>;
}

export interface RecommendationEventsTable {
  id: Generated<number>;
  recommendation_id: string;
  at: Stamp;
  from_state: RecommendationState | null;
  to_state: RecommendationState;
  note: string | null;
  actor_id: string | null;
}

/** A lesson learned in a benchmark region (the regions feature's `region_lessons`) that the recommendation cites. */
export interface RecommendationLessonsTable {
  recommendation_id: string;
  lesson_id: string;
}

export interface RecommendationsTables {
  recommendations: RecommendationsTable;
  recommendation_addressees: RecommendationAddresseesTable;
  recommendation_bottlenecks: RecommendationBottlenecksTable;
  recommendation_dialogues: RecommendationDialoguesTable;
  recommendation_responses: RecommendationResponsesTable;
  recommendation_response_revisions: RecommendationResponseRevisionsTable;
  recommendation_events: RecommendationEventsTable;
  recommendation_lessons: RecommendationLessonsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends RecommendationsTables {}
}
