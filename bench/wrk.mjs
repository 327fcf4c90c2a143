// wrk (Debian's `wrk`, a C load generator) for answers of megabytes: autocannon parses every byte
// in JavaScript on the same two cores as the server, so for a 600 KiB body it measures itself.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A wrk script that prints the figures as one JSON line (wrk's own report has no 95th percentile). */
const REPORT = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"us":%d,"p50":%.3f,"p95":%.3f,"p99":%.3f,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;

export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return error.status === 1;
  }
}

/** `connections` keep asking `url` for `seconds` after a 2 s warm-up; the same figures as the autocannon runs give. */
export async function loadWithWrk(url, { headers = {}, connections, seconds }) {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-wrk-')), 'report.lua');
  fs.writeFileSync(script, REPORT);
  const args = (duration) => ['-t2', `-c${connections}`, `-d${duration}s`, '-s', script, ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url];
  await run('wrk', args(2));
  const { stdout } = await run('wrk', args(seconds));
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk gave no figures:\n${stdout}`);
  const figures = JSON.parse(line.slice('WRK_JSON '.length));
  return { rps: figures.requests / (figures.us / 1e6), p50: figures.p50, p95: figures.p95, p99: figures.p99, failures: figures.errors + figures.non2xx };
}
