import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../app.ts';
import { openPglite, pgliteStartParams } from '../db/connection.ts';
import { provideServerBundle } from './server-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A `dumpDataDir` tarball of an embedded database migrated and seeded in this run. */
    pgliteSnapshot: string;
  }
}

/**
 * A new embedded database runs initdb, which costs seconds; one migrated and seeded here, once per
 * run, is what every test database starts as instead (harness.ts, `createTestDatabase`). Made anew
 * each run, from this checkout's migrations and seeds, so no test is served an old schema.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-test-snapshot-'));
  const dataDir = path.join(dir, 'data');
  const db = await openPglite(dataDir);
  try {
    await prepareDatabase(db);
  } finally {
    await db.close();
  }
  const pglite = await PGlite.create({ dataDir, extensions: { pg_trgm }, startParams: pgliteStartParams('16MB') });
  try {
    await pglite.exec('checkpoint');
    const tarball = await pglite.dumpDataDir('none');
    fs.writeFileSync(path.join(dir, 'migrated.tar'), new Uint8Array(await tarball.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  project.provide('pgliteSnapshot', path.join(dir, 'migrated.tar'));
  const removeBundle = await provideServerBundle(project);
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    removeBundle();
  };
}
