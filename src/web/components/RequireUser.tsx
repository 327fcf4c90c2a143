import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Role } from '../../shared/roles.ts';
import { useSession } from '../app/session.tsx';
import { loginPath } from './landing.ts';
import { PageTitle } from './PageTitle.tsx';

/** Shows its children to a signed-in user (with one of `roles`, if given), or says why not. */
export function RequireUser({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <p role="status">{t('common:loading')}</p>;
  if (!user) {
    return (
      <div className="page page--narrow">
        <PageTitle>{t('common:auth.loginRequiredTitle')}</PageTitle>
        <p>
          {t('common:auth.loginRequired')} <Link to={loginPath(location)}>{t('common:nav.login')}</Link>
        </p>
      </div>
    );
  }
  if (roles && user.role !== 'admin' && !roles.includes(user.role)) {
    return (
      <div className="page page--narrow">
        <PageTitle>{t('common:auth.forbiddenTitle')}</PageTitle>
        <p>{t('common:auth.forbidden')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
