#!/usr/bin/env node
// `npm test`: everything the tests need beyond Node is installed or started here, then every
// test runs: unit, API (on PGlite and on a throwaway PostgreSQL 15 cluster) and browser tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PG_BIN } from './pg-cluster.mjs';

const CHROMIUM = process.env.TALSINKI_CHROMIUM || '/usr/bin/chromium';
const RESULTS = path.resolve('.test-output/vitest.json');

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
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

function main() {
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

  console.log('\n▶ Type check');
  const typecheck = sh(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);

  console.log('\n▶ Tests: unit, API on PGlite, API on PostgreSQL 15, browser (Chromium + axe)');
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.rmSync(RESULTS, { force: true });
  const vitest = sh(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}`, ...process.argv.slice(2)], {
    env: { ...process.env, TALSINKI_CHROMIUM: CHROMIUM },
  });

  let passed = 0;
  let failed = typecheck === 0 ? 0 : 1;
  if (fs.existsSync(RESULTS)) {
    const report = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    passed = report.numPassedTests;
    failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
  } else {
    failed += 1;
  }
  if (typecheck !== 0) console.log('The type check failed.');
  // The plain closing line CI reads.
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && vitest === 0 && typecheck === 0 ? 0 : 1);
}

try {
  main();
} catch (error) {
  console.error(`npm test: ${error.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
