import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { isStaffRole } from '../../../shared/roles.ts';
import { MilestoneExportRecord, PLAN_IMPORT_MAX_MEGABYTES, PlanExportRecord, PlanImportQuery, PlanImportReport } from '../../../shared/schemas/planExchange.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { registerUploads, uploadedPart } from '../attachments/attachments.service.ts';
import { milestonesCsv, milestonesJson, milestonesXlsx, planCsv, planJson, planXlsx, type BottleneckView } from './actions.export.ts';
import { importPlan, PLAN_IMPORT_MAX_BYTES } from './actions.import.ts';
import { today } from './actions.service.ts';

const tags = ['actions'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMATS = {
  csv: { mediaType: 'text/csv; charset=utf-8', produces: 'text/csv', name: 'CSV' },
  xlsx: { mediaType: XLSX, produces: XLSX, name: 'XLSX' },
  json: { mediaType: 'application/json; charset=utf-8', produces: 'application/json', name: 'JSON' },
} as const;
type Format = keyof typeof FORMATS;

/** The one file of the upload, in the multipart field `file`, at most the import's size. */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  const file = await uploadedPart(request);
  const tooLarge = () => new HttpProblem(413, 'file-too-large', 'File too large', `The file may be at most ${PLAN_IMPORT_MAX_MEGABYTES} MB.`, { params: { megabytes: PLAN_IMPORT_MAX_MEGABYTES } });
  let content: Buffer;
  try {
    content = await file.toBuffer();
  } catch (error) {
    throw (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : error;
  }
  if (content.length > PLAN_IMPORT_MAX_BYTES) throw tooLarge();
  return content;
}

/** The joint action plan as open data (CSV, XLSX, JSON, and its milestones the same), and the import of actions from CSV or XLSX (issue 17 §4). */
export const actionsExchangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.db.kysely;
  const view = (request: FastifyRequest): BottleneckView => (request.auth.user && isStaffRole(request.auth.user.role) ? 'all' : 'public');
  const send = (reply: FastifyReply, format: Format, name: string, stream: Readable) =>
    reply.type(FORMATS[format].mediaType).header('content-disposition', `attachment; filename="talsinki-${name}-${today()}.${format}"`).send(stream);

  for (const format of Object.keys(FORMATS) as Format[]) {
    const { produces, name } = FORMATS[format];
    app.get(
      `/api/actions/export.${format}`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: `The whole action plan as ${name}, parents before their children, in the columns the import reads (open data; demo actions flagged by is_demo)`,
          produces: [produces],
          response: { 200: format === 'json' ? Type.Array(PlanExportRecord, { description: 'JSON file: one object per action' }) : Type.String({ description: `${name} file` }), ...errorResponses },
        },
      },
      async (request, reply) => send(reply, format, 'action-plan', await (format === 'csv' ? planCsv : format === 'xlsx' ? planXlsx : planJson)(db(), view(request))),
    );
    app.get(
      `/api/actions/milestones/export.${format}`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: `Every milestone of the action plan as ${name}, by action (open data)`,
          produces: [produces],
          response: { 200: format === 'json' ? Type.Array(MilestoneExportRecord, { description: 'JSON file: one object per milestone' }) : Type.String({ description: `${name} file` }), ...errorResponses },
        },
      },
      async (_request, reply) => send(reply, format, 'milestones', await (format === 'csv' ? milestonesCsv : format === 'xlsx' ? milestonesXlsx : milestonesJson)(db(), today())),
    );
  }

  await registerUploads(app);
  app.post(
    '/api/actions/import',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: `Import actions from a CSV or XLSX file in the multipart field "file" (editors; at most ${PLAN_IMPORT_MAX_MEGABYTES} MB): every row checked first, errors named by row and column, all or nothing; ?dryRun=1 reports without writing`,
        consumes: ['multipart/form-data'],
        querystring: PlanImportQuery,
        response: { 200: PlanImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const editor = signedIn(request);
      const dryRun = request.query.dryRun === true || request.query.dryRun === '1';
      return importPlan(db(), editor, await uploadedFile(request), { dryRun });
    },
  );
};
