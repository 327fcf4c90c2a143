// `npm start` on the embedded database: time to the first page, and the server's memory.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/net.mjs';


/** Resident memory of the server: the child of scripts/start.mjs that runs `serve` (not esbuild's helper). */
function serverRssMb(startPid) {
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(startPid)], { encoding: 'utf8' }).trim().split('\n');
  const server = children.map((line) => line.trim().split(/\s+/)).find(([, ...args]) => args.includes('serve'));
  if (!server) throw new Error(`no server process among: ${children.join('; ')}`);
  const rss = execFileSync('ps', ['-o', 'rss=', '-p', server[0]], { encoding: 'utf8' }).trim();
  return Number(rss) / 1024;
}

async function startOnce(dataDir) {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, TALSINKI_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', TALSINKI_MQTT_PORT: '0' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      if (response.ok && (await response.text()).includes('<div id="root">')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error('npm start did not serve a page within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  // A few requests so the figure is memory in use, not just after boot.
  for (const p of ['/', '/api/site', '/api/health', '/api/auth/session']) await fetch(`http://127.0.0.1:${port}${p}`);
  await new Promise((r) => setTimeout(r, 1000));
  const rss = serverRssMb(child.pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { seconds, rss };
}

export async function measureEmbeddedStart() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-bench-start-'));
  try {
    const cold = await startOnce(dataDir);
    const warm = await startOnce(dataDir);
    const target = 'first page < 10 s, RSS < 250 MB';
    return [
      { scenario: 'npm start, new embedded database + demo', 'first page s': cold.seconds, 'RSS MB': Math.round(cold.rss), target },
      { scenario: 'npm start, warm (demo loaded)', 'first page s': warm.seconds, 'RSS MB': Math.round(warm.rss), target },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
