import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isTooLong, MAX_REPORT_YEARS, quarterOf, type Period } from '../../../shared/periods.ts';
import { ProgressReport, ProgressReportQuery, RoadmapPdfQuery } from '../../../shared/schemas/reports.ts';
import { preferredMediaType } from '../../lib/accept.ts';
import { cache } from '../../lib/cache.ts';
import { matchesIfNoneMatch } from '../../lib/etag.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { fileLanguage } from '../../plugins/web.ts';
import { today } from '../actions/actions.service.ts';
import { progressReport, reportVersion } from './reports.service.ts';
import { progressReportHtml, REPORT_HTML_CSP } from './reports.html.ts';
import { progressReportPdf } from './reports.pdf.ts';
import { roadmapPdf, roadmapPdfVersion } from './roadmap.pdf.ts';

const tags = ['reports'];

/** What the report is answered as, by `?format=` (for links) or else by `Accept`. */
const MEDIA_TYPES = { json: 'application/json', html: 'text/html', pdf: 'application/pdf' } as const;
type Format = keyof typeof MEDIA_TYPES;
const FORMAT_OF = Object.fromEntries(Object.entries(MEDIA_TYPES).map(([format, type]) => [type, format])) as Record<string, Format>;

const FIRST_YEAR = 1900;
const LAST_YEAR = 8999;

/** The period asked for: both days or neither (this quarter); the first not after the last; at most five years. */
function periodOf(query: ProgressReportQuery, day: string): Period {
  if (!query.from && !query.to) return quarterOf(day);
  const errors: FieldError[] = [];
  if (!query.from) errors.push({ path: 'querystring/from', code: 'required', message: 'is required with to' });
  if (!query.to) errors.push({ path: 'querystring/to', code: 'required', message: 'is required with from' });
  if (errors.length) throw problems.badRequest('A period needs its first and its last day.', errors);
  const period = { from: query.from!, to: query.to! };
  // Outside these years the previous period or the five-year bound would not be an ordinary date.
  const outside = (['from', 'to'] as const).filter((end) => period[end] < `${FIRST_YEAR}` || period[end] >= `${LAST_YEAR + 1}`);
  if (outside.length) {
    throw problems.badRequest(`A report covers days in the years ${FIRST_YEAR}–${LAST_YEAR}.`, outside.map((end) => ({ path: `querystring/${end}`, code: 'year-out-of-range', params: { min: FIRST_YEAR, max: LAST_YEAR }, message: `must be in the years ${FIRST_YEAR}–${LAST_YEAR}` })));
  }
  if (period.to < period.from) throw problems.badRequest('The period ends before it starts.', [{ path: 'querystring/to', code: 'end-before-start', message: 'must not be before from' }]);
  if (isTooLong(period)) {
    throw problems.badRequest(`A report covers at most ${MAX_REPORT_YEARS} years.`, [{ path: 'querystring/to', code: 'period-too-long', params: { years: MAX_REPORT_YEARS }, message: `must be less than ${MAX_REPORT_YEARS} years after from` }]);
  }
  return period;
}

/** Rendered files (HTML pages and PDFs), kept per database and the report's versions and day, by format, language and period. */
const files = cache.section<string | Buffer>('reports.files');

const tagOf = (parts: unknown[]) => `W/"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 27)}"`;

export const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports/progress',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The progress report of the joint action plan for a period (default: this quarter): actions by state, milestones met and missed, what changed since the previous period, bottlenecks resolved through actions. JSON, an HTML page or a PDF by Accept or ?format= (an ETag; 304 to If-None-Match)',
        querystring: ProgressReportQuery,
        produces: Object.values(MEDIA_TYPES),
        response: {
          200: {
            description: 'The report as data, as a page or as a PDF',
            content: {
              'application/json': { schema: ProgressReport },
              'text/html': { schema: Type.String() },
              'application/pdf': { schema: Type.String({ format: 'binary' }) },
            },
          },
          304: Type.Null(),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const db = app.db.kysely;
      const day = today();
      const period = periodOf(request.query, day);
      const type = request.query.format ? MEDIA_TYPES[request.query.format] : preferredMediaType(request.headers.accept, Object.values(MEDIA_TYPES));
      if (!type) throw new HttpProblem(406, 'not-acceptable', 'Not acceptable', `The report is answered as ${Object.values(MEDIA_TYPES).join(', ')}.`);
      const format = FORMAT_OF[type]!;
      const language = fileLanguage(request);
      const version = await reportVersion(db, day);
      const etag = tagOf([app.appVersion, app.config.publicUrl, version.key, period, format, format === 'json' ? '' : language]);
      reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept, accept-language, cookie');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      const report = await progressReport(db, period, day, version);
      const key = `${format}|${format === 'json' ? '' : language}|${period.from}|${period.to}|${app.config.publicUrl}`;
      // A plan of thousands of actions is a report of a megabyte: written once per version and day, like the files.
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(await files.fetch(db, version.key, key, async () => JSON.stringify(report)));
      if (format === 'html') {
        const html = await files.fetch(db, version.key, key, async () => progressReportHtml(report, language, app.config.publicUrl));
        return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_HTML_CSP).send(html);
      }
      const pdf = await files.fetch(db, version.key, key, () => progressReportPdf(report, language, app.config.publicUrl));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="progress-report-${period.from}-${period.to}-${language}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/api/roadmap.pdf',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The roadmap as a PDF (A3 landscape): a Gantt chart by quarter with milestones, dependencies and today, filtered as GET /api/roadmap is (an ETag; 304 to If-None-Match)',
        querystring: RoadmapPdfQuery,
        produces: ['application/pdf'],
        response: { 200: Type.String({ format: 'binary' }), 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const db = app.db.kysely;
      const day = today();
      const language = fileLanguage(request);
      const { lang: _lang, ...filters } = request.query;
      const version = await roadmapPdfVersion(db);
      const etag = tagOf([app.appVersion, app.config.publicUrl, version, day, filters, language]);
      reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept-language, cookie');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      const key = `${language}|${filters.domain ?? ''}|${filters.institution ?? ''}|${filters.body ?? ''}|${filters.state ?? ''}|${app.config.publicUrl}`;
      const pdf = await files.fetch(db, `roadmap|${version}|${day}`, key, () => roadmapPdf(db, version, day, filters, language, app.config.publicUrl));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="roadmap-${day}-${language}.pdf"`).send(pdf);
    },
  );
};
