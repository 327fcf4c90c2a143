import { randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Language } from '../../../shared/languages.ts';
import type { Role, TokenScope } from '../../../shared/roles.ts';
import type { AdminUser, AdminUserCreateBody, ApiToken, ApiTokenCreateBody, CurrentUser, RegisterBody } from '../../../shared/schemas/accounts.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { mailDate } from '../../lib/dates.ts';
import { safeEqual, sha256 } from '../../lib/secrets.ts';
import { auditEntriesByActor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './accounts.repository.ts';
import { requireInstitution } from '../institutions/institutions.service.ts';
import { enqueue } from '../notifications/notifications.service.ts';


/** The signed-in person as the rest of the server sees them. */
export type { AuthUser };
export { safeEqual, sha256 };

const ARGON2ID = 2; // Algorithm.Argon2id; the enum is const in the typings and cannot be imported.
/** A session is extended at most once an hour, so reading stays read-only on the hot path. */
const SESSION_REFRESH_MS = 60 * 60 * 1000;

export const TOKEN_PREFIX = 'tlk_';


function randomToken(): string {
  return randomBytes(32).toString('base64url');
}


export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// Verifying against a real hash for unknown e-mails keeps response times from revealing accounts.
let dummyHash: Promise<string> | undefined;
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('talsinki-no-such-account');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

export function toCurrentUser(user: AuthUser, csrfToken?: string): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    institutionId: user.institutionId,
    createdAt: user.createdAt.toISOString(),
    ...(csrfToken ? { csrfToken } : {}),
  };
}

/** Picks the AuthUser fields out of a joined session or token row. */
function authUser(row: AuthUser): AuthUser {
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, locale: row.locale, institutionId: row.institutionId, createdAt: row.createdAt };
}

function fromRow(row: repo.UserRow): AuthUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, locale: row.locale, institutionId: row.institution_id, createdAt: row.created_at };
}

// ---- registration and log-in ----

export async function registerUser(db: QueryBuilder, body: RegisterBody, role: Role = 'member', isDemo = false): Promise<AuthUser> {
  const email = body.email.trim();
  assertNotEmail(body.password, email);
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    if (await repo.findUserByEmail(trx, email)) {
      throw problems.conflict('email-taken', 'An account with this e-mail address already exists.');
    }
    const row = await repo.insertUser(trx, { email, displayName: body.displayName.trim(), passwordHash, role, locale: body.locale ?? null, isDemo });
    await recordAudit(trx, { actorId: row.id, action: 'user.registered', entityType: 'user', entityId: row.id, details: { role } });
    return fromRow(row);
  });
}

// ---- log-in throttling ----
//
// Guessing is slowed per (e-mail, address) and capped per address, never per account alone:
// one address's failures must not keep the owner, from anywhere else, out of their account.

/** Failures from one address on one e-mail that are checked without delay. */
export const FREE_FAILURES_PER_PAIR = 5;
/** After the fifth failure the address waits a minute, then twice as long after each further one... */
const FIRST_DELAY_SECONDS = 60;
/** ...up to an hour. */
const MAX_DELAY_SECONDS = 60 * 60;
/** A pair's failures are forgotten a day after they happened (and when the password is right). */
const PAIR_MEMORY_SECONDS = 24 * 60 * 60;
/** Password spraying: at most 30 failures from one address, on any accounts, in 15 minutes. */
export const MAX_FAILURES_PER_ADDRESS = 30;
const ADDRESS_WINDOW_SECONDS = 15 * 60;

/** How long an address waits after its `failures`-th failure on one e-mail before the next is checked. */
export function pairDelaySeconds(failures: number): number {
  if (failures < FREE_FAILURES_PER_PAIR) return 0;
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES_PER_PAIR));
}

/**
 * The key an address is counted under: an IPv4 address as it is (also when written as an
 * IPv4-mapped IPv6 address), an IPv6 address by its /64 network, which one subscriber holds
 * whole (counting single IPv6 addresses would give each guesser 2^64 fresh ones).
 */
