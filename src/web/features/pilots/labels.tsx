import { useTranslation } from 'react-i18next';
import type { PilotStatus } from '../../../shared/schemas/pilots.ts';
import { useDate } from '../bottlenecks/labels.tsx';

export function PilotStatusBadge({ status }: { status: PilotStatus }) {
  const { t } = useTranslation();
  return <span className={status === 'running' ? 'badge badge--success' : 'badge'}>{t(`pilots:status.${status}`)}</span>;
}

/** A pilot's period in words: both days, an open end, or "not set". */
export function PilotPeriod({ startsOn, endsOn }: { startsOn: string | null; endsOn: string | null }) {
  const { t } = useTranslation();
  const date = useDate();
  if (!startsOn && !endsOn) return <>{t('pilots:detail.noPeriod')}</>;
  return (
    <>
      {startsOn ? date(startsOn) : '…'} – {endsOn ? date(endsOn) : t('pilots:detail.openEnded')}
    </>
  );
}
