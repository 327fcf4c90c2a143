import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UI_LANGUAGES } from '../../../shared/languages.ts';
import { SiteInfo } from '../../../shared/schemas/site.ts';
import { getSetting } from './site.service.ts';

/** What the web app needs to know about this installation before anything else. */
export const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/site',
    { config: { access: 'public' }, schema: { tags: ['site'], summary: 'About this installation (demo or not, database, version)', response: { 200: SiteInfo } } },
    async () => ({
      name: 'Talsinki',
      version: app.appVersion,
      demo: (await getSetting<{ loadedAt: string }>(app.db.kysely, 'demo')) !== undefined,
      database: app.db.kind,
      languages: [...UI_LANGUAGES],
    }),
  );
};
