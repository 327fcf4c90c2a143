import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { loginPath } from '../components/landing.ts';
import { PARTS } from './parts.ts';
import { isEditorRole, isStaffRole } from '../../shared/roles.ts';
import { useSession } from './session.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { user, site, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const shownPath = useRef(location.pathname);

  // After in-app navigation, focus the new page's heading (children's effects have run by now).
  // Comparing paths, not counting renders, keeps the first page load from stealing focus.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    setMenuOpen(false);
    document.getElementById('page-title')?.focus();
  }, [location.pathname]);

  async function onLogout() {
    await logout();
    navigate('/');
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('common:nav.skip')}
      </a>
      <header className="site-header">
        {site?.demo && (
          <p className="demo-banner">
            <strong>{t('common:demo.label')}</strong> {t('common:demo.text')}
          </p>
        )}
        <div className="site-header__bar">
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width="32" height="32" />
            <span>
              {t('common:site.name')}
              <span className="brand__tagline">{t('common:site.tagline')}</span>
            </span>
          </Link>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="site-menu" onClick={() => setMenuOpen((open) => !open)}>
            {t('common:nav.menu')}
          </button>
          <div id="site-menu" className={menuOpen ? 'site-menu site-menu--open' : 'site-menu'}>
            <nav aria-label={t('common:nav.main')}>
              <ul className="nav-list">
                {PARTS.map((part) => (
                  <li key={part.path}>
                    <NavLink to={part.path} end={part.path === '/'}>
                      {t(part.labelKey)}
                    </NavLink>
                  </li>
                ))}
                {user && isStaffRole(user.role) && (
                  <li>
                    <NavLink to="/bottlenecks/moderation">{t('common:nav.moderation')}</NavLink>
                  </li>
                )}
                {user && isEditorRole(user.role) && (
                  <li>
                    <NavLink to="/editor">{t('common:nav.editor')}</NavLink>
                  </li>
                )}
                {user && isEditorRole(user.role) && (
                  <li>
                    <NavLink to="/editor/indicators">{t('common:nav.indicatorEditor')}</NavLink>
                  </li>
                )}
                {user?.role === 'service_owner' && (
                  <li>
                    <NavLink to="/desk">{t('common:nav.desk')}</NavLink>
                  </li>
                )}
                {user?.role === 'admin' && (
                  <>
                    <li>
                      <NavLink to="/admin/users">{t('common:nav.admin')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/harvest">{t('common:nav.harvest')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/statistics">{t('common:nav.statistics')}</NavLink>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            <nav aria-label={t('common:nav.account')}>
              <ul className="nav-list">
                {user ? (
                  <>
                    <li>
                      <NavLink to="/profile">{t('common:nav.profile', { name: user.displayName })}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/following">{t('common:nav.following')}</NavLink>
                    </li>
                    <li>
                      <button type="button" className="link-button" onClick={() => void onLogout()}>
                        {t('common:nav.logout')}
                      </button>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <NavLink to={location.pathname === '/login' ? `/login${location.search}` : loginPath(location)}>{t('common:nav.login')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/register">{t('common:nav.register')}</NavLink>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            <LanguageSwitcher />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Pages load in chunks of their own (routes.tsx): said while the first one comes. */}
        <Suspense fallback={<p role="status">{t('common:loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('common:footer.about')}</p>
        <ul className="footer-links">
          <li>
            <Link to="/accessibility">{t('common:footer.accessibility')}</Link>
          </li>
          <li>
            <a href="/api/docs">{t('common:footer.api')}</a>
          </li>
          <li>
            <a href="/api/openapi.json">{t('common:footer.openapi')}</a>
          </li>
        </ul>
        <p className="site-footer__small">{t('common:footer.licence', { version: site?.version ?? '' })}</p>
      </footer>
    </>
  );
}
