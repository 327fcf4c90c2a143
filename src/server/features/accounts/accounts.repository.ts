import { containingPattern } from '../../lib/text.ts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Role } from '../../../shared/roles.ts';
import type { Language } from '../../../shared/languages.ts';
import type { UsersTable, ApiTokensTable } from './accounts.tables.ts';

export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

/** A user by e-mail address, in any case; the row locked when `lock`. */
export function findUserByEmail(db: QueryBuilder, email: string, lock = false) {
  const query = db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.toLowerCase());
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export function findUserById(db: QueryBuilder, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(
  db: QueryBuilder,
  user: { email: string; displayName: string; passwordHash: string; role?: Role; locale?: Language | null; isDemo?: boolean; institutionId?: string | null },
) {
  return db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role ?? 'member',
      locale: user.locale ?? null,
      is_demo: user.isDemo ?? false,
      institution_id: user.institutionId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateUser(
  db: QueryBuilder,
  id: string,
  changes: Partial<{ display_name: string; locale: Language | null; role: Role; password_hash: string; disabled_at: Date | null; institution_id: string | null }>,
) {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteUser(db: QueryBuilder, id: string) {
  return db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
}

export async function countActiveAdmins(db: QueryBuilder): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsers(db: QueryBuilder, filter: { q?: string; role?: Role; limit: number; offset: number }) {
  let query = db.selectFrom('users');
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.q) {
    const pattern = containingPattern(filter.q);
    query = query.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  const [items, total] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * The enabled accounts to tell of something: those with one of `roles`, and the service owners of
 * `serviceOwnersOf` (institution ids); with `demoOnly`, only the demo's own accounts (what the demo
 * content does is never mailed to a real address). Each once, with the language they chose.
 */
export async function accountsToTell(db: QueryBuilder, filter: { roles: readonly Role[]; serviceOwnersOf: readonly string[]; demoOnly: boolean }) {
  if (!filter.roles.length && !filter.serviceOwnersOf.length) return [];
  let query = db
    .selectFrom('users')
    .select(['email', 'locale'])
    .where('disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(filter.roles.length ? [eb('role', 'in', [...filter.roles])] : []),
        ...(filter.serviceOwnersOf.length ? [eb.and([eb('role', '=', 'service_owner'), eb('institution_id', 'in', [...filter.serviceOwnersOf])])] : []),
      ]),
    );
  if (filter.demoOnly) query = query.where('is_demo', '=', true);
  return query.orderBy('email').execute();
}

/** The signed-in person's columns, read with every session or token lookup. */
const AUTH_USER_COLUMNS = ['u.id', 'u.email', 'u.display_name as displayName', 'u.role', 'u.locale', 'u.institution_id as institutionId', 'u.created_at as createdAt'] as const;

// ---- sessions ----

/** The session and its user in one round trip: this runs on every authenticated request. */
export function findLiveSession(db: QueryBuilder, sessionId: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.csrf_token as csrfToken', 's.last_seen_at as lastSeenAt', ...AUTH_USER_COLUMNS])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function insertSession(db: QueryBuilder, session: { id: string; userId: string; csrfToken: string; userAgent: string | null; expiresAt: Date }) {
  return db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      user_agent: session.userAgent,
      expires_at: session.expiresAt,
    })
    .execute();
}

/**
 * Extends a session last extended before `seenBefore`. The condition is checked again on the row,
 * so of several requests that all read it stale, one writes and the others find nothing to do.
 */
export function touchSession(db: QueryBuilder, sessionId: string, expiresAt: Date, seenBefore: Date) {
  return db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: expiresAt })
    .where('id', '=', sessionId)
    .where('last_seen_at', '<', seenBefore)
    .execute();
}

