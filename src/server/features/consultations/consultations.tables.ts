import type { ColumnType, Generated } from 'kysely';
import type {
  CommentLanguage,
  CommentState,
  ConsultationSubject,
  ConsultationText,
  FlagReason,
  ModerationMode,
  ModerationReason,
  ParticipationRule,
  QuestionKind,
  Relation,
  SectionKind,
  Side,
} from '../../../shared/schemas/consultations.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Maybe<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface ConsultationsTable {
  id: Generated<string>;
  ref: string;
  slug: string;
  title: Json<ConsultationText>;
  summary: ColumnType<ConsultationText | null, string | null, string | null>;
  subject: ConsultationSubject;
  framework_version_id: Maybe<string>;
  plan_id: Maybe<string>;
  opens_at: Date;
  closes_at: Date;
  commenting: ParticipationRule;
  support: ParticipationRule;
  moderation: ModerationMode;
  map_tools: Defaulted<'none' | 'point' | 'point_and_area'>;
  published: Defaulted<boolean>;
  report_published_at: Maybe<Date>;
  /** Moved by triggers on every change to its comments (0045): the key of its cached comment pages. */
  comments_version: ColumnType<string | number, never, never>;
  notified_opened_at: Maybe<Date>;
  notified_closing_at: Maybe<Date>;
  notified_report_at: Maybe<Date>;
  is_demo: Defaulted<boolean>;
  created_by: Maybe<string>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ConsultationSectionsTable {
  id: Generated<string>;
  consultation_id: string;
  position: Defaulted<number>;
  kind: SectionKind;
  title: Json<ConsultationText>;
  abstract: ColumnType<ConsultationText | null, string | null | undefined, string | null>;
  body: ColumnType<ConsultationText | null, string | null | undefined, string | null>;
  framework_node_key: Maybe<string>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ConsultationSectionFilesTable {
  attachment_id: string;
  section_id: string;
  alt: ColumnType<ConsultationText | null, string | null | undefined, string | null>;
}

export interface ConsultationRespondentsTable {
  consultation_id: string;
  respondent_key: string;
  relation: Relation;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ConsultationCommentsTable {
  id: Generated<string>;
  ref: Maybe<string>;
  consultation_id: string;
  section_id: string;
  parent_id: Maybe<string>;
  body: string;
  language: CommentLanguage;
  user_id: Maybe<string>;
  respondent_key: string;
  author_name: Maybe<string>;
  side: Side;
  stance: Maybe<string>;
  geometry: ColumnType<unknown, string | null | undefined, string | null>;
  min_lon: Maybe<number>;
  min_lat: Maybe<number>;
  max_lon: Maybe<number>;
  max_lat: Maybe<number>;
  state: CommentState;
  reason: Maybe<ModerationReason>;
  note: Maybe<string>;
  moderated_by: Maybe<string>;
  moderated_at: Maybe<Date>;
  support_count: Defaulted<number>;
  flag_count: Defaulted<number>;
  flagged_at: Maybe<Date>;
  ip_hash: Maybe<string>;
  created_at: Stamp;
}

export interface ConsultationCommentCountsTable {
  section_id: string;
  language: string;
  side: string;
  n: Defaulted<number>;
  replies: Defaulted<number>;
}

export interface ConsultationSupportsTable {
  comment_id: string;
  voter_key: string;
  created_at: Stamp;
}

export interface ConsultationFlagsTable {
  comment_id: string;
  reporter_key: string;
  reason: FlagReason;
  details: Maybe<string>;
  created_at: Stamp;
}

export interface QuestionOptionRow {
  key: string;
  label: ConsultationText;
}
export interface ScaleLabelsRow {
  min?: ConsultationText;
  max?: ConsultationText;
}

export interface ConsultationQuestionsTable {
  id: Generated<string>;
  section_id: string;
  position: Defaulted<number>;
  kind: QuestionKind;
  prompt: Json<ConsultationText>;
  options: ColumnType<QuestionOptionRow[], string | undefined, string>;
  scale_min: Maybe<number>;
  scale_max: Maybe<number>;
  scale_labels: ColumnType<ScaleLabelsRow | null, string | null | undefined, string | null>;
  max_choices: Maybe<number>;
  max_length: Maybe<number>;
  required: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ConsultationAnswersTable {
  question_id: string;
  respondent_key: string;
  option_keys: Maybe<string[]>;
  scale_value: Maybe<number>;
  text_value: Maybe<string>;
  side: Side;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ConsultationsTables {
  consultations: ConsultationsTable;
  consultation_sections: ConsultationSectionsTable;
  consultation_section_files: ConsultationSectionFilesTable;
  consultation_respondents: ConsultationRespondentsTable;
  consultation_comments: ConsultationCommentsTable;
  consultation_comment_counts: ConsultationCommentCountsTable;
  consultation_supports: ConsultationSupportsTable;
  consultation_flags: ConsultationFlagsTable;
  consultation_questions: ConsultationQuestionsTable;
  consultation_answers: ConsultationAnswersTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends ConsultationsTables {}
}
