/** Sizes and counts as each interface language writes them: every feature shows some. */
import { intlLocale } from '../app/dates.ts';

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** "1.5 MB", "1,5 Mt", "820 bytes": a size in the largest unit that keeps the number at or above one (decimal units, as portals give them). */
export function formatBytes(bytes: number, lang: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(intlLocale(lang), {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

/** "4,500" in English, "4 500" in Finnish and Estonian. */
export function formatCount(value: number, lang: string): string {
  return new Intl.NumberFormat(intlLocale(lang)).format(value);
}
