import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { NewPlanForm } from './PlanningEditor.tsx';

/** `/planning/plans/new`: an editor adds a plan, each fact with its sources. */
export function NewPlanPage() {
  const { t } = useTranslation();
  return (
    <RequireUser roles={['editor']}>
      <div className="page">
        <PageTitle>{t('planning:edit.newPlan')}</PageTitle>
        <p>
          <Link to="/planning/plans">{t('planning:plans.back')}</Link>
        </p>
        <NewPlanForm />
      </div>
    </RequireUser>
  );
}
