import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { Adoptions, FrameworkTree, VersionName } from './parts.tsx';

/** The framework in force: the newest version both regions adopted, its adoptions and its whole tree with each target's progress. */
export function FrameworkPage() {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/framework');
  return (
    <div className="page">
      <PageTitle>{t('framework:title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('framework:intro')}</span>
        <Link to="/framework/versions">{t('framework:versions.link')}</Link>
      </p>
      <FormErrors error={error} />
      {!data && !error && <p role="status">{t('common:loading')}</p>}
      {data && (
        <>
          {data.demo && <p className="notice">{t('framework:demoNotice')}</p>}
          <h2 id="fw-version">
            <Link to={`/framework/versions/${data.number}`}>
              <VersionName version={data} />
            </Link>
          </h2>
          {data.basedOn && (
            <p>
              <Link to={`/framework/versions/${data.basedOn}/diff/${data.number}`}>{t('framework:versions.changesSince', { number: data.basedOn })}</Link>
            </p>
          )}
          <section aria-labelledby="fw-adoptions">
            <h2 id="fw-adoptions">{t('framework:adoption.title')}</h2>
            <Adoptions adoptions={data.adoptions} />
          </section>
          <section aria-labelledby="fw-tree" className="fw-section">
            <h2 id="fw-tree" className="visually-hidden">{t('framework:tree.label')}</h2>
            <FrameworkTree nodes={data.nodes} />
          </section>
        </>
      )}
    </div>
  );
}
