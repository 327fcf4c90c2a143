import { trimEndOf, trimOf } from './text.ts';

/** A lower-case ASCII slug of any text ("Helsingin seudun liikenne" → "helsingin-seudun-liikenne"), at most `max` characters. */
export function slugify(text: string, max = 80): string {
  const dashed = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return trimEndOf(trimOf(dashed, '-').slice(0, max), '-');
}

/** The host name of an address without `www.`, or null when it is not an address. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
