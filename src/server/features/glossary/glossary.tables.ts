import type { ColumnType, Generated } from 'kysely';
import type { GlossaryTerms } from '../../../shared/schemas/glossary.ts';

export interface GlossaryEntriesTable {
  id: Generated<string>;
  key: string | null;
  terms: ColumnType<GlossaryTerms, string, string>;
  concept: string | null;
  seeded: Generated<boolean>;
  edited: Generated<boolean>;
  reviewed: Generated<boolean>;
  updated_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface GlossaryTables {
  glossary_entries: GlossaryEntriesTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends GlossaryTables {}
}
