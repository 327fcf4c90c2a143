import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useSession } from '../../app/session.tsx';
import { KEY_FACTS, type KeyFact } from './facts.ts';

function FactValue({ value }: { value: KeyFact['value'] }) {
  const { t, i18n } = useTranslation();
  const { day } = useDates();
  if ('date' in value) return <>{day(value.date, 'long')}</>;
  if ('textKey' in value) return <>{t(value.textKey)}</>;
  const number = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: value.number % 1 ? 1 : 0, maximumFractionDigits: 1 }).format(value.number);
  return <>{value.unit ? t(`home:units.${value.unit}`, { value: number }) : number}</>;
}

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  // What an action that ends here did (the account deleted).
  const notice = useNotice();
  return (
    <div className="page page--home">
      <StatusMessage notice={notice.notice} />
      <section className="hero" aria-labelledby="page-title">
        <PageTitle>{t('home:title')}</PageTitle>
        <p className="hero__lead">{t('home:lead')}</p>
        {!user && (
          <p className="hero__actions">
            <Link className="button" to="/register">
              {t('home:cta.register')}
            </Link>
            <a className="button button--secondary" href="/api/docs">
              {t('home:cta.api')}
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t('home:facts.heading')}</h2>
        <ul className="facts">
          {KEY_FACTS.map((fact) => (
            <li key={fact.id} className="fact">
              <p className="fact__value">
                <FactValue value={fact.value} />
              </p>
              <p className="fact__label">{t(`home:facts.${fact.id}.label`)}</p>
              <p className="fact__source">
                {t('home:facts.source')}{' '}
                <a href={fact.source.url} rel="noopener noreferrer">
                  {fact.source.name}
                </a>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="mission-heading">
        <h2 id="mission-heading">{t('home:mission.heading')}</h2>
        <ul className="mission">
          {(['bottlenecks', 'dialogues', 'cooperation', 'planning', 'data'] as const).map((part) => (
            <li key={part}>
              <h3>{t(`home:mission.${part}.title`)}</h3>
              <p>{t(`home:mission.${part}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
