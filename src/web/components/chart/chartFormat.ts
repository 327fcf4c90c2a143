/** Numbers and dates on a chart as each interface language writes them (never the browser's). */
import { formatMonth, intlLocale } from '../../app/dates.ts';

const cache = new Map<string, Intl.NumberFormat>();
function cached<T extends Intl.NumberFormat>(key: string, make: () => T): T {
  let found = cache.get(key) as T | undefined;
  if (!found) cache.set(key, (found = make()));
  return found;
}

/** A figure with exactly `decimals` decimals: "1 234 567" (fi, et), "1,234,567" (en), "12,5" / "12.5". */
export function formatFigure(value: number, lang: string, decimals: number): string {
  return cached(`n ${lang} ${decimals}`, () => new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals })).format(value);
}

/** A figure in few characters, for an axis's ticks and a card: "1.2M", "1,2 milj.", "1,2 mln". */
export function formatCompact(value: number, lang: string): string {
  return cached(`c ${lang}`, () => new Intl.NumberFormat(intlLocale(lang), { notation: 'compact', maximumFractionDigits: 1 })).format(value);
}

/** A large figure in words, for a headline: "8 million", "8 miljoonaa", "8 miljonit"; small ones as they are. */
export function formatHeadline(value: number, lang: string, decimals: number): string {
  if (Math.abs(value) < 100_000) return formatFigure(value, lang, decimals);
  return cached(`h ${lang}`, () => new Intl.NumberFormat(intlLocale(lang), { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 })).format(value);
}

/** A tick on the time axis: the year at a year's start, else the month and year ("Apr 2023", "huhti 2023"). */
export function formatTick(date: Date, lang: string): string {
  if (date.getUTCMonth() === 0 && date.getUTCDate() === 1) return String(date.getUTCFullYear());
  return formatMonth(date.toISOString().slice(0, 7), lang);
}

/** About how wide (px) the value axis's labels are at `fontSize`: the left margin that keeps them in the chart. */
export function labelWidth(labels: readonly string[], fontSize: number): number {
  const longest = labels.reduce((most, label) => Math.max(most, label.length), 0);
  return Math.ceil(longest * fontSize * 0.62);
}
