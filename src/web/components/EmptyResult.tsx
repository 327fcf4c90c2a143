import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { withWords } from './filterParams.ts';
import type { FilterInUse } from './pagination.ts';

/**
 * What a list says when nothing matches: what to try. Each active filter is a link that removes
 * it, then a reminder to check the spelling of the words, and a search of the whole platform with
 * the same words. When the list offers a correction of the words (`didYouMean`: found among what
 * this reader may see), it comes first, as a link to the same list with the corrected words.
 */
export function EmptyResult({ filters, q, didYouMean }: { filters: readonly FilterInUse[]; q?: string | null; didYouMean?: string | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const words = q?.trim();
  return (
    <div className="empty-result">
      <p>{t('common:empty.nothing')}</p>
      {didYouMean && (
        <p>
          {t('common:empty.didYouMean')} <Link to={{ search: withWords(location.search, didYouMean) }}>{didYouMean}</Link>
        </p>
      )}
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
