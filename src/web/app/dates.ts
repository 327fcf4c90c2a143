/**
 * Dates and times as the web shows and reads them: in the interface's language, never the
 * browser's, and in Helsinki–Tallinn time (Europe/Helsinki, or the item's own zone: a dialogue has
 * one), never the computer's. Pure functions; `useDates` (components/) binds them to the language.
 */
import { zonedInstants } from '../../shared/zoned.ts';

/** Helsinki and Tallinn keep the same clock; an item without a zone of its own is shown in this one. */
const REGION_ZONE = 'Europe/Helsinki';

/**
 * The locale Intl formats dates and numbers with (`components/numbers.ts` too): British English
 * writes the day before the month and a 24-hour clock, as people do on both shores.
 */
export function intlLocale(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang} ${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(intlLocale(lang), options)));
  return found;
}

export type DateStyle = 'medium' | 'long';

/** The day of an instant in `zone`: "3.12.2026", "3. dets 2026", "3 Dec 2026" (long: "3. joulukuuta 2026"). */
export function formatDate(iso: string, lang: string, { zone = REGION_ZONE, style = 'medium' }: { zone?: string; style?: DateStyle } = {}): string {
  return format(lang, { dateStyle: style, timeZone: zone }).format(new Date(iso));
}

/** A calendar day without a time (`2026-12-03`, a dataset's coverage): the same day wherever it is read. */
export function formatDay(day: string, lang: string, style: DateStyle = 'medium'): string {
  return format(lang, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}

/** A month (`2026-12`): "jouluk. 2026", "dets 2026", "Dec 2026"; `long`: "joulukuu 2026", "December 2026". */
export function formatMonth(month: string, lang: string, width: 'short' | 'long' = 'short'): string {
  return format(lang, { month: width, year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

/** A year (`2016`, or a day in it), written as the language writes a year alone. */
export function formatYear(year: string, lang: string): string {
  return format(lang, { year: 'numeric', timeZone: 'UTC' }).format(new Date(`${year.slice(0, 4)}-07-01T12:00:00Z`));
}

export type DayPrecision = 'day' | 'month' | 'year';

/**
 * A day known only as precisely as its source gives it (`2016-01-01` at `year` is "2016", at
 * `month` "Jan 2016"), and a span when `until` is given ("25 Jul 2016 – 22 Aug 2016", "2014–2020").
 */
export function formatDayAt(day: string, precision: DayPrecision, lang: string, until?: string | null): string {
  const one = (value: string) => (precision === 'year' ? formatYear(value, lang) : precision === 'month' ? formatMonth(value.slice(0, 7), lang) : formatDay(value, lang));
  if (!until) return one(day);
  return precision === 'year' ? `${one(day)}–${one(until)}` : `${one(day)} – ${one(until)}`;
}

/** Day and time of an instant in `zone`: "3.12.2026 klo 10.00", "3 Dec 2026, 10:00". */
export function formatDateTime(iso: string, lang: string, zone: string = REGION_ZONE): string {
  return format(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

/** The time of day of an instant in `zone`: "10.00" in Finnish, "10:00" in Estonian and English. */
export function formatTime(iso: string, lang: string, zone: string = REGION_ZONE): string {
  return format(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(iso));
}

/** The offset from UTC `zone` has at an instant: "UTC+2" in winter, "UTC+3" in summer. */
export function formatOffset(iso: string, zone: string): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])0?(\d+)(?::(\d{2}))?/.exec(name);
  return match ? `UTC${match[1]}${match[2]}${match[3] && match[3] !== '00' ? `:${match[3]}` : ''}` : 'UTC';
}

/**
 * A span of time in `zone`: on one day "to 3. joulukuuta 2026, 10.00–12.30" ("Thu, 3 December
 * 2026, 10:00–12:30"), over several days both ends in full.
 */
export function formatRange(startIso: string, endIso: string, lang: string, zone: string = REGION_ZONE): string {
  const dayOptions: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone };
  const startDay = format(lang, dayOptions).format(new Date(startIso));
  const endDay = format(lang, dayOptions).format(new Date(endIso));
  if (startDay === endDay) return `${startDay}, ${formatTime(startIso, lang, zone)}–${formatTime(endIso, lang, zone)}`;
  return `${startDay}, ${formatTime(startIso, lang, zone)} – ${endDay}, ${formatTime(endIso, lang, zone)}`;
}

// ---- entry ----

/** How a day is written in a form, and the hint that says so: "2.12.2026" (fi, et), "02/12/2026" (en). */
export function dayText(day: string, lang: string): string {
  const [year, month, date] = day.split('-');
  return lang === 'en' ? `${date}/${month}/${year}` : `${Number(date)}.${Number(month)}.${year}`;
}

/** How a time of day is written in a form: "10.00" in Finnish, "10:00" otherwise. */
export function timeText(time: string, lang: string): string {
  return lang === 'fi' ? time.replace(':', '.') : time;
}

function isRealDay(year: number, month: number, date: number): boolean {
  const day = new Date(Date.UTC(year, month - 1, date));
  return year >= 1 && year <= 9999 && day.getUTCFullYear() === year && day.getUTCMonth() === month - 1 && day.getUTCDate() === date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A day as people type it, in any of the three languages: day first with dots, slashes or
 * dashes ("2.12.2026", "2.12.2026.", "02/12/2026", "2-12-2026"), or ISO ("2026-12-02"). Spaces
 * around the parts are allowed. Answers `YYYY-MM-DD`, or null for anything else or a day that
 * does not exist (31.11.2026). Years are written in full.
 */
export function parseDay(text: string): string | null {
  const trimmed = text.trim().replace(/\s*([./-])\s*/g, '$1').replace(/\.$/, '');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const dayFirst = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(trimmed);
  const [year, month, date] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[4], dayFirst[3], dayFirst[1]] : [];
  if (!year) return null;
  const y = Number(year);
  const m = Number(month);
  const d = Number(date);
  return isRealDay(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

/** A time of day as people type it: "10", "10.30", "10:30", "9.05", "0930". Answers `HH:MM`, or null. */
export function parseTime(text: string): string | null {
  const match = /^(\d{1,2})(?:[.:]?(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : null;
}

/**
 * What a day and time typed in a form mean in `zone`:
 * - `invalid`: the day or the time cannot be read;
 * - `one`: the instant;
 * - `skipped`: the time does not exist (the hour clocks skip in spring); `instant` is the time the
 *   same distance after the change (03:30 → 04:30 summer time), which the form says it will use;
 * - `repeated`: the time occurs twice (the hour clocks repeat in autumn); `instants` are both,
 *   earlier first, and the form asks which is meant.
 */
export type ZonedReading =
  | { kind: 'invalid'; day: string | null; time: string | null }
  | { kind: 'one'; instant: string }
  | { kind: 'skipped'; instant: string }
  | { kind: 'repeated'; instants: [string, string] };

export function readZoned(dayInput: string, timeInput: string, zone: string): ZonedReading {
  const day = parseDay(dayInput);
  const time = parseTime(timeInput);
  if (!day || !time) return { kind: 'invalid', day, time };
  const { instants, gap } = zonedInstants(`${day}T${time}`, zone);
  if (instants.length === 2) return { kind: 'repeated', instants: [instants[0], instants[1]] };
  if (gap) return { kind: 'skipped', instant: instants[0] };
  return { kind: 'one', instant: instants[0] };
}

/** What a day field sends: the day as `YYYY-MM-DD`, '' when empty, else the text as typed (which the server refuses, naming the field). */
export function dayFieldValue(text: string): string {
  return text.trim() ? (parseDay(text) ?? text.trim()) : '';
}

/**
 * What a day-and-time field sends: the instant meant; in a repeated hour the one chosen (0 the
 * earlier, in summer time; 1 the later), '' until one is; '' when both parts are empty; else the
 * text as typed, which the server refuses, naming the field.
 */
export function zonedFieldValue(dayInput: string, timeInput: string, zone: string, choice?: number): string {
  if (!dayInput.trim() && !timeInput.trim()) return '';
  const reading = readZoned(dayInput, timeInput, zone);
  switch (reading.kind) {
    case 'one':
    case 'skipped':
      return reading.instant;
    case 'repeated':
      return choice === 0 || choice === 1 ? reading.instants[choice] : '';
    case 'invalid':
      return `${dayInput.trim()} ${timeInput.trim()}`.trim();
  }
}
