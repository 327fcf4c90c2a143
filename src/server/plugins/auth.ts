import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, TokenScope } from '../../shared/roles.ts';
import { TOKEN_SCOPES } from '../../shared/roles.ts';
import type { Language } from '../../shared/languages.ts';
import { HttpProblem } from './problems.ts';
import { enforceAccess } from './access.ts';
import type { Database } from '../db/connection.ts';
import { safeEqual } from '../lib/secrets.ts';

export const SESSION_COOKIE = 'talsinki_session';

/** Who is calling, as the accounts feature resolves a session or a token. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Language | null;
  /** The institution a service owner speaks for. */
  institutionId: string | null;
  createdAt: Date;
}

/** How a session cookie and a bearer token become a caller: given by the accounts feature. */
export interface CredentialResolvers {
  resolveSession(db: Database['kysely'], token: string, days: number): Promise<{ user: AuthUser; sessionId: string; csrfToken: string } | null>;
  resolveApiToken(db: Database['kysely'], token: string): Promise<{ user: AuthUser; tokenId: string; scopes: readonly TokenScope[] } | null>;
}
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthContext {
  user: AuthUser | null;
  via: 'session' | 'token' | null;
  sessionId?: string;
  csrfToken?: string;
  /** The API token's id, when the caller came with one (a pilot's SensorThings writes are bound to it). */
  tokenId?: string;
  scopes: readonly TokenScope[];
  /** A session cookie came with the request but the session is over. */
  sessionExpired: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    /** Set false on the few writes that create a session (log-in, registration). */
    csrf?: boolean;
    /**
     * Set false where the session cookie must not count: writes that clients of a standard make
     * from anywhere (Open311), which never hold our session. The caller is then anonymous unless
     * it sends an API token, so a page elsewhere cannot write in a signed-in user's name.
     */
    session?: boolean;
  }
}

const ANONYMOUS: AuthContext = Object.freeze({ user: null, via: null, scopes: [], sessionExpired: false });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request may change something: any method but a read, unless the route's POST only reads (`queryPost`, plugins/cors.ts). */
export function isUnsafe(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method) && !request.routeOptions.config.queryPost;
}

export function sessionCookieOptions(request: FastifyRequest, expires?: Date) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https', ...(expires ? { expires } : {}) };
}

async function authenticate(app: FastifyInstance, credentials: CredentialResolvers, request: FastifyRequest, reply: FastifyReply): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const resolved = match ? await credentials.resolveApiToken(app.db.kysely, match[1]) : null;
    if (!resolved) throw new HttpProblem(401, 'invalid-token', 'Invalid API token', 'The bearer token is unknown, revoked or expired.');
    return { user: resolved.user, via: 'token', tokenId: resolved.tokenId, scopes: resolved.scopes, sessionExpired: false };
  }
  if (request.routeOptions.config.session === false) return ANONYMOUS;
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return ANONYMOUS;
  const session = await credentials.resolveSession(app.db.kysely, cookie, app.config.sessionDays);
  if (!session) {
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
    return { ...ANONYMOUS, sessionExpired: true };
  }
  return { user: session.user, via: 'session', sessionId: session.sessionId, csrfToken: session.csrfToken, scopes: TOKEN_SCOPES, sessionExpired: false };
}

/**
 * Cookie-authenticated writes must echo the session's CSRF token; browsers' own
 * `Sec-Fetch-Site` also stops cross-site writes that carry no session (log-in CSRF).
 */
function checkWriteAllowed(request: FastifyRequest, auth: AuthContext) {
  if (!isUnsafe(request)) return;
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new HttpProblem(403, 'cross-site-request', 'Cross-site request refused', 'Writes must come from this site.');
  }
  if (auth.via === 'session' && request.routeOptions.config.csrf !== false) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken!)) {
      throw new HttpProblem(403, 'csrf-token-invalid', 'CSRF token missing or wrong', `Send the session's CSRF token in the ${CSRF_HEADER} header.`);
    }
  }
  if (auth.via === 'token' && !auth.scopes.includes('write')) {
    throw new HttpProblem(403, 'insufficient-scope', 'Insufficient scope', 'This API token has no write scope.');
  }
}

/** Resolves who is calling on every request in the scope it is registered in. */
export async function registerAuth(app: FastifyInstance, credentials: CredentialResolvers) {
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request, reply) => {
    request.auth = ANONYMOUS;
    const auth = await authenticate(app, credentials, request, reply);
    request.auth = auth;
    checkWriteAllowed(request, auth);
    await enforceAccess(request);
  });
}

/**
 * The caller of a route whose declared access admits only accounts (plugins/access.ts): the
 * rule was enforced before the handler ran, so a missing user here is a programming error.
 */
export function signedIn(request: FastifyRequest): AuthUser {
  if (!request.auth.user) throw new Error(`${request.routeOptions.url}: a handler asked for the caller on a route open to the public`);
  return request.auth.user;
}

/** The caller and their session, on a route whose rule is `session`. */
export function sessionOf(request: FastifyRequest): AuthUser & { sessionId: string } {
  const user = signedIn(request);
  if (!request.auth.sessionId) throw new Error(`${request.routeOptions.url}: a handler asked for the session on a route that admits tokens`);
  return { ...user, sessionId: request.auth.sessionId };
}
