import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DATASET_SORTS, FACETS } from '../../../shared/catalog.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { ActiveFilters } from './ActiveFilters.tsx';
import { DatasetCard } from './DatasetCard.tsx';
import { DeveloperLinks } from './DeveloperLinks.tsx';
import { FacetGroup } from './FacetGroup.tsx';
import { formatCount } from './format.ts';
import { activeFilterCount, apiQuery, clearFilters, PAGE_SIZE, readSearch, toggleFilter, withPage, withWords } from './search.ts';

/** Wide screens show the filters beside the results; narrow ones fold them away until asked for. */
const WIDE = '(min-width: 50em)';

/** The catalogue: words, order and facet filters in the address, the matching datasets, and the machine interfaces. */
export function DatasetsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const { data, error, loading } = useResource('/api/datasets', { query: apiQuery(search) });
  const isEditor = Boolean(user && isEditorRole(user.role));
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
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
        <FilterPanel active={activeFilterCount(search)}>
          {FACETS.map((facet) => (
            <FacetGroup key={facet} facet={facet} values={data?.facets[facet] ?? []} selected={search.filters[facet]} onToggle={(value) => setParams(toggleFilter(params, facet, value))} />
          ))}
        </FilterPanel>
        <div className="catalog-results">
          <ResultCount ref={countRef} page={search.page} text={loading && !data ? t('common:loading') : data ? t('catalog:list.count', { count: data.total, formatted: formatCount(data.total, i18n.language) }) : ''} />
          <ActiveFilters
            search={search}
            facets={data?.facets}
            onRemove={(facet, value) => applyAndFocusCount(toggleFilter(params, facet, value))}
            onRemoveWords={() => applyAndFocusCount(withWords(params, { q: '', sort: search.sort === 'relevance' ? '' : search.sort, withdrawn: search.withdrawn }))}
            onClear={() => applyAndFocusCount(clearFilters(params))}
          />
          {data && data.items.length === 0 && <p>{t('catalog:list.none')}</p>}
          {data && data.items.length > 0 && (
            <ul className="bn-list">
              {data.items.map((item) => (
                <DatasetCard key={item.id} item={item} />
              ))}
            </ul>
          )}
          {data && pages > 1 && (
            <nav className="pager" aria-label={t('common:pager.label')}>
              {search.page > 1 && (
                <Link className="button button--secondary" to={{ search: withPage(params, search.page - 1).toString() }}>
                  {t('common:pager.previous')}
                </Link>
              )}
              <span>{t('catalog:list.page', { page: search.page, pages })}</span>
              {search.page < pages && (
                <Link className="button button--secondary" to={{ search: withPage(params, search.page + 1).toString() }}>
                  {t('common:pager.next')}
                </Link>
              )}
            </nav>
          )}
        </div>
      </div>
      <DeveloperLinks />
    </div>
  );
}

/** The facets, in a disclosure that starts open on wide screens and folded on narrow ones. */
function FilterPanel({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => window.matchMedia(WIDE).matches);
  return (
    <details className="catalog-filters" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{active > 0 ? t('catalog:list.filtersActive', { count: active }) : t('catalog:list.filters')}</summary>
      {children}
    </details>
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
