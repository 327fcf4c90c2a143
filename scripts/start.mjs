#!/usr/bin/env node
// `npm start`: build what is missing or older than its sources (the web app with Vite, the
// server bundle with esbuild), then run the server. Builds run before the server starts, so
// their memory is gone by then.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

function isStale(output, inputs) {
  return !fs.existsSync(output) || inputs.some((input) => newestMtime(input) > fs.statSync(output).mtimeMs);
}

const WEB = 'dist/web/index.html';
if (isStale(WEB, ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'])) {
  console.log('Building the web app…');
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A bundle starts faster and needs far less memory than compiling TypeScript on the fly.
const SERVER = 'dist/server/talsinki.mjs';
if (isStale(SERVER, ['src/server', 'src/shared', 'package-lock.json'])) {
  console.log('Building the server…');
  const { build } = await import('esbuild');
  await build({ entryPoints: ['src/server/main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: SERVER, logLevel: 'warning' });
  fs.rmSync('dist/server/migrations', { recursive: true, force: true });
  fs.cpSync('src/server/db/migrations', 'dist/server/migrations', { recursive: true });
}

// On the embedded database, PostgreSQL itself runs as WebAssembly in this process: V8's baseline
// compiler alone keeps ~60 MB of optimised machine code out of memory, at some speed cost that an
// embedded, single-machine installation does not feel. A PostgreSQL server needs no such trade.
const flags = process.env.DATABASE_URL ? [] : ['--liftoff-only'];
const server = spawn(process.execPath, [...flags, SERVER, 'serve'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
