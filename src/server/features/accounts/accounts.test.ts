import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, expectProblem, login, PASSWORD, sessionCookie, startTestApp, type TestApp } from '../../test/harness.ts';
import { FREE_FAILURES_PER_PAIR, spellDuration } from './accounts.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const countUsers = async () => Number((await t.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
let ip = 0;
const nextIp = () => `192.0.2.${++ip}`;

describe('registration', () => {
  it('creates a member account, logs it in and records it in the audit trail', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'Kadri.Tamm@example.ee', password: 'a long enough password', displayName: 'Kadri Tamm', locale: 'et' },
      remoteAddress: nextIp(),
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ email: 'Kadri.Tamm@example.ee', displayName: 'Kadri Tamm', role: 'member', locale: 'et' });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(body).not.toHaveProperty('passwordHash');

    const cookie = response.cookies.find((c) => c.name === 'talsinki_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');

    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(response) } });
    expect(me.json().id).toBe(body.id);

    const stored = await t.db.kysely.selectFrom('users').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', body.id).execute();
    expect(audit.map((a) => a.action)).toContain('user.registered');
  });

  it('refuses a second account with the same e-mail in any letter case', async () => {
    const before = await countUsers();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'kadri.tamm@EXAMPLE.ee', password: 'another long password', displayName: 'Copy' },
      remoteAddress: nextIp(),
    });
    expect(expectProblem(response, 409).type).toBe('/problems/email-taken');
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['malformed JSON', '{"email": "a@b.fi", "password":', 400, 'malformed-json'],
    ['a number for the password', JSON.stringify({ email: 'x@example.fi', password: 1234567890123, displayName: 'X' }), 400, 'validation-error'],
    ['an unknown field', JSON.stringify({ email: 'x@example.fi', password: 'long enough pw', displayName: 'X', role: 'admin' }), 400, 'validation-error'],
    ['a short password', JSON.stringify({ email: 'x@example.fi', password: 'short', displayName: 'X' }), 400, 'validation-error'],
    ['a bad e-mail', JSON.stringify({ email: 'not-an-email', password: 'long enough pw', displayName: 'X' }), 400, 'validation-error'],
    ['a blank name', JSON.stringify({ email: 'x@example.fi', password: 'long enough pw', displayName: '   ' }), 400, 'validation-error'],
    ['an empty body', '', 400, 'malformed-json'],
  ])('answers %s with a problem and changes nothing', async (_case, payload, status, slug) => {
    const before = await countUsers();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload,
      remoteAddress: nextIp(),
    });
    const problem = expectProblem(response, status);
    expect(problem.type).toBe(`/problems/${slug}`);
    expect(await countUsers()).toBe(before);
  });

  it('names each invalid field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'nope', password: 'short', displayName: 'X', admin: true },
      remoteAddress: nextIp(),
    });
    const paths = expectProblem(response, 400).errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body/email', 'body/password', 'body/admin']));
  });

  it('answers an oversized body with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'big@example.fi', password: 'long enough pw', displayName: 'x'.repeat(2 * 1024 * 1024) },
      remoteAddress: nextIp(),
    });
    expect(expectProblem(response, 413).type).toBe('/problems/payload-too-large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/register', headers: { 'content-type': 'text/xml' }, payload: '<a/>', remoteAddress: nextIp() });
    expectProblem(response, 415);
  });
});

