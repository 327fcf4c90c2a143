import pg from 'pg';
import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ES module shared with the benchmarks
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';
import { prepareDatabase } from '../app.ts';
import { openPostgres } from '../db/connection.ts';
import { provideServerBundle } from './server-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** A database migrated and seeded in this run, which each test database is created as a copy of. */
    pgTemplate: string;
  }
}

const TEMPLATE = 'talsinki_test_template';

/**
 * One throwaway PostgreSQL 15 cluster for the whole run; each test file makes its own database in
 * it, as a copy of a template migrated and seeded here once (made anew each run, from this
 * checkout's migrations and seeds).
 */
export default async function setup(project: TestProject) {
  const cluster = await startPgCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`create database ${TEMPLATE}`);
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = `/${TEMPLATE}`;
    // Closed before any copy is made: PostgreSQL copies a template only while no one is connected to it.
    const db = await openPostgres(url.toString(), 1);
    try {
      await prepareDatabase(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('pgUrl', cluster.url);
  project.provide('pgTemplate', TEMPLATE);
  const removeBundle = await provideServerBundle(project);
  return async () => {
    await cluster.stop();
    removeBundle();
  };
}
