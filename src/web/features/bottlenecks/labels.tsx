import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/register.ts';

/** A status as a badge whose colour never carries the meaning alone: the word is always there. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`status status--${status}`}>{t(`bottlenecks:status.${status}`)}</span>;
}

export function useDate() {
  const { i18n } = useTranslation();
  return (iso: string | null | undefined, style: 'medium' | 'long' = 'medium') =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: style, timeZone: 'Europe/Helsinki' }).format(new Date(iso)) : '–';
}

/** Date and time of day, Helsinki and Tallinn time (one zone), in the reader's language. */
export function useDateTime() {
  const { i18n } = useTranslation();
  return (iso: string | null | undefined) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(iso)) : '–';
}
