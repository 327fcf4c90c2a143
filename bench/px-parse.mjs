#!/usr/bin/env node
// The PC-Axis reader alone (no database): a generated 1,000,000-cell file (250 areas × 4 series
// × 1000 months, one cell in 91 missing as "..", about 6.8 MB) parsed from a file stream in a
// fresh process with the server's Node flags, for the figure (< 15 s, < 300 MB RSS; the
// full import with the database write is measured by the import scenario). Too slow for the unit
// run, so it is a script:
//
//   node bench/px-parse.mjs                     1,000,000 cells
//   PX_BENCH_MONTHS=4000 node bench/px-parse.mjs  4,000,000 cells
//
// Writes .bench-output/px-parse.json; exits 1 when a limit is exceeded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { SERVER_NODE_FLAGS } from '../scripts/build.mjs';

const LIMIT_SECONDS = 15;
const LIMIT_RSS_MB = 300;
const MB = 2 ** 20;

if (process.argv[2] === '--parse') {
  // the measured process: only the reader, reading the file as an upload would arrive
  const file = process.argv[3];
  const { readPx } = await tsImport('../src/server/features/statistics/formats/px.ts', import.meta.url);
  const { bigPxValue } = await tsImport('../src/server/features/statistics/test/pxFiles.ts', import.meta.url);
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const { cube } = await readPx(fs.createReadStream(file, { highWaterMark: 64 * 1024 }), { maxCells: 20_000_000 });
  const seconds = (performance.now() - started) / 1000;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  let wrong = 0;
  for (let i = 0; i < cube.values.length; i++) if (!Object.is(cube.values[i], bigPxValue(i))) wrong++;
  process.stdout.write(JSON.stringify({ cells: cube.values.length, symbols: cube.statuses.size, wrong, seconds, rssBeforeMb: before / MB, peakRssMb: peakRss / MB }));
  process.exit(0);
}

const months = Number(process.env.PX_BENCH_MONTHS || 1000);
const { bigPxFile } = await tsImport('../src/server/features/statistics/test/pxFiles.ts', import.meta.url);
fs.mkdirSync('.bench-output', { recursive: true });
const file = path.join('.bench-output', 'px-parse.px');
const out = fs.openSync(file, 'w');
for (const chunk of bigPxFile({ months })) fs.writeSync(out, chunk);
fs.closeSync(out);
const bytes = fs.statSync(file).size;

const child = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, fileURLToPath(import.meta.url), '--parse', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (child.status !== 0) throw new Error(`the parse process failed (${child.status})`);
const result = JSON.parse(child.stdout);
fs.rmSync(file);

const report = { file: { bytes, cells: result.cells, symbols: result.symbols }, ...result, limits: { seconds: LIMIT_SECONDS, rssMb: LIMIT_RSS_MB } };
console.log(`${result.cells.toLocaleString('en')} cells (${(bytes / MB).toFixed(1)} MB, ${result.symbols} symbols): parsed in ${(result.seconds * 1000).toFixed(0)} ms`);
console.log(`RSS ${result.rssBeforeMb.toFixed(0)} MB before the parse (Node + tsx), peak ${result.peakRssMb.toFixed(0)} MB; ${result.wrong} cells differ from the generator`);
fs.writeFileSync(path.join('.bench-output', 'px-parse.json'), JSON.stringify(report, null, 2));
if (result.wrong > 0 || result.seconds > LIMIT_SECONDS || result.peakRssMb > LIMIT_RSS_MB) {
  console.log(`over a limit (${LIMIT_SECONDS} s, ${LIMIT_RSS_MB} MB) or wrong cells`);
  process.exit(1);
}
