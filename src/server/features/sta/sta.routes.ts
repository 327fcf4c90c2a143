import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { isStaffRole } from '../../../shared/roles.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { ENTITY_SETS } from './sta.model.ts';
import { parseResourcePath, PathNotFound } from './sta.path.ts';
import { readResource, type ReadContext } from './sta.read.ts';
import { QuerySyntaxError } from './query/ast.ts';
import { parseQueryOptions } from './query/parse.ts';

/** Where the service answers, under the server's own address. */
export const STA_PATH = '/sta/v1.1';

/** The requirement classes this service meets, as the service root lists them (OGC 18-088 §9.2.1). */
const REQ = 'http://www.opengis.net/spec/iot_sensing/1.1/req/';
export const CONFORMANCE = [`${REQ}datamodel`, `${REQ}resource-path/resource-path-to-entities`, `${REQ}request-data`];

/** FROST-Server's figures, which SensorThings clients are used to. */
const DEFAULT_TOP = 100;
const MAX_TOP = 10_000;

const tags = ['sensorthings'];
const Problem = Type.Ref('Problem');
const readDocumentation = {
  tags,
  summary: 'SensorThings API 1.1: read entities, their properties and links',
  description:
    'Any resource path of OGC 18-088 §9.2 (`Things`, `Things(1)/Datastreams`, `Datastreams(1)/Observations`, `Things(1)/name/$value`, `Things/$ref` …) with the query options of §9.3: `$filter`, `$expand`, `$select`, `$orderby`, `$top`, `$skip`, `$count`. Pages hold 100 entities unless `$top` says otherwise, at most 10,000, and name the next page in `@iot.nextLink`.',
  params: Type.Object({ path: Type.String({ description: 'The resource path after the service root' }) }),
  response: {
    200: {
      description: 'An entity, a collection (`value`, `@iot.count`, `@iot.nextLink`), a property, links, or a raw value',
      content: { 'application/json': { schema: Type.Unknown() }, 'text/plain': { schema: Type.String() } },
    },
    400: { description: 'A query option that cannot be read or answered', content: { 'application/problem+json': { schema: Problem } } },
    404: { description: 'The path names nothing', content: { 'application/problem+json': { schema: Problem } } },
  },
};

const ServiceRoot = Type.Object({
  value: Type.Array(Type.Object({ name: Type.String(), url: Type.String({ format: 'uri' }) })),
  serverSettings: Type.Object({ conformance: Type.Array(Type.String({ format: 'uri' })) }, { additionalProperties: true }),
});

/** The streams this caller may not see: every internal one, unless staff. */
async function hiddenStreams(request: FastifyRequest): Promise<number[]> {
  const user = request.auth.user;
  if (user && isStaffRole(user.role)) return [];
  const { rows } = await sql<{ id: number }>`select id from sta_datastreams where internal`.execute(request.server.db.kysely);
  return rows.map((row) => row.id);
}

/** A query option that cannot be read, as the 400 that says where. */
function syntaxProblem(error: QuerySyntaxError): HttpProblem {
  const detail = `${error.option}: ${error.message}`;
  if (error.code === 'query-option-invalid') return new HttpProblem(400, 'query-option-invalid', 'Invalid query option', detail, { params: { option: error.option } });
  return new HttpProblem(400, error.code, 'Query option cannot be read', detail, { params: { option: error.option, position: error.position } });
}

export const staRoutes: FastifyPluginAsync = async (app) => {
  const base = `${app.config.publicUrl}${STA_PATH}`;

  app.get(
    STA_PATH,
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'SensorThings API 1.1: the service root', response: { 200: ServiceRoot } } },
    async () => ({
      value: ENTITY_SETS.map((type) => ({ name: type.set, url: `${base}/${type.set}` })),
      serverSettings: { conformance: CONFORMANCE },
    }),
  );

  app.get<{ Params: { '*': string } }>(`${STA_PATH}/*`, { config: { access: 'public', anyOrigin: true, documentation: readDocumentation } }, async (request, reply) => {
    let path;
    try {
      path = parseResourcePath(request.params['*']);
    } catch (error) {
      if (error instanceof PathNotFound) throw new HttpProblem(404, 'not-found', 'Not found', error.message);
      throw error;
    }
    let options;
    try {
      options = parseQueryOptions(request.query as Record<string, string | string[] | undefined>);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw syntaxProblem(error);
      throw error;
    }
    const context: ReadContext = { db: app.db.kysely, base, hiddenStreams: await hiddenStreams(request), defaultTop: DEFAULT_TOP, maxTop: MAX_TOP };
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const answer = await readResource(context, path, options, new URLSearchParams(rawQuery));
    if ('text' in answer) return reply.type('text/plain; charset=utf-8').send(answer.text);
    return reply.type('application/json; charset=utf-8').send(answer.json);
  });
};
