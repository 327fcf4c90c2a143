import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('database connections', () => {
  const planMode = async (k: TestDatabase['db']['kysely']) => (await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(k)).rows[0].plan_cache_mode;

  it('keeps generic plans only in the sessions for list queries', async () => {
    expect(await planMode(t.db.kysely)).toBe('auto');
    expect(await planMode(t.db.genericPlans)).toBe(TEST_DB === 'postgres' ? 'force_generic_plan' : 'auto');
  });

  it('sees the same data from both', async () => {
    await t.db.kysely.insertInto('institutions').values({ slug: 'probe-institution', name: JSON.stringify({ en: 'Probe' }), country: 'FI', type: 'ngo', domains: [] }).execute();
    const row = await t.db.genericPlans.selectFrom('institutions').select('slug').where('slug', '=', 'probe-institution').executeTakeFirst();
    expect(row?.slug).toBe('probe-institution');
  });
});
