import type { ColumnType } from 'kysely';
import type { ConsultationText } from '../../../shared/schemas/consultations.ts';
import type { OutcomeKind } from '../../../shared/schemas/consultationOutcomes.ts';

type Stamp = ColumnType<Date, Date | undefined, Date>;
/** A JSON object or null: written as its text. */
type MaybeJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** A comment linked to a node (or one field of it) of a later framework version that answers it (migration 0043). */
export interface ConsultationCommentChangesTable {
  comment_id: string;
  to_version_id: string;
  node_key: string;
  /** '' is the whole node. */
  field: ColumnType<string, string | undefined, string>;
  note: MaybeJson<ConsultationText>;
  linked_by: string | null;
  linked_at: Stamp;
}

/** What became of a comment, with the editors' reply. */
export interface ConsultationCommentOutcomesTable {
  comment_id: string;
  outcome: OutcomeKind;
  reply: MaybeJson<ConsultationText>;
  answered_by: string | null;
  answered_at: Stamp;
}

export interface ConsultationOutcomesTables {
  consultation_comment_changes: ConsultationCommentChangesTable;
  consultation_comment_outcomes: ConsultationCommentOutcomesTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends ConsultationOutcomesTables {}
}
