import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { keepPartitionsAhead, listPartitions, monthsAhead, monthsOf, partitionName } from './sta.partitions.ts';

/** The partitions a live sensor will write into are made ahead of it, across a year's end too. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe('partitions ahead', () => {
  it('names this month and the next ones, across a year’s end', () => {
    expect(monthsAhead(Date.parse('2031-11-15T12:00:00Z'), 2)).toEqual(['2031-11', '2031-12', '2032-01']);
    expect(monthsAhead(Date.parse('2031-12-31T23:59:59Z'), 1)).toEqual(['2031-12', '2032-01']);
  });

  it('names the months a batch of times falls in, each once, at their edges too', () => {
    const times = ['2026-01-15T00:00:00Z', '2026-01-31T23:59:59.999Z', '2026-02-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-03-01T00:00:00Z', '2025-12-31T23:59:59.999Z'].map(Date.parse);
    expect(monthsOf(times)).toEqual(['2026-01', '2026-02', '2026-03', '2025-12']);
    expect(() => monthsOf([Number.NaN])).toThrow(RangeError);
  });

  it('makes this month’s partition and the next two before any Observation of theirs arrives', async () => {
    const errors: unknown[] = [];
    const keeper = keepPartitionsAhead(database.db.kysely, { error: (o) => errors.push(o) }, () => Date.parse('2031-11-15T12:00:00Z'));
    await keeper.ready;
    keeper.stop();
    const names = (await listPartitions(database.db.kysely)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['2031-11', '2031-12', '2032-01'].map(partitionName)));
    expect(names).not.toContain(partitionName('2032-02'));
    expect(errors).toEqual([]);
  });
});
