import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import formbody from '@fastify/formbody';
import { NoticeSettings, NoticeSettingsPatch, UnsubscribeQuery, Unsubscribed } from '../../../shared/schemas/notices.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { noticeSettings, setNoticeSettings, unsubscribe } from './notices.ts';

const tags = ['notices'];

/** A member's notice settings, and the one-click unsubscribe every notice links to. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Mail clients send RFC 8058's one-click POST as a form: `List-Unsubscribe=One-Click`.
  await app.register(formbody, { bodyLimit: 1024 });

  app.get(
    '/api/me/notices',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'How each kind of notice reaches you: instant, daily digest or none (default instant)', response: { 200: NoticeSettings, ...errorResponses } } },
    async (request) => {
      const user = signedIn(request);
      return noticeSettings(app.db.kysely, user.id, user.role);
    },
  );

  app.put(
    '/api/me/notices',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Change how the kinds named reach you; the others stay as they are', body: NoticeSettingsPatch, response: { 200: NoticeSettings, ...errorResponses } },
    },
    async (request) => {
      const user = signedIn(request);
      await setNoticeSettings(app.db.kysely, user.id, request.body);
      return noticeSettings(app.db.kysely, user.id, user.role);
    },
  );

  app.post(
    '/api/notices/unsubscribe',
    {
      // The token is the credential: a mail client posts it without a session (RFC 8058).
      config: { access: 'public', csrf: false },
      schema: {
        tags,
        summary: 'One-click unsubscribe (RFC 8058): the kinds the token names are set to none; a token works once',
        querystring: UnsubscribeQuery,
        response: { 200: Unsubscribed, ...errorResponses },
      },
    },
    async (request) => {
      const kinds = await unsubscribe(app.db.kysely, request.query.token);
      if (!kinds) throw new HttpProblem(404, 'unsubscribe-link-invalid', 'Link not valid', 'This unsubscribe link is unknown or was used already. Change your notice settings on your following page.');
      return { kinds };
    },
  );
};
