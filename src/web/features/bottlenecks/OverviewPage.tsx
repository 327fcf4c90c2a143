import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DOMAINS, PUBLIC_STATUSES } from '../../../shared/register.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDates } from '../../components/useDates.ts';
import { BottleneckCard } from './BottleneckCard.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/bottlenecks/stats');
  const count = (domain: string, status: string) => data?.byDomainAndStatus.find((r) => r.domain === domain && r.status === status)?.count ?? 0;
  const monthName = useDates().month;
  const peak = Math.max(1, ...(data?.byMonth.flatMap((m) => [m.reported, m.closed]) ?? [1]));
  return (
    <div className="page">
      <PageTitle>{t('bottlenecks:overview.title')}</PageTitle>
      <FormErrors error={error} />
      {data && (
        <>
          <p className="lead-actions">
            <span>{t('bottlenecks:overview.summary', { total: data.total })}</span>
            {data.overdue > 0 && <Link to="/bottlenecks?overdue=true">{t('bottlenecks:overview.overdue', { count: data.overdue })}</Link>}
          </p>
          <section aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">{t('bottlenecks:overview.matrix')}</h2>
            <ScrollRegion label={t('bottlenecks:overview.matrix')}>
              <table className="matrix">
                <caption className="visually-hidden">{t('bottlenecks:overview.matrix')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bottlenecks:fields.domain')}</th>
                    {PUBLIC_STATUSES.map((status) => (
                      <th scope="col" key={status}>
                        {t(`bottlenecks:status.${status}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {DOMAINS.map((domain) => (
                    <tr key={domain}>
                      <th scope="row">{t(`bottlenecks:domain.${domain}`)}</th>
                      {PUBLIC_STATUSES.map((status) => (
                        <td key={status}>{count(domain, status) ? <Link to={`/bottlenecks?domain=${domain}&status=${status}`}>{count(domain, status)}</Link> : 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
          <section aria-labelledby="trend-heading">
            <h2 id="trend-heading">{t('bottlenecks:overview.trend')}</h2>
            <ScrollRegion label={t('bottlenecks:overview.trend')}>
              <table className="trend">
                <caption className="visually-hidden">{t('bottlenecks:overview.trend')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bottlenecks:overview.month')}</th>
                    <th scope="col">{t('bottlenecks:overview.reported')}</th>
                    <th scope="col">{t('bottlenecks:overview.closed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byMonth.map((month) => (
                    <tr key={month.month}>
                      <th scope="row">{monthName(month.month)}</th>
                      <td>
                        <span className="bar bar--reported" style={{ width: `${(month.reported / peak) * 8}rem` }} aria-hidden="true" /> {month.reported}
                      </td>
                      <td>
                        <span className="bar bar--closed" style={{ width: `${(month.closed / peak) * 8}rem` }} aria-hidden="true" /> {month.closed}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
          <section aria-labelledby="top-heading">
            <h2 id="top-heading">{t('bottlenecks:overview.mostSupported')}</h2>
            <ul className="bn-list">
              {data.mostSupported.map((item) => (
                <BottleneckCard key={item.id} item={item} />
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