describe('log-in and sessions', () => {
  it('refuses a wrong password with 401 and the same answer as for an unknown account', async () => {
    const user = await createUser(t.db);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'wrong password' }, remoteAddress: nextIp() });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.fi', password: 'wrong password' }, remoteAddress: nextIp() });
    expect(expectProblem(wrong, 401).detail).toBe(expectProblem(unknown, 401).detail);
    expect(wrong.cookies.find((c) => c.name === 'talsinki_session')).toBeUndefined();
  });

  it('ends the session on log-out', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(expectProblem(me, 401).type).toBe('/problems/session-expired');
  });

  it('answers an expired session with 401 and clears the cookie', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    await t.db.kysely.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 minute'` as unknown as Date }).where('user_id', '=', user.id).execute();
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(expectProblem(me, 401).type).toBe('/problems/session-expired');
    const cleared = me.cookies.find((c) => c.name === 'talsinki_session');
    expect(cleared?.value).toBe('');
    const write = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: session.headers, payload: { displayName: 'Zombie' } });
    expectProblem(write, 401);
    expect((await t.db.kysely.selectFrom('users').select('display_name').where('id', '=', user.id).executeTakeFirstOrThrow()).display_name).not.toBe('Zombie');
  });

  it('answers anonymous /me with 401', async () => {
    expect(expectProblem(await t.app.inject({ url: '/api/auth/me' }), 401).type).toBe('/problems/unauthorized');
  });
});

