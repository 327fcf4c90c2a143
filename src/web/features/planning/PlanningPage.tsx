import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Correspondence } from '../../../shared/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { citationNumbers } from './planning.ts';
import { Differences, InstrumentName, SourceList } from './parts.tsx';

/** The two planning systems side by side: corresponding instruments by tier, what differs (each fact cited), and what has no counterpart. */
export function PlanningPage() {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/planning/comparison');
  if (error) return <FormErrors error={error} />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const numbers = citationNumbers(data.sources);
  return (
    <div className="page">
      <PageTitle>{t('planning:title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('planning:intro')}</span>
        <Link to="/planning/plans">{t('planning:plans.link')}</Link>
      </p>
      <h2 id="comparison">{t('planning:compare.title')}</h2>
      <ScrollRegion label={t('planning:compare.title')}>
        <table className="planning-compare">
          <caption className="visually-hidden">{t('planning:compare.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning:compare.tier')}</th>
              <th scope="col">{t('planning:country.FI')}</th>
              <th scope="col">{t('planning:country.EE')}</th>
              <th scope="col">{t('planning:compare.kindColumn')}</th>
              <th scope="col">{t('planning:compare.differs')}</th>
            </tr>
          </thead>
          <tbody>
            {data.pairs.map((pair, at) => (
              <tr key={at}>
                <th scope="row">{pair.kind === 'aspect' ? t(`planning:field.${pair.aspect}`, { defaultValue: pair.aspect ?? '' }) : pair.tier ? t(`planning:tier.${pair.tier}`) : ''}</th>
                <td>
                  <Side pair={pair} side="fi" />
                </td>
                <td>
                  <Side pair={pair} side="ee" />
                </td>
                <td>{t(`planning:kind.${pair.kind}`)}</td>
                <td>
                  <Differences differences={pair.differences} numbers={numbers} className="plain" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{t('planning:unpaired.title')}</h2>
      <p>{t('planning:unpaired.text')}</p>
      <ul>
        {data.unpaired.map((instrument) => (
          <li key={instrument.slug}>
            <Link to={`/planning/instruments/${instrument.slug}`}>
              <InstrumentName name={instrument.name} ownLanguage={instrument.ownLanguage} />
            </Link>{' '}
            <span className="muted">({t(`planning:country.${instrument.country}`)})</span>
          </li>
        ))}
      </ul>
      <SourceList sources={data.sources} />
    </div>
  );
}

function Side({ pair, side }: { pair: Correspondence; side: 'fi' | 'ee' }) {
  const { t } = useTranslation();
  const instrument = pair[side];
  if (instrument) {
    return (
      <Link to={`/planning/instruments/${instrument.slug}`}>
        <InstrumentName name={instrument.name} ownLanguage={instrument.ownLanguage} />
      </Link>
    );
  }
  return <span className="muted">{pair.kind === 'aspect' ? t('planning:compare.allPlans') : t('planning:compare.none')}</span>;
}
