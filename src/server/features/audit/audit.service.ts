import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** Records who changed what; call it inside the same transaction as the change itself. */
export async function recordAudit(db: QueryBuilder, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** The trail of one item, oldest first. */
export async function auditTrail(db: QueryBuilder, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'actor_id as actorId', 'action', 'details'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Everything a person did, for their personal-data export. */
export async function auditEntriesByActor(db: QueryBuilder, actorId: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'action', 'entity_type as entityType', 'entity_id as entityId', 'details'])
    .where('actor_id', '=', actorId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Many entries in one statement (an import of many items), each as `recordAudit` writes it. */
export async function recordAudits(db: QueryBuilder, entries: readonly AuditEntry[]): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + CHUNK).map((entry) => ({
          actor_id: entry.actorId,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })),
      )
      .execute();
  }
}