export function addressKey(ip: string): string {
  const mapped = ip.toLowerCase().startsWith('::ffff:') ? ip.slice(7) : '';
  if (isIPv4(mapped)) return mapped;
  if (!isIPv6(ip)) return ip;
  const [head, tail] = ip.split('%')[0].toLowerCase().split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An embedded IPv4 address fills the last two groups; only the first four matter here.
  const width = (list: string[]) => list.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const left = groups(head);
  const right = groups(tail);
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => (group.includes('.') ? '0' : Number.parseInt(group, 16).toString(16)))
    .join(':')}::/64`;
}

/** "1 hour 2 minutes 5 seconds": exactly the seconds that Retry-After states. */
export function spellDuration(seconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(seconds / 3600), 'hour'],
    [Math.floor((seconds % 3600) / 60), 'minute'],
    [seconds % 60, 'second'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`)
    .join(' ');
}

/**
 * A 429 that says how long is really left, in the detail, in `Retry-After` and as
 * `retryAfter` (seconds) in the body, for the web app to say it in the user's language.
 */
export function tooManyAttempts(reason: string, seconds: number): HttpProblem {
  const wait = Math.max(1, Math.ceil(seconds));
  return new HttpProblem(429, 'too-many-requests', 'Too many requests', `${reason} Try again in ${spellDuration(wait)}.`, {
    headers: { 'retry-after': String(wait) },
    params: { minutes: Math.ceil(wait / 60) },
    retryAfter: wait,
  });
}

/**
 * Decides and records an attempt in one step: under a lock on the address, counts its failures
 * and, unless it must wait, records this attempt as a failure before the password is checked.
 * Concurrent guesses therefore see each other: the sixth of twelve at once is already refused.
 */
async function admitLoginAttempt(db: QueryBuilder, email: string, address: string): Promise<void> {
  const wait = await db.transaction().execute(async (trx) => {
    await repo.lockLoginAddress(trx, address);
    const stats = await repo.loginFailureStats(trx, email, address, {
      pairSeconds: PAIR_MEMORY_SECONDS,
      addressSeconds: ADDRESS_WINDOW_SECONDS,
      maxByAddress: MAX_FAILURES_PER_ADDRESS,
    });
    const pairWait = stats.sincePairFailure === null ? 0 : pairDelaySeconds(stats.byPair) - stats.sincePairFailure;
    const addressWait = stats.addressWait ?? 0;
    if (pairWait > 0 || addressWait > 0) return { pairWait, addressWait };
    await repo.insertLoginFailure(trx, email, address);
    return null;
  });
  if (!wait) return;
  // Both limits may hold; the time left is the longer of the two.
  const seconds = Math.max(wait.pairWait, wait.addressWait);
  throw tooManyAttempts(
    wait.addressWait >= wait.pairWait ? 'Too many failed log-ins from your address.' : 'Too many failed log-ins to this account from your address.',
    seconds,
  );
}

/** Checks a password log-in, slowing down guessing per (e-mail, address) and per address. */
export async function authenticate(db: QueryBuilder, emailInput: string, password: string, ip: string): Promise<AuthUser> {
  const email = emailInput.trim().toLowerCase();
  const address = addressKey(ip);
  await admitLoginAttempt(db, email, address);
  const row = await repo.findUserByEmail(db, email);
  const ok = await verifyPassword(row?.password_hash, password);
  // A failure stays recorded: the attempt was written down as one before the check.
  if (!row || !ok || row.disabled_at) throw new HttpProblem(401, 'invalid-credentials', 'Log-in failed', 'The e-mail address or password is wrong.');
  await repo.clearLoginFailures(db, email, address);
  if (Math.random() < 0.01) await repo.deleteOldLoginFailures(db, new Date(Date.now() - PAIR_MEMORY_SECONDS * 1000));
  return fromRow(row);
}

// ---- sessions ----

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: QueryBuilder, userId: string, userAgent: string | undefined, days: number): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  await repo.insertSession(db, { id: sha256(token), userId, csrfToken, userAgent: userAgent?.slice(0, 300) ?? null, expiresAt });
  if (Math.random() < 0.01) await repo.deleteExpiredSessions(db);
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  user: AuthUser;
  sessionId: string;
  csrfToken: string;
}

