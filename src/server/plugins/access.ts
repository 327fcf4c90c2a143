import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/roles.ts';
import { HttpProblem } from './problems.ts';

/**
 * Who may call a route, declared on the route (`config: { access }`) in one vocabulary and
 * enforced here, once, before the body is read. A route without a rule cannot be registered.
 *
 * - `public`: anyone, signed in or not;
 * - `signed-in`: any account, by session or API token;
 * - `session`: any account through its browser session, never a token (the account's own security);
 * - a role: `service_owner`, `moderator`, `editor` (`staff` is moderator or editor); `admin` may do
 *   everything, and through a token only with the token's admin scope;
 * - a relation a feature defines with `defineRelation`, such as "the service owner of the
 *   institution concerned" or "the reporter with the attachment token": it reads the item the
 *   route names and says whether the caller stands in that relation to it.
 *
 * A list is any of its grants. What a caller may see within a route it may call (internal
 * dialogues, unpublished reports) is the feature's visibility rule; which change a role may make
 * through a route (a moderator publishes, an editor moves the lifecycle) is the feature's
 * business rule, refused as `change-not-permitted`, never as this module's `forbidden`.
 */
export type RoleGrant = Exclude<Role, 'member'> | 'staff';
export type Grant = 'public' | 'signed-in' | 'session' | RoleGrant | `relation:${string}`;
export type Access = Grant | readonly Grant[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (see plugins/access.ts). */
    access?: Access;
  }
  interface FastifyInstance {
    /** The rule of every route a plugin registers in this scope, where no rule can be written on the route (documentation, static files). */
    scopeAccess?: Access;
  }
}

/** Routes that another plugin registers in `scope` (static files, the API documentation) get `access`. */
export function declareScopeAccess(scope: FastifyInstance, access: Access) {
  scope.decorate('scopeAccess', access as never);
}

type Relation = (request: FastifyRequest) => Promise<boolean>;
/**
 * A credential other than an account that proves a relation (the report's attachment token):
 * the OpenAPI document declares it as a security scheme, so that generated clients send it.
 */
export interface RelationCredential {
  scheme: string;
  header: string;
  description: string;
}
const relations = new Map<string, { describe: string; holds: Relation; credential?: RelationCredential }>();

/** A relation between the caller and the item a route names; `name` is used as `relation:name`. */
export function defineRelation(name: string, describe: string, holds: Relation, credential?: RelationCredential) {
  relations.set(name, { describe, holds, credential });
}

/** The credential that proves the relation a grant names, if it is not an account. */
export function credentialOf(grant: Grant): RelationCredential | undefined {
  return grant.startsWith('relation:') ? relations.get(grant.slice('relation:'.length))?.credential : undefined;
}

/** Every relation's credential (for the OpenAPI document's security schemes). */
export function relationCredentials(): RelationCredential[] {
  return [...relations.values()].flatMap((relation) => (relation.credential ? [relation.credential] : []));
}

export function describeRelation(name: string): string | undefined {
  return relations.get(name)?.describe;
}

export function grantsOf(access: Access): readonly Grant[] {
  return typeof access === 'string' ? [access] : access;
}

const ROLE_GRANTS: Record<RoleGrant, readonly Role[]> = {
  service_owner: ['service_owner'],
  moderator: ['moderator'],
  editor: ['editor'],
  staff: ['moderator', 'editor'],
  admin: [],
};

async function allows(grant: Grant, request: FastifyRequest): Promise<boolean> {
  const { user, via, scopes } = request.auth;
  if (grant === 'public') return true;
  if (user?.role === 'admin' && grant !== 'admin' && grant !== 'session') return true;
  // A relation may hold for a caller without an account: the reporter with the token of the report.
  if (grant.startsWith('relation:')) {
    const relation = relations.get(grant.slice('relation:'.length));
    if (!relation) throw new Error(`access: no relation named ${grant}`);
    return relation.holds(request);
  }
  if (!user) return false;
  if (grant === 'signed-in') return true;
  if (grant === 'session') return via === 'session';
  if (grant === 'admin') return user.role === 'admin' && (via !== 'token' || scopes.includes('admin'));
  return ROLE_GRANTS[grant as RoleGrant].includes(user.role);
}

