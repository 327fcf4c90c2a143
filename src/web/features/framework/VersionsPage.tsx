import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';
import { ChangesSince, VersionName } from './parts.tsx';
import { NewDraftForm } from './VersionActions.tsx';

/** Every version of the framework with its state, adoptions, size and a link to what changed. */
export function VersionsPage() {
  const { t } = useTranslation();
  const dates = useDates();
  const { data, error } = useResource('/api/framework/versions');
  return (
    <div className="page">
      <PageTitle>{t('framework:versions.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('framework:versions.intro')}</span>
        <Link to="/framework">{t('framework:back')}</Link>
      </p>
      <FormErrors error={error} />
      {data?.viewer.canEdit && !data.items.some((version) => version.state === 'draft') && <NewDraftForm versions={data.items} />}
      <p role="status" className="result-count">
        {data ? t('framework:versions.count', { count: data.items.length }) : t('common:loading')}
      </p>
      {data && data.items.length > 0 && (
        <ul className="fw-versions">
          {data.items.map((version) => (
            <li key={version.number} className="card" data-version={version.number}>
              <h2>
                <Link to={`/framework/versions/${version.number}`}>
                  <VersionName version={version} />
                </Link>
              </h2>
              <dl className="region-facts">
                <div>
                  <dt>{t('framework:versions.size')}</dt>
                  <dd>{t('framework:versions.sizeValue', { goals: version.counts.goals, objectives: version.counts.objectives, targets: version.counts.targets })}</dd>
                </div>
                {version.frozenAt && (
                  <div>
                    <dt>{t('framework:versions.frozen')}</dt>
                    <dd>{dates.date(version.frozenAt)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('framework:adoption.title')}</dt>
                  <dd>
                    {version.adoptions.length === 0 ? (
                      <span className="muted">{t('framework:adoption.noneYet')}</span>
                    ) : (
                      <ul className="fw-adoption-list">
                        {version.adoptions.map((adoption) => (
                          <li key={adoption.region}>
                            {t(`framework:region.${adoption.region}`)}: <LocalizedText value={adoption.institution.name} />, {dates.day(adoption.decidedOn)}, {adoption.decisionRef}
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </div>
              </dl>
              {version.basedOn && (
                <p>
                  <ChangesSince version={version} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
