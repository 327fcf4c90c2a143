import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { DatasetState } from '../../../shared/catalog.ts';
import type { Distribution } from '../../../shared/schemas/catalog.ts';

type Json<T> = ColumnType<T, string, string>;
export type Keywords = Partial<Record<'fi' | 'et' | 'en' | 'sv' | 'ru', string[]>>;
export interface ContactPointValue { name?: string | null; email?: string | null; url?: string | null }

export interface DatasetsTable {
  id: Generated<string>;
  name: string;
  title: Json<LocalizedTextValue>;
  description: Json<LocalizedTextValue>;
  publisher_id: string | null;
  contact_point: Json<ContactPointValue | null>;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  keywords: Json<Keywords>;
  spatial: ColumnType<string[], string[] | undefined, string[]>;
  temporal_start: ColumnType<string | null, string | null | undefined, string | null>;
  temporal_end: ColumnType<string | null, string | null | undefined, string | null>;
  license: string | null;
  license_url: string | null;
  access_rights: string | null;
  frequency: string | null;
  landing_page: string | null;
  issued: ColumnType<Date | null, string | null | undefined, string | null>;
  modified: ColumnType<Date | null, string | null | undefined, string | null>;
  distributions: Json<Distribution[]>;
  formats: ColumnType<string[], string[] | undefined, string[]>;
  source_id: string | null;
  source_identifier: string | null;
  source_modified: string | null;
  content_hash: string | null;
  harvested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  state: ColumnType<DatasetState, DatasetState | undefined, DatasetState>;
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  withdrawn_by: ColumnType<'source' | 'editor' | null, 'source' | 'editor' | null | undefined, 'source' | 'editor' | null>;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The search index's handle for the row (catalog.index.ts). */
  doc_no: ColumnType<string, never, never>;
  changed_xid: ColumnType<string, never, never>;
}

export interface DatasetBottlenecksTable {
  dataset_id: string;
  bottleneck_id: string;
  note: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface CatalogTables {
  datasets: DatasetsTable;
  dataset_bottlenecks: DatasetBottlenecksTable;
  catalog_version: { id: boolean; version: ColumnType<number, never, never>; resets: ColumnType<number, never, never> };
}

declare module '../../db/tables.ts' {
  interface Tables extends CatalogTables {}
}
