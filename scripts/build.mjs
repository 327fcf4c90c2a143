// Builds shared by `npm start` and the benchmarks: each runs only when its output is missing or
// older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SERVER_BUNDLE = 'dist/server/talsinki.mjs';

/**
 * Node's flags for the server. With no old-space limit (the default here is 4 GB) V8 lets
 * garbage from a long stream, such as the whole catalogue as DCAT, pile up to ~100 MB before it
 * collects; with a limit it collects early and the heap stays near what is live (~50 MB with
 * 100,000 datasets and the search index). 1 GB leaves ample room for the server's bounded caches.
 * The second is a guard behind the rule that no expression may backtrack without bound (checked
 * by lib/regexp-safety.unit.test.ts): should an exponential one slip through, V8 finishes it with
 * its linear-time engine once it has backtracked too often (83 s became 2 ms for /^(a+)+$/ on 28
 * characters). It does not help a quadratic one, whose every attempt is short: only the rule does.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=1024', '--enable-experimental-regexp-engine-on-excessive-backtracks'];
const WEB_INDEX = 'dist/web/index.html';

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

function isStale(output, inputs) {
  return !fs.existsSync(output) || inputs.some((input) => newestMtime(input) > fs.statSync(output).mtimeMs);
}

export function buildWeb() {
  if (!isStale(WEB_INDEX, ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'])) return;
  console.log('Building the web app…');
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the web build failed');
}

/** A bundle starts faster and needs far less memory than compiling TypeScript on the fly. */
export async function buildServer() {
  if (!isStale(SERVER_BUNDLE, ['src/server', 'src/shared', 'package-lock.json'])) return;
  console.log('Building the server…');
  await bundleServer(SERVER_BUNDLE);
}

/**
 * The server bundle written to `outfile`, whatever is there. Two folders below the checkout's root,
 * as `dist/server`, since the bundle reads `package.json` and the node modules from there.
 */
export async function bundleServer(outfile) {
  const { build } = await import('esbuild');
  await build({ entryPoints: ['src/server/main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
  // The bundle finds its migrations beside itself, as the sources do.
  const migrations = path.join(path.dirname(outfile), 'migrations');
  fs.rmSync(migrations, { recursive: true, force: true });
  fs.cpSync('src/server/db/migrations', migrations, { recursive: true });
}
