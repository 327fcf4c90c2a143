import type { ColumnType, Generated } from 'kysely';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain, Outcome, Situation, Status, Topic } from '../../../shared/register.ts';
import type { CountryCode } from '../../../shared/countries.ts';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;

export interface BottlenecksTable {
  id: Generated<string>;
  ref: string;
  title: Json<LocalizedTextValue>;
  description: Json<LocalizedTextValue>;
  original_language: ContentLanguage;
  domain: Domain;
  topics: ColumnType<Topic[], Topic[] | undefined, Topic[]>;
  countries: CountryCode[];
  reporter_situation: Situation | null;
  institution_id: string | null;
  service_name: string | null;
  affected_estimate: number | null;
  evidence_links: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<Status, Status | undefined, Status>;
  outcome: Outcome | null;
  outcome_note: string | null;
  reporter_id: string | null;
  reporter_email: string | null;
  merged_into_id: string | null;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  support_count: ColumnType<number, number | undefined, number>;
  follower_count: ColumnType<number, number | undefined, number>;
  published_at: Date | null;
  assessment_due_at: Date | null;
  closed_at: Date | null;
  attachment_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  reporter_email_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reporter_email_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  attachment_token_expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** SHA-256 of the token in the reporter's private status link; the token itself is never stored. */
  status_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the report is, when an Open311 app gave it (migration 0026): public. */
  location_lat: ColumnType<number | null, number | null | undefined, number | null>;
  location_long: ColumnType<number | null, number | null | undefined, number | null>;
  address: ColumnType<string | null, string | null | undefined, string | null>;
  address_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Stamp;
  updated_at: Stamp;
  /** The search index's number for the row, and the transaction that last wrote it (migration 0024). */
  doc_no: ColumnType<number, never, never>;
  changed_xid: ColumnType<string, never, never>;
  title_text: ColumnType<string, never, never>;
}

export interface BottleneckAssignmentsTable {
  bottleneck_id: string;
  country: string;
  institution_id: string;
  assigned_at: ColumnType<Date, Date | undefined, Date>;
  assigned_by: string | null;
}

export interface BottleneckAnswersTable {
  id: Generated<string>;
  bottleneck_id: string;
  institution_id: string;
  author_id: string | null;
  body: Json<LocalizedTextValue>;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** When the answer was last edited; each version it replaced is in `bottleneck_answer_revisions`. */
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** An earlier version of an answer, kept when the answer was edited. */
export interface BottleneckAnswerRevisionsTable {
  id: Generated<string>;
  answer_id: string;
  body: Json<LocalizedTextValue>;
  author_id: string | null;
  written_at: Date;
  replaced_at: ColumnType<Date, Date | undefined, never>;
}

export interface BottleneckEventsTable {
  id: Generated<number>;
  bottleneck_id: string;
  at: ColumnType<Date, Date | undefined, never>;
  actor_id: string | null;
  kind: string;
  from_status: Status | null;
  to_status: Status | null;
  note: string | null;
  details: Json<Record<string, unknown>>;
}

export interface MembershipTable {
  bottleneck_id: string;
  user_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface BottlenecksTables {
  bottlenecks: BottlenecksTable;
  bottleneck_ref_counters: { year: number; last_number: number };
  bottleneck_assignments: BottleneckAssignmentsTable;
  bottleneck_answers: BottleneckAnswersTable;
  bottleneck_answer_revisions: BottleneckAnswerRevisionsTable;
  bottleneck_events: BottleneckEventsTable;
  bottleneck_supports: MembershipTable;
  bottleneck_followers: MembershipTable;
  report_intake: { id: Generated<number>; ip: string; at: ColumnType<Date, Date | undefined, never> };
  bottleneck_facet_counts: { status: string; domain: string; countries: string[]; topics: string[]; n: number };
}

declare module '../../db/tables.ts' {
  interface Tables extends BottlenecksTables {}
}

/** Issue 14: when a member last opened the page of a bottleneck they follow or support. */
export interface BottleneckSeenTable {
  user_id: string;
  bottleneck_id: string;
  seen_at: ColumnType<Date, Date | undefined, Date>;
}

export interface BottleneckSeenTables {
  bottleneck_seen: BottleneckSeenTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends BottleneckSeenTables {}
}
