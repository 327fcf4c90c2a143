import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHANGE_KINDS, RECOMMENDATION_STATES } from '../../../shared/dialogues.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { pageOf } from '../../components/filterParams.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { Marked } from '../../components/Marked.tsx';
import { matchesById } from '../../components/marks.ts';
import { FilterFold } from '../../components/FilterFold.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { useResource } from '../../components/useResource.ts';
import { RecommendationStateBadge } from './labels.tsx';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';

const FILTERS = ['q', 'state', 'institution', 'changeKind'] as const;

/** What the regions are asked to do, to whom, and how far each has come. */
export function RecommendationsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/recommendations'>>(params, FILTERS);
  // Words are searched best match first.
  const sort = filters.q?.trim() ? 'relevance' : undefined;
  const { data, error } = useResource('/api/recommendations', { query: { ...filters, ...(sort && { sort }), limit: size, offset: (page - 1) * size } });
  const found = matchesById(data?.matches);
  const institutions = useInstitutionChoices();
  const isEditor = user && isEditorRole(user.role);
  const all = { value: '', label: t('bottlenecks:list.all') };
  const institutionName = (id: string) => {
    const found = institutions.data?.items.find((i) => i.id === id);
    return found ? (found.name[i18n.language as 'fi'] ?? found.name.en ?? found.name.fi ?? found.slug) : id;
  };
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('recommendations:list.query')}: ${value}`;
    if (key === 'institution') return `${t('recommendations:fields.addressees')}: ${institutionName(value)}`;
    return `${t(`recommendations:fields.${key}`)}: ${t(`recommendations:${key}.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  return (
    <div className="page">
      <PageTitle>{t('recommendations:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('recommendations:list.intro')}</span>
        {isEditor && (
          <Link className="button" to="/recommendations/new">
            {t('recommendations:list.propose')}
          </Link>
        )}
      </p>
      <ul className="inline-links">
        <li>
          <Link to="/stakeholders">{t('dialogues:stakeholders.title')}</Link>
        </li>
      </ul>
      <p className="downloads">
        {t('bottlenecks:list.download')} <a href="/api/recommendations/export.csv">CSV</a> <a href="/api/recommendations/export.xlsx">XLSX</a>
      </p>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('recommendations:list.filters')} onSubmit={onFilter} key={params.toString()}>
          <Field id="r-q" name="q" type="search" label={t('recommendations:list.query')} defaultValue={params.get('q') ?? ''} maxLength={200} />
          <SelectField id="r-state" name="state" label={t('recommendations:fields.state')} defaultValue={params.get('state') ?? ''} options={[all, ...RECOMMENDATION_STATES.map((s) => ({ value: s, label: t(`recommendations:state.${s}`) }))]} />
          <SelectField id="r-kind" name="changeKind" label={t('recommendations:fields.changeKind')} defaultValue={params.get('changeKind') ?? ''} options={[all, ...CHANGE_KINDS.map((k) => ({ value: k, label: t(`recommendations:changeKind.${k}`) }))]} />
          <SelectField
            id="r-institution"
            name="institution"
            label={t('recommendations:fields.addressees')}
            defaultValue={params.get('institution') ?? ''}
            options={[all, ...(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: i.name[i18n.language as 'fi'] ?? i.name.en ?? i.name.fi ?? i.slug }))]}
          />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('recommendations:list.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} didYouMean={data.didYouMean} />}
      <ul className="bn-list">
        {data?.items.map((item) => (
          <li key={item.id} className="bn-card">
            <p className="bn-card__meta">
              <span className="bn-ref">
                <Marked text={item.ref} ranges={found.get(item.id)?.highlights.ref?.und} />
              </span>{' '}
              · <span>{t(`recommendations:changeKind.${item.changeKind}`)}</span> · <span>{t(`recommendations:priority.${item.priority}`)}</span>{' '}
              <RecommendationStateBadge state={item.state} />
              {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
            </p>
            <h2 className="bn-card__title">
              <Link to={`/recommendations/${item.ref}`}>
                <LocalizedText value={item.title} marks={found.get(item.id)?.highlights.title} />
              </Link>
            </h2>
            <FoundThrough via={found.get(item.id)?.via} />
            <p className="bn-card__facts">
              <span>
                {t('recommendations:list.to')}{' '}
                {item.addressees.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 && ', '}
                    <LocalizedText value={a.name} />
                  </span>
                ))}
              </span>
              <span>{t('recommendations:list.responses', { count: item.responseCount })}</span>
            </p>
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('common:pager.lists.recommendations')} page={page} total={data.total} size={size} />}
    </div>
  );
}
