/**
 * The sensor pages' pure parts (issue 20 point 5): the chart's range choices, results in words,
 * new Observations read from the live event stream, and how often a live change is said aloud.
 */
import { intlLocale } from '../../app/dates.ts';

export const RANGES = ['day', 'week', 'month', 'year'] as const;
export type Range = (typeof RANGES)[number];

const DAY = 86_400_000;
const RANGE_MS: Record<Range, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY, year: 365 * DAY };

export function isRange(value: unknown): value is Range {
  return typeof value === 'string' && (RANGES as readonly string[]).includes(value);
}

/** The range ending at the stream's latest observation (now when it has none), as the series and CSV endpoints take it. */
export function rangeQuery(range: Range, latest: string | null | undefined, now = Date.now()): { from: string; to: string } {
  const to = latest ? Date.parse(latest) : now;
  return { from: new Date(to - RANGE_MS[range]).toISOString(), to: new Date(to).toISOString() };
}

/** How many points a chart asks for: about one per 2 px of a wide chart, within the endpoint's 10–2,000. */
export const CHART_POINTS = 500;

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number as the interface's language writes it, with up to three decimals (sensor readings rarely have more). */
export function formatReading(value: number, lang: string): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 3 })));
  return format.format(value);
}

/** Any SensorThings result in words: a number in the reader's language with its unit, a text as it is, other JSON as JSON. */
export function formatResult(result: unknown, lang: string, symbol?: string | null): string {
  if (typeof result === 'number') return symbol ? `${formatReading(result, lang)} ${symbol}` : formatReading(result, lang);
  if (typeof result === 'string') return result;
  if (result === null || result === undefined) return '–';
  return JSON.stringify(result);
}

/** A live Observation: its phenomenon time (an interval's start) and result. */
export interface LiveObservation {
  id: number | null;
  time: string;
  result: unknown;
}

/** The `data` of an `observation` event (the Observation as SensorThings answers it), or null when it cannot be read. */
export function readObservationEvent(data: string): LiveObservation | null {
  let entity: unknown;
  try {
    entity = JSON.parse(data);
  } catch {
    return null;
  }
  if (!entity || typeof entity !== 'object') return null;
  const { phenomenonTime, result } = entity as { phenomenonTime?: unknown; result?: unknown };
  if (typeof phenomenonTime !== 'string') return null;
  const start = phenomenonTime.split('/')[0];
  if (Number.isNaN(Date.parse(start))) return null;
  const id = (entity as { '@iot.id'?: unknown })['@iot.id'];
  return { id: typeof id === 'number' ? id : null, time: new Date(Date.parse(start)).toISOString(), result: result ?? null };
}

/** The quietest a live region may be: one announcement per this many ms, the newest value then (WCAG 2.2.2, 4.1.3). */
export const ANNOUNCE_EVERY_MS = 5_000;

/** When the next announcement may be made, given the last one: now if the gap has passed. */
export function nextAnnouncementAt(lastAt: number | null, now: number, gap = ANNOUNCE_EVERY_MS): number {
  return lastAt === null || now - lastAt >= gap ? now : lastAt + gap;
}

/** A chart point, as the series endpoint answers it. */
export interface SeriesPoint {
  time: string;
  value: number;
  min: number;
  max: number;
  count: number;
}

/**
 * A raw series with the live observations after its end added (numbers only, in time order, each
 * once): a chart of raw rows grows while the page is open. Aggregates are left as they are.
 */
export function withLive(points: readonly SeriesPoint[], live: readonly LiveObservation[], resolution: string): SeriesPoint[] {
  if (resolution !== 'raw') return [...points];
  const last = points.length ? Date.parse(points[points.length - 1].time) : -Infinity;
  const added = live
    .filter((one): one is LiveObservation & { result: number } => typeof one.result === 'number' && Date.parse(one.time) > last)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    .filter((one, i, all) => i === 0 || one.time !== all[i - 1].time)
    .map((one) => ({ time: one.time, value: one.result, min: one.result, max: one.result, count: 1 }));
  return [...points, ...added];
}

/**
 * `[lon, lat]` in words as the reader's language writes a place north and east, as the maps' lists
 * do ("60.172 N 24.941 E", "60,172 с. ш., 24,941 в. д."); south and west, beyond the twin region,
 * as S and W.
 */
export function coordinatesText(coordinates: readonly number[], lang: string, t: (key: string, values: Record<string, string>) => string): string {
  const format = new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const [lon, lat] = coordinates;
  if (lat >= 0 && lon >= 0) return t('mapInput:comments.coordinates', { lat: format.format(lat), lon: format.format(lon) });
  return `${format.format(Math.abs(lat))} ${lat < 0 ? 'S' : 'N'} ${format.format(Math.abs(lon))} ${lon < 0 ? 'W' : 'E'}`;
}