export async function resolveSession(db: QueryBuilder, token: string, days: number): Promise<ResolvedSession | null> {
  const sessionId = sha256(token);
  const row = await repo.findLiveSession(db, sessionId);
  if (!row) return null;
  const now = Date.now();
  if (now - new Date(row.lastSeenAt).getTime() > SESSION_REFRESH_MS) {
    await repo.touchSession(db, sessionId, new Date(now + days * 24 * 60 * 60 * 1000), new Date(now - SESSION_REFRESH_MS));
  }
  return { user: authUser(row), sessionId, csrfToken: row.csrfToken };
}

export function endSession(db: QueryBuilder, sessionId: string) {
  return repo.deleteSession(db, sessionId);
}

// ---- API tokens ----

function toApiToken(row: repo.ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: row.scopes as TokenScope[],
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/**
 * Tokens are made from a browser session. The session is checked again inside the transaction,
 * after a share lock on the user's row: a token cannot slip in beside a password change or a
 * disabling that is ending that session and revoking every token.
 */
export async function createApiToken(db: QueryBuilder, user: AuthUser, sessionId: string, body: ApiTokenCreateBody) {
  return db.transaction().execute((trx) => issueApiToken(trx, user, sessionId, body));
}

/**
 * `createApiToken` in the caller's transaction, for a feature that binds the new token to an item
 * of its own in the same transaction (a pilot's SensorThings write token).
 */
export async function issueApiToken(trx: QueryBuilder, user: AuthUser, sessionId: string, body: ApiTokenCreateBody) {
  if (body.scopes.includes('admin') && user.role !== 'admin') {
    throw problems.changeNotPermitted('Only administrators can create tokens with the admin scope.');
  }
  const token = TOKEN_PREFIX + randomToken();
  const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 24 * 60 * 60 * 1000) : null;
  if (!(await repo.sessionStillLive(trx, user.id, sessionId))) {
    throw new HttpProblem(401, 'session-expired', 'Session expired', 'Your session has ended. Log in again.');
  }
  const row = await repo.insertApiToken(trx, {
    userId: user.id,
    name: body.name.trim(),
    hash: sha256(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    scopes: body.scopes,
    expiresAt,
  });
  await recordAudit(trx, { actorId: user.id, action: 'api_token.created', entityType: 'api_token', entityId: row.id, details: { scopes: body.scopes } });
  return { ...toApiToken(row), token };
}

export interface ResolvedToken {
  user: AuthUser;
  /** Which token it was (Open311 keeps a per-key intake count). */
  tokenId: string;
  scopes: TokenScope[];
}

export async function resolveApiToken(db: QueryBuilder, token: string): Promise<ResolvedToken | null> {
  const row = await repo.findLiveApiToken(db, sha256(token));
  if (!row) return null;
  // Recording use at most once a minute keeps token reads from turning into writes.
  if (!row.lastUsedAt || Date.now() - new Date(row.lastUsedAt).getTime() > 60_000) await repo.markApiTokenUsed(db, row.tokenId);
  return { user: authUser(row), tokenId: row.tokenId, scopes: row.scopes as TokenScope[] };
}

export async function listApiTokens(db: QueryBuilder, userId: string): Promise<ApiToken[]> {
  return (await repo.listApiTokens(db, userId)).map(toApiToken);
}

export async function revokeApiToken(db: QueryBuilder, userId: string, tokenId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.revokeApiToken(trx, userId, tokenId);
    if (!row) throw problems.notFound('active API token of yours');
    await recordAudit(trx, { actorId: userId, action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId });
  });
}

// ---- own account ----

export async function updateProfile(db: QueryBuilder, user: AuthUser, changes: { displayName?: string; locale?: Language | null }): Promise<AuthUser> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.updateUser(trx, user.id, {
      ...(changes.displayName !== undefined ? { display_name: changes.displayName.trim() } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
    });
    if (!row) throw problems.notFound('account');
    await recordAudit(trx, { actorId: user.id, action: 'user.profile_updated', entityType: 'user', entityId: user.id, details: changes });
    return fromRow(row);
  });
}

