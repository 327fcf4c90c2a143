import type { Role } from '../../shared/roles.ts';

/** Pages a log-in never returns to: they are the log-in itself, or make no sense once signed in. */
const NOT_RETURNED_TO = ['/login', '/register', '/forgot-password', '/password-reset'];

/**
 * The path a log-in may return to, from `?next=`: a path of this site (with its query and
 * fragment), never another site's address (`https://…`, `//host`, `/\host`, anything a browser
 * would read as leaving), nor the log-in or registration page; else null.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//')) return null;
  // Browsers read a backslash as a slash, and skip tabs and newlines in addresses.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, 'http://talsinki.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://talsinki.invalid') return null;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (NOT_RETURNED_TO.includes(path.toLowerCase())) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The log-in page's address that comes back to `from` (its query and fragment kept) afterwards. */
export function loginPath(from: { pathname: string; search?: string; hash?: string }): string {
  const next = safeReturnPath(`${from.pathname}${from.search ?? ''}${from.hash ?? ''}`);
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** Where each role's work is, for a log-in that came from nowhere in particular. */
export function landingPath(role: Role): string {
  switch (role) {
    case 'moderator':
      return '/bottlenecks/moderation';
    case 'service_owner':
      return '/desk';
    case 'editor':
      return '/editor';
    case 'admin':
      return '/admin/users';
    case 'member':
      return '/profile';
  }
}
