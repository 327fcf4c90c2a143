#!/usr/bin/env node
// `npm start`: build what is stale (web app, server bundle), then run the server. The builds
// finish before the server starts, so their memory is gone by then.
import { spawn } from 'node:child_process';
import { buildServer, buildWeb, SERVER_BUNDLE, SERVER_NODE_FLAGS } from './build.mjs';

try {
  buildWeb();
  await buildServer();
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}

// On the embedded database, PostgreSQL itself runs as WebAssembly in this process: V8's baseline
// compiler alone keeps ~60 MB of optimised machine code out of memory, at some speed cost that an
// embedded, single-machine installation does not feel. A PostgreSQL server needs no such trade.
const flags = process.env.DATABASE_URL ? [] : ['--liftoff-only'];
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...flags, SERVER_BUNDLE, 'serve'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