/** `field` is the body's member that carried the password, which the error names. */
async function requirePassword(db: QueryBuilder, userId: string, password: string, field: 'password' | 'currentPassword' = 'password') {
  const row = await repo.findUserById(db, userId);
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    throw new HttpProblem(403, 'wrong-password', 'Wrong password', 'The password you gave is not your current password.', {
      errors: [{ path: `body/${field}`, code: 'not-current-password', message: 'is not your current password' }],
    });
  }
  return row;
}

/** Revokes every live API token of a user, each recorded in the audit trail as a revocation. */
async function revokeAllApiTokens(trx: QueryBuilder, actorId: string, userId: string, reason: string): Promise<number> {
  const revoked = await repo.revokeApiTokensOfUser(trx, userId);
  for (const tokenId of revoked) {
    await recordAudit(trx, { actorId, action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId, details: { reason } });
  }
  return revoked.length;
}

/** A password must not be the account's e-mail address (in any case); `field` is the body's member that carried it. */
function assertNotEmail(password: string, email: string, field: 'password' | 'newPassword' = 'password') {
  if (password.toLowerCase() === email.toLowerCase()) {
    throw problems.badRequest('The password must not be your e-mail address.', [{ path: `body/${field}`, code: 'same-as-email', message: 'must differ from the e-mail address' }]);
  }
}

/**
 * Sets a password by any route (a change, an invitation, a reset link), in the caller's
 * transaction: ends the account's sessions (but `keepSessionId`, the one that changed it),
 * revokes its API tokens and expires its other outstanding invitation and reset links, so that
 * nothing made or mailed under the old password outlives it. Returns what it ended, for the audit.
 */
async function setNewPassword(trx: QueryBuilder, userId: string, passwordHash: string, options: { keepSessionId?: string; reason: string }) {
  const row = await repo.updateUser(trx, userId, { password_hash: passwordHash });
  if (!row) throw problems.notFound('account');
  const sessionsEnded = await repo.deleteSessionsOfUser(trx, userId, options.keepSessionId);
  const tokensRevoked = await revokeAllApiTokens(trx, userId, userId, options.reason);
  await repo.expireLinksOfUser(trx, userId);
  return { user: fromRow(row), sessionsEnded, tokensRevoked };
}

/**
 * Changes the password, ends every other session and revokes every API token, in one
 * transaction: neither a stolen session nor a token made in one outlives the old password.
 */
export async function changePassword(db: QueryBuilder, userId: string, sessionId: string, current: string, next: string) {
  const row = await requirePassword(db, userId, current, 'currentPassword');
  assertNotEmail(next, row.email, 'newPassword');
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    const { sessionsEnded, tokensRevoked } = await setNewPassword(trx, userId, passwordHash, { keepSessionId: sessionId, reason: 'password_changed' });
    await recordAudit(trx, { actorId: userId, action: 'user.password_changed', entityType: 'user', entityId: userId, details: { sessionsEnded, tokensRevoked } });
  });
}

async function assertNotLastAdmin(db: QueryBuilder, user: repo.UserRow) {
  if (user.role === 'admin' && !user.disabled_at && (await repo.countActiveAdmins(db)) <= 1) {
    throw problems.conflict('last-admin', 'This is the only active administrator; appoint another one first.');
  }
}

export async function deleteAccount(db: QueryBuilder, userId: string, password: string) {
  await requirePassword(db, userId, password);
  await db.transaction().execute(async (trx) => {
    const row = await repo.findUserById(trx, userId);
    if (!row) throw problems.notFound('account');
    await assertNotLastAdmin(trx, row);
    await repo.deleteUser(trx, userId);
    // The trail keeps that an account was deleted, not whose: the e-mail goes with the account.
    await recordAudit(trx, { actorId: null, action: 'user.deleted', entityType: 'user', entityId: userId });
  });
}

/**
 * Features that keep personal data add a section to the export here,
 * so the download stays complete as the platform grows (GDPR art. 15 and 20).
 */
export type PersonalDataSection = (db: QueryBuilder, userId: string) => Promise<unknown>;
const personalDataSections = new Map<string, PersonalDataSection>();
export function registerPersonalDataSection(name: string, section: PersonalDataSection) {
  personalDataSections.set(name, section);
}