describe('log-in throttling', () => {
  const attempt = (email: string, password: string, from: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: from });
  /** Moves the failures recorded from an address (on one e-mail, if given) back in time, as if `seconds` had passed. */
  const age = (from: string, seconds: number, email?: string) =>
    sql`update login_failures set failed_at = failed_at - make_interval(secs => ${seconds})
        where ip = ${from} and (${email?.toLowerCase() ?? null}::text is null or email = ${email?.toLowerCase() ?? null})`.execute(t.db.kysely);
  const failures = async (from: string, email: string) =>
    (await t.db.kysely.selectFrom('login_failures').select('id').where('ip', '=', from).where('email', '=', email.toLowerCase()).execute()).length;
  /** A 429 whose detail, Retry-After and retryAfter all state the same time left, within [min, max] seconds. */
  const expectWait = (response: Awaited<ReturnType<typeof attempt>>, min: number, max: number) => {
    const problem = expectProblem(response, 429) as ReturnType<typeof expectProblem> & { retryAfter?: number };
    const seconds = Number(response.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(min);
    expect(seconds).toBeLessThanOrEqual(max);
    expect(problem.retryAfter).toBe(seconds);
    expect(problem.detail).toMatch(new RegExp(` Try again in ${spellDuration(seconds)}\\.$`));
    expect(problem.detail).not.toMatch(/reset/i);
    expect(response.cookies.find((c) => c.name === 'talsinki_session')).toBeUndefined();
    return seconds;
  };

  it('checks only five of twelve concurrent wrong passwords for one account from one address; the rest wait', async () => {
    const user = await createUser(t.db);
    const from = nextIp();
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(user.email, `guess ${i}`, from)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES_PER_PAIR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - FREE_FAILURES_PER_PAIR);
    for (const response of responses.filter((r) => r.statusCode === 429)) expectWait(response, 55, 60);
    expect(await failures(from, user.email)).toBe(FREE_FAILURES_PER_PAIR);
  });

  it('never locks the account itself: the right password from another address still logs in', async () => {
    const admin = await createUser(t.db, 'admin');
    const attacker = nextIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) expect((await attempt(admin.email, `guess ${i}`, attacker)).statusCode).toBe(401);
    expectWait(await attempt(admin.email, PASSWORD, attacker), 55, 60);
    const owner = await attempt(admin.email, PASSWORD, nextIp());
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ id: admin.id, role: 'admin' });
    // The owner's success forgets nothing of the attacker's failures, and vice versa.
    expect(await failures(attacker, admin.email)).toBe(FREE_FAILURES_PER_PAIR);
    expectWait(await attempt(admin.email, 'guess again', attacker), 1, 60);
  });

  it('makes an address wait twice as long after each further failure, up to an hour, stating the time really left', async () => {
    const user = await createUser(t.db);
    const from = nextIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) expect((await attempt(user.email, `guess ${i}`, from)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, from), 55, 60);

    await age(from, 61, user.email);
    expect((await attempt(user.email, 'sixth guess', from)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, from), 115, 120);
    await age(from, 30, user.email);
    expectWait(await attempt(user.email, PASSWORD, from), 85, 90);

    await age(from, 91, user.email);
    expect((await attempt(user.email, 'seventh guess', from)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, from), 235, 240);

    // However many failures, the wait is at most an hour.
    await t.db.kysely
      .insertInto('login_failures')
      .values(Array.from({ length: 20 }, () => ({ email: user.email.toLowerCase(), ip: from, failed_at: sql<Date>`now() - interval '10 minutes'` as unknown as Date })))
      .execute();
    await age(from, 3600, user.email);
    expect((await attempt(user.email, 'late guess', from)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, from), 3590, 3600);

    // The right password, once its turn comes, logs in and forgets the address's failures on this account.
    await age(from, 3600, user.email);
    expect((await attempt(user.email, PASSWORD, from)).statusCode).toBe(200);
    expect(await failures(from, user.email)).toBe(0);
    expect((await attempt(user.email, 'a typo', from)).statusCode).toBe(401);
  });

  it('forgets an address\'s failures on an account a day after they happened', async () => {
    const user = await createUser(t.db);
    const from = nextIp();
    const email = user.email.toLowerCase();
    await t.db.kysely.insertInto('login_failures').values(Array.from({ length: 10 }, () => ({ email, ip: from }))).execute();
    await age(from, 23 * 3600, email);
    expect((await attempt(user.email, 'guess', from)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, from), 3590, 3600);
    await age(from, 3600, email);
    expect(await failures(from, email)).toBe(11);
    // Ten of the eleven are now older than a day: only the last one counts.
    expect((await attempt(user.email, 'another guess', from)).statusCode).toBe(401);
    expect((await attempt(user.email, PASSWORD, from)).statusCode).toBe(200);
  });

  it('caps the failures from one address across all accounts at thirty in fifteen minutes, counting concurrent ones', async () => {
    const from = nextIp();
    // The route's own in-memory limit lets 30 requests a minute through, so the earlier failures
    // are written directly: 28 on different e-mails, the oldest ten minutes ago.
    await t.db.kysely
      .insertInto('login_failures')
      .values(
        Array.from({ length: 28 }, (_, i) => ({
          email: `sprayed${i}@example.test`,
          ip: from,
          failed_at: sql<Date>`now() - make_interval(secs => ${600 - i})` as unknown as Date,
        })),
      )
      .execute();
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => attempt(`sprayed-now${i}@example.test`, 'Winter2026!', from)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([401, 401, 429, 429, 429]);
    // When the oldest failure leaves the window, in five minutes, the address has 29 again.
    for (const response of responses.filter((r) => r.statusCode === 429)) expectWait(response, 290, 302);

    const user = await createUser(t.db);
    expectWait(await attempt(user.email, PASSWORD, from), 290, 302);
    expect((await attempt(user.email, PASSWORD, nextIp())).statusCode).toBe(200);

    await age(from, 305);
    expect((await attempt(user.email, PASSWORD, from)).statusCode).toBe(200);
  });

  it('counts an IPv6 address by its /64 network and an IPv4-mapped address as IPv4', async () => {
    const user = await createUser(t.db);
    for (let i = 1; i <= FREE_FAILURES_PER_PAIR; i++) expect((await attempt(user.email, `guess ${i}`, `2001:db8:a:b::${i}`)).statusCode).toBe(401);
    expectWait(await attempt(user.email, PASSWORD, '2001:db8:a:b:ffff:1:2:3'), 55, 60);
    expect((await attempt(user.email, PASSWORD, '2001:db8:a:c::1')).statusCode).toBe(200);

    const other = await createUser(t.db);
    const v4 = nextIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) expect((await attempt(other.email, `guess ${i}`, `::ffff:${v4}`)).statusCode).toBe(401);
    expectWait(await attempt(other.email, PASSWORD, v4), 55, 60);
  });

  it('states the time really left when the route\'s own per-minute limit answers', async () => {
    const from = nextIp();
    for (let i = 0; i < 30; i++) expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {}, remoteAddress: from }), 400);
    const limited = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {}, remoteAddress: from });
    const seconds = expectWait(limited, 1, 60);
    expect(expectProblem(limited, 429).detail).toBe(`At most 30 log-in attempts a minute from one address. Try again in ${spellDuration(seconds)}.`);
  });
});

