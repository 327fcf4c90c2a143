import type { Db } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { seedInstitutions } from './features/institutions/institutions.service.ts';

/** Migrations and the reference data every installation has (real institutions); returns the migrations applied. */
export async function prepareDatabase(db: Db): Promise<string[]> {
  const applied = await migrate(db);
  await seedInstitutions(db.k);
  return applied;
}
