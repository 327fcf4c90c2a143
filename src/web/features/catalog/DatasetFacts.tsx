import { useTranslation } from 'react-i18next';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { DatasetDetail } from '../../../shared/schemas/catalog.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useDates } from '../../components/useDates.ts';
import { useDate } from '../bottlenecks/labels.tsx';
import { useCatalogNames } from './labels.tsx';

/** Keywords as one text per language, so the reader's language is shown and a stand-in is marked as such. */
function keywordTexts(keywords: DatasetDetail['keywords']): LocalizedTextValue {
  return Object.fromEntries(Object.entries(keywords).flatMap(([lang, list]) => (list && list.length > 0 ? [[lang, list.join(', ')]] : [])));
}

/** The dataset's DCAT description, field by field; what the dataset does not say is left out. */
export function DatasetFacts({ data }: { data: DatasetDetail }) {
  const { t } = useTranslation();
  const date = useDate();
  const { day } = useDates();
  const names = useCatalogNames();
  const keywords = keywordTexts(data.keywords);
  const contact = data.contactPoint;
  return (
    <dl className="facts-list">
      <dt>{t('catalog:fields.name')}</dt>
      <dd>
        <code>{data.name}</code>
      </dd>
      <dt>{t('catalog:fields.publisher')}</dt>
      <dd>{data.publisher ? <LocalizedText value={data.publisher.name} /> : t('catalog:fields.notGiven')}</dd>
      {data.themes.length > 0 && (
        <>
          <dt>{t('catalog:fields.themes')}</dt>
          <dd>{data.themes.map(names.theme).join(', ')}</dd>
        </>
      )}
      {Object.keys(keywords).length > 0 && (
        <>
          <dt>{t('catalog:fields.keywords')}</dt>
          <dd>
            <LocalizedText value={keywords} />
          </dd>
        </>
      )}
      {data.spatial.length > 0 && (
        <>
          <dt>{t('catalog:fields.spatial')}</dt>
          <dd>{data.spatial.map(names.region).join(', ')}</dd>
        </>
      )}
      {(data.temporalStart || data.temporalEnd) && (
        <>
          <dt>{t('catalog:fields.temporal')}</dt>
          <dd>{t('catalog:detail.period', { start: data.temporalStart ? day(data.temporalStart) : '…', end: data.temporalEnd ? day(data.temporalEnd) : '…' })}</dd>
        </>
      )}
      <dt>{t('catalog:fields.license')}</dt>
      <dd>
        {data.license ? names.license(data.license) : t('catalog:fields.notGiven')}
        {data.licenseUrl && (
          <>
            {' '}
            (<a href={data.licenseUrl}>{t('catalog:detail.licenseText')}</a>)
          </>
        )}
      </dd>
      {data.accessRights && (
        <>
          <dt>{t('catalog:fields.accessRights')}</dt>
          <dd>{names.accessRights(data.accessRights)}</dd>
        </>
      )}
      {data.frequency && (
        <>
          <dt>{t('catalog:fields.frequency')}</dt>
          <dd>{names.frequency(data.frequency)}</dd>
        </>
      )}
      {data.landingPage && (
        <>
          <dt>{t('catalog:fields.landingPage')}</dt>
          <dd>
            <a href={data.landingPage}>{data.landingPage}</a>
          </dd>
        </>
      )}
      {contact && (contact.name || contact.email || contact.url) && (
        <>
          <dt>{t('catalog:fields.contactPoint')}</dt>
          <dd>
            {contact.name}
            {contact.email && (
              <>
                {contact.name && <br />}
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </>
            )}
            {contact.url && (
              <>
                {(contact.name || contact.email) && <br />}
                <a href={contact.url}>{contact.url}</a>
              </>
            )}
          </dd>
        </>
      )}
      {data.issued && (
        <>
          <dt>{t('catalog:fields.issued')}</dt>
          <dd>{date(data.issued)}</dd>
        </>
      )}
      {data.modified && (
        <>
          <dt>{t('catalog:fields.modified')}</dt>
          <dd>{date(data.modified)}</dd>
        </>
      )}
      <dt>{t('catalog:fields.name')}</dt>
      <dd>
        <code>{data.name}</code>
      </dd>
    </dl>
  );
}
