import type { ColumnType, Generated } from 'kysely';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { DialogueState, DialogueType, TimeZone, Visibility } from '../../../shared/dialogues.ts';
import type { Domain } from '../../../shared/register.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface DialoguesTable {
  id: Generated<string>;
  ref: string;
  type: DialogueType;
  title: Json<LocalizedTextValue>;
  description: ColumnType<LocalizedTextValue | null, string | null, string | null>;
  starts_at: Date;
  ends_at: Date;
  time_zone: Defaulted<TimeZone>;
  place: string | null;
  online_url: string | null;
  organiser_id: string;
  domains: Defaulted<Domain[]>;
  language: ContentLanguage;
  visibility: Visibility;
  state: Defaulted<DialogueState>;
  minutes: string | null;
  outcomes: Defaulted<string[]>;
  guide_id: string | null;
  sequence: Defaulted<number>;
  created_by: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface DialogueBottlenecksTable {
  dialogue_id: string;
  bottleneck_id: string;
  position: number;
}

export interface DialogueAgendaItemsTable {
  dialogue_id: string;
  position: number;
  title: string;
  bottleneck_id: string | null;
}

export interface DialogueParticipantsTable {
  id: Generated<string>;
  dialogue_id: string;
  position: number;
  institution_id: string | null;
  name: string | null;
  role: string | null;
  email: string | null;
  consent_to_be_named: Defaulted<boolean>;
  invited_at: Date | null;
}

export interface DialogueCommentsTable {
  id: Generated<string>;
  dialogue_id: string;
  author_id: string | null;
  institution_id: string | null;
  body: string;
  created_at: Stamp;
}

export interface InterviewGuidesTable {
  id: Generated<string>;
  title: Json<LocalizedTextValue>;
  created_by: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
}

export interface InterviewQuestionsTable {
  id: Generated<string>;
  guide_id: string;
  position: number;
  text: Json<LocalizedTextValue>;
}

export interface InterviewAnswersTable {
  dialogue_id: string;
  question_id: string;
  answer: string;
}

export interface InterviewFindingsTable {
  id: Generated<string>;
  dialogue_id: string;
  position: number;
  text: string;
  code: string;
  domain: Domain | null;
  bottleneck_id: string | null;
}

export interface RefCountersTable {
  kind: string;
  year: number;
  last_number: number;
}

export interface LinkGraphVersionTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  version: number;
}

export interface DialoguesTables {
  link_graph_version: LinkGraphVersionTable;
  dialogues: DialoguesTable;
  dialogue_bottlenecks: DialogueBottlenecksTable;
  dialogue_agenda_items: DialogueAgendaItemsTable;
  dialogue_participants: DialogueParticipantsTable;
  dialogue_comments: DialogueCommentsTable;
  interview_guides: InterviewGuidesTable;
  interview_questions: InterviewQuestionsTable;
  interview_answers: InterviewAnswersTable;
  interview_findings: InterviewFindingsTable;
  ref_counters: RefCountersTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends DialoguesTables {}
}
