import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ConsultationReport, ReportPublished, ReportQuery } from '../../../shared/schemas/consultations.ts';
import { preferredMediaType } from '../../lib/accept.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { fileLanguage } from '../../plugins/web.ts';
import type { Language } from '../../../shared/languages.ts';
import { findConsultation } from './consultations.service.ts';
import { buildReport, publishReport, reportPdf, reportTexts, reportXlsx } from './consultations.report.ts';

/**
 * The report of a closed consultation (research §6): its figures as JSON (or, to a browser asking
 * for HTML, the web page of the report), and the whole report with every published comment as a
 * workbook or a PDF in fi, et or en. Public from the close (409 `not-closed` before); publishing it
 * is the editors' announcement, which mails the followers.
 */

const tags = ['consultations'];
type LangRequest = FastifyRequest & { query: { lang?: Language } };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80, description: 'Id, slug or reference (CN-2026-0001)' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OFFERED = ['application/json', 'text/html', XLSX, 'application/pdf'] as const;

export const consultationReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const closedReport = async (request: FastifyRequest) => {
    const row = await findConsultation(db, request.auth.user, (request.params as { id: string }).id);
    return buildReport(db, row);
  };
  const fileName = (ref: string, language: string, ext: string) => `attachment; filename="talsinki-${ref.toLowerCase()}-report-${language}.${ext}"`;

  const sendXlsx = async (request: LangRequest, reply: FastifyReply, report: ConsultationReport) => {
    const language = fileLanguage(request);
    const stream = await reportXlsx(db, report, reportTexts(language));
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', fileName(report.ref, language, 'xlsx')).send(stream);
  };
  const sendPdf = async (request: LangRequest, reply: FastifyReply, report: ConsultationReport) => {
    const language = fileLanguage(request);
    const stream = await reportPdf(db, report, reportTexts(language), app.config.publicUrl);
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', fileName(report.ref, language, 'pdf').replace('attachment', 'inline')).send(stream);
  };

  app.get(
    '/api/consultations/:id/report',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A closed consultation's report by Accept: its figures (counts per section and side of the gulf and per language, supports, respondents, survey results) as JSON, the whole report as a workbook or a PDF (?lang=fi|et|en), or, to a browser asking for HTML, the report's web page. 409 not-closed before the close",
        params: IdParams,
        querystring: ReportQuery,
        produces: [...OFFERED],
        response: {
          200: {
            description: 'The report as data, as a workbook or as a PDF',
            content: {
              'application/json': { schema: ConsultationReport },
              [XLSX]: { schema: Type.String({ description: 'XLSX file' }) },
              'application/pdf': { schema: Type.String({ format: 'binary' }) },
            },
          },
          303: Type.Null({ description: "The report's web page" }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const type = preferredMediaType(request.headers.accept, OFFERED);
      if (!type) throw new HttpProblem(406, 'not-acceptable', 'Not acceptable', `The report is answered as ${OFFERED.join(', ')}.`);
      const report = await closedReport(request);
      reply.header('vary', 'accept, accept-language');
      if (type === 'text/html') return reply.code(303).header('location', `/consultations/${report.slug}/report`).send();
      if (type === XLSX) return sendXlsx(request, reply, report);
      if (type === 'application/pdf') return sendPdf(request, reply, report);
      return reply.header('cache-control', 'no-store').send(report);
    },
  );

  app.get(
    '/api/consultations/:id/report.xlsx',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A closed consultation's report as a workbook (?lang=fi|et|en): sheets for the summary, sections by side, languages, survey results, every published comment (no names) and the written survey answers; streamed",
        params: IdParams,
        querystring: ReportQuery,
        produces: [XLSX],
        response: { 200: Type.String({ description: 'XLSX file' }), ...errorResponses },
      },
    },
    async (request, reply) => sendXlsx(request, reply, await closedReport(request)),
  );

  app.get(
    '/api/consultations/:id/report.pdf',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A closed consultation's report as a PDF (?lang=fi|et|en): summary, counts per section and side, survey results as bars and tables, and every published comment (no names); written as it is sent",
        params: IdParams,
        querystring: ReportQuery,
        produces: ['application/pdf'],
        response: { 200: Type.String({ format: 'binary' }), ...errorResponses },
      },
    },
    async (request, reply) => sendPdf(request, reply, await closedReport(request)),
  );

  app.post(
    '/api/consultations/:id/report/publish',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: "Publish a closed consultation's report: the editors' announcement, which mails its followers (the report is public from the close either way); a second call keeps the first date",
        params: IdParams,
        response: { 200: ReportPublished, ...errorResponses },
      },
    },
    async (request) => publishReport(db, signedIn(request), await findConsultation(db, request.auth.user, request.params.id)),
  );
};
