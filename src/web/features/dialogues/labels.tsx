import { useTranslation } from 'react-i18next';
import type { DialogueState } from '../../../shared/dialogues.ts';

export function DialogueStateBadge({ state }: { state: DialogueState }) {
  const { t } = useTranslation();
  return <span className={`status status--dl-${state}`}>{t(`dialogues:state.${state}`)}</span>;
}

/** "Thu 3 December 2026, 10:00–12:30" in the reader's language, in the dialogue's time zone. */
export function useWhen() {
  const { i18n } = useTranslation();
  // British English: day before month, 24-hour clock, as people write dates on both shores.
  const locale = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return (startsAt: string, endsAt: string, timeZone: string) => {
    const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(startsAt));
    const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
    return `${day}, ${time.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`;
  };
}
