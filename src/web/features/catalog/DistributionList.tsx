import { useTranslation } from 'react-i18next';
import type { Distribution } from '../../../shared/schemas/catalog.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { formatName } from './format.ts';
import { formatBytes } from '../../components/numbers.ts';
import { useCatalogNames } from './labels.tsx';

/**
 * The dataset's files and services. A list of small cards rather than a table: each has up to
 * seven facts and two links, which a 360 px screen shows better one above the other.
 */
export function DistributionList({ distributions }: { distributions: Distribution[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="distributions-heading">
      <h2 id="distributions-heading">{t('catalog:distribution.title', { count: distributions.length })}</h2>
      {distributions.length === 0 ? (
        <p className="muted">{t('catalog:distribution.none')}</p>
      ) : (
        <ul className="distributions">
          {distributions.map((distribution, index) => (
            <DistributionItem key={distribution.id} distribution={distribution} position={index + 1} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DistributionItem({ distribution, position }: { distribution: Distribution; position: number }) {
  const { t, i18n } = useTranslation();
  const names = useCatalogNames();
  const service = distribution.accessService;
  const untitled = distribution.format ? t('catalog:distribution.untitledFormat', { n: position, format: formatName(distribution.format) }) : t('catalog:distribution.untitled', { n: position });
  const name = distribution.title ? <LocalizedText value={distribution.title} /> : <>{untitled}</>;
  return (
    <li className="distribution">
      <h3 className="distribution__title">{name}</h3>
      {distribution.description && <LocalizedText value={distribution.description} as="p" />}
      <dl className="facts-list">
        {distribution.format && (
          <>
            <dt>{t('catalog:distribution.format')}</dt>
            <dd>{formatName(distribution.format)}</dd>
          </>
        )}
        {distribution.mediaType && (
          <>
            <dt>{t('catalog:distribution.mediaType')}</dt>
            <dd>
              <code>{distribution.mediaType}</code>
            </dd>
          </>
        )}
        {distribution.byteSize !== null && (
          <>
            <dt>{t('catalog:distribution.size')}</dt>
            <dd>{formatBytes(distribution.byteSize, i18n.language)}</dd>
          </>
        )}
        {distribution.license && (
          <>
            <dt>{t('catalog:fields.license')}</dt>
            <dd>{names.license(distribution.license)}</dd>
          </>
        )}
        {service && (
          <>
            <dt>{t('catalog:distribution.service')}</dt>
            <dd>
              <LocalizedText value={service.title} />
              <br />
              <a href={service.endpointUrl}>{service.endpointUrl}</a>
              {service.endpointDescription && (
                <>
                  {' '}
                  (<a href={service.endpointDescription}>{t('catalog:distribution.serviceDescription')}</a>)
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      <p className="distribution__links">
        {distribution.downloadUrl && (
          <a className="button button--small" href={distribution.downloadUrl}>
            {t('catalog:distribution.download')}
            <span className="visually-hidden"> ({name})</span>
          </a>
        )}
        {distribution.accessUrl !== distribution.downloadUrl && (
          <a className="button button--small button--secondary" href={distribution.accessUrl}>
            {t('catalog:distribution.access')}
            <span className="visually-hidden"> ({name})</span>
          </a>
        )}
      </p>
    </li>
  );
}
