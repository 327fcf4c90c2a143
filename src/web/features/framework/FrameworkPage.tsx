import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { Adoptions, ChangesSince, FrameworkTree, VersionName } from './parts.tsx';

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
              <ChangesSince version={data} />
            </p>
          )}
          <Adoptions adoptions={data.adoptions} />
          <FrameworkTree nodes={data.nodes} />
        </>
      )}
    </div>
  );
}
