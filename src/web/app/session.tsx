import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CurrentUser } from '../../shared/schemas/accounts.ts';
import type { SiteInfo } from '../../shared/schemas/site.ts';
import { forgetDrafts } from '../components/draft.ts';
import { api, setCsrfToken } from './api.ts';
import { applyLanguage } from './i18n.ts';

interface SessionState {
  user: CurrentUser | null;
  site: SiteInfo | null;
  loading: boolean;
  /** Sets the signed-in user after log-in or registration (and follows their language). */
  signedIn(user: CurrentUser): void;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [site, setSite] = useState<SiteInfo | null>(null);
  const [loading, setLoading] = useState(true);

  const adopt = useCallback((next: CurrentUser | null) => {
    setCsrfToken(next?.csrfToken);
    setUser(next);
  }, []);

  const refresh = useCallback(async () => {
    adopt((await api.get('/api/auth/session')).user);
  }, [adopt]);

  useEffect(() => {
    Promise.all([refresh(), api.get('/api/site').then(setSite)])
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, [refresh]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      site,
      loading,
      signedIn(next) {
        adopt(next);
        if (next.locale) void applyLanguage(next.locale);
      },
      async logout() {
        await api.post('/api/auth/logout');
        forgetDrafts(window.localStorage);
        adopt(null);
      },
      refresh,
    }),
    [user, site, loading, adopt, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
