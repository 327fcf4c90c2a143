import { useEffect, useRef, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DATASET_SORTS, FACETS } from '../../../shared/catalog.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { matchesById } from '../../components/marks.ts';
import { FilterFold } from '../../components/FilterFold.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { useCatalogNames } from './labels.tsx';
import { ActiveFilters } from './ActiveFilters.tsx';
import { DatasetCard } from './DatasetCard.tsx';
import { DeveloperLinks } from './DeveloperLinks.tsx';
import { FacetGroup } from './FacetGroup.tsx';
import { formatName } from './format.ts';
import { formatCount } from '../../components/numbers.ts';
import { activeFilterCount, apiQuery, clearFilters, readSearch, toggleFilter, withWords } from './search.ts';

/** The catalogue: words, order and facet filters in the address, the matching datasets, and the machine interfaces. */
export function DatasetsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const size = pageSizeOf(params);
  const { data, error, loading } = useResource('/api/datasets', { query: apiQuery(search, size) });
  const found = matchesById(data?.matches);
  const isEditor = Boolean(user && isEditorRole(user.role));
  const names = useCatalogNames();
  /** A filter named for the empty result's links: the facet, then the value as the facets call it. */
  const describe = (key: string, value: string): string | null => {
    if (key === 'q') return `${t('catalog:list.query')}: ${value}`;
    const facet = key as (typeof FACETS)[number];
    const label = data?.facets[facet]?.find((v) => v.value === value)?.label;
    const valueName =
      facet === 'source' && value === 'local' ? t('catalog:source.local')
      : facet === 'publisher' || facet === 'source' ? (pickLocalized(label, i18n.language as ContentLanguage)?.text ?? t('catalog:list.unnamed'))
      : facet === 'theme' ? names.theme(value)
      : facet === 'license' ? names.license(value)
      : facet === 'region' ? names.region(value)
      : formatName(value);
    return `${t(`catalog:facet.${facet}`)}: ${valueName}`;
  };
  const inUse = filtersInUse(params, ['q', ...FACETS], describe);
  const countRef = useRef<HTMLParagraphElement>(null);
  /** Applies a change made with a button that then disappears (a chip), and puts focus on the new count instead. */
  const applyAndFocusCount = (next: URLSearchParams) => {
    setParams(next);
    countRef.current?.focus();
  };

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setParams(withWords(params, { q: String(form.get('q') ?? ''), sort: String(form.get('sort') ?? ''), withdrawn: form.get('state') === 'withdrawn' }));
  }

  return (
    <div className="page">
      <PageTitle>{t('catalog:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('catalog:list.intro')}</span>
        {isEditor && (
          <Link className="button" to="/datasets/new">
            {t('catalog:list.add')}
          </Link>
        )}
        <Link to="/admin/harvest">{t('harvest:sources.title')}</Link>
        <a href="#developers-heading">{t('catalog:developers.title')}</a>
      </p>
      <form className="form form--inline filters" role="search" aria-label={t('catalog:list.search')} onSubmit={onSearch} key={params.toString()}>
        <Field id="catalog-q" name="q" type="search" label={t('catalog:list.query')} defaultValue={search.q} maxLength={200} />
        <SelectField
          id="catalog-sort"
          name="sort"
          label={t('catalog:list.sort')}
          defaultValue={search.sort || (search.q ? 'relevance' : 'modified')}
          options={DATASET_SORTS.map((sort) => ({ value: sort, label: t(`catalog:sort.${sort}`) }))}
        />
        {isEditor && (
          <label className="checkbox">
            <input type="checkbox" name="state" value="withdrawn" defaultChecked={search.withdrawn} /> {t('catalog:list.withdrawnOnly')}
          </label>
        )}
        <button type="submit" className="button">
          {t('catalog:list.submit')}
        </button>
      </form>
      <FormErrors error={error} />
      <div className="catalog-layout">
        <div className="catalog-filters">
          <FilterFold active={activeFilterCount(search)}>
            {FACETS.map((facet) => (
              <FacetGroup key={facet} facet={facet} values={data?.facets[facet] ?? []} selected={search.filters[facet]} onToggle={(value) => setParams(toggleFilter(params, facet, value))} />
            ))}
          </FilterFold>
        </div>
        <div className="catalog-results">
          <ResultCount ref={countRef} page={search.page} text={loading && !data ? t('common:loading') : data ? t('catalog:list.count', { count: data.total, formatted: formatCount(data.total, i18n.language) }) : ''} />
          <ActiveFilters
            search={search}
            facets={data?.facets}
            onRemove={(facet, value) => applyAndFocusCount(toggleFilter(params, facet, value))}
            onRemoveWords={() => applyAndFocusCount(withWords(params, { q: '', sort: search.sort === 'relevance' ? '' : search.sort, withdrawn: search.withdrawn }))}
            onClear={() => applyAndFocusCount(clearFilters(params))}
          />
          {data && data.total === 0 && <EmptyResult filters={inUse} q={search.q} didYouMean={data.didYouMean} />}
          {data && data.items.length > 0 && (
            <ul className="bn-list">
              {data.items.map((item) => (
                <DatasetCard key={item.id} item={item} match={found.get(item.id)} />
              ))}
            </ul>
          )}
          {data && <Pagination label={t('common:pager.lists.datasets')} page={search.page} total={data.total} size={size} />}
        </div>
      </div>
      <DeveloperLinks />
    </div>
  );
}

/** The number of matches, announced politely; after a page change it takes focus, so reading starts at the new results. */
function ResultCount({ page, text, ref }: { page: number; text: string; ref: RefObject<HTMLParagraphElement | null> }) {
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    ref.current?.focus();
  }, [page, ref]);
  return (
    <p role="status" aria-live="polite" className="result-count" tabIndex={-1} ref={ref}>
      {text}
    </p>
  );
}
