import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PLAN_COUNTRIES } from '../../../shared/schemas/planning.ts';
import { SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { InstrumentLink } from './parts.tsx';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';

/** The plans that matter to the twin region, with their instrument, stage and latest dated step; filtered by country in the address. */
export function PlansPage() {
  const { t } = useTranslation();
  const dates = useDates();
  const { params, onFilter } = useFilterParams();
  const { user } = useSession();
  const country = PLAN_COUNTRIES.find((c) => c === params.get('country'));
  const { data, error } = useResource('/api/planning/plans', { query: country ? { country } : {} });
  return (
    <div className="page">
      <PageTitle>{t('planning:plans.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('planning:plans.intro')}</span>
        <Link to="/planning">{t('planning:back')}</Link>
        {user && isEditorRole(user.role) && (
          <Link className="button" to="/planning/plans/new">
            {t('planning:edit.newPlan')}
          </Link>
        )}
      </p>
      <form className="form form--inline filters" role="search" aria-label={t('planning:plans.filter')} onSubmit={onFilter} key={params.toString()}>
        <SelectField
          id="plans-country"
          name="country"
          label={t('planning:field.country')}
          defaultValue={country ?? ''}
          options={[{ value: '', label: t('planning:plans.all') }, ...PLAN_COUNTRIES.map((c) => ({ value: c, label: t(`planning:country.${c}`) }))]}
        />
        <button type="submit" className="button">
          {t('planning:plans.apply')}
        </button>
      </form>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('planning:plans.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && (
        <ul className="plan-list">
          {data.items.map((plan) => (
            <li key={plan.slug} className="card">
              <h2>
                <Link to={`/planning/plans/${plan.slug}`}>
                  <LocalizedText value={plan.name} />
                </Link>
              </h2>
              <dl className="region-facts">
                <div>
                  <dt>{t('planning:plans.instrument')}</dt>
                  <dd>
                    <InstrumentLink instrument={plan.instrument} />
                  </dd>
                </div>
                <div>
                  <dt>{t('planning:plans.stage')}</dt>
                  <dd>{t(`planning:stage.${plan.stage}`)}</dd>
                </div>
                {plan.latest && (
                  <div>
                    <dt>{t('planning:plans.latest')}</dt>
                    <dd>{dates.dayAt(plan.latest.date, plan.latest.precision)}</dd>
                  </div>
                )}
              </dl>
              {plan.summary && <LocalizedText value={plan.summary} as="p" />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
