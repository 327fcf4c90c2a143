import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain, InstitutionCountry, InstitutionType } from '../../../shared/register.ts';

export interface InstitutionsTable {
  id: Generated<string>;
  slug: string;
  name: ColumnType<LocalizedTextValue, string, string>;
  short_name: string | null;
  country: InstitutionCountry;
  type: InstitutionType;
  website: string | null;
  domains: ColumnType<Domain[], Domain[] | undefined, Domain[]>;
  parent_id: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface InstitutionsTables {
  institutions: InstitutionsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends InstitutionsTables {}
}
