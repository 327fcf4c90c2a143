import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { makeTarget, runCli, type Target } from '../../test/processes.ts';
import { loadReadFixture } from './sta.fixture.ts';

/**
 * `talsinki sta load` as people run it: a CSV or JSON file into a Datastream, a bar while it
 * loads, then what was written and which rows were refused and why; the exit code says whether
 * anything could be written.
 */

describe('talsinki sta load, as a process', () => {
  let target: Target;
  let dir: string;
  let stream: number;
  beforeAll(async () => {
    target = await makeTarget('talsinki-sta-cli-');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-sta-files-'));
    stream = await target.withDb(async (db) => {
      await prepareDatabase(db);
      return (await loadReadFixture(db.kysely)).datastreams.temperature;
    });
  });
  afterAll(async () => {
    await target?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const stored = () => target.withDb(async (db) => (await sql<{ n: number }>`select count(*)::int as n from sta_observations where datastream_id = ${stream}`.execute(db.kysely)).rows[0].n);

  it('loads a CSV of 25,000 rows in batches with a bar, and names the rows it refused', { timeout: 120_000 }, async () => {
    const before = await stored();
    const start = Date.parse('2025-01-01T00:00:00Z');
    const lines = ['phenomenonTime,result'];
    for (let i = 0; i < 25_000; i++) lines.push(`${new Date(start + i * 600_000).toISOString()},${(i % 100) / 10}`);
    lines.splice(3, 0, '2025-13-01T00:00:00Z,1', 'not a time,2', '2025-01-01T00:00:00Z,warm');
    const file = path.join(dir, 'temperature.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runCli(['sta', 'load', file, '--datastream', String(stream)], target.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`25,000 observations written to Datastreams(${stream}), 3 rows refused.`);
    expect(run.stdout).toContain('  row 4: phenomenonTime is not an ISO 8601 instant or interval with offsets');
    expect(run.stdout).toMatch(/ {2}row 6: result-type-mismatch/);
    // Not a terminal: the bar is written as whole lines, ending full.
    expect(run.stderr).toMatch(/^\[#{30}\] 100% .*\(25,000 written, 3 refused\)$/m);
    expect(await stored()).toBe(before + 25_000);
    // The chart's buckets came with them: 25,000 rows ten minutes apart fill 4,167 hours.
    const hours = await target.withDb(async (db) => (await sql<{ n: number }>`select count(*)::int as n from sta_observation_aggregates where datastream_id = ${stream} and bucket = 'hour' and bucket_start < '2026-01-01'`.execute(db.kysely)).rows[0].n);
    expect(hours).toBe(Math.ceil((25_000 * 10) / 60));
  });

  it('loads JSON Observations and data arrays; a file of refused rows exits 1, a wrong stream exits 1 with why', { timeout: 120_000 }, async () => {
    const before = await stored();
    const observations = path.join(dir, 'observations.json');
    fs.writeFileSync(observations, JSON.stringify([{ phenomenonTime: '2025-06-01T00:00:00Z', result: 1.5, resultTime: '2025-06-01T00:05:00Z' }, { phenomenonTime: '2025-06-01T01:00:00Z', result: 2.5 }]));
    const ok = await runCli(['sta', 'load', observations, '--datastream', String(stream)], target.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 observations written');
    const array = path.join(dir, 'array.json');
    fs.writeFileSync(array, JSON.stringify({ components: ['result', 'phenomenonTime'], dataArray: [['x', '2025-06-02T00:00:00Z']] }));
    const refused = await runCli(['sta', 'load', array, '--datastream', String(stream)], target.env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('0 observations written');
    const missing = await runCli(['sta', 'load', observations, '--datastream', '999999'], target.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Datastreams(999999) does not exist');
    const usage = await runCli(['sta', 'load', observations], target.env);
    expect(usage.code).toBe(2);
    expect(await stored()).toBe(before + 2);
  });
});
