import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK } from '../../lib/addresses.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { makeTarget, runCli, type Target } from '../../test/processes.ts';
import { statsCommand } from './statistics.cli.ts';
import { smallCube } from './test/cubes.ts';
import { documentOf, startDocumentServer } from './test/documentServer.ts';
import { pxFile, sampleCube } from './test/pxFiles.ts';

/**
 * `talsinki stats import …` as people run it: a bar while it reads, then what it read (each
 * table's cells and whether it was new, revised or unchanged) and what it could not, by code in
 * English; the exit code says whether anything could be read.
 */

describe('talsinki stats import, as a process', () => {
  let target: Target;
  let dir: string;
  beforeAll(async () => {
    target = await makeTarget('talsinki-stats-cli-');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-stats-files-'));
  });
  afterAll(async () => {
    await target?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a PC-Axis file, then its revision as a new vintage, and lists the source', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'väestö.px');
    fs.writeFileSync(file, pxFile(sampleCube()));
    const first = await runCli(['stats', 'import', 'px', file, '--lang', 'fi'], target.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Importing väestö.px <file väestö.px> (px)');
    expect(first.stdout).toContain('  TEST01: 24 cells, created\n');
    expect(first.stdout).toContain('succeeded: 1 tables read, 1 created, 0 updated, 0 unchanged, 0 failed; 24 cells, 0 requests');
    // Not a terminal: the bar is written as whole lines.
    expect(first.stderr).toMatch(/^\[#{30}\] 100%  1 \/ 1  \(1 tables, 0 failed\)$/m);

    const revised = sampleCube();
    revised.values[0] = 1;
    revised.values[1] = 2;
    fs.writeFileSync(file, pxFile(revised));
    const second = await runCli(['stats', 'import', 'px', file], target.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('  TEST01: 24 cells, updated, 2 revised cells\n');

    const listed = await runCli(['stats', 'sources'], target.env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/ px +on {2}manual 1 tables {2}succeeded .* väestö\.px <file väestö\.px>/);
    await target.withDb(async (db) => {
      const sources = await db.kysely.selectFrom('stat_sources').select(['name', 'kind', 'url']).execute();
      expect(sources).toEqual([{ name: 'väestö.px', kind: 'px', url: null }]);
      expect(await db.kysely.selectFrom('stat_vintages').select('id').execute()).toHaveLength(2);
    });
  });

  it('names what it could not read by code in English, and exits 1 when nothing could be read', { timeout: 120_000 }, async () => {
    const text = Buffer.from(pxFile(sampleCube())).toString('utf8');
    const file = path.join(dir, 'short.px');
    fs.writeFileSync(file, text.replace('1000 1037', '1000'));
    const result = await runCli(['stats', 'import', 'px', file], target.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('failed: 1 tables read, 0 created, 0 updated, 0 unchanged, 1 failed');
    expect(result.stdout).toContain('[px-data-count] short.px: DATA should hold 24 values (the dimensions multiplied), but it holds 23.');
  });

  it('refuses what it cannot import, naming why and storing nothing: a kind, a file of another kind, a URL with a password', { timeout: 120_000 }, async () => {
    const csv = path.join(dir, 'table.csv');
    fs.writeFileSync(csv, 'a;b\n1;2\n');
    for (const [args, said] of [
      [['stats', 'import', 'sdmx', 'https://stat.example.test/'], /takes a kind \(pxweb, pxweb2, jsonstat, px, eurostat\)/],
      [['stats', 'import', 'px', csv], /is neither a PC-Axis file nor a JSON-stat document/],
      [['stats', 'import', 'pxweb', csv], /a pxweb source is read from an http\(s\) URL/],
      [['stats', 'import', 'jsonstat', 'https://reader:s3cret@stat.example.test/t.json'], /without a user name or password/],
      [['stats', 'export'], /did you mean: talsinki stats import/],
    ] as const) {
      const result = await runCli([...args], target.env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(said);
      expect(result.stderr).not.toContain('s3cret');
    }
    await target.withDb(async (db) => expect(await db.kysely.selectFrom('stat_sources').select('name').orderBy('created_at').execute()).toEqual([{ name: 'väestö.px' }, { name: 'short.px' }]));
  });
});

describe('talsinki stats import of an address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('reads a JSON-stat document, and again finds it unchanged', async () => {
    const site = await startDocumentServer({ '/population.json': documentOf(smallCube()) });
    try {
      const settings = { timeoutMs: 2000, retries: 0, backoffMs: 10, allowedNetworks: LOOPBACK };
      const bar: string[] = [];
      const out = { isTTY: true, write: (text: string) => void bar.push(text) };
      const lines: string[] = [];
      const args = ['import', 'jsonstat', `${site.url}/population.json`, '--table', 'population'];
      expect(await statsCommand(t.db.kysely, settings, args, out, (line) => lines.push(line))).toBe(0);
      expect(lines).toEqual([
        `Importing 127.0.0.1 population (jsonstat) <${site.url}/population.json> (jsonstat)`,
        '  population: 18 cells, created',
        'succeeded: 1 tables read, 1 created, 0 updated, 0 unchanged, 0 failed; 18 cells, 1 requests',
      ]);
      // A terminal gets the bar redrawn in place, then a new line.
      expect(bar.at(-2)).toMatch(/^\r\[#{30}\] 100%/);
      expect(bar.at(-1)).toBe('\n');
      lines.length = 0;
      expect(await statsCommand(t.db.kysely, settings, args, out, (line) => lines.push(line))).toBe(0);
      expect(lines.slice(1)).toEqual(['  population: 18 cells, unchanged', 'succeeded: 1 tables read, 0 created, 0 updated, 1 unchanged, 0 failed; 18 cells, 1 requests']);
      expect(site.requests).toEqual(['/population.json', '/population.json']);
    } finally {
      await site.close();
    }
  });
});
