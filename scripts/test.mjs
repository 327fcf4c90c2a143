#!/usr/bin/env node
// `npm test`: everything the tests need beyond Node is installed or started here, then every
// test runs: unit, API (on PGlite and on a throwaway PostgreSQL 15 cluster) and browser tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PG_BIN } from './pg-cluster.mjs';

const CHROMIUM = process.env.TALSINKI_CHROMIUM || '/usr/bin/chromium';
const RESULTS = path.resolve('.test-output/vitest.json');

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

/**
 * `command`'s exit status, and with `capture` all it printed (kept to show after the tests' own
 * output); without, its output is shown as it comes.
 */
function finished(command, args, { capture = false, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ status: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

let aptUpdated = false;
/** Debian packages the tests use; installed when missing (as root, or through passwordless sudo). */
function ensureDebianPackage(what, present, packages) {
  if (present()) return;
  console.log(`Installing ${what} from Debian's packages (${packages.join(' ')})…`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args) => sh(asRoot[0] ?? args[0], asRoot.length ? [...asRoot.slice(1), ...args] : args.slice(1), { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!aptUpdated && run(['apt-get', 'update', '-qq']) !== 0) throw new Error('apt-get update failed');
  aptUpdated = true;
  if (run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]) !== 0 || !present()) {
    throw new Error(`${what} is needed by the tests and could not be installed: install ${packages.join(' ')} and run npm test again`);
  }
}

/**
 * Where the tests' throwaway files go (the test cluster, each browser file's copy of the demo
 * database, the processes' data folders): memory when the machine has a tmpfs at /dev/shm, where
 * copying the demo database takes a tenth of the time it takes on disk; the usual temporary folder if not.
 */
function scratchDir() {
  for (const root of ['/dev/shm', os.tmpdir()]) {
    try {
      const dir = fs.mkdtempSync(path.join(root, 'talsinki-test-'));
      // Open to every user as /tmp is: the test cluster runs as postgres when the tests run as root.
      fs.chmodSync(dir, 0o1777);
      return dir;
    } catch {
      // Not there or not writable: the next.
    }
  }
  throw new Error('no writable temporary folder');
}

async function main() {
  ensureDebianPackage('Chromium', () => fs.existsSync(CHROMIUM), ['chromium']);
  ensureDebianPackage('PostgreSQL 15', () => fs.existsSync(path.join(PG_BIN, 'initdb')), ['postgresql-15']);
  // Real spreadsheet readers that open the XLSX exports (bottlenecks.xlsx-readers.test.ts).
  ensureDebianPackage('openpyxl', () => spawnSync('/usr/bin/python3', ['-c', 'import openpyxl']).status === 0, ['python3-openpyxl']);
  ensureDebianPackage("Gnumeric's ssconvert", () => spawnSync('ssconvert', ['--version']).status === 0, ['gnumeric']);
  // Raptor's rapper: the linked-data tests read the DCAT output with a parser independent of the writers.
  ensureDebianPackage('Raptor (rapper)', () => fs.existsSync('/usr/bin/rapper'), ['raptor2-utils']);
  // More clients read Talsinki's answers: xmllint (Open311 XML, RDF/XML), Python's rdflib (the catalogue) and icalendar (dialogues).
  ensureDebianPackage("libxml2's xmllint", () => spawnSync('xmllint', ['--version']).status === 0, ['libxml2-utils']);
  ensureDebianPackage('rdflib', () => spawnSync('/usr/bin/python3', ['-c', 'import rdflib']).status === 0, ['python3-rdflib']);
  ensureDebianPackage('icalendar', () => spawnSync('/usr/bin/python3', ['-c', 'import icalendar']).status === 0, ['python3-icalendar']);
  // Mosquitto: the external MQTT broker several instances share (features/sta/sta.bus.test.ts).
  ensureDebianPackage('Mosquitto', () => fs.existsSync(process.env.TALSINKI_MOSQUITTO || '/usr/sbin/mosquitto'), ['mosquitto']);
  // Poppler's pdftotext and pdfinfo read the progress report's and the roadmap's PDFs (src/server/test/pdf.ts).
  ensureDebianPackage("Poppler's pdftotext", () => spawnSync('pdftotext', ['-v']).status === 0, ['poppler-utils']);

  // The type check runs beside the tests: it is one thread's work for about a minute, which
  // the tests' own start (building the bundles, starting the test cluster) leaves room for.
  console.log('\n▶ Type check, beside the tests: unit, API on PGlite, API on PostgreSQL 15, browser (Chromium + axe)');
  const typecheckRun = finished(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { capture: true });
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.rmSync(RESULTS, { force: true });
  const scratch = scratchDir();
  let vitest;
  try {
    ({ status: vitest } = await finished(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}`, ...process.argv.slice(2)], {
      env: { ...process.env, TALSINKI_CHROMIUM: CHROMIUM, TMPDIR: scratch },
    }));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const { status: typecheck, output: typecheckOutput } = await typecheckRun;
  console.log(`\n▶ Type check: ${typecheck === 0 ? 'no errors' : 'errors'}`);
  if (typecheckOutput) process.stdout.write(typecheckOutput);

  let passed = 0;
  let failed = typecheck === 0 ? 0 : 1;
  if (fs.existsSync(RESULTS)) {
    const report = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    passed = report.numPassedTests;
    // A file whose set-up failed fails no test of its own (they are reported skipped), and in the
    // whole suite no test may be skipped (a run narrowed by `-t` skips the rest by design): both
    // count, so the closing line never says "0 failed" over a failed run.
    const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')).length;
    const wholeSuite = process.argv.length <= 2;
    const skipped = wholeSuite ? report.numPendingTests + report.numTodoTests : 0;
    if (brokenFiles) console.log(`${brokenFiles} test file(s) failed outside their tests (in a set-up or tear-down).`);
    if (skipped) console.log(`${skipped} test(s) skipped or left to do: none may be.`);
    failed += report.numFailedTests + brokenFiles + skipped + (report.numTotalTests === 0 ? 1 : 0);
  } else {
    failed += 1;
  }
  if (typecheck !== 0) console.log('The type check failed.');
  // The plain closing line CI reads.
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && vitest === 0 && typecheck === 0 ? 0 : 1);
}

try {
  await main();
} catch (error) {
  console.error(`npm test: ${error.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
