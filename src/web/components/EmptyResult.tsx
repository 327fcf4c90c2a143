import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FilterInUse } from './pagination.ts';

/**
 * What a list says when nothing matches: what to try. Each active filter is a link that removes
 * it, then a reminder to check the spelling of the words, and a search of the whole platform with
 * the same words.
 */
export function EmptyResult({ filters, q }: { filters: readonly FilterInUse[]; q?: string | null }) {
  const { t } = useTranslation();
  const words = q?.trim();
  return (
    <div className="empty-result">
      <p>{t('common:empty.nothing')}</p>
      {(filters.length > 0 || words) && (
        <>
          <p>{t('common:empty.try')}</p>
          <ul>
            {filters.length > 0 && (
              <li>
                {t('common:empty.removeFilter')}
                <ul className="empty-result__filters">
                  {filters.map((filter) => (
                    <li key={filter.key + filter.without}>
                      <Link to={{ search: filter.without }}>{t('common:empty.remove', { filter: filter.label })}</Link>
                    </li>
                  ))}
                </ul>
              </li>
            )}
            {words && <li>{t('common:empty.spelling')}</li>}
            {words && (
              <li>
                <Link to={{ pathname: '/search', search: new URLSearchParams({ q: words }).toString() }}>{t('common:empty.everywhere', { q: words })}</Link>
              </li>
            )}
          </ul>
        </>
      )}
    </div>
  );
}
