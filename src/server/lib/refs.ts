import { sql, type Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../db/tables.ts';

/**
 * The next human reference of a kind for this year (`DL-2026-0001`, `RC-2026-0014`, `AC-2026-0003`). The counter
 * row is locked by the upsert, so concurrent creations in one year queue rather than collide.
 */
export async function nextRef(db: QueryBuilder, kind: 'DL' | 'RC' | 'AC', year = new Date().getUTCFullYear()): Promise<string> {
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