export async function exportPersonalData(db: QueryBuilder, userId: string) {
  const row = await repo.findUserById(db, userId);
  if (!row) throw problems.notFound('account');
  const sections: Record<string, unknown> = {};
  for (const [name, section] of personalDataSections) sections[name] = await section(db, userId);
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      locale: row.locale,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    },
    sessions: await repo.listSessionsOfUser(db, userId),
    apiTokens: await listApiTokens(db, userId),
    activity: await auditEntriesByActor(db, userId),
    ...sections,
  };
}

// ---- administration ----

export function toAdminUser(row: repo.UserRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    institutionId: row.institution_id,
    disabled: row.disabled_at !== null,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listUsers(db: QueryBuilder, filter: { q?: string; role?: Role; limit: number; offset: number }) {
  const { items, total } = await repo.listUsers(db, filter);
  return { items: items.map(toAdminUser), total, limit: filter.limit, offset: filter.offset };
}

export async function adminUpdateUser(db: QueryBuilder, actor: AuthUser, userId: string, changes: { role?: Role; disabled?: boolean; institutionId?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findUserById(trx, userId);
    if (!row) throw problems.notFound('user');
    if (changes.institutionId) await requireInstitution(trx, changes.institutionId, 'body/institutionId');
    const losesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
    if (losesAdmin) await assertNotLastAdmin(trx, row);
    const updated = await repo.updateUser(trx, userId, {
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? (row.disabled_at ?? new Date()) : null } : {}),
      ...(changes.institutionId !== undefined ? { institution_id: changes.institutionId } : {}),
    });
    // A disabled account or a changed role must not live on in old sessions; a disabled
    // account's tokens are revoked, so that enabling it again does not bring them back.
    if (changes.disabled || (changes.role && changes.role !== row.role)) await repo.deleteSessionsOfUser(trx, userId);
    const tokensRevoked = changes.disabled ? await revokeAllApiTokens(trx, actor.id, userId, 'account_disabled') : 0;
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'user.updated_by_admin',
      entityType: 'user',
      entityId: userId,
      details: {
        before: { role: row.role, disabled: row.disabled_at !== null, institutionId: row.institution_id },
        after: changes,
        ...(changes.disabled ? { tokensRevoked } : {}),
      },
    });
    return toAdminUser(updated!);
  });
}

// ---- accounts made by administrators, and their invitations ----

/** How long an invitation's link works. */
export const INVITATION_DAYS = 7;

function requireInstitutionForServiceOwner(role: Role, institutionId: string | null | undefined) {
  if (role === 'service_owner' && !institutionId) {
    throw problems.badRequest('A service owner speaks for one institution: choose it.', [{ path: 'body/institutionId', code: 'required', message: 'is required for a service owner' }]);
  }
}

/** The message and page of each kind of one-time link. */
const LINK_MAIL = {
  invitation: { message: 'account', page: 'invitation' },
  reset: { message: 'password-reset', page: 'password-reset' },
} as const;

/**
 * Writes a one-time link of `user` (replacing their unused ones of the kind) and puts its e-mail,
 * in the account's language, in the outbox, in the transaction of the caller. The link carries
 * the token in its fragment, which browsers send to no server; only the token's digest is stored.
 * Returns the language written in.
 */
async function issueLink(trx: QueryBuilder, kind: repo.LinkKind, user: repo.UserRow, link: { expiresAt: Date; publicUrl: string; invitedBy?: string }) {
  const token = randomToken();
  const { expiresAt } = link;
  await repo.insertLink(trx, kind, { userId: user.id, tokenHash: sha256(token), expiresAt, invitedBy: link.invitedBy });
  const language = user.locale ?? 'en';
  await enqueue(trx, LINK_MAIL[kind].message, [{ email: user.email, language }], (lang) => ({
    ref: user.email,
    title: user.display_name,
    url: `${link.publicUrl}/${LINK_MAIL[kind].page}#${token}`,
    when: mailDate(lang, expiresAt),
  }));
  return language;
}

