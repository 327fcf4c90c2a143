import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.ts';
import { listMigrations, migrate } from './migrate.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('migrations', () => {
  it('records every numbered migration once and is a no-op when run again', async () => {
    const versions = (await t.db.kysely.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => Number(r.version));
    expect(versions).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('rolls back a failing migration completely', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-migrations-'));
    fs.writeFileSync(path.join(dir, '0901_good.sql'), 'create table migration_probe (id int);');
    fs.writeFileSync(path.join(dir, '0902_bad.sql'), 'create table migration_probe_2 (id int); select no_such_function();');
    const scratch = await createTestDatabase();
    try {
      await expect(migrate(scratch.db, dir)).rejects.toThrow(/no_such_function/);
      const versions = await scratch.db.kysely.selectFrom('schema_migrations').select('version').where('version', '>', 900).execute();
      expect(versions).toEqual([]);
      const tables = await scratch.db.withClient((c) => c.query<{ n: number }>("select count(*)::int as n from pg_tables where tablename like 'migration_probe%'"));
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await scratch.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
