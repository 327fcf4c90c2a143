import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { startServer } from './support.ts';
import { buildServer } from '../scripts/build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded database with the demo region loaded, which each test file's server starts from a copy of. */
    demoDataDir: string;
  }
}

/**
 * The browser tests run against the production build, served by the real server as `npm start`
 * runs it: the server bundle, built first (the demo is loaded with it). The demo region
 * is loaded once into a template database here; each test file's server starts on its own copy,
 * so no file sees another's changes and none waits for the demo to load again.
 */
export default async function setup(project: TestProject) {
  const demoDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-e2e-demo-'));
  await buildServer();
  await Promise.all([productionBuild(), loadDemoInto(demoDataDir)]);
  project.provide('demoDataDir', demoDataDir);
  return () => fs.rmSync(demoDataDir, { recursive: true, force: true });
}

/** The web app as `npm start` builds it: Vitest sets NODE_ENV=test, which would give React's development build. */
async function productionBuild() {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = before;
  }
}

async function loadDemoInto(dataDir: string) {
  // Started while the build has NODE_ENV set to production: the server is given the tests' own.
  // Forty days of the Baltic demo's sensors: a week and a year of charts to draw, and a template quick to copy.
  const server = await startServer({ dataDir, keepData: true, env: { NODE_ENV: 'test', TALSINKI_DEMO_SENSOR_DAYS: '40' } });
  await server.stop();
}
