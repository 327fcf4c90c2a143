import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends AuditTables {}
}
