/**
 * Time codes of statistical tables as calendar intervals, and back (issue 18, research §10.1).
 * The server reads sources with them and the web shows their periods, so both share this file.
 *
 * Codes as the sources write them:
 *   year      `2023`
 *   quarter   `2023Q2` (StatFin, Statistics Estonia), `2023-Q2` (Eurostat), `2023K2` (Finnish "kvartaali")
 *   month     `2023M06` (PxWeb), `2023-06` (Eurostat), `202306` only when the caller says the
 *             frequency is monthly: six digits could as well be a code of another kind.
 * An interval is [start, end), days as `YYYY-MM-DD` (UTC calendar dates): `2023Q2` is
 * 2023-04-01 up to, not including, 2023-07-01. Parsing is by position and character, no regular
 * expression, so any input costs at most a few comparisons.
 */

export type Frequency = 'A' | 'Q' | 'M';

export interface TimeInterval {
  frequency: Frequency;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** The day after the last, `YYYY-MM-DD` (exclusive). */
  end: string;
}

/** How a code is written: PxWeb's (`2023`, `2023Q2`, `2023M06`) or ISO 8601 / Eurostat's (`2023`, `2023-Q2`, `2023-06`). */
export type TimeCodeStyle = 'px' | 'iso';

/** Years a code may name: four digits, and the year after still four digits (the end of 9999 is not a YYYY date). */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9998;

/**
 * The interval a time code names, or null when it names none (or not one of `frequency`, when
 * given: a monthly indicator does not take `2023Q2`).
 */
export function parseTimeCode(code: string, frequency?: Frequency): TimeInterval | null {
  const found = periodOf(code, frequency);
  if (!found || (frequency !== undefined && found.frequency !== frequency)) return null;
  return intervalOf(found.frequency, found.year, found.part);
}

/** The code of an interval's period in one style, or null when `start` does not begin a period of its frequency. */
export function timeCodeOf(interval: Pick<TimeInterval, 'frequency' | 'start'>, style: TimeCodeStyle = 'px'): string | null {
  const { frequency, start } = interval;
  if (start.length !== 10 || start[4] !== '-' || start[7] !== '-' || start.slice(8) !== '01') return null;
  const year = digits(start, 0, 4);
  const month = digits(start, 5, 7);
  if (year === null || month === null || year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return null;
  if (frequency === 'A') return month === 1 ? String(year) : null;
  if (frequency === 'Q') {
    if ((month - 1) % 3 !== 0) return null;
    const quarter = (month - 1) / 3 + 1;
    return style === 'iso' ? `${year}-Q${quarter}` : `${year}Q${quarter}`;
  }
  const mm = String(month).padStart(2, '0');
  return style === 'iso' ? `${year}-${mm}` : `${year}M${mm}`;
}

/** The same period written one way (`2023-Q2`, `2023K2` → `2023Q2`), or null when the code names none. */
export function normaliseTimeCode(code: string, frequency?: Frequency, style: TimeCodeStyle = 'px'): string | null {
  const interval = parseTimeCode(code, frequency);
  return interval ? timeCodeOf(interval, style) : null;
}

/**
 * Order for time codes: by start; at the same start the longer period first (2023, 2023Q1,
 * 2023M01); codes that name no period after all others, by their text.
 */
export function compareTimeCodes(a: string, b: string, frequency?: Frequency): number {
  return compareParsed({ code: a, interval: parseTimeCode(a, frequency) }, { code: b, interval: parseTimeCode(b, frequency) });
}

export function sortTimeCodes(codes: readonly string[], frequency?: Frequency): string[] {
  return codes
    .map((code) => ({ code, interval: parseTimeCode(code, frequency) }))
    .sort((a, b) => compareParsed(a, b))
    .map(({ code }) => code);
}

function compareParsed(a: { code: string; interval: TimeInterval | null }, b: { code: string; interval: TimeInterval | null }): number {
  const x = a.interval;
  const y = b.interval;
  if (x && y) return x.start < y.start ? -1 : x.start > y.start ? 1 : x.end > y.end ? -1 : x.end < y.end ? 1 : 0;
  if (x) return -1;
  if (y) return 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

// ---- parsing ----

interface Period {
  frequency: Frequency;
  year: number;
  /** Quarter 1–4 or month 1–12; 1 for a year. */
  part: number;
}

/** Which period a code names, by its length and the characters at fixed positions. */
function periodOf(code: string, frequency: Frequency | undefined): Period | null {
  if (typeof code !== 'string' || code.length < 4 || code.length > 7) return null;
  const year = digits(code, 0, 4);
  if (year === null || year < FIRST_YEAR || year > LAST_YEAR) return null;
  const rest = code.slice(4);
  if (rest === '') return { frequency: 'A', year, part: 1 };
  // 2023Q2, 2023K2, 2023-Q2
  const quarterMark = rest.length === 2 ? rest[0] : rest.length === 3 && rest[0] === '-' ? rest[1] : '';
  if (quarterMark === 'Q' || quarterMark === 'K') {
    const quarter = digits(rest, rest.length - 1, rest.length);
    return quarter !== null && quarter >= 1 && quarter <= 4 ? { frequency: 'Q', year, part: quarter } : null;
  }
  // 2023M06, 2023-06, and 202306 when the caller says monthly
  const monthAt = (rest.length === 3 && (rest[0] === 'M' || rest[0] === '-')) ? 1 : rest.length === 2 && frequency === 'M' ? 0 : -1;
  if (monthAt < 0) return null;
  const month = digits(rest, monthAt, monthAt + 2);
  return month !== null && month >= 1 && month <= 12 ? { frequency: 'M', year, part: month } : null;
}

/** The decimal number written by `text[from…to)`, or null when any of those characters is not a digit. */
function digits(text: string, from: number, to: number): number | null {
  let value = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!(code >= 48 && code <= 57)) return null;
    value = value * 10 + (code - 48);
  }
  return value;
}

function intervalOf(frequency: Frequency, year: number, part: number): TimeInterval {
  const firstMonth = frequency === 'A' ? 1 : frequency === 'Q' ? (part - 1) * 3 + 1 : part;
  const months = frequency === 'A' ? 12 : frequency === 'Q' ? 3 : 1;
  const after = firstMonth - 1 + months;
  return { frequency, start: day(year, firstMonth), end: day(year + Math.floor(after / 12), (after % 12) + 1) };
}

function day(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}
