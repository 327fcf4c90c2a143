import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Language } from '../../../shared/languages.ts';
import { Roadmap, RoadmapQuery } from '../../../shared/schemas/roadmap.ts';
import { cache } from '../../lib/cache.ts';
import { matchesIfNoneMatch } from '../../lib/etag.ts';
import { readyAnswer, readySize, sendReady, type ReadyAnswer } from '../../lib/ready.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { today } from './actions.service.ts';
import { filterRoadmap, planVersion, wholeRoadmap } from './roadmap.ts';
import { milestonesCalendar, milestonesForCalendar } from './actions.ics.ts';
import { keptCalendarFeed } from '../dialogues/dialogues.ics.ts';
import { fileLanguage, LangQuery } from '../../plugins/web.ts';

const CALENDAR_NAMES: Record<Language, string> = {
  fi: 'Talsinki: toimintasuunnitelman välitavoitteet',
  et: 'Talsinki: tegevuskava vahe-eesmärgid',
  en: 'Talsinki: action plan milestones',
  sv: 'Talsinki: handlingsplanens delmål',
  ru: 'Talsinki: контрольные точки плана действий',
};

/**
 * The roadmap is read far more often than the plan changes: each instance keeps the whole plan
 * (per database, plan version and day, since overdue follows the calendar) and each filtered
 * answer ready to send, so a repeated request costs one read of the version.
 */
const plans = cache.section<Roadmap>('roadmap-plan');
const answers = cache.section<ReadyAnswer>('roadmap', readySize);

export const roadmapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/roadmap',
    {
      config: { access: 'public' },
      schema: {
        tags: ['actions'],
        summary: 'What the Gantt view draws: the plan’s actions as bars in tree order, their milestones and finish-to-start dependencies, filtered by domain, institution, body and state (gzip when asked; an ETag, 304 to If-None-Match)',
        querystring: RoadmapQuery,
        response: { 200: Roadmap, 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const db = app.db.kysely;
      const { domain = '', institution = '', body = '', state = '' } = request.query;
      const day = today();
      const version = await planVersion(db);
      const at = `${version}|${day}`;
      const answer = await answers.fetch(db, at, `${domain}|${institution}|${body}|${state}`, async () => {
        const whole = await plans.fetch(db, at, 'whole', () => wholeRoadmap(db, version, day));
        return readyAnswer(JSON.stringify(filterRoadmap(whole, request.query)));
      });
      return sendReady(request, reply, answer, 'application/json; charset=utf-8');
    },
  );

  /** Calendar clients poll the feed: it is written again only when the plan's version moves, and a client that has it gets 304. */
  app.get(
    '/api/actions.ics',
    { config: { access: 'public', anyOrigin: true }, schema: { tags: ['actions'], summary: 'iCalendar feed of the joint action plan’s milestones, each on its due day', querystring: LangQuery, produces: ['text/calendar'], response: { 200: Type.String(), 304: Type.Null() } } },
    async (request, reply) => {
      const db = app.db.kysely;
      const language = fileLanguage(request);
      const version = `plan ${await planVersion(db)}`;
      const feed = await keptCalendarFeed(db, version, `milestones|${language}|${app.config.publicUrl}`, async () =>
        milestonesCalendar(await milestonesForCalendar(db), language, app.config.publicUrl, CALENDAR_NAMES[language]));
      reply.header('etag', feed.etag).header('cache-control', 'public, max-age=300').header('vary', 'accept-language, cookie');
      if (matchesIfNoneMatch(request.headers['if-none-match'], feed.etag)) return reply.code(304).send(null);
      return reply.type('text/calendar; charset=utf-8').send(feed.body);
    },
  );
};