describe('CSRF protection', () => {
  it('refuses a cookie-authenticated write without the token, or with a wrong one, and changes nothing', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: session.cookie }, payload: { displayName: 'Hijacked' } });
    expect(expectProblem(missing, 403).type).toBe('/problems/csrf-token-invalid');
    const wrong = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: { displayName: 'Hijacked' } });
    expectProblem(wrong, 403);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(me.json().displayName).toBe(user.displayName);

    const right = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: session.headers, payload: { displayName: 'Renamed', locale: 'fi' } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ displayName: 'Renamed', locale: 'fi' });
  });

  it('refuses writes that a browser marks as cross-site', async () => {
    const user = await createUser(t.db);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { email: user.email, password: PASSWORD },
      remoteAddress: nextIp(),
    });
    expect(expectProblem(response, 403).type).toBe('/problems/cross-site-request');
  });
});

describe('API tokens', () => {
  it('shows the secret once, authenticates with it, respects scopes, and stops working when revoked', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'reader', scopes: ['read'] } });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^tlk_/);
    expect(token.startsWith(prefix)).toBe(true);

    const stored = await t.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));

    const list = await t.app.inject({ url: '/api/tokens', headers: { cookie: session.cookie } });
    expect(list.json().items[0]).toMatchObject({ id, name: 'reader', scopes: ['read'] });
    expect(JSON.stringify(list.json())).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ url: '/api/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ id: user.id });
    expect(me.json()).not.toHaveProperty('csrfToken');

    const write = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: bearer, payload: { displayName: 'Via token' } });
    expect(expectProblem(write, 403).type).toBe('/problems/insufficient-scope');

    const mint = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'more', scopes: ['read'] } });
    expectProblem(mint, 403);

    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: session.headers });
    expect(revoke.statusCode).toBe(204);
    expect(expectProblem(await t.app.inject({ url: '/api/auth/me', headers: bearer }), 401).type).toBe('/problems/invalid-token');
  });

  it('lets a write-scoped token write without a CSRF token', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const { token } = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'writer', scopes: ['read', 'write'], expiresInDays: 30 } })).json();
    const write = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: `Bearer ${token}` }, payload: { displayName: 'Written by token' } });
    expect(write.statusCode).toBe(200);
    expect(write.json().displayName).toBe('Written by token');
  });

  it('refuses the admin scope to non-administrators and unknown scopes to everyone', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'x', scopes: ['admin'] } }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'x', scopes: ['root'] } }), 400);
    expect(await t.db.kysely.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  it('answers a malformed or unknown bearer token with 401', async () => {
    expectProblem(await t.app.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer tlk_nope' } }), 401);
    expectProblem(await t.app.inject({ url: '/api/auth/me', headers: { authorization: 'Basic abc' } }), 401);
  });
});

