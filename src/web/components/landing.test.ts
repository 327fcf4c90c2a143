import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/roles.ts';
import { landingPath, loginPath, safeReturnPath } from './landing.ts';

describe('where a log-in returns to', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(safeReturnPath('/bottlenecks/moderation')).toBe('/bottlenecks/moderation');
    expect(safeReturnPath('/bottlenecks?status=submitted&domain=mobility#list')).toBe('/bottlenecks?status=submitted&domain=mobility#list');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('refuses other sites, however written', () => {
    for (const hostile of ['//evil.com', '//evil.com/login', 'https://evil.com/', 'http:evil.com', 'javascript:alert(1)', '/\\evil.com', '/\t/evil.com', '\\\\evil.com', ' /bottlenecks', 'evil.com', '', null, undefined]) {
      expect(safeReturnPath(hostile), String(hostile)).toBeNull();
    }
  });

  it('never returns to the log-in or registration page', () => {
    for (const page of ['/login', '/login/', '/login?next=/desk', '/LOGIN', '/register', '/register#top']) expect(safeReturnPath(page), page).toBeNull();
    expect(safeReturnPath('/login-help')).toBe('/login-help');
  });

  it('answers only paths that stay on this site, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const path = safeReturnPath(text);
        if (path === null) return;
        const url = new URL(path, 'https://talsinki.example');
        expect(url.origin).toBe('https://talsinki.example');
        expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
      }),
    );
  });

  it('sends a protected page to the log-in with the way back, query included', () => {
    expect(loginPath({ pathname: '/bottlenecks/moderation', search: '?domain=mobility' })).toBe(`/login?next=${encodeURIComponent('/bottlenecks/moderation?domain=mobility')}`);
    expect(loginPath({ pathname: '/login', search: '?next=/desk' })).toBe('/login');
    expect(loginPath({ pathname: '/' })).toBe('/login');
  });

  it('lands each role where its work is', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, landingPath(role)]))).toEqual({
      member: '/profile',
      service_owner: '/desk',
      moderator: '/bottlenecks/moderation',
      editor: '/editor',
      admin: '/admin/users',
    });
  });
});
