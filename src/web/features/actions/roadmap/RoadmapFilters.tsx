import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { ACTION_STATES } from '../../../../shared/actions.ts';
import { DOMAINS } from '../../../../shared/register.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../../shared/localized.ts';
import type { ContentLanguage } from '../../../../shared/languages.ts';
import type { GetAnswer, GetQuery } from '../../../app/api.ts';
import { EmptyResult } from '../../../components/EmptyResult.tsx';
import { SelectField } from '../../../components/Field.tsx';
import { FormErrors } from '../../../components/FormErrors.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { FilterFold } from '../../../components/FilterFold.tsx';
import { addressQuery } from '../../../components/filterParams.ts';
import { filtersInUse, type FilterInUse } from '../../../components/pagination.ts';
import { useFilterParams } from '../../../components/useFilterParams.ts';
import { useResource } from '../../../components/useResource.ts';

export type Roadmap = GetAnswer<'/api/roadmap'>;
export type RoadmapBar = Roadmap['bars'][number];
export type RoadmapInstitution = Roadmap['institutions'][number];

/** The filters of the roadmap and the RACI matrix, as the address names them and the API takes them. */
export const ROADMAP_FILTERS = ['domain', 'institution', 'body', 'state'] as const;

/**
 * The roadmap the address's filters ask for: the server filters (the address's values are sent as
 * they are; it refuses what it does not know), and the filters in use, named for the reader.
 */
export function useRoadmap() {
  const { t } = useTranslation();
  const { params } = useFilterParams();
  const query = addressQuery<GetQuery<'/api/roadmap'>>(params, ROADMAP_FILTERS);
  const roadmap = useResource('/api/roadmap', { query });
  const name = useLocalizedName();
  const data = roadmap.data;
  const describe = (key: string, value: string): string => {
    if (key === 'institution') return `${t('actions:filters.institution')}: ${name(data?.institutions.find((i) => i.id === value)?.name, value)}`;
    if (key === 'body') return `${t('actions:filters.body')}: ${name(data?.bodies.find((b) => b.id === value)?.name, value)}`;
    if (key === 'domain') return `${t('actions:filters.domain')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    return `${t('actions:filters.state')}: ${t(`actions:state.${value}`, { defaultValue: value })}`;
  };
  return { ...roadmap, query, inUse: filtersInUse(params, ROADMAP_FILTERS, describe) };
}

/** A localised name in the reader's language, or `fallback` when there is none. */
export function useLocalizedName() {
  const { i18n } = useTranslation();
  return (value: LocalizedTextValue | null | undefined, fallback: string) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? fallback;
}

/**
 * The roadmap's and the matrix's filter form: its choices are the institutions and bodies the
 * whole plan names (the API gives them filtered or not). Submitting puts the chosen filters in the
 * address, which the page's request follows.
 */
export function RoadmapFilters({ roadmap, inUse }: { roadmap: Roadmap | null; inUse: readonly FilterInUse[] }) {
  const { t } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const name = useLocalizedName();
  const all = { value: '', label: t('actions:filters.all') };
  return (
    <FilterFold active={inUse.length}>
      {/* Keyed by the address and by whether the choices have come, so each select shows the address's value among them. */}
      <form className="form form--inline filters" role="search" aria-label={t('roadmap:filters.label')} onSubmit={onFilter} key={`${params.toString()}|${roadmap ? 'loaded' : 'loading'}`}>
        <SelectField id="rm-domain" name="domain" label={t('actions:filters.domain')} defaultValue={params.get('domain') ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
        <SelectField
          id="rm-institution"
          name="institution"
          label={t('actions:filters.institution')}
          defaultValue={params.get('institution') ?? ''}
          options={[all, ...(roadmap?.institutions ?? []).map((i) => ({ value: i.id, label: name(i.name, i.shortName ?? i.id) }))]}
        />
        <SelectField id="rm-body" name="body" label={t('actions:filters.body')} defaultValue={params.get('body') ?? ''} options={[all, ...(roadmap?.bodies ?? []).map((b) => ({ value: b.id, label: name(b.name, b.slug) }))]} />
        <SelectField id="rm-state" name="state" label={t('actions:filters.state')} defaultValue={params.get('state') ?? ''} options={[all, ...ACTION_STATES.map((s) => ({ value: s, label: t(`actions:state.${s}`) }))]} />
        <button type="submit" className="button">
          {t('actions:filters.apply')}
        </button>
      </form>
    </FilterFold>
  );
}

/** The filters the plan's views share, as an address's query (the list's own, overdue and paging, left behind). */
export function roadmapSearch(params: URLSearchParams): string {
  return new URLSearchParams(ROADMAP_FILTERS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : []))).toString();
}

/** The plan's three views, each keeping the filters the other two share (the tree takes the same ones). */
export function PlanViews() {
  const { t } = useTranslation();
  const { params } = useFilterParams();
  const search = roadmapSearch(params);
  return (
    <nav aria-label={t('roadmap:views.label')}>
      <ul className="inline-links">
        <li>
          <NavLink to={{ pathname: '/actions', search }} end>
            {t('roadmap:views.plan')}
          </NavLink>
        </li>
        <li>
          <NavLink to={{ pathname: '/actions/roadmap', search }}>{t('roadmap:views.roadmap')}</NavLink>
        </li>
        <li>
          <NavLink to={{ pathname: '/actions/raci', search }}>{t('roadmap:views.raci')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/**
 * A view of the plan (the roadmap, the RACI matrix): its title and introduction, the views' links,
 * the filters, the count, and `children` with the answer once it holds any action.
 */
export function PlanViewPage({ titleKey, introKey, children }: { titleKey: string; introKey: string; children: (roadmap: Roadmap, query: Record<string, string | undefined>) => ReactNode }) {
  const { t } = useTranslation();
  const { data, error, inUse, query } = useRoadmap();
  return (
    <div className="page">
      <PageTitle>{t(titleKey)}</PageTitle>
      <p>{t(introKey)}</p>
      <PlanViews />
      <RoadmapFilters roadmap={data} inUse={inUse} />
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('actions:list.count', { count: data.bars.length }) : t('common:loading')}
      </p>
      {data && data.bars.length === 0 && <EmptyResult filters={inUse} />}
      {data && data.bars.length > 0 && children(data, query as Record<string, string | undefined>)}
    </div>
  );
}
