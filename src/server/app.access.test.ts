import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRelation, grantsOf, type Access, type Grant } from './plugins/access.ts';
import type { RegisteredRoute } from './plugins/routes.ts';
import { loadDemo } from './features/demo/demo.service.ts';
import { createUser, login, startTestApp, type Session, type TestApp } from './test/harness.ts';
import { exampleOf, fillPath, pathParameters, walkableRoutes } from './test/routes.ts';
import type { Role } from '../shared/roles.ts';

/**
 * Every registered route (read from Fastify, not from a list kept by hand), called by each kind
 * of caller: the answer must agree with the route's declared rule. A caller the rule admits is
 * never refused for who they are; a caller it does not admit gets 401 (no account) or 403.
 * The service owner belongs to an institution that nothing in the demo concerns, so every
 * "institution concerned" relation must refuse them.
 */

type Caller = 'anonymous' | Exclude<Role, 'service_owner'> | 'service_owner of another institution';
const CALLERS: Caller[] = ['anonymous', 'member', 'service_owner of another institution', 'moderator', 'editor', 'admin'];

/** The problem types that mean "not you": the access rule's own refusals. */
const ACCESS_REFUSALS = new Set(['/problems/unauthorized', '/problems/session-expired', '/problems/forbidden', '/problems/session-required', '/problems/insufficient-scope']);

let t: TestApp;
const sessions = new Map<Caller, Session>();
/** Real items for the parameters of routes whose rules read the item (relations). */
const itemIds = new Map<string, string>();

async function signIn(caller: Caller, userByCaller: Map<Caller, { email: string }>) {
  if (caller === 'anonymous') return;
  sessions.set(caller, await login(t.app, userByCaller.get(caller)!.email));
}

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  const users = new Map<Caller, { email: string }>();
  for (const caller of CALLERS) {
    if (caller === 'anonymous') continue;
    users.set(caller, await createUser(t.db, caller === 'service_owner of another institution' ? 'service_owner' : caller));
  }
  const editor = await login(t.app, users.get('editor')!.email);
  const elsewhere = await t.app.inject({
    method: 'POST',
    url: '/api/institutions',
    headers: editor.headers,
    payload: { slug: 'nothing-concerns-test', name: { en: 'Institution nothing concerns (test)' }, country: 'FI', type: 'municipality' },
  });
  expect(elsewhere.statusCode).toBe(201);
  const institutionId: string = elsewhere.json().id;
  const owner = await t.db.kysely.selectFrom('users').select('id').where('email', '=', users.get('service_owner of another institution')!.email).executeTakeFirstOrThrow();
  await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', owner.id).execute();
  for (const caller of CALLERS) await signIn(caller, users);
  const first = async (table: 'bottlenecks' | 'dialogues' | 'recommendations') => (await t.db.kysely.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  itemIds.set('/api/bottlenecks/', await first('bottlenecks'));
  itemIds.set('/api/dialogues/', await first('dialogues'));
  itemIds.set('/api/recommendations/', await first('recommendations'));
  (globalThis as { accessUsers?: typeof users }).accessUsers = users;
});
afterAll(() => t?.close());

function admits(grant: Grant, caller: Caller): boolean {
  if (grant === 'public') return true;
  if (caller === 'anonymous') return false;
  if (grant === 'signed-in' || grant === 'session') return true;
  if (caller === 'admin') return true;
  if (grant.startsWith('relation:')) return false;
  if (grant === 'staff') return caller === 'moderator' || caller === 'editor';
  return grant === caller.split(' ')[0];
}

const admitted = (access: Access, caller: Caller) => grantsOf(access).some((grant) => admits(grant, caller));

function parametersFor(route: RegisteredRoute): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of pathParameters(route.url)) {
    const item = [...itemIds].find(([prefix]) => route.url.startsWith(prefix) && name === 'id');
    values[name] = item ? item[1] : name === 'action' ? 'package_search' : name === 'type' ? 'bottleneck' : '00000000-0000-4000-8000-000000000000';
  }
  return values;
}