describe('own account', () => {
  it('changes the password, ending other sessions but not this one', async () => {
    const user = await createUser(t.db);
    const here = await login(t.app, user.email);
    const elsewhere = await login(t.app, user.email);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: here.headers, payload: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
    expectProblem(wrong, 403);
    const asEmail = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: here.headers, payload: { currentPassword: PASSWORD, newPassword: user.email.toUpperCase() } });
    expect(expectProblem(asEmail, 400).errors).toEqual([expect.objectContaining({ path: 'body/newPassword', code: 'same-as-email' })]);
    const ok = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: here.headers, payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    await expect(login(t.app, user.email, 'a brand new password')).resolves.toBeTruthy();
  });

  it('revokes every API token with the password change, audited, so a token made in a stolen session dies too', async () => {
    const user = await createUser(t.db);
    const owner = await login(t.app, user.email);
    const thief = await login(t.app, user.email);
    const make = async (session: typeof owner, name: string, scopes: string[]) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name, scopes } });
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string; token: string };
    };
    const stolen = await make(thief, 'thief', ['read', 'write']);
    const own = await make(owner, 'mine', ['read']);
    const old = await make(owner, 'old', ['read']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${old.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${stolen.token}` } })).statusCode).toBe(200);

    const changed = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: owner.headers, payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' } });
    expect(changed.statusCode).toBe(204);

    for (const token of [stolen, own]) {
      const me = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token.token}` } });
      expect(expectProblem(me, 401).type).toBe('/problems/invalid-token');
    }
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: thief.cookie } })).statusCode).toBe(401);
    const listed = (await t.app.inject({ url: '/api/tokens', headers: { cookie: owner.cookie } })).json().items as { id: string; revokedAt: string | null }[];
    expect(listed.every((token) => token.revokedAt !== null)).toBe(true);

    const trail = await t.db.kysely.selectFrom('audit_log').selectAll().where('actor_id', '=', user.id).orderBy('id').execute();
    expect(trail.find((entry) => entry.action === 'user.password_changed')?.details).toEqual({ sessionsEnded: 1, tokensRevoked: 2 });
    const revocations = trail.filter((entry) => entry.action === 'api_token.revoked');
    expect(revocations).toHaveLength(3);
    expect(revocations[0]).toMatchObject({ entity_id: old.id, details: {} });
    expect(revocations.slice(1).map((entry) => entry.entity_id).sort()).toEqual([stolen.id, own.id].sort());
    for (const entry of revocations.slice(1)) expect(entry.details).toEqual({ reason: 'password_changed' });

    // The session that changed the password goes on, and may make new tokens.
    const fresh = await make(owner, 'after the change', ['read']);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${fresh.token}` } })).statusCode).toBe(200);
  });

  it('exports all personal data as a JSON download without secrets', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'export me', scopes: ['read'] } });
    const response = await t.app.inject({ url: '/api/me/export', headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="talsinki-personal-data-/);
    const data = response.json();
    expect(data.account).toMatchObject({ id: user.id, email: user.email });
    expect(data.apiTokens.map((tk: { name: string }) => tk.name)).toContain('export me');
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.activity.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['user.registered', 'api_token.created']));
    expect(response.body).not.toMatch(/argon2|token_hash|csrf/i);
  });

  it('deletes the account only with the right password, and keeps an anonymous trace in the audit log', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: session.headers, payload: { password: 'not the password' } });
    expectProblem(wrong, 403);
    expect(await t.db.kysely.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst()).toBeTruthy();

    const ok = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: session.headers, payload: { password: PASSWORD } });
    expect(ok.statusCode).toBe(204);
    expect(await t.db.kysely.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst()).toBeUndefined();
    expect(await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    const trail = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', user.id).orderBy('id').execute();
    expect(trail.at(-1)).toMatchObject({ action: 'user.deleted', actor_id: null });
    expect(trail.every((entry) => entry.actor_id === null)).toBe(true);
    const relogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: PASSWORD }, remoteAddress: nextIp() });
    expectProblem(relogin, 401);
  });
});

describe('GET /api/auth/session', () => {
  it('answers 200 with user null for the anonymous, and the user with the CSRF token for a session', async () => {
    const anonymous = await t.app.inject({ url: '/api/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null });
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const signedIn = (await t.app.inject({ url: '/api/auth/session', headers: { cookie: session.cookie } })).json();
    expect(signedIn.user).toMatchObject({ id: user.id, csrfToken: session.csrf });
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('marks the session cookie Secure when the proxy says the request came over HTTPS', async () => {
    const proxied = await startTestApp({ trustProxy: { hops: 1 } });
    try {
      const user = await createUser(proxied.db);
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
        payload: { email: user.email, password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((c) => c.name === 'talsinki_session')?.secure).toBe(true);
      const plain = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: (await createUser(t.db)).email, password: PASSWORD }, remoteAddress: nextIp() });
      expect(plain.cookies.find((c) => c.name === 'talsinki_session')?.secure).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });
});
