import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CompareQuery,
  CriterionCreate,
  CriterionList,
  CriterionParams,
  CriterionPatch,
  FigureCreate,
  LessonCreate,
  RegionCreate,
  RegionPartParams,
  RegionPatch,
  RegionSource,
  SourceCreate,
  RegionFigure,
  RegionLesson,
  LessonList,
  LessonQuery,
  RegionComparison,
  RegionDetail,
  RegionIdParam,
  RegionList,
  RegionQuery,
  RegionScore,
  ScoreBoard,
  ScoreCriterion,
  ScoreParams,
  ScorePut,
} from '../../../shared/schemas/regions.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import * as regions from './regions.service.ts';

const tags = ['regions'];

/** The benchmark library of cross-border regions (issue 17 §1): public reads; criteria and scores for editors. */
export const regionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/regions',
    { config: { access: 'public' }, schema: { tags, summary: 'Benchmark cross-border regions, filtered by country, legal form, theme and words', querystring: RegionQuery, response: { 200: RegionList, ...errorResponses } } },
    async (request) => regions.listRegions(app.db.kysely, request.query),
  );

  app.get(
    '/api/regions/compare',
    { config: { access: 'public' }, schema: { tags, summary: 'Two to four regions side by side, field by field (`ids`: ids or slugs, comma-separated)', querystring: CompareQuery, response: { 200: RegionComparison, ...errorResponses } } },
    async (request) => regions.compareRegions(app.db.kysely, request.query.ids),
  );

  app.get(
    '/api/regions/lessons',
    { config: { access: 'public' }, schema: { tags, summary: 'Lessons learned in the benchmark regions, each with its source, by theme, region and words', querystring: LessonQuery, response: { 200: LessonList, ...errorResponses } } },
    async (request) => regions.listLessons(app.db.kysely, request.query),
  );

  app.get(
    '/api/regions/scores',
    { config: { access: 'public' }, schema: { tags, summary: 'Every region’s score on every criterion, with rationales', response: { 200: ScoreBoard, ...errorResponses } } },
    async () => regions.scoreBoard(app.db.kysely),
  );

  app.get(
    '/api/regions/criteria',
    { config: { access: 'public' }, schema: { tags, summary: 'The criteria regions are scored against', response: { 200: CriterionList, ...errorResponses } } },
    async () => regions.listCriteria(app.db.kysely),
  );

  app.post(
    '/api/regions/criteria',
    { config: { access: 'editor' }, schema: { tags, summary: 'Define a criterion (editors)', body: CriterionCreate, response: { 201: ScoreCriterion, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await regions.createCriterion(app.db.kysely, signedIn(request).id, request.body)),
  );

  app.patch(
    '/api/regions/criteria/:criterionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a criterion’s name, description, weight or place (editors)', params: CriterionParams, body: CriterionPatch, response: { 200: ScoreCriterion, ...errorResponses } } },
    async (request) => regions.updateCriterion(app.db.kysely, signedIn(request).id, request.params.criterionId, request.body),
  );

  app.delete(
    '/api/regions/criteria/:criterionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a criterion and its scores (editors)', params: CriterionParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await regions.deleteCriterion(app.db.kysely, signedIn(request).id, request.params.criterionId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/regions/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One region (by id or slug) with its sources, figures, members, bodies, events, lessons and scores', params: RegionIdParam, response: { 200: RegionDetail, ...errorResponses } } },
    async (request) => regions.getRegion(app.db.kysely, request.params.id),
  );

  app.put(
    '/api/regions/:id/scores/:criterionId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Score a region on a criterion, in its scale, with the rationale (editors)', params: ScoreParams, body: ScorePut, response: { 200: RegionScore, ...errorResponses } } },
    async (request) => regions.putScore(app.db.kysely, signedIn(request).id, request.params.id, request.params.criterionId, request.body),
  );
  app.post(
    '/api/regions',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a region (editors)', body: RegionCreate, response: { 201: RegionDetail, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await regions.createRegion(app.db.kysely, signedIn(request).id, request.body)),
  );

  app.patch(
    '/api/regions/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a region’s main fields (editors); the seed then leaves them be', params: RegionIdParam, body: RegionPatch, response: { 200: RegionDetail, ...errorResponses } } },
    async (request) => regions.patchRegion(app.db.kysely, signedIn(request).id, request.params.id, request.body),
  );

  app.post(
    '/api/regions/:id/sources',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a source to a region, for its figures and lessons to cite (editors)', params: RegionIdParam, body: SourceCreate, response: { 201: RegionSource, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await regions.addSource(app.db.kysely, signedIn(request).id, request.params.id, request.body)),
  );

  app.post(
    '/api/regions/:id/figures',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a figure citing the region’s sources (editors)', params: RegionIdParam, body: FigureCreate, response: { 201: RegionFigure, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await regions.addFigure(app.db.kysely, signedIn(request).id, request.params.id, request.body)),
  );

  app.delete(
    '/api/regions/:id/figures/:partId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a figure an editor added (editors)', params: RegionPartParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await regions.removePart(app.db.kysely, signedIn(request).id, 'region_figures', request.params.id, request.params.partId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/regions/:id/lessons',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a lesson learned, tagged by theme, citing the region’s sources (editors)', params: RegionIdParam, body: LessonCreate, response: { 201: RegionLesson, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await regions.addLesson(app.db.kysely, signedIn(request).id, request.params.id, request.body)),
  );

  app.delete(
    '/api/regions/:id/lessons/:partId',
    { config: { access: 'editor' }, schema: { tags, summary: 'Remove a lesson an editor added (editors)', params: RegionPartParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await regions.removePart(app.db.kysely, signedIn(request).id, 'region_lessons', request.params.id, request.params.partId);
      return reply.code(204).send(null);
    },
  );
};
