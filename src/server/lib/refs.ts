import { sql, type Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../db/tables.ts';

/**
 * The next human reference of a kind for this year (`DL-2026-0001`, `RC-2026-0014`, `AC-2026-0003`). The counter
 * row is locked by the upsert, so concurrent creations in one year queue rather than collide.
 */
export async function nextRef(db: QueryBuilder, kind: 'DL' | 'RC' | 'AC' | 'CN', year = new Date().getUTCFullYear()): Promise<string> {
  const row = await db
    .insertInto('ref_counters')
    .values({ kind, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ last_number: sql`ref_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return `${kind}-${year}-${String(row.last_number).padStart(4, '0')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** `count` references of a kind for this year at once (an import): the counter moves once, so they are consecutive. */
export async function nextRefs(db: QueryBuilder, kind: 'DL' | 'RC' | 'AC' | 'CN', count: number, year = new Date().getUTCFullYear()): Promise<string[]> {
  if (count <= 0) return [];
  const row = await db
    .insertInto('ref_counters')
    .values({ kind, year, last_number: count })
    .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ last_number: sql`ref_counters.last_number + ${count}` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  const first = Number(row.last_number) - count + 1;
  return Array.from({ length: count }, (_, i) => `${kind}-${year}-${String(first + i).padStart(4, '0')}`);
}
