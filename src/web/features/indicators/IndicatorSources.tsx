import { useTranslation } from 'react-i18next';
import { useDates } from '../../components/useDates.ts';
import type { IndicatorAnswer } from './indicatorView.ts';
import { sourceText } from './sourceText.ts';

type Source = IndicatorAnswer['sources'][number];

/** One request the figures were read with: a GET as a link, a POST with its query folded under it. */
function Request({ request }: { request: Source['requests'][number] }) {
  const { t } = useTranslation();
  return (
    <li>
      <code>{request.method}</code>{' '}
      {request.method === 'GET' ? (
        <a href={request.url} rel="noopener noreferrer">
          {request.url}
        </a>
      ) : (
        <code>{request.url}</code>
      )}
      {request.body !== undefined && (
        <details>
          <summary>{t('indicators:sources.query')}</summary>
          <pre className="indicator-source__query">{JSON.stringify(request.body, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}

/**
 * Where each side's figures came from: the office, its table, when they were read, whether the
 * newest reading revised earlier figures, and the exact requests (so anyone can read them again).
 */
export function IndicatorSources({ sources }: { sources: Source[] }) {
  const { t, i18n } = useTranslation();
  const { dateTime, day } = useDates();
  return (
    <section aria-labelledby="indicator-sources-heading">
      <h2 id="indicator-sources-heading">{t('indicators:sources.title')}</h2>
      {sources.length === 0 ? (
        <p className="muted">{t('indicators:sources.none')}</p>
      ) : (
        <ul className="indicator-sources">
          {sources.map((source) => (
            <li key={source.vintage} className="card indicator-source">
              <h3>
                {t(`indicators:side.${source.side}`)}: {source.source.name}
              </h3>
              <dl className="facts-list">
                <dt>{t('indicators:sources.table')}</dt>
                <dd>
                  <code>{source.table.externalId}</code> {sourceText(source.table.title, i18n.language)}
                </dd>
                <dt>{t('indicators:sources.retrieved')}</dt>
                <dd>{dateTime(source.retrievedAt)}</dd>
                {source.sourceUpdated && (
                  <>
                    <dt>{t('indicators:sources.updated')}</dt>
                    <dd>{/^\d{4}-\d{2}-\d{2}$/.test(source.sourceUpdated) ? day(source.sourceUpdated) : source.sourceUpdated}</dd>
                  </>
                )}
                {(source.changedCells > 0 || source.vintages > 1) && (
                  <>
                    <dt>{t('indicators:sources.revisions')}</dt>
                    <dd>
                      {source.changedCells > 0 && t('indicators:sources.revised', { count: source.changedCells })} {t('indicators:sources.vintages', { count: source.vintages })}
                    </dd>
                  </>
                )}
              </dl>
              {source.requests.length > 0 && (
                <>
                  <p className="indicator-source__requests-label">{t('indicators:sources.requests')}</p>
                  <ul className="indicator-source__requests">
                    {source.requests.map((request, index) => (
                      <Request key={index} request={request} />
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
