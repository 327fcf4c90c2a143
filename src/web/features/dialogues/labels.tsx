import { useTranslation } from 'react-i18next';
import type { DialogueState } from '../../../shared/dialogues.ts';
import { useDates } from '../../components/useDates.ts';

export function DialogueStateBadge({ state }: { state: DialogueState }) {
  const { t } = useTranslation();
  return <span className={`status status--dl-${state}`}>{t(`dialogues:state.${state}`)}</span>;
}

/** "Thu 3 December 2026, 10:00–12:30" in the reader's language, in the dialogue's time zone. */
export function useWhen() {
  const { range } = useDates();
  return (startsAt: string, endsAt: string, timeZone: string) => range(startsAt, endsAt, timeZone);
}
