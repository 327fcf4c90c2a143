import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { BodyKind, BodyLevel, BodyMemberRole, Cadence } from '../../../shared/governance.ts';
// The actions' review cadences are checked against this one (actions.tables.ts).
export type { Cadence };

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;


export interface GovernanceBodiesTable {
  id: Generated<string>;
  slug: string;
  name: Json<LocalizedTextValue>;
  level: BodyLevel;
  kind: BodyKind;
  domain: string | null;
  parent_id: string | null;
  mandate: ColumnType<LocalizedTextValue | null, string | null, string | null>;
  cadence: Cadence;
  position: Defaulted<number>;
  is_demo: Defaulted<boolean>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface GovernanceMembersTable {
  body_id: string;
  institution_id: string;
  role: BodyMemberRole;
  since: ColumnType<string | null, string | null | undefined, string | null>;
  until: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GovernanceMeetingsTable {
  body_id: string;
  dialogue_id: string;
}

export interface GovernanceTables {
  governance_bodies: GovernanceBodiesTable;
  governance_members: GovernanceMembersTable;
  governance_meetings: GovernanceMeetingsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends GovernanceTables {}
}