function refusedForWho(response: LightMyRequestResponse): boolean {
  if (response.statusCode !== 401 && response.statusCode !== 403) return false;
  let type: unknown;
  try {
    type = response.json()?.type;
  } catch {
    return true;
  }
  // GeoReport answers in its own shape, without a type: any 401 or 403 there is a refusal.
  return typeof type !== 'string' || ACCESS_REFUSALS.has(type);
}

describe('declared access, walked for every route and every kind of caller', () => {
  it('has a rule on every registered route, and every answer agrees with it', { timeout: 300_000 }, async () => {
    const routes = walkableRoutes(t.app);
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => r.config?.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const contradictions: string[] = [];
    let tried = 0;
    for (const route of routes) {
      const access = route.config!.access!;
      const schema = (route.schema ?? {}) as { body?: unknown };
      for (const caller of CALLERS) {
        const session = sessions.get(caller);
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, parametersFor(route)),
          headers: session?.headers ?? {},
          ...(schema.body && route.method !== 'GET' ? { payload: exampleOf(schema.body) as object } : {}),
        });
        tried += 1;
        const expected = admitted(access, caller);
        const refused = refusedForWho(response);
        if (response.statusCode >= 500) contradictions.push(`${route.method} ${route.url} (${JSON.stringify(access)}) failed for ${caller}: ${response.statusCode} ${response.body.slice(0, 160)}`);
        if (expected && refused) contradictions.push(`${route.method} ${route.url} (${JSON.stringify(access)}) refused ${caller}: ${response.statusCode} ${response.body.slice(0, 160)}`);
        // Without an account the answer is 401, unless a relation could admit the caller (a token of the item): then 403.
        const refusal = caller === 'anonymous' && !grantsOf(access).some((g) => g.startsWith('relation:')) ? 401 : 403;
        if (!expected && (!refused || response.statusCode !== refusal)) {
          contradictions.push(`${route.method} ${route.url} (${JSON.stringify(access)}) let ${caller} through: ${response.statusCode} ${response.body.slice(0, 160)}`);
        }
        // Log-out ends the caller's session; sign in again for the next route.
        if (route.url === '/api/auth/logout' && caller !== 'anonymous') sessions.set(caller, await login(t.app, (globalThis as { accessUsers?: Map<Caller, { email: string }> }).accessUsers!.get(caller)!.email));
      }
    }
    expect(contradictions).toEqual([]);
    expect(tried).toBe(routes.length * CALLERS.length);
    console.info(`access: ${routes.length} routes × ${CALLERS.length} callers = ${tried} requests, ${contradictions.length} contradictions`);
  });

  it('is written out as the access matrix in docs/ACCESS.md, from the routes themselves', async () => {
    const routes = walkableRoutes(t.app);
    const hasRelation = (access: Access) => grantsOf(access).some((g) => g.startsWith('relation:'));
    const cell = (access: Access, caller: Caller) =>
      admitted(access, caller) ? 'yes' : hasRelation(access) && caller === 'service_owner of another institution' ? 'if concerned' : '';
    const relations = [...new Set(routes.flatMap((r) => grantsOf(r.config!.access!)).filter((g) => g.startsWith('relation:')))].sort();
    const lines = [
      '# Who may call what',
      '',
      'Generated from the routes the server registers, by `src/server/app.access.test.ts` (`npx vitest run --project api-pglite src/server/app.access.test.ts -u` writes it again; the test fails while it is out of date). The rules are declared on each route (`config.access`) and enforced in one place, `src/server/plugins/access.ts`. "if concerned": only a caller in the relation the rule names, such as the service owner of the institution concerned.',
      '',
      '| route | rule | ' + ['anonymous', 'member', 'service owner', 'moderator', 'editor', 'admin'].join(' | ') + ' |',
      '|---|---|' + CALLERS.map(() => '---|').join(''),
      ...routes.map((r) => `| \`${r.method} ${r.url}\` | ${grantsOf(r.config!.access!).join(', ')} | ${CALLERS.map((c) => cell(r.config!.access!, c)).join(' | ')} |`),
      '',
      '## Relations',
      '',
      ...relations.map((r) => `- \`${r}\`: ${describeRelation(r.slice('relation:'.length))}`),
      '',
    ];
    await expect(lines.join('\n')).toMatchFileSnapshot(path.resolve('docs/ACCESS.md'));
  });
});
