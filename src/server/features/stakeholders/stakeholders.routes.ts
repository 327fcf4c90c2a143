import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StakeholderMap } from '../../../shared/schemas/stakeholders.ts';
import { stakeholderMap } from './stakeholders.service.ts';

export const stakeholdersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/stakeholders',
    { config: { access: 'public' }, schema: { tags: ['stakeholders'], summary: 'Stakeholder map: institutions × domains, dialogues taken part in, recommendations received and answered', response: { 200: StakeholderMap } } },
    async (request) => stakeholderMap(app.db.kysely, request.auth.user),
  );
};
