import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DatasetListItem } from '../../../shared/schemas/catalog.ts';
import type { SearchMatch } from '../../../shared/schemas/search.ts';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useDate } from '../bottlenecks/labels.tsx';
import { formatName } from './format.ts';
import { useCatalogNames, WithdrawnBadge } from './labels.tsx';

/**
 * One search result: title, summary, and who publishes it, in which formats, under which licence,
 * from where; with what the search matched marked (`match`), and the glossary's crossing said.
 */
export function DatasetCard({ item, match }: { item: DatasetListItem; match?: SearchMatch }) {
  const { t } = useTranslation();
  const date = useDate();
  const names = useCatalogNames();
  return (
    <li className="bn-card dataset-card">
      <h2 className="bn-card__title">
        <Link to={`/datasets/${item.name}`}>
          <LocalizedText value={item.title} marks={match?.highlights.title} />
        </Link>
      </h2>
      <FoundThrough via={match?.via} />
      {(item.demo || item.state === 'withdrawn') && (
        <p className="bn-card__meta">
          <WithdrawnBadge state={item.state} />
          {item.demo && <span className="badge">{t('common:demo.badge')}</span>}
        </p>
      )}
      <LocalizedText value={item.summary} as="p" marks={match?.highlights.summary} />
      <dl className="dataset-card__facts">
        {item.publisher && (
          <div>
            <dt>{t('catalog:fields.publisher')}</dt>
            <dd>
              <LocalizedText value={item.publisher.name} />
            </dd>
          </div>
        )}
        {item.formats.length > 0 && (
          <div>
            <dt>{t('catalog:fields.formats')}</dt>
            <dd>{item.formats.map(formatName).join(', ')}</dd>
          </div>
        )}
        {item.license && (
          <div>
            <dt>{t('catalog:fields.license')}</dt>
            <dd>{names.license(item.license)}</dd>
          </div>
        )}
        {item.modified && (
          <div>
            <dt>{t('catalog:fields.modified')}</dt>
            <dd>{date(item.modified)}</dd>
          </div>
        )}
        <div>
          <dt>{t('catalog:fields.source')}</dt>
          <dd>{item.source ? item.source.name : t('catalog:source.local')}</dd>
        </div>
      </dl>
    </li>
  );
}
