import path from 'node:path';
import { build } from 'vite';

/** The browser tests run against the production build, served by the real server. */
export default async function setup() {
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn' });
}
