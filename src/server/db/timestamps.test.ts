import fc from 'fast-check';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.ts';
import { parseAnyTimestamp, parseTimestamptz } from './timestamps.ts';

const general = parseAnyTimestamp;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** A timestamp as PostgreSQL writes it: fraction without trailing zeros, offset in whole hours. */
function pgText(date: Date, micros: number, offsetHours: number) {
  const local = new Date(date.getTime() + offsetHours * 3_600_000);
  const fraction = micros ? `.${pad(micros, 6).replace(/0+$/, '')}` : '';
  const offset = `${offsetHours < 0 ? '-' : '+'}${pad(Math.abs(offsetHours))}`;
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${offset}`;
}

describe('timestamptz parsing', () => {
  it('agrees with the general parser on every shape PostgreSQL writes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: -12, max: 14 }),
        (date, micros, offsetHours) => {
          const seconds = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const text = pgText(seconds, micros, offsetHours);
          expect(parseTimestamptz(text).getTime()).toBe(general(text).getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is the parser pg uses for timestamptz', () => {
    // By name, not identity: test files sharing a worker may each load their own copy of the module.
    expect(pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ).name).toBe(parseTimestamptz.name);
  });

  it('hands unusual shapes to the general parser', () => {
    for (const text of ['infinity', '-infinity', '2026-11-21 18:35:18.42606+05:30', '0044-03-15 12:00:00+00', '0044-03-15 12:00:00+00 BC', '12026-01-01 00:00:00+00']) {
      expect(String(parseTimestamptz(text))).toBe(String(general(text)));
    }
  });
});

describe('timestamps through the database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('reads back what it wrote, to the millisecond, in any session time zone', async () => {
    const dates = fc.sample(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), 200);
    for (const zone of ['UTC', 'Europe/Helsinki', 'America/St_Johns']) {
      const rows = await t.db.kysely.connection().execute(async (db) => {
        await sql`select set_config('TimeZone', ${zone}, false)`.execute(db);
        return (await sql<{ at: Date }>`select unnest(${dates.map((d) => d.toISOString())}::timestamptz[]) as at`.execute(db)).rows;
      });
      expect(rows.map((row) => row.at.getTime())).toEqual(dates.map((d) => d.getTime()));
    }
  });
});
