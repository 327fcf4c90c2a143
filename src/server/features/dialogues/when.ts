import type { Language } from '../../../shared/languages.ts';
import { dateFormat } from '../../lib/dates.ts';

/** "3 December 2026, 10:00–12:30 (Europe/Helsinki)", in the reader's language: for mail and print. */
export function formatWhen(startsAt: Date, endsAt: Date, timeZone: string, language: Language): string {
  const day = dateFormat(language, { timeZone, dateStyle: 'long' }).format(startsAt);
  const time = dateFormat(language, { timeZone, timeStyle: 'short' });
  return `${day}, ${time.format(startsAt)}–${time.format(endsAt)} (${timeZone})`;
}
