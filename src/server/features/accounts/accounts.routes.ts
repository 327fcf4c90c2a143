import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ApiToken,
  ApiTokenCreateBody,
  ApiTokenCreated,
  CurrentUser,
  DeleteAccountBody,
  InvitationInfo,
  InvitationTokenBody,
  LinkPasswordBody,
  LoginBody,
  PasswordChangeBody,
  PasswordResetAccepted,
  PasswordResetRequestBody,
  ProfilePatchBody,
  RegisterBody,
} from '../../../shared/schemas/accounts.ts';
import { Page } from '../../../shared/schemas/lists.ts';
import { SESSION_COOKIE, sessionCookieOptions, sessionOf, signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as accounts from './accounts.service.ts';

const tags = ['accounts'];
const NoContent = Type.Null({ description: 'No content' });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * Log-in and registration are the guessable doors: a tighter limit than the global one, counted
 * in this instance's memory per address, whose answer states the time really left.
 */
const doorLimit = (max: number, what: string) => ({
  rateLimit: {
    max,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request: FastifyRequest, context: { max: number; ttl: number }) =>
      accounts.tooManyAttempts(`At most ${context.max} ${what} a minute from one address.`, context.ttl / 1000),
  },
  csrf: false,
  access: 'public' as const,
});

export const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function startSession(request: FastifyRequest, reply: FastifyReply, user: accounts.AuthUser) {
    // A fresh token on every log-in: an old (possibly planted) session cookie is never promoted.
    if (request.auth.sessionId) await accounts.endSession(app.db.kysely, request.auth.sessionId);
    const session = await accounts.createSession(app.db.kysely, user.id, request.headers['user-agent'], app.config.sessionDays);
    reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request, session.expiresAt));
    return accounts.toCurrentUser(user, session.csrfToken);
  }

  app.post(
    '/api/auth/register',
    {
      config: doorLimit(10, 'registrations'),
      schema: { tags, summary: 'Create an account and log in', body: RegisterBody, response: { 201: CurrentUser, ...errorResponses } },
    },
    async (request, reply) => {
      const user = await accounts.registerUser(app.db.kysely, request.body);
      const current = await startSession(request, reply, user);
      return reply.code(201).send(current);
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: doorLimit(30, 'log-in attempts'),
      schema: { tags, summary: 'Log in with e-mail and password; sets the session cookie', body: LoginBody, response: { 200: CurrentUser, ...errorResponses } },
    },
    async (request, reply) => {
      const user = await accounts.authenticate(app.db.kysely, request.body.email, request.body.password, request.ip);
      return startSession(request, reply, user);
    },
  );

  app.post(
    '/api/auth/invitation',
    {
      config: doorLimit(30, 'invitation look-ups'),
      schema: {
        tags,
        summary: "Who an invitation's link is for (the token in the body, never in an address); 410 when it was used or has expired",
        body: InvitationTokenBody,
        response: { 200: InvitationInfo, ...errorResponses },
      },
    },
    async (request) => accounts.lookUpInvitation(app.db.kysely, request.body.token),
  );

  app.post(
    '/api/auth/invitation/accept',
    {
      config: doorLimit(10, 'invitation acceptances'),
      schema: {
        tags,
        summary: "Accept an invitation: choose the password and log in; the link works once, the account's other sessions end and its API tokens are revoked",
        body: LinkPasswordBody,
        response: { 200: CurrentUser, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await accounts.acceptInvitation(app.db.kysely, request.body.token, request.body.password);
      return startSession(request, reply, user);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: doorLimit(5, 'password reset requests'),
      schema: {
        tags,
        summary: 'Ask for a link that sets a new password; answered alike whether or not an account has the address (at most a few mails a day to one account)',
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetAccepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(app.db.kysely, request.body.email, app.config.publicUrl);
      return reply.code(202).send({ message: 'If an account has this address, a link to set a new password has been sent to it.' });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      config: doorLimit(10, 'password resets'),
      schema: {
        tags,
        summary: "Set a new password with a reset link's token and log in; the link works once, the account's other sessions end and its API tokens are revoked",
        body: LinkPasswordBody,
        response: { 200: CurrentUser, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await accounts.completePasswordReset(app.db.kysely, request.body.token, request.body.password);
      return startSession(request, reply, user);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags, summary: 'End the current session', response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      if (request.auth.sessionId) await accounts.endSession(app.db.kysely, request.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'The signed-in account (and the CSRF token for cookie sessions)', response: { 200: CurrentUser, ...errorResponses } } },
    async (request) => accounts.toCurrentUser(signedIn(request), request.auth.csrfToken),
  );

  app.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Who is signed in, if anyone (never 401): for apps starting up',
        response: { 200: Type.Object({ user: Type.Union([CurrentUser, Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => ({ user: request.auth.user ? accounts.toCurrentUser(request.auth.user, request.auth.csrfToken) : null }),
  );

  app.patch(
    '/api/me',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Change your display name or language', body: ProfilePatchBody, response: { 200: CurrentUser, ...errorResponses } } },
    async (request) => {
      const user = await accounts.updateProfile(app.db.kysely, signedIn(request), request.body);
      return accounts.toCurrentUser(user, request.auth.csrfToken);
    },
  );

  app.post(
    '/api/me/password',
    { config: { access: 'session' }, schema: { tags, summary: 'Change your password; your other sessions end and your API tokens are revoked', body: PasswordChangeBody, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const user = sessionOf(request);
      await accounts.changePassword(app.db.kysely, user.id, user.sessionId, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me/export',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Download all your personal data as JSON',
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = signedIn(request);
      const data = await accounts.exportPersonalData(app.db.kysely, user.id);
      reply.header('content-disposition', `attachment; filename="talsinki-personal-data-${new Date().toISOString().slice(0, 10)}.json"`);
      return data;
    },
  );

  app.delete(
    '/api/me',
    { config: { access: 'session' }, schema: { tags, summary: 'Delete your account for good', body: DeleteAccountBody, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const user = sessionOf(request);
      await accounts.deleteAccount(app.db.kysely, user.id, request.body.password);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/tokens',
    { config: { access: 'session' }, schema: { tags, summary: 'Your API tokens (never the secrets)', response: { 200: Page(ApiToken), ...errorResponses } } },
    async (request) => {
      const items = await accounts.listApiTokens(app.db.kysely, sessionOf(request).id);
      return { items, total: items.length, limit: Math.max(items.length, 1), offset: 0 };
    },
  );

  app.post(
    '/api/tokens',
    { config: { access: 'session' }, schema: { tags, summary: 'Create an API token; the secret is shown only in this answer', body: ApiTokenCreateBody, response: { 201: ApiTokenCreated, ...errorResponses } } },
    async (request, reply) => {
      const user = sessionOf(request);
      const created = await accounts.createApiToken(app.db.kysely, user, user.sessionId, request.body);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    { config: { access: 'session' }, schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await accounts.revokeApiToken(app.db.kysely, sessionOf(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
