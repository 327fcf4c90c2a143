import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DOMAINS, INSTITUTION_COUNTRIES, INSTITUTION_TYPES } from '../../../shared/register.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { pageOf } from '../../components/filterParams.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { Marked } from '../../components/Marked.tsx';
import { matchesById } from '../../components/marks.ts';
import { FilterFold } from '../../components/FilterFold.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';

const FILTERS = ['q', 'country', 'type', 'domain'] as const;

/** Who owns which services, in both countries and the EU; editors keep it current. */
export function InstitutionsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/institutions'>>(params, FILTERS);
  // Words are searched best match first (offset paging: a ranked list has no keyset).
  const sort = filters.q?.trim() ? 'relevance' : undefined;
  const { data, error } = useResource('/api/institutions', { query: { ...filters, ...(sort && { sort }), limit: size, offset: (page - 1) * size } });
  const found = matchesById(data?.matches);
  const isEditor = user && isEditorRole(user.role);
  const notice = useNotice();

  const all = { value: '', label: t('bottlenecks:list.all') };
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('institutions:query')}: ${value}`;
    if (key === 'domain') return `${t('institutions:fields.domains')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    return `${t(`institutions:fields.${key}`)}: ${t(`institutions:${key}.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  return (
    <div className="page">
      <PageTitle>{t('institutions:title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <p className="lead-actions">
        <span>{t('institutions:intro')}</span>
        {isEditor && (
          <Link className="button" to="/institutions/new">
            {t('institutions:add')}
          </Link>
        )}
      </p>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('institutions:search')} onSubmit={onFilter} key={params.toString()}>
          <Field id="i-q" name="q" type="search" label={t('institutions:query')} defaultValue={params.get('q') ?? ''} />
          <SelectField id="i-country" name="country" label={t('institutions:fields.country')} defaultValue={params.get('country') ?? ''} options={[all, ...INSTITUTION_COUNTRIES.map((c) => ({ value: c, label: t(`institutions:country.${c}`) }))]} />
          <SelectField id="i-type" name="type" label={t('institutions:fields.type')} defaultValue={params.get('type') ?? ''} options={[all, ...INSTITUTION_TYPES.map((type) => ({ value: type, label: t(`institutions:type.${type}`) }))]} />
          <SelectField id="i-domain" name="domain" label={t('institutions:fields.domains')} defaultValue={params.get('domain') ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('institutions:count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} didYouMean={data.didYouMean} />}
      <ul className="bn-list">
        {data?.items.map((institution) => (
          <li key={institution.id} className="bn-card">
            <p className="bn-card__meta">
              <span>{t(`institutions:country.${institution.country}`)}</span> · <span>{t(`institutions:type.${institution.type}`)}</span>
            </p>
            <h2 className="bn-card__title">
              <LocalizedText value={institution.name} marks={found.get(institution.id)?.highlights.name} />
              {institution.shortName && (
                <span className="muted">
                  {' '}
                  (<Marked text={institution.shortName} ranges={found.get(institution.id)?.highlights.shortName?.und} />)
                </span>
              )}
            </h2>
            <FoundThrough via={found.get(institution.id)?.via} />
            <p className="bn-card__facts">
              {institution.domains.length > 0 && <span>{institution.domains.map((d) => t(`bottlenecks:domain.${d}`)).join(', ')}</span>}
              {institution.website && (
                <a href={institution.website} rel="noopener noreferrer">
                  {new URL(institution.website).host}
                </a>
              )}
              <Link to={`/bottlenecks?institution=${institution.id}`}>{t('institutions:bottlenecks')}</Link>
              {isEditor && <Link to={`/institutions/${institution.slug}/edit`}>{t('institutions:edit')}</Link>}
            </p>
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('common:pager.lists.institutions')} page={page} total={data.total} size={size} />}
    </div>
  );
}