const GRANT_NAMES: Record<Exclude<Grant, `relation:${string}`>, string> = {
  public: 'anyone',
  'signed-in': 'a signed-in account',
  session: 'a signed-in browser session',
  service_owner: 'service owners',
  moderator: 'moderators',
  editor: 'editors',
  staff: 'moderators and editors',
  admin: 'administrators',
};

function describeGrant(grant: Grant): string {
  return grant.startsWith('relation:') ? (describeRelation(grant.slice('relation:'.length)) ?? grant) : GRANT_NAMES[grant as keyof typeof GRANT_NAMES];
}

/** The rule in words: "editors, or the service owner of the institution concerned". */
export function describeAccess(access: Access): string {
  return grantsOf(access).map(describeGrant).join(', or ');
}

/** Decides the route's rule for the caller: nothing, or a 401 or 403 problem. */
export async function enforceAccess(request: FastifyRequest) {
  const access = request.routeOptions.config.access;
  // Not-found and error handlers have no route: they answer nothing that needs a rule.
  if (access === undefined) return;
  const refusal = await accessRefusal(access, request);
  if (refusal) throw refusal;
}

/**
 * Why `access` refuses the caller of `request`, or nothing when it admits them. A route that
 * carries other routes' requests (SensorThings' `$batch`) checks each carried write by the rule
 * its own route declares, here, as that route would.
 */
export async function accessRefusal(access: Access, request: FastifyRequest): Promise<HttpProblem | undefined> {
  for (const grant of grantsOf(access)) if (await allows(grant, request)) return undefined;
  const { user, sessionExpired, via, scopes } = request.auth;
  const relationNamed = grantsOf(access).some((grant) => grant.startsWith('relation:'));
  const onlyWho = `Only ${describeAccess(access)} may do this.`;
  if (!user && relationNamed) return new HttpProblem(403, 'forbidden', 'Forbidden', onlyWho);
  if (!user) {
    if (sessionExpired) return new HttpProblem(401, 'session-expired', 'Session expired', 'Your session has ended. Log in again.');
    return new HttpProblem(401, 'unauthorized', 'Authentication required', 'Log in or send an API token to do this.');
  }
  if (user.role === 'admin' && via === 'token' && !scopes.includes('admin')) {
    return new HttpProblem(403, 'insufficient-scope', 'Insufficient scope', 'This API token has no admin scope.');
  }
  if (grantsOf(access).includes('session') && via !== 'session') {
    return new HttpProblem(403, 'session-required', 'Browser session required', 'Manage your account and tokens from a logged-in browser session.');
  }
  return new HttpProblem(403, 'forbidden', 'Forbidden', onlyWho);
}

/** Every route must say who may call it: registering one that does not is a programming error. */
export function requireDeclaredAccess(app: FastifyInstance) {
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    if (route.config?.access === undefined && this.scopeAccess !== undefined) route.config = { ...route.config, access: this.scopeAccess };
    if (route.config?.access === undefined) throw new Error(`${[route.method].flat().join(',')} ${route.url} declares no access rule (config.access)`);
    // The rule is enforced where the caller is known (registerAuth's scope); elsewhere only the public may be admitted.
    if (!this.hasRequestDecorator('auth') && grantsOf(route.config.access).some((grant) => grant !== 'public')) {
      throw new Error(`${route.url}: a route outside the authenticated scope can only be public`);
    }
    for (const grant of grantsOf(route.config.access)) {
      if (grant.startsWith('relation:') && !relations.has(grant.slice('relation:'.length))) {
        throw new Error(`${route.url}: access names ${grant}, which no feature defines (defineRelation before the route)`);
      }
    }
  });
}
