import { useTranslation } from 'react-i18next';
import type { ActionState } from '../../../shared/actions.ts';
import { intlLocale } from '../../app/dates.ts';
import { percentIn } from './plan.ts';

export function ActionStateBadge({ state }: { state: ActionState }) {
  const { t } = useTranslation();
  return <span className={`status status--ac-${state}`}>{t(`actions:state.${state}`)}</span>;
}

/** A bar drawn for the eye, the figure written for everyone (the bar alone would be colour and length only). */
export function ProgressBar({ progress }: { progress: number }) {
  const { t, i18n } = useTranslation();
  const value = Math.max(0, Math.min(100, progress));
  return (
    <span className="ac-progress">
      <span className="ac-progress__track" aria-hidden="true">
        <span className="ac-progress__fill" style={{ width: `${value}%` }} />
      </span>
      <span className="ac-progress__text">{t('actions:progressValue', { value: percentIn(value, i18n.language) })}</span>
    </span>
  );
}

/** "Overdue" said in words beside any colour. */
export function OverdueFlag() {
  const { t } = useTranslation();
  return <span className="badge badge--warning">{t('actions:overdue')}</span>;
}

export function useEuros() {
  const { i18n } = useTranslation();
  return (value: number) => new Intl.NumberFormat(intlLocale(i18n.language), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}
