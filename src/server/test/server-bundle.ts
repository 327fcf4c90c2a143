import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleServer } from '../../../scripts/build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server bundled from this checkout in this run, as `npm start` runs it (processes.ts spawns it). */
    serverBundle: string;
  }
}

/**
 * The tests that spawn `talsinki` processes run the bundle `npm start` runs: through tsx's loader
 * each process spent seconds compiling the sources before its first line. One bundle per project,
 * so two projects' set-ups never write the same file.
 */
export async function provideServerBundle(project: TestProject): Promise<() => void> {
  const outfile = path.resolve('.test-output', `server-${project.name}`, 'talsinki.mjs');
  await bundleServer(outfile);
  project.provide('serverBundle', outfile);
  return () => fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
}
