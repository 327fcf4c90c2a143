import type { Language } from '../../shared/languages.ts';

/**
 * The locale each language's dates (and numbers) are written in, in mail and print: Swedish as it is
 * written in Finland ("4.12.2026", not Sweden's "2026-12-04"), Russian as it is written in Estonia
 * (ICU has no data of its own for ru-EE and writes it as ru, "04.12.2026").
 */
const LOCALES: Record<Language, string> = { fi: 'fi-FI', et: 'et-EE', en: 'en-GB', sv: 'sv-FI', ru: 'ru-EE' };

/** The locale a language's dates and numbers are written in ("fi-FI", "sv-FI", "ru-EE"…). */
export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** A date format in the reader's language, for mail and print. */
export function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[language], options);
}

/** "3 December 2026 at 10:00", Helsinki time, in the reader's language: when a mailed link stops working. */
export function mailDate(language: Language, date: Date, timeZone = 'Europe/Helsinki'): string {
  return dateFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
}

/** A calendar day ("11 December 2026") in the reader's language: a due day in mail. */
export function mailDay(language: Language, day: string): string {
  return dateFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
