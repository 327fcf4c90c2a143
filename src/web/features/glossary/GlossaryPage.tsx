import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GLOSSARY_LANGUAGES } from '../../../shared/schemas/glossary.ts';
import type { GetQuery } from '../../app/api.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { useConceptLabel } from './concepts.ts';

const FILTERS = ['q', 'missing', 'reviewed'] as const;

/** The glossary for its editors: searched in every language, with what still lacks a language or a review. */
export function GlossaryPage() {
  return (
    <RequireUser roles={['editor']}>
      <GlossaryList />
    </RequireUser>
  );
}

function GlossaryList() {
  const { t } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/glossary'>>(params, FILTERS);
  const { data, error } = useResource('/api/glossary', { query: { ...filters, limit: size, offset: (page - 1) * size } });
  const notice = useNotice();
  const conceptLabel = useConceptLabel();
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('glossary:query')}: ${value}`;
    if (key === 'missing') return `${t('glossary:missing')}: ${t(`common:languages.${value}`)}`;
    return value === 'false' ? t('glossary:notReviewed') : t('glossary:reviewedOnly');
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  return (
    <div className="page">
      <PageTitle>{t('glossary:title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <p className="lead-actions">
        <span>{t('glossary:intro')}</span>
        <Link className="button" to="/editor/glossary/new">
          {t('glossary:add')}
        </Link>
      </p>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('glossary:search')} onSubmit={onFilter} key={params.toString()}>
          <Field id="g-q" name="q" type="search" label={t('glossary:query')} defaultValue={params.get('q') ?? ''} />
          <SelectField id="g-missing" name="missing" label={t('glossary:missing')} defaultValue={params.get('missing') ?? ''} options={[{ value: '', label: t('glossary:anyLanguage') }, ...GLOSSARY_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))]} />
          <SelectField
            id="g-reviewed"
            name="reviewed"
            label={t('glossary:review')}
            defaultValue={params.get('reviewed') ?? ''}
            options={[
              { value: '', label: t('glossary:anyReview') },
              { value: 'false', label: t('glossary:notReviewed') },
              { value: 'true', label: t('glossary:reviewedOnly') },
            ]}
          />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('glossary:count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} />}
      <ul className="bn-list">
        {data?.items.map((entry) => {
          // Listed by its English term (the list's order), else its first of any language.
          const shown = entry.terms.en[0] ?? GLOSSARY_LANGUAGES.map((lang) => entry.terms[lang][0]).find(Boolean) ?? entry.key ?? entry.id;
          return (
            <li key={entry.id} className="bn-card">
              <p className="bn-card__meta">
                <span>{entry.reviewed ? t('glossary:reviewedBadge') : t('glossary:notReviewedBadge')}</span>
                {entry.concept && <> · <span>{conceptLabel(entry.concept)}</span></>}
              </p>
              <h2 className="bn-card__title">
                <Link to={`/editor/glossary/${entry.id}`}>{shown}</Link>
              </h2>
              <dl className="glossary-terms">
                {GLOSSARY_LANGUAGES.map((lang) => (
                  <div key={lang}>
                    <dt>{t(`common:languages.${lang}`)}</dt>
                    <dd lang={lang}>{entry.terms[lang].length > 0 ? entry.terms[lang].join(', ') : <span className="muted">{t('glossary:none')}</span>}</dd>
                  </div>
                ))}
              </dl>
            </li>
          );
        })}
      </ul>
      {data && <Pagination label={t('glossary:pager')} page={page} total={data.total} size={size} />}
    </div>
  );
}
