import { useTranslation } from 'react-i18next';

const DCAT_FILES = [
  { extension: 'ttl', name: 'Turtle' },
  { extension: 'jsonld', name: 'JSON-LD' },
  { extension: 'rdf', name: 'RDF/XML' },
] as const;

/** The machine interfaces of the catalogue, briefly: DCAT-AP 3 files, their paged form, and the CKAN API. */
export function DeveloperLinks() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="developers-heading" className="card developers">
      <h2 id="developers-heading">{t('catalog:developers.title')}</h2>
      <p>{t('catalog:developers.dcat')}</p>
      <ul className="link-list">
        {DCAT_FILES.map(({ extension, name }) => (
          <li key={extension}>
            <a href={`/catalog.${extension}`}>{t('catalog:developers.whole', { format: name })}</a> <span className="muted">(/catalog.{extension})</span>
          </li>
        ))}
        <li>
          <a href="/catalog.ttl?page=1&pageSize=100">{t('catalog:developers.paged')}</a> <code>?page=1&pageSize=100</code>
        </li>
      </ul>
      <p>
        {t('catalog:developers.ckan')} <a href="/api/3/action/package_search?rows=10">/api/3/action/package_search</a>
      </p>
      <p>
        {t('catalog:developers.rest')} <a href="/api/docs">{t('common:footer.api')}</a>
      </p>
    </section>
  );
}
