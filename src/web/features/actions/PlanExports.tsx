import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isEditorRole } from '../../../shared/roles.ts';
import { apiHref } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';

/** The plan and its milestones as open data (CSV, XLSX, JSON) for everyone, and the import for editors: items of the plan page's list of links. */
export function PlanExports() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <li>
        {t('planExchange:export.plan')} <a href={apiHref('/api/actions/export.csv')}>CSV</a> <a href={apiHref('/api/actions/export.xlsx')}>XLSX</a> <a href={apiHref('/api/actions/export.json')}>JSON</a>
      </li>
      <li>
        {t('planExchange:export.milestones')} <a href={apiHref('/api/actions/milestones/export.csv')}>CSV</a> <a href={apiHref('/api/actions/milestones/export.xlsx')}>XLSX</a>{' '}
        <a href={apiHref('/api/actions/milestones/export.json')}>JSON</a>
      </li>
      {user && isEditorRole(user.role) && (
        <li>
          <Link to="/actions/import">{t('planExchange:export.import')}</Link>
        </li>
      )}
    </>
  );
}
