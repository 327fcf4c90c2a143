/**
 * Periods of calendar days (`YYYY-MM-DD`, both ends included, UTC) as the progress report reads
 * them: quarters for the shortcuts, the previous period a report compares with, and the longest
 * period one report covers. Server and web share them, so a quarter is the same on both.
 */

export interface Period {
  from: string;
  to: string;
}

/** The longest period one report covers. */
export const MAX_REPORT_YEARS = 5;

const DAY_MS = 24 * 60 * 60 * 1000;
const toDay = (date: Date) => date.toISOString().slice(0, 10);
const parse = (day: string) => new Date(`${day}T00:00:00Z`);

export function addDays(day: string, days: number): string {
  return toDay(new Date(parse(day).getTime() + days * DAY_MS));
}

/** The first day of the month `months` after the month of `day` (negative: before). */
function monthStart(day: string, months: number): string {
  const date = parse(day);
  return toDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

export function addYears(day: string, years: number): string {
  const date = parse(day);
  const moved = new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));
  // 29 February in a year without one: the last day of February.
  return moved.getUTCMonth() === date.getUTCMonth() ? toDay(moved) : addDays(toDay(moved), -moved.getUTCDate());
}

/** Days in the period, both ends counted. */
export function daysIn(period: Period): number {
  return Math.round((parse(period.to).getTime() - parse(period.from).getTime()) / DAY_MS) + 1;
}

/** The calendar quarter that holds `day`, `offset` quarters later (negative: earlier). */
export function quarterOf(day: string, offset = 0): Period & { year: number; quarter: number } {
  const date = parse(day);
  const first = monthStart(toDay(new Date(Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 1))), offset * 3);
  const start = parse(first);
  return { from: first, to: addDays(monthStart(first, 3), -1), year: start.getUTCFullYear(), quarter: Math.floor(start.getUTCMonth() / 3) + 1 };
}

/** Whether the period is whole calendar months (from a first day to a last day), and how many. */
function wholeMonths(period: Period): number | null {
  if (!period.from.endsWith('-01') || addDays(period.to, 1).slice(8) !== '01') return null;
  const from = parse(period.from);
  const after = parse(addDays(period.to, 1));
  return (after.getUTCFullYear() - from.getUTCFullYear()) * 12 + after.getUTCMonth() - from.getUTCMonth();
}

/**
 * The period a report compares with: the one just before, of equal length. A period of whole
 * months (a quarter, a half-year) is compared with as many whole months before it (the previous
 * quarter, whatever its number of days); any other with as many days before it.
 */
export function previousPeriod(period: Period): Period {
  const months = wholeMonths(period);
  if (months) return { from: monthStart(period.from, -months), to: addDays(period.from, -1) };
  return { from: addDays(period.from, -daysIn(period)), to: addDays(period.from, -1) };
}

/** Whether the period is longer than one report covers (more than `MAX_REPORT_YEARS` years). */
export function isTooLong(period: Period): boolean {
  return period.to >= addYears(period.from, MAX_REPORT_YEARS);
}
