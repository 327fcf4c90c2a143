import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PAGE_SIZES, pageCount, pageNumbers, pageSizeOf, withPageNumber, withPageSize, type PageSize } from './pagination.ts';

/**
 * Numbered pages of a list (first, previous, the numbers around the current one with gaps, next,
 * last) as links that keep every filter of the address, in a navigation landmark named for the
 * list, and the choice of page size: a select confirmed with its button, never acting on change.
 */
export function Pagination({ label, page, total, size, defaultSize }: { label: string; page: number; total: number; size: number; defaultSize?: PageSize }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const pages = pageCount(total, size);
  const to = (target: number) => ({ search: withPageNumber(params, target).toString() });
  return (
    <div className="pagination">
      {pages > 1 && (
        <nav className="pager" aria-label={label}>
          <ul className="pager__list">
            {page > 1 && (
              <>
                <li>
                  <Link className="pager__link" to={to(1)}>
                    {t('common:pager.first')}
                  </Link>
                </li>
                <li>
                  <Link className="pager__link" to={to(page - 1)} rel="prev">
                    {t('common:pager.previous')}
                  </Link>
                </li>
              </>
            )}
            {pageNumbers(page, pages).map((mark, index) =>
              mark === 'gap' ? (
                <li key={`gap-${index}`} className="pager__gap" aria-hidden="true">
                  …
                </li>
              ) : (
                <li key={mark}>
                  <Link className="pager__link" to={to(mark)} aria-current={mark === page ? 'page' : undefined} aria-label={t('common:pager.page', { page: mark })}>
                    {mark}
                  </Link>
                </li>
              ),
            )}
            {page < pages && (
              <>
                <li>
                  <Link className="pager__link" to={to(page + 1)} rel="next">
                    {t('common:pager.next')}
                  </Link>
                </li>
                <li>
                  <Link className="pager__link" to={to(pages)}>
                    {t('common:pager.last')}
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      )}
      {total > PAGE_SIZES[0] && <PageSizeForm size={size} defaultSize={defaultSize} />}
    </div>
  );
}

/** The page size, kept in the address (`size=50`); changing it goes back to page one. */
function PageSizeForm({ size, defaultSize }: { size: number; defaultSize?: PageSize }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const id = useId();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(withPageSize(params, Number(new FormData(event.currentTarget).get('size')), defaultSize));
  }
  return (
    <form className="page-size" onSubmit={onSubmit} key={size}>
      <label htmlFor={id}>{t('common:pager.size')}</label>
      <select id={id} name="size" defaultValue={String(size)}>
        {PAGE_SIZES.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        {t('common:pager.sizeApply')}
      </button>
    </form>
  );
}

export { pageSizeOf };
