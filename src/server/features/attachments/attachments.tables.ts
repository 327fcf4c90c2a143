import type { ColumnType, Generated } from 'kysely';

export interface AttachmentsTable {
  id: Generated<string>;
  /** The kind of item that holds the file (`bottleneck`, `dialogue`), as its feature names it. */
  owner_type: string;
  owner_id: string;
  filename: string;
  media_type: string;
  size: number;
  content: ColumnType<Buffer, Buffer, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface AttachmentsTables {
  attachments: AttachmentsTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends AttachmentsTables {}
}