export function deleteSession(db: QueryBuilder, sessionId: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends a user's sessions (all but one, if given); returns how many ended. */
export async function deleteSessionsOfUser(db: QueryBuilder, userId: string, exceptSessionId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function deleteExpiredSessions(db: QueryBuilder) {
  return db.deleteFrom('sessions').where('expires_at', '<=', sql<Date>`now()`).execute();
}

export function listSessionsOfUser(db: QueryBuilder, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['created_at as createdAt', 'last_seen_at as lastSeenAt', 'expires_at as expiresAt', 'user_agent as userAgent'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

// ---- API tokens ----

export function insertApiToken(
  db: QueryBuilder,
  token: { userId: string; name: string; hash: string; prefix: string; scopes: string[]; expiresAt: Date | null },
) {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.hash,
      token_prefix: token.prefix,
      scopes: token.scopes,
      expires_at: token.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findLiveApiToken(db: QueryBuilder, hash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.scopes', 't.last_used_at as lastUsedAt', ...AUTH_USER_COLUMNS])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function markApiTokenUsed(db: QueryBuilder, tokenId: string) {
  return db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', tokenId).execute();
}

export function listApiTokens(db: QueryBuilder, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

/** Revokes every live token of a user; returns the ids revoked. */
export async function revokeApiTokensOfUser(db: QueryBuilder, userId: string): Promise<string[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` as unknown as Date })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Whether a session is still live, read after a share lock on its user's row: a password change
 * or a disabling (which update that row) either finishes first, and then the session is seen
 * gone, or waits until this transaction ends, and then sees what it wrote.
 */
export async function sessionStillLive(db: QueryBuilder, userId: string, sessionId: string): Promise<boolean> {
  await db.selectFrom('users').select('id').where('id', '=', userId).forShare().execute();
  return (await findLiveSession(db, sessionId)) !== undefined;
}

export function revokeApiToken(db: QueryBuilder, userId: string, tokenId: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// ---- login throttling ----

/**
 * Serialises log-in attempts from one address until the transaction ends, so that counting the
 * failures and recording the next attempt happen as one step (on PGlite and PostgreSQL alike).
 */
export async function lockLoginAddress(db: QueryBuilder, address: string) {
  await sql`select pg_advisory_xact_lock(hashtext('talsinki.login'), hashtext(${address}))`.execute(db);
}

export interface LoginFailureStats {
  /** Failures from this address on this e-mail in the last `pairSeconds`. */
  byPair: number;
  /** Seconds since the pair's latest failure (null when there is none). */
  sincePairFailure: number | null;
  /** Seconds until the address has fewer than `maxByAddress` failures in its window (null: it has fewer now). */
  addressWait: number | null;
}

/** What the throttle decides on, measured by the database's clock. */
export async function loginFailureStats(
  db: QueryBuilder,
  email: string,
  address: string,
  limits: { pairSeconds: number; addressSeconds: number; maxByAddress: number },
): Promise<LoginFailureStats> {
  const pairSince = sql`statement_timestamp() - make_interval(secs => ${limits.pairSeconds})`;
  const addressSince = sql`statement_timestamp() - make_interval(secs => ${limits.addressSeconds})`;
  const result = await sql<LoginFailureStats>`
    select
      (select count(*)::int from login_failures where email = ${email} and ip = ${address} and failed_at > ${pairSince}) as "byPair",
      (select extract(epoch from statement_timestamp() - max(failed_at))::float8
         from login_failures where email = ${email} and ip = ${address} and failed_at > ${pairSince}) as "sincePairFailure",
      (select extract(epoch from failed_at + make_interval(secs => ${limits.addressSeconds}) - statement_timestamp())::float8
         from login_failures where ip = ${address} and failed_at > ${addressSince}
         order by failed_at desc offset ${limits.maxByAddress - 1} limit 1) as "addressWait"
  `.execute(db);
  return result.rows[0];
}

/** Records an attempt before its password is checked; a successful log-in deletes it again. */
export function insertLoginFailure(db: QueryBuilder, email: string, address: string) {
  return db
    .insertInto('login_failures')
    .values({ email, ip: address, failed_at: sql<Date>`statement_timestamp()` as unknown as Date })
    .execute();
}

/** A successful log-in forgets the failures from its address on its e-mail. */
export function clearLoginFailures(db: QueryBuilder, email: string, address: string) {
  return db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', address).execute();
}

export function deleteOldLoginFailures(db: QueryBuilder, before: Date) {
  return db.deleteFrom('login_failures').where('failed_at', '<', before).execute();
}

// ---- one-time links: invitations and password resets ----
//
// Two tables of the same shape (an invitation also keeps who invited); one set of functions
// serves both, told which kind.

const LINK_TABLES = { invitation: 'user_invitations', reset: 'password_resets' } as const;
/** Which one-time link: an administrator's invitation or a forgotten password's reset. */
export type LinkKind = keyof typeof LINK_TABLES;
/** The columns used here are the same in both tables; typed as the reset table's, which has no others. */
const linkTable = (kind: LinkKind) => LINK_TABLES[kind] as 'password_resets';

/** A new link of a user; the user's older unused links of the kind are replaced by it. */
export async function insertLink(db: QueryBuilder, kind: LinkKind, link: { userId: string; tokenHash: string; expiresAt: Date; invitedBy?: string }) {
  await db
    .updateTable(linkTable(kind))
    .set({ replaced_at: sql<Date>`now()` as unknown as Date })
    .where('user_id', '=', link.userId)
    .where('used_at', 'is', null)
    .where('replaced_at', 'is', null)
    .execute();
  const values = { user_id: link.userId, token_hash: link.tokenHash, expires_at: link.expiresAt };
  if (kind === 'invitation') await db.insertInto('user_invitations').values({ ...values, invited_by: link.invitedBy ?? null }).execute();
  else await db.insertInto(linkTable(kind)).values(values).execute();
}

/** A link by its digest, with its user and whether it has expired by the database's clock; locked when `lock`. */
export function findLink(db: QueryBuilder, kind: LinkKind, tokenHash: string, lock = false) {
  let query = db
    .selectFrom(`${linkTable(kind)} as l`)
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.user_id', 'l.expires_at', 'l.used_at', 'l.replaced_at', 'u.email', 'u.display_name', 'u.disabled_at'])
    .select(sql<boolean>`l.expires_at <= now()`.as('expired'))
    .where('l.token_hash', '=', tokenHash);
  if (lock) query = query.forUpdate('l');
  return query.executeTakeFirst();
}

export function markLinkUsed(db: QueryBuilder, kind: LinkKind, id: string) {
  return db.updateTable(linkTable(kind)).set({ used_at: sql<Date>`now()` as unknown as Date }).where('id', '=', id).execute();
}

/** Expires now every link of a user, of both kinds, that is still outstanding (unused, not replaced, not expired). */
export async function expireLinksOfUser(db: QueryBuilder, userId: string) {
  for (const kind of Object.keys(LINK_TABLES) as LinkKind[]) {
    await db
      .updateTable(linkTable(kind))
      .set({ expires_at: sql<Date>`now()` as unknown as Date })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('replaced_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .execute();
  }
}

// ---- password resets ----

/** How many reset links a user was sent since `since` (replaced and used ones too). */
export async function countPasswordResetsSince(db: QueryBuilder, userId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
