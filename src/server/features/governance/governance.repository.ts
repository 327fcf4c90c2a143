import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { GovernanceBodyCreate, GovernanceBodyPatch } from '../../../shared/schemas/governance.ts';
import { isUuid } from '../../lib/refs.ts';

const bodyColumns = ['id', 'slug', 'name', 'level', 'kind', 'domain', 'parent_id', 'mandate', 'cadence', 'position', 'is_demo'] as const;

export async function listBodies(db: QueryBuilder) {
  return db.selectFrom('governance_bodies').select(bodyColumns).orderBy('position').orderBy('slug').execute();
}
export type BodyRow = Awaited<ReturnType<typeof listBodies>>[number];

export async function findBody(db: QueryBuilder, idOrSlug: string): Promise<BodyRow | undefined> {
  return db.selectFrom('governance_bodies').select(bodyColumns)
    .where(isUuid(idOrSlug) ? 'id' : 'slug', '=', idOrSlug).executeTakeFirst();
}

export async function membersOf(db: QueryBuilder, bodyIds: string[]) {
  if (bodyIds.length === 0) return [];
  return db.selectFrom('governance_members as m').innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['m.body_id', 'm.role', sql<string | null>`m.since::text`.as('since'), sql<string | null>`m.until::text`.as('until'),
      'i.id as institution_id', 'i.slug', 'i.name', 'i.short_name', 'i.country'])
    .where('m.body_id', 'in', bodyIds)
    // chair first, then members, the secretariat and observers, each by name
    .orderBy(sql`array_position(array['chair','member','secretariat','observer'], m.role)`).orderBy(sql`i.name->>'en'`).orderBy('i.slug')
    .execute();
}

/** The dialogues that were the bodies' meetings; internal ones only when `withInternal`. */
export async function meetingsOf(db: QueryBuilder, bodyIds: string[], withInternal: boolean) {
  if (bodyIds.length === 0) return [];
  let query = db.selectFrom('governance_meetings as g').innerJoin('dialogues as d', 'd.id', 'g.dialogue_id')
    .select(['g.body_id', 'd.id', 'd.ref', 'd.title', 'd.starts_at', 'd.state'])
    .where('g.body_id', 'in', bodyIds);
  if (!withInternal) query = query.where('d.visibility', '=', 'public');
  return query.orderBy('d.starts_at', 'desc').orderBy('d.id').execute();
}

/** True when `candidateParent` is `bodyId` itself or one of its descendants. */
export async function isSelfOrDescendant(db: QueryBuilder, bodyId: string, candidateParent: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    with recursive below(id) as (
      select ${bodyId}::uuid
      union
      select b.id from governance_bodies b join below on b.parent_id = below.id
    )
    select exists (select 1 from below where id = ${candidateParent}::uuid) as found`.execute(db);
  return rows[0]!.found;
}

export async function existingIds(db: QueryBuilder, table: 'institutions' | 'dialogues', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

type BodyFields = Omit<GovernanceBodyCreate, 'members' | 'meetings'>;

function columnsOf(input: Partial<BodyFields>) {
  return {
    ...(input.name !== undefined ? { name: JSON.stringify(input.name) } : {}),
    ...(input.level !== undefined ? { level: input.level } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.domain !== undefined ? { domain: input.domain } : {}),
    ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
    ...(input.mandate !== undefined ? { mandate: input.mandate === null ? null : JSON.stringify(input.mandate) } : {}),
    ...(input.cadence !== undefined ? { cadence: input.cadence } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
  };
}

export async function insertBody(db: QueryBuilder, input: BodyFields, isDemo = false): Promise<string> {
  const row = await db.insertInto('governance_bodies')
    .values({ slug: input.slug, name: JSON.stringify(input.name), level: input.level, kind: input.kind, cadence: input.cadence, ...columnsOf(input), is_demo: isDemo })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBody(db: QueryBuilder, id: string, patch: Omit<GovernanceBodyPatch, 'members' | 'meetings'>): Promise<void> {
  await db.updateTable('governance_bodies').set({ ...columnsOf(patch), updated_at: new Date() }).where('id', '=', id).execute();
}

export async function replaceMembers(db: QueryBuilder, bodyId: string, members: NonNullable<GovernanceBodyCreate['members']>): Promise<void> {
  await db.deleteFrom('governance_members').where('body_id', '=', bodyId).execute();
  if (members.length === 0) return;
  await db.insertInto('governance_members')
    .values(members.map((m) => ({ body_id: bodyId, institution_id: m.institutionId, role: m.role, since: m.since ?? null, until: m.until ?? null })))
    .execute();
}

export async function replaceMeetings(db: QueryBuilder, bodyId: string, dialogueIds: string[]): Promise<void> {
  await db.deleteFrom('governance_meetings').where('body_id', '=', bodyId).execute();
  if (dialogueIds.length === 0) return;
  await db.insertInto('governance_meetings').values(dialogueIds.map((dialogueId) => ({ body_id: bodyId, dialogue_id: dialogueId }))).execute();
}

export async function hasChildren(db: QueryBuilder, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('governance_bodies').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst());
}

export async function deleteBody(db: QueryBuilder, id: string): Promise<void> {
  await db.deleteFrom('governance_bodies').where('id', '=', id).execute();
}
