import type { Language } from '../../../shared/languages.ts';

const LOCALES: Record<Language, string> = { fi: 'fi-FI', et: 'et-EE', en: 'en-GB' };

/** "3 December 2026, 10:00–12:30 (Europe/Helsinki)", in the reader's language: for mail and print. */
export function formatWhen(startsAt: Date, endsAt: Date, timeZone: string, language: Language): string {
  const day = new Intl.DateTimeFormat(LOCALES[language], { timeZone, dateStyle: 'long' }).format(startsAt);
  const time = new Intl.DateTimeFormat(LOCALES[language], { timeZone, timeStyle: 'short' });
  return `${day}, ${time.format(startsAt)}–${time.format(endsAt)} (${timeZone})`;
}
