import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DatasetDetail } from '../../../shared/schemas/catalog.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';

/** Where the description comes from: which harvest source, under which identifier there, when; or written here by hand. */
export function ProvenanceBox({ data }: { data: DatasetDetail }) {
  const { t } = useTranslation();
  const when = useDateTime();
  return (
    <section aria-labelledby="provenance-heading" className="card provenance">
      <h2 id="provenance-heading">{t('catalog:provenance.title')}</h2>
      {data.source ? (
        <dl className="facts-list">
          <dt>{t('catalog:provenance.source')}</dt>
          <dd>
            <Link to={`/admin/harvest/${data.source.id}`}>{data.source.name}</Link> <span className="muted">({t(`harvest:kind.${data.source.kind}`)})</span>
          </dd>
          {data.sourceIdentifier && (
            <>
              <dt>{t('catalog:provenance.identifier')}</dt>
              <dd>
                <code>{data.sourceIdentifier}</code>
              </dd>
            </>
          )}
          <dt>{t('catalog:provenance.harvestedAt')}</dt>
          <dd>{when(data.harvestedAt)}</dd>
        </dl>
      ) : (
        <>
          <p>{t('catalog:provenance.local')}</p>
          <dl className="facts-list">
            <dt>{t('catalog:provenance.createdAt')}</dt>
            <dd>{when(data.createdAt)}</dd>
            <dt>{t('catalog:provenance.updatedAt')}</dt>
            <dd>{when(data.updatedAt)}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
