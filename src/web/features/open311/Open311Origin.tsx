import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../components/problemText.ts';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';

/**
 * For administrators, on a bottleneck's page: which Open311 app filed the report and what it sent
 * about the citizen. Personal data: the server gives it to administrators only, and nothing shows
 * for a report that did not come through Open311.
 */
export function Open311Origin({ bottleneckId }: { bottleneckId: string }) {
  const { t } = useTranslation();
  const when = useDates().dateTime;
  const { data, error } = useResource('/api/open311/reports/{bottleneckId}', { path: { bottleneckId } });
  if (error) return <p className="field__error">{problemText(error, t)}</p>;
  const report = data?.report;
  if (!report) return null;
  const client = report.client;
  const name = [report.firstName, report.lastName].filter(Boolean).join(' ');
  const rows: [string, ReactNode][] = [
    [
      t('open311:origin.client'),
      client ? (
        <>
          {client.name} <span className="muted">({t('open311:origin.key', { prefix: client.tokenPrefix, owner: client.ownerEmail })})</span>
          {client.revoked && <> · {t('open311:origin.revoked')}</>}
          <br />
          {client.reportsPerDay === null ? t('open311:origin.ordinaryLimit') : t('open311:origin.ownLimit', { count: client.reportsPerDay })}
        </>
      ) : (
        t('open311:origin.noKey')
      ),
    ],
    [t('open311:origin.filedAt'), <time dateTime={report.filedAt}>{when(report.filedAt)}</time>],
  ];
  if (name) rows.push([t('open311:origin.name'), name]);
  if (report.email) rows.push([t('open311:origin.email'), <a href={`mailto:${report.email}`}>{report.email}</a>]);
  if (report.phone) rows.push([t('open311:origin.phone'), report.phone]);
  if (report.deviceId) rows.push([t('open311:origin.deviceId'), report.deviceId]);
  if (report.accountId) rows.push([t('open311:origin.accountId'), report.accountId]);
  return (
    <section aria-labelledby="open311-heading" className="card">
      <h2 id="open311-heading">{t('open311:origin.title')}</h2>
      <p className="muted">{t('open311:origin.private')}</p>
      <dl className="facts-list">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
