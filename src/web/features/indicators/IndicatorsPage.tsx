import { useTranslation } from 'react-i18next';
import { DOMAINS } from '../../../shared/register.ts';
import type { GetQuery } from '../../app/api.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { IndicatorCard } from './IndicatorCard.tsx';
import { localized } from './labels.ts';

const FILTERS = ['q', 'domain', 'region'] as const;

/**
 * The twin region's indicators, each with both sides' newest figures: searched by words, by
 * domain (`/indicators?domain=mobility` is that domain's dashboard) and by region.
 */
export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/indicators'>>(params, FILTERS);
  const { data, error } = useResource('/api/indicators', { query: { ...filters, limit: size, offset: (page - 1) * size } });
  const all = { value: '', label: t('bottlenecks:list.all') };
  const regions = useResource('/api/indicators/regions', {}).data?.items ?? [];
  const chosenRegion = params.get('region') ?? '';
  const regionLabel = (code: string) => localized(regions.find((region) => region.code === code)?.name, i18n.language) || code;
  // The regions some indicator has figures for (and the one chosen, whatever it is), by country.
  const regionOptions = regions
    .filter((region) => region.indicators > 0 || region.code === chosenRegion)
    .sort((a, b) => (a.country === b.country ? 0 : a.country === 'FI' ? -1 : 1))
    .map((region) => ({ value: region.code, label: regionLabel(region.code), group: t(`indicators:side.${region.country}`) }));
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('indicators:list.query')}: ${value}`;
    if (key === 'domain') return `${t('indicators:list.domain')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    return `${t('indicators:list.region')}: ${regionLabel(value)}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  const domain = params.get('domain');
  return (
    <div className="page">
      <PageTitle>{domain && (DOMAINS as readonly string[]).includes(domain) ? t('indicators:list.domainTitle', { domain: t(`bottlenecks:domain.${domain}`) }) : t('indicators:list.title')}</PageTitle>
      <p>{t('indicators:list.intro')}</p>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('indicators:list.filters')} onSubmit={onFilter} key={`${params.toString()} ${regions.length}`}>
          <Field id="in-q" name="q" type="search" label={t('indicators:list.query')} defaultValue={params.get('q') ?? ''} maxLength={200} />
          <SelectField id="in-domain" name="domain" label={t('indicators:list.domain')} defaultValue={domain ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
          <SelectField
            id="in-region"
            name="region"
            label={t('indicators:list.region')}
            defaultValue={chosenRegion}
            options={[all, ...regionOptions]}
          />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('indicators:list.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} />}
      <ul className="bn-list indicator-list">
        {data?.items.map((item) => (
          <IndicatorCard key={item.id} item={item} />
        ))}
      </ul>
      {data && <Pagination label={t('indicators:list.pages')} page={page} total={data.total} size={size} />}
    </div>
  );
}