/** Invites `user` to set their password (replacing any unused invitation), in the caller's transaction. */
async function invite(trx: QueryBuilder, actor: AuthUser, user: repo.UserRow, publicUrl: string) {
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  const language = await issueLink(trx, 'invitation', user, { expiresAt, publicUrl, invitedBy: actor.id });
  await recordAudit(trx, { actorId: actor.id, action: 'user.invited', entityType: 'user', entityId: user.id, details: { expiresAt: expiresAt.toISOString(), language } });
  return { userId: user.id, email: user.email, expiresAt: expiresAt.toISOString() };
}

/**
 * An administrator creates an account (a service owner with their institution) and invites its
 * owner: the account has no password anyone knows until the link sets one.
 */
export async function adminCreateUser(db: QueryBuilder, actor: AuthUser, body: AdminUserCreateBody, publicUrl: string): Promise<AdminUser> {
  const email = body.email.trim();
  requireInstitutionForServiceOwner(body.role, body.institutionId);
  // A password no one knows: the account cannot be logged into before the invitation is accepted.
  const passwordHash = await hashPassword(randomToken());
  return db.transaction().execute(async (trx) => {
    if (body.institutionId) await requireInstitution(trx, body.institutionId, 'body/institutionId');
    if (await repo.findUserByEmail(trx, email)) throw problems.conflict('email-taken', 'An account with this e-mail address already exists.');
    const row = await repo.insertUser(trx, {
      email,
      displayName: body.displayName.trim(),
      passwordHash,
      role: body.role,
      locale: body.locale,
      institutionId: body.institutionId ?? null,
    });
    await recordAudit(trx, { actorId: actor.id, action: 'user.created_by_admin', entityType: 'user', entityId: row.id, details: { role: body.role, institutionId: row.institution_id } });
    await invite(trx, actor, row, publicUrl);
    return toAdminUser(row);
  });
}

/** Sends a fresh invitation to an account (its earlier links stop working). */
export async function adminInviteUser(db: QueryBuilder, actor: AuthUser, userId: string, publicUrl: string) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findUserById(trx, userId);
    if (!row) throw problems.notFound('user');
    if (row.disabled_at) throw problems.conflict('account-disabled', 'This account is disabled; enable it before inviting its owner.');
    return invite(trx, actor, row, publicUrl);
  });
}

/** What a one-time link that cannot be used answers, by why. */
type LinkProblems = Record<'unknown' | 'used' | 'replaced' | 'expired' | 'disabled', () => HttpProblem>;

interface LinkState {
  used_at: Date | null;
  replaced_at: Date | null;
  expired: boolean;
  disabled_at: Date | null;
}

/** The link, if it can be used; else throws its problem from `codes` (404 for no such link, 410 for the rest). */
function liveLink<T extends LinkState>(link: T | undefined, codes: LinkProblems): T {
  if (!link) throw codes.unknown();
  if (link.used_at) throw codes.used();
  if (link.replaced_at) throw codes.replaced();
  if (link.expired) throw codes.expired();
  if (link.disabled_at) throw codes.disabled();
  return link;
}

const INVITATION_GONE: LinkProblems = {
  unknown: () => problems.notFound('invitation'),
  used: () => new HttpProblem(410, 'invitation-used', 'Invitation used', 'This invitation has been used already. Log in with the password you chose, or ask an administrator for a new invitation.'),
  replaced: () => new HttpProblem(410, 'invitation-expired', 'Invitation expired', 'A newer invitation replaced this one; use the link of the latest message.'),
  expired: () => new HttpProblem(410, 'invitation-expired', 'Invitation expired', 'This invitation has expired. Ask an administrator for a new one.'),
  disabled: () => new HttpProblem(410, 'invitation-expired', 'Invitation expired', 'This account has been disabled.'),
};

