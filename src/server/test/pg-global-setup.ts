import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ES module shared with the benchmarks
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/** One throwaway PostgreSQL 15 cluster for the whole run; each test file makes its own database in it. */
export default async function setup(project: TestProject) {
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
