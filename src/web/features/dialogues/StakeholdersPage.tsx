import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DOMAINS } from '../../../shared/register.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';

/** Who owns what (institutions × domains), who took part where, and who was asked what. */
export function StakeholdersPage() {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/stakeholders');
  if (!data) {
    return error ? (
      <div className="page">
        <PageTitle>{t('dialogues:stakeholders.title')}</PageTitle>
        <FormErrors error={error} />
      </div>
    ) : (
      <p role="status">{t('common:loading')}</p>
    );
  }
  return (
    <div className="page">
      <PageTitle>{t('dialogues:stakeholders.title')}</PageTitle>
      <p>{t('dialogues:stakeholders.intro')}</p>
      <h2>{t('dialogues:stakeholders.ownership')}</h2>
      <p className="muted">{t('dialogues:stakeholders.ownershipHint')}</p>
      <ScrollRegion label={t('dialogues:stakeholders.ownership')}>
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">{t('dialogues:stakeholders.institution')}</th>
              {DOMAINS.map((domain) => (
                <th scope="col" key={domain}>
                  {t(`bottlenecks:domain.${domain}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.institution.id}>
                <th scope="row">
                  <LocalizedText value={item.institution.name} /> <span className="muted">({t(`institutions:country.${item.institution.country}`)})</span>
                </th>
                {DOMAINS.map((domain) => {
                  const owns = item.domains.includes(domain);
                  const assigned = item.assigned.find((a) => a.domain === domain)?.count ?? 0;
                  return (
                    <td key={domain}>
                      {owns ? t('dialogues:stakeholders.owns') : ''}
                      {assigned > 0 && (
                        <>
                          {owns && <br />}
                          <Link to={`/bottlenecks?institution=${item.institution.id}&domain=${domain}`}>{t('dialogues:stakeholders.assigned', { count: assigned })}</Link>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{t('dialogues:stakeholders.participation')}</h2>
      <ScrollRegion label={t('dialogues:stakeholders.participation')}>
        <table className="matrix refs-table">
          <thead>
            <tr>
              <th scope="col">{t('dialogues:stakeholders.institution')}</th>
              <th scope="col">{t('dialogues:stakeholders.organised')}</th>
              <th scope="col">{t('dialogues:stakeholders.tookPart')}</th>
              <th scope="col">{t('dialogues:stakeholders.received')}</th>
              <th scope="col">{t('dialogues:stakeholders.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items
              .filter((item) => item.organised.length || item.tookPart.length || item.received.length)
              .map((item) => (
                <tr key={item.institution.id}>
                  <th scope="row">
                    <LocalizedText value={item.institution.name} />
                  </th>
                  <td>{item.organised.map((d, i) => <span key={d.id}>{i > 0 && ', '}<Link className="ref-link" to={`/dialogues/${d.ref}`}>{d.ref}</Link></span>)}</td>
                  <td>{item.tookPart.map((d, i) => <span key={d.id}>{i > 0 && ', '}<Link className="ref-link" to={`/dialogues/${d.ref}`}>{d.ref}</Link></span>)}</td>
                  <td>{item.received.map((r, i) => <span key={r.id}>{i > 0 && ', '}<Link className="ref-link" to={`/recommendations/${r.ref}`}>{r.ref}</Link></span>)}</td>
                  <td>
                    {t('dialogues:stakeholders.answeredOf', { answered: item.received.filter((r) => r.answered).length, received: item.received.length })}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