const resetExpired = () => new HttpProblem(410, 'reset-link-expired', 'Link expired', 'This password reset link has expired. Ask for a new one.');
const RESET_LINK_GONE: LinkProblems = {
  unknown: () => new HttpProblem(404, 'reset-link-unknown', 'Unknown link', 'This password reset link is not valid. Copy the whole link from the message, or ask for a new one.'),
  used: () => new HttpProblem(410, 'reset-link-used', 'Link used', 'This password reset link has been used already. Log in with your new password, or ask for a new link.'),
  replaced: () => new HttpProblem(410, 'reset-link-replaced', 'Link replaced', 'A newer password reset link replaced this one; use the link in the latest message.'),
  expired: resetExpired,
  disabled: resetExpired,
};

/** Who an invitation is for, while it can be accepted; 404 for no such link, 410 when used or expired. */
export async function lookUpInvitation(db: QueryBuilder, token: string) {
  const invitation = liveLink(await repo.findLink(db, 'invitation', sha256(token)), INVITATION_GONE);
  return { email: invitation.email, displayName: invitation.display_name, expiresAt: invitation.expires_at.toISOString() };
}

/**
 * Accepts an invitation: sets the password (as any new password: see `setNewPassword`) and uses
 * the link up, in one transaction under a lock on the invitation, so two tabs cannot both use it.
 * The caller starts a session for the user.
 */
export async function acceptInvitation(db: QueryBuilder, token: string, password: string): Promise<AuthUser> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const invitation = liveLink(await repo.findLink(trx, 'invitation', sha256(token), true), INVITATION_GONE);
    assertNotEmail(password, invitation.email);
    await repo.markLinkUsed(trx, 'invitation', invitation.id);
    const { user, sessionsEnded, tokensRevoked } = await setNewPassword(trx, invitation.user_id, passwordHash, { reason: 'invitation_accepted' });
    await recordAudit(trx, { actorId: invitation.user_id, action: 'user.invitation_accepted', entityType: 'user', entityId: invitation.user_id, details: { sessionsEnded, tokensRevoked } });
    return user;
  });
}

// ---- forgotten passwords ----

/** How long a reset link works. */
export const PASSWORD_RESET_MINUTES = 60;
/** At most this many links a day are mailed to one account; further requests are answered alike and send nothing. */
export const PASSWORD_RESETS_PER_DAY = 5;

/**
 * Mails a one-time link that sets a new password, if `emailInput` is an enabled account's and it
 * has not had its day's links; otherwise does nothing. The caller answers alike either way, so
 * the answer tells no one whether an account exists. A new link replaces the account's earlier
 * ones; only its digest is stored, and the link carries the token in its fragment.
 */
export async function requestPasswordReset(db: QueryBuilder, emailInput: string, publicUrl: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The account's row is locked: two requests at once cannot both slip under the day's count.
    const user = await repo.findUserByEmail(trx, emailInput.trim(), true);
    if (!user || user.disabled_at) return;
    if ((await repo.countPasswordResetsSince(trx, user.id, new Date(Date.now() - 24 * 60 * 60 * 1000))) >= PASSWORD_RESETS_PER_DAY) return;
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_MINUTES * 60 * 1000);
    const language = await issueLink(trx, 'reset', user, { expiresAt, publicUrl });
    // No actor: whoever asked is not known to be the account's owner.
    await recordAudit(trx, { actorId: null, action: 'user.password_reset_requested', entityType: 'user', entityId: user.id, details: { expiresAt: expiresAt.toISOString(), language } });
  });
}

/**
 * Sets a new password through a reset link and uses the link up, under a lock on it, so two tabs
 * cannot both use it. As with any new password, every session of the account ends, its API
 * tokens are revoked and its other links expire: whoever may have known the old password keeps nothing. The caller starts a session for the user.
 */
export async function completePasswordReset(db: QueryBuilder, token: string, password: string): Promise<AuthUser> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const reset = liveLink(await repo.findLink(trx, 'reset', sha256(token), true), RESET_LINK_GONE);
    assertNotEmail(password, reset.email);
    await repo.markLinkUsed(trx, 'reset', reset.id);
    const { user, sessionsEnded, tokensRevoked } = await setNewPassword(trx, reset.user_id, passwordHash, { reason: 'password_reset' });
    await recordAudit(trx, { actorId: reset.user_id, action: 'user.password_reset', entityType: 'user', entityId: reset.user_id, details: { sessionsEnded, tokensRevoked } });
    return user;
  });
}
