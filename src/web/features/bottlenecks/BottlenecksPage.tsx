import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DOMAINS, PUBLIC_STATUSES, TOPICS } from '../../../shared/register.ts';
import { apiHref, type GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { pageOf } from '../../components/filterParams.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { matchesById } from '../../components/marks.ts';
import { FilterFold } from '../../components/FilterFold.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { BottleneckCard } from './BottleneckCard.tsx';

const FILTERS = ['q', 'domain', 'status', 'country', 'topic', 'sort', 'overdue', 'institution', 'mine'] as const;

/** The register: search and filters live in the address, so a search can be shared and bookmarked. */
export function BottlenecksPage({ title, fixed = {} }: { title?: string; fixed?: Record<string, string> }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/bottlenecks'>>(params, FILTERS, fixed);
  // Words are searched best match first unless another order is chosen.
  const sort = filters.sort ?? (filters.q?.trim() ? 'relevance' : 'newest');
  const { data, error, loading } = useResource('/api/bottlenecks', { query: { ...filters, sort, limit: size, offset: (page - 1) * size } });
  const found = matchesById(data?.matches);

  const option = (prefix: string) => (value: string) => ({ value, label: t(`bottlenecks:${prefix}.${value}`) });
  const describe = (key: string, value: string): string | null => {
    if (key in fixed || key === 'sort') return null;
    if (key === 'q') return `${t('bottlenecks:list.query')}: ${value}`;
    if (key === 'mine') return t('bottlenecks:list.mine');
    if (key === 'overdue') return t('bottlenecks:overdue');
    if (key === 'institution') return t('bottlenecks:fields.institution');
    // A value the address names but the register does not know (an old or mistyped link) is shown as typed.
    return `${t(`bottlenecks:fields.${key}`)}: ${t(`bottlenecks:${key}.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);

  return (
    <div className="page">
      <PageTitle>{title ?? t('bottlenecks:list.title')}</PageTitle>
      {!title && (
        <p className="lead-actions">
          <span>{t('bottlenecks:list.intro')}</span>
          <Link className="button" to="/bottlenecks/new">
            {t('bottlenecks:list.report')}
          </Link>
          <Link to="/bottlenecks/overview">{t('bottlenecks:list.overview')}</Link>
          {user && <Link to="/bottlenecks?mine=true">{t('bottlenecks:list.mine')}</Link>}
        </p>
      )}
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('bottlenecks:list.search')} onSubmit={onFilter} key={params.toString()}>
          <Field id="f-q" name="q" type="search" label={t('bottlenecks:list.query')} defaultValue={params.get('q') ?? ''} />
          <SelectField id="f-domain" name="domain" label={t('bottlenecks:fields.domain')} defaultValue={params.get('domain') ?? ''} options={[{ value: '', label: t('bottlenecks:list.all') }, ...DOMAINS.map(option('domain'))]} />
          {!fixed.status && (
            <SelectField id="f-status" name="status" label={t('bottlenecks:fields.status')} defaultValue={params.get('status') ?? ''} options={[{ value: '', label: t('bottlenecks:list.all') }, ...PUBLIC_STATUSES.map(option('status'))]} />
          )}
          <SelectField id="f-country" name="country" label={t('bottlenecks:fields.country')} defaultValue={params.get('country') ?? ''} options={[{ value: '', label: t('bottlenecks:list.all') }, { value: 'FI', label: t('bottlenecks:country.FI') }, { value: 'EE', label: t('bottlenecks:country.EE') }]} />
          <SelectField id="f-topic" name="topic" label={t('bottlenecks:fields.topic')} defaultValue={params.get('topic') ?? ''} options={[{ value: '', label: t('bottlenecks:list.all') }, ...TOPICS.map(option('topic'))]} />
          <SelectField
            id="f-sort"
            name="sort"
            label={t('bottlenecks:list.sort')}
            defaultValue={params.get('sort') ?? ''}
            options={[{ value: '', label: t('bottlenecks:sort.default') }, ...['newest', 'supported', 'updated', 'relevance'].map((value) => ({ value, label: t(`bottlenecks:sort.${value}`) }))]}
          />
          {params.get('mine') && <input type="hidden" name="mine" value="true" />}
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {loading ? t('common:loading') : data ? t('bottlenecks:list.count', { count: data.total }) : ''}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} didYouMean={data.didYouMean} />}
      {data && data.items.length > 0 && (
        <ul className="bn-list">
          {data.items.map((item) => (
            <BottleneckCard key={item.id} item={item} headingLevel={2} match={found.get(item.id)} />
          ))}
        </ul>
      )}
      {data && data.total > 0 && (
        <p className="downloads">
          {t('bottlenecks:list.download')}{' '}
          {(['csv', 'xlsx', 'json'] as const).map((format) => {
            const { sort: _sort, ...exportQuery } = filters;
            return (
              <a key={format} href={apiHref(`/api/bottlenecks/export.${format}`, { query: exportQuery })} download>
                {format.toUpperCase()}
              </a>
            );
          })}
        </p>
      )}
      {data && <Pagination label={t('common:pager.lists.bottlenecks')} page={page} total={data.total} size={size} />}
    </div>
  );
}
