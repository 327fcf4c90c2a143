import { useTranslation } from 'react-i18next';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { formatCount } from '../../components/numbers.ts';
import { useSession } from '../../app/session.tsx';
import { useResource } from '../../components/useResource.ts';
import { IndicatorFact } from '../indicators/IndicatorFact.tsx';
import { factsWithLive, KEY_FACTS, type KeyFact } from './facts.ts';

function FactValue({ value }: { value: KeyFact['value'] }) {
  const { t, i18n } = useTranslation();
  const { day } = useDates();
  if ('date' in value) return <>{day(value.date, 'long')}</>;
  if ('textKey' in value) return <>{t(value.textKey)}</>;
  const number = formatCount(value.number, i18n.language);
  return <>{value.unit ? t(`home:units.${value.unit}`, { value: number }) : number}</>;
}

/**
 * The platform's five missions and their parts: a part built links to its section, one not built
 * yet says it is coming, never a link to nothing.
 */
export const MISSIONS = [
  { id: 'bottlenecks', parts: [{ id: 'register', to: '/bottlenecks' }, { id: 'report', to: '/bottlenecks/new' }] },
  { id: 'dialogues', parts: [{ id: 'dialogues', to: '/dialogues' }, { id: 'recommendations', to: '/recommendations' }, { id: 'stakeholders', to: '/stakeholders' }] },
  { id: 'cooperation', parts: [{ id: 'benchmarks', to: '/regions' }, { id: 'governance', to: '/governance' }, { id: 'actionPlan', to: '/actions' }] },
  { id: 'planning', parts: [{ id: 'systems', to: '/planning' }, { id: 'goals', to: '/framework' }, { id: 'consultations', to: '/consultations' }] },
  { id: 'data', parts: [{ id: 'catalogue', to: '/datasets' }, { id: 'statistics', to: '/indicators' }, { id: 'pilots', to: '/pilots' }, { id: 'sensors', to: '/sensors' }] },
] as const satisfies readonly { id: string; parts: readonly { id: string; to?: string }[] }[];

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  // What an action that ends here did (the account deleted).
  const notice = useNotice();
  const navigate = useNavigate();
  // The dashboard's indicators: live figures in place of the key facts they replace, the others after them.
  const headline = useResource('/api/indicators', { query: { headline: true, limit: 12 } });
  const facts = factsWithLive(KEY_FACTS, headline.data?.items ?? []);
  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    void navigate(q ? `/search?${new URLSearchParams({ q })}` : '/search');
  }
  return (
    <div className="page page--home">
      <StatusMessage notice={notice.notice} />
      <section className="hero" aria-labelledby="page-title">
        <PageTitle>{t('home:title')}</PageTitle>
        <p className="hero__lead">{t('home:lead')}</p>
        <p className="hero__actions">
          <Link className="button" to="/bottlenecks/new">
            {t('home:cta.report')}
          </Link>
        </p>
        <form className="home-search" role="search" aria-label={t('home:search.label')} onSubmit={onSearch}>
          <label htmlFor="home-q">{t('home:search.query')}</label>
          <span className="home-search__row">
            <input id="home-q" name="q" type="search" maxLength={200} aria-describedby="home-q-hint" />
            <button type="submit" className="button">
              {t('home:search.submit')}
            </button>
          </span>
          <span id="home-q-hint" className="field__hint">
            {t('home:search.hint')}
          </span>
        </form>
        {!user && (
          <p className="hero__actions">
            <Link className="button button--secondary" to="/register">
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
          {facts.shown.map(({ fact, live }) =>
            live ? (
              <IndicatorFact key={fact.id} item={live} />
            ) : (
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
            ),
          )}
          {facts.others.map((item) => (
            <IndicatorFact key={item.id} item={item} />
          ))}
        </ul>
        <p>
          <Link to="/indicators">{t('home:facts.allIndicators')}</Link>
        </p>
      </section>

      <section aria-labelledby="mission-heading">
        <h2 id="mission-heading">{t('home:mission.heading')}</h2>
        <ul className="mission">
          {MISSIONS.map((mission) => (
            <li key={mission.id} className="mission__card">
              <h3>{t(`home:mission.${mission.id}.title`)}</h3>
              <p>{t(`home:mission.${mission.id}.text`)}</p>
              <ul className="mission__parts">
                {mission.parts.map((part: { id: string; to?: string }) => (
                  <li key={part.id}>
                    {part.to ? (
                      <Link to={part.to}>{t(`home:mission.${mission.id}.parts.${part.id}`)}</Link>
                    ) : (
                      <>
                        {t(`home:mission.${mission.id}.parts.${part.id}`)} <span className="badge badge--coming">{t('home:mission.coming')}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
