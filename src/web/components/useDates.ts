import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatDay, formatDayAt, formatMonth, formatRange, formatTime, type DateStyle, type DayPrecision } from '../app/dates.ts';

/**
 * The date formatters of `app/dates.ts` in the interface's language; a missing value is "–".
 * Times are in Helsinki–Tallinn time unless an item names its zone (a dialogue does).
 */
export function useDates() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const or = <T,>(value: T | null | undefined, show: (value: T) => string) => (value ? show(value) : '–');
  return {
    date: (iso: string | null | undefined, style: DateStyle = 'medium', zone?: string) => or(iso, (v) => formatDate(v, lang, { style, zone })),
    day: (day: string | null | undefined, style: DateStyle = 'medium') => or(day, (v) => formatDay(v, lang, style)),
    month: (month: string) => formatMonth(month, lang),
    /** A day as precise as its source: a year, a month or a day; a span with `until`. */
    dayAt: (day: string, precision: DayPrecision, until?: string | null) => formatDayAt(day, precision, lang, until),
    dateTime: (iso: string | null | undefined, zone?: string) => or(iso, (v) => formatDateTime(v, lang, zone)),
    time: (iso: string, zone?: string) => formatTime(iso, lang, zone),
    range: (startIso: string, endIso: string, zone?: string) => formatRange(startIso, endIso, lang, zone),
  };
}
