import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/register.ts';
import { useDates } from '../../components/useDates.ts';

/** A status as a badge whose colour never carries the meaning alone: the word is always there. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`status status--${status}`}>{t(`bottlenecks:status.${status}`)}</span>;
}

/** The day of an instant, Helsinki and Tallinn time, in the reader's language (`app/dates.ts`). */
export function useDate() {
  return useDates().date;
}

/** Date and time of day, Helsinki and Tallinn time (one zone), in the reader's language. */
export function useDateTime() {
  const { dateTime } = useDates();
  return (iso: string | null | undefined) => dateTime(iso);
}
