import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from './connection.ts';
import { listMigrations, migrate } from './migrate.ts';
import { makeTarget, type Target } from '../test/processes.ts';

/**
 * Instances starting together on one fresh PostgreSQL database each run `migrate()` on their own
 * connection: all succeed, each migration is applied once, and the schema is what one migration
 * alone makes. A test connection holds the migrations' advisory lock while the three start, so
 * they truly meet at it, then lets go.
 */

const MIGRATION_LOCK = 7_384_001;

/** Tables and columns, indexes, constraints, triggers and functions of the public schema, as text. */
async function schemaOf(db: Database): Promise<string[]> {
  const { rows } = await db.withClient((client) =>
    client.query<{ line: string }>(`
      select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
        from information_schema.columns where table_schema = 'public'
      union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'
      union all select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
      union all select 'trigger ' || tgrelid::regclass || ' ' || tgname from pg_trigger where not tgisinternal
      union all select 'function ' || proname from pg_proc where pronamespace = 'public'::regnamespace
      union all select 'extension ' || extname from pg_extension
      order by 1`),
  );
  return rows.map((row) => row.line);
}

describe('several instances migrating one fresh database at once', () => {
  let fresh: Target;
  let reference: Target;
  const instances: Database[] = [];
  beforeAll(async () => {
    [fresh, reference] = await Promise.all([makeTarget('talsinki-migrate-', { empty: true }), makeTarget('talsinki-migrate-ref-', { empty: true })]);
  });
  afterAll(async () => {
    for (const db of instances) await db.close();
    await fresh?.dispose();
    await reference?.dispose();
  });

  it('all succeed, each migration is applied once, and the schema is complete', async () => {
    const url = fresh.env.DATABASE_URL;
    for (let i = 0; i < 3; i++) instances.push(await openPostgres(url, 1));

    const results = await fresh.withDb((holder) =>
      holder.withClient(async (client) => {
        await client.query('begin');
        await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const running = instances.map((db) => migrate(db));
        // Until all three wait on the lock this connection holds (asked on another connection:
        // within a transaction, pg_stat_activity is read once).
        const deadline = Date.now() + 20_000;
        for (;;) {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`.execute(holder.kysely);
          if (rows[0].n === 3) break;
          if (Date.now() > deadline) throw new Error(`only ${rows[0].n} instances wait on the migration lock`);
          await new Promise((resolve) => setImmediate(resolve));
        }
        await client.query('commit');
        return Promise.allSettled(running);
      }),
    );

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    const all = listMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
    // One instance applied them all; the others found nothing left to do.
    expect(applied.flat().sort()).toEqual(all);
    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, all.length]);

    const recorded = await fresh.withDb((db) => db.kysely.selectFrom('schema_migrations').select('version').orderBy('version').execute());
    expect(recorded.map((r) => Number(r.version))).toEqual(listMigrations().map((m) => m.version));

    await reference.withDb((db) => migrate(db));
    const expected = await reference.withDb(schemaOf);
    expect(expected.length).toBeGreaterThan(100);
    expect(await fresh.withDb(schemaOf)).toEqual(expected);

    // And a later start, as every instance's, changes nothing.
    expect(await migrate(instances[0])).toEqual([]);
  });
});
