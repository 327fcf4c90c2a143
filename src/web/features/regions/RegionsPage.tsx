import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { COMPARE_MAX, LEGAL_FORMS, REGION_THEMES } from '../../../shared/schemas/regions.ts';
import type { GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { isEditorRole } from '../../../shared/roles.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { canCompare } from './regions.ts';
import { RegionMap } from './RegionMap.tsx';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { useCountryName } from './parts.tsx';

const FILTERS = ['q', 'country', 'legalForm', 'theme'] as const;
/** The countries of the seeded regions, for the filter (any ISO code is accepted in the address). */
const COUNTRIES = ['AT', 'BE', 'CH', 'DE', 'DK', 'EE', 'FI', 'FR', 'LU', 'LV', 'NL', 'SE', 'SK'];

/** The benchmark library: cross-border regions, filtered in the address, chosen for a comparison. */
export function RegionsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const countryName = useCountryName();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/regions'>>(params, FILTERS);
  const { data, error } = useResource('/api/regions', { query: { ...filters, limit: size, offset: (page - 1) * size } });
  const [chosen, setChosen] = useState<string[]>([]);
  const { user } = useSession();
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('regions:filter.q')}: ${value}`;
    if (key === 'country') return `${t('regions:filter.country')}: ${countryName(value)}`;
    if (key === 'legalForm') return `${t('regions:filter.legalForm')}: ${t(`regions:legalForm.${value}`, { defaultValue: value })}`;
    return `${t('regions:filter.theme')}: ${t(`regions:theme.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  const toggle = (slug: string, on: boolean) => setChosen((list) => (on ? [...list, slug] : list.filter((s) => s !== slug)));
  return (
    <div className="page">
      <PageTitle>{t('regions:title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('regions:intro')}</span>
        <Link to="/regions/scores">{t('regions:scores.link')}</Link>
        {user && isEditorRole(user.role) && (
          <Link className="button" to="/regions/new">
            {t('regions:form.add')}
          </Link>
        )}
      </p>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('regions:filter.label')} onSubmit={onFilter} key={params.toString()}>
          <Field id="r-q" name="q" type="search" label={t('regions:filter.q')} defaultValue={params.get('q') ?? ''} />
          <SelectField id="r-country" name="country" label={t('regions:filter.country')} defaultValue={params.get('country') ?? ''} options={[{ value: '', label: t('regions:filter.any') }, ...COUNTRIES.map((c) => ({ value: c, label: countryName(c) }))]} />
          <SelectField id="r-legal" name="legalForm" label={t('regions:filter.legalForm')} defaultValue={params.get('legalForm') ?? ''} options={[{ value: '', label: t('regions:filter.any') }, ...LEGAL_FORMS.map((f) => ({ value: f, label: t(`regions:legalForm.${f}`) }))]} />
          <SelectField id="r-theme" name="theme" label={t('regions:filter.theme')} defaultValue={params.get('theme') ?? ''} options={[{ value: '', label: t('regions:filter.any') }, ...REGION_THEMES.map((th) => ({ value: th, label: t(`regions:theme.${th}`) }))]} />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('regions:filter.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('regions:count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} />}
      {data && data.items.length > 0 && (
        <RegionMap regions={data.items.map((region) => ({ id: region.id, slug: region.slug, name: pickLocalized(region.name, i18n.language as ContentLanguage)?.text ?? region.slug, countries: region.countries, nutsIds: region.nutsIds, legalForm: region.legalForm, href: `/regions/${region.slug}` }))} />
      )}
      {data && data.items.length > 0 && (
        <form
          aria-label={t('regions:compare.choose')}
          onSubmit={(event) => {
            event.preventDefault();
            if (canCompare(chosen.length)) void navigate(`/regions/compare?ids=${chosen.join(',')}`);
          }}
        >
          <ScrollRegion label={t('regions:table')}>
            <table className="regions-table">
              <caption className="visually-hidden">{t('regions:table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('regions:compare.column')}</th>
                  <th scope="col">{t('regions:field.name')}</th>
                  <th scope="col">{t('regions:field.countries')}</th>
                  <th scope="col">{t('regions:field.founded')}</th>
                  <th scope="col">{t('regions:field.legalForm')}</th>
                  <th scope="col">{t('regions:field.themes')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((region) => {
                  const on = chosen.includes(region.slug);
                  return (
                    <tr key={region.id}>
                      <td>
                        <input
                          type="checkbox"
                          id={`choose-${region.slug}`}
                          checked={on}
                          disabled={!on && chosen.length >= COMPARE_MAX}
                          onChange={(event) => toggle(region.slug, event.currentTarget.checked)}
                          aria-labelledby={`name-${region.slug}`}
                        />
                      </td>
                      <th scope="row" id={`name-${region.slug}`}>
                        <Link to={`/regions/${region.slug}`}>
                          <LocalizedText value={region.name} />
                        </Link>
                        {region.isHome && <span className="badge">{t('regions:home')}</span>}
                      </th>
                      <td>{region.countries.map(countryName).join(', ')}</td>
                      <td>{region.foundedYear ?? <span className="muted">{t('regions:unknown')}</span>}</td>
                      <td>{region.legalForm ? t(`regions:legalForm.${region.legalForm}`) : <span className="muted">{t('regions:legalFormUnsettled')}</span>}</td>
                      <td>{region.themes.length ? region.themes.map((th) => t(`regions:theme.${th}`, { defaultValue: th })).join(', ') : <span className="muted">{t('regions:unknown')}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="lead-actions">
            <span role="status">{t('regions:compare.chosen', { count: chosen.length, max: COMPARE_MAX })}</span>
            <button type="submit" className="button" aria-disabled={!canCompare(chosen.length)}>
              {t('regions:compare.button')}
            </button>
          </p>
        </form>
      )}
      {data && <Pagination label={t('regions:pager')} page={page} total={data.total} size={size} />}
    </div>
  );
}
