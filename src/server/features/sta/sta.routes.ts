import { createHash, randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { Type } from 'typebox';
import { isEditorRole } from '../../../shared/roles.ts';
import { accessRefusal, defineRelation } from '../../plugins/access.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { ENTITY_SETS, ENTITY_TYPES, STA_PATH, type EntityType, type NavigationJoin } from './sta.model.ts';
import { parseResourcePath, PathNotFound, type PathStep, type ResourcePath } from './sta.path.ts';
import { matchingIds, readResource, type ReadContext } from './sta.read.ts';
import type { Row } from './sta.serialize.ts';
import { staEventsOf } from './sta.events.ts';
import { isBrokerWrite, mqttEndpoints } from './sta.mqtt.ts';
import { hiddenStreams, pilotOfToken, viewerOf, type Viewer } from './sta.visibility.ts';
import { keptRead, keptStreamRead } from './sta.cache.ts';
import { ensureMonths, monthsOf, monthsOfRows } from './sta.partitions.ts';
import { observationEntity, planIngest, writeObservations, type ObservationRow } from './sta.ingest.ts';
import { boundaryOf, parseJsonBatch, parseMultipartBatch, resolveBatchUrl, resolveBodyReferences, writeMultipartAnswer, type BatchAnswer, type BatchGroup, type BatchRequest } from './sta.batch.ts';
import { createOrLink, deleteEntity, deleteObservations, findRow, observationTimes, updateEntity, type WriteSession, type Writer } from './sta.write.ts';
import { QuerySyntaxError, type QueryOptions } from './query/ast.ts';
import { JSON_PATCH_TYPE, patchBody } from './sta.jsonpatch.ts';
import { parseQueryOptions } from './query/parse.ts';


/** The requirement classes this service meets, as the service root lists them (OGC 18-088 §9.2.1). */
const REQ = 'http://www.opengis.net/spec/iot_sensing/1.1/req/';
export const CONFORMANCE = [
  `${REQ}datamodel`,
  `${REQ}resource-path/resource-path-to-entities`,
  `${REQ}request-data`,
  `${REQ}create-update-delete`,
  `${REQ}batch-request/batch-request`,
  `${REQ}multi-datastream`,
  `${REQ}data-array/data-array`,
];
/** The MQTT classes (§14): listed, with their endpoints, while a broker runs. */
export const MQTT_CONFORMANCE = [`${REQ}create-observations-via-mqtt/observations-creation`, `${REQ}receive-updates-via-mqtt/receive-updates`];

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

function writeDocumentation(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE') {
  const what = {
    POST: 'create an entity in a collection (deep insert of related entities, links by `@iot.id`)',
    PATCH: 'change the properties and relations given (a JSON object, or a JSON Patch of RFC 6902 as `application/json-patch+json`)',
    PUT: 'replace an entity (optional properties not given are cleared)',
    DELETE: 'delete an entity with the cascades of OGC 18-088 §10.4, or every Observation of `Observations` (or of a stream) that a `$filter` holds for (FROST-Server\'s extension)',
  }[method];
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
  return {
    tags,
    summary: `SensorThings API 1.1: ${what}`,
    description: 'A pilot\'s API token writes only to its own pilot\'s Things; editors write to any.',
    params: Type.Object({ path: Type.String({ description: 'The resource path after the service root' }) }),
    ...(method === 'DELETE' ? {} : { body: Type.Unknown({ description: 'The entity as OGC 18-088 §8 writes it' }) }),
    response: {
      ...(method === 'POST'
        ? { 201: { description: 'Created: the entity, its address in the Location header', content: { 'application/json': { schema: Type.Unknown() } } } }
        : method === 'DELETE'
          ? { 200: { description: 'Deleted', content: { 'application/json': { schema: Type.Unknown() } } } }
          : { 200: { description: 'The entity as changed', content: { 'application/json': { schema: Type.Unknown() } } } }),
      400: problem('An entity that cannot be written: a missing or unknown property, a missing relation, a result that does not fit'),
      401: problem('No credentials'),
      403: problem("Not an editor's session nor a pilot's token, or another pilot's Thing"),
      404: problem('The path names nothing'),
      405: problem('The address does not take this method'),
      ...(method === 'PATCH' ? { 409: problem('A `test` operation of the JSON Patch does not hold: nothing changed'), 415: problem('A JSON Patch sent with another method') } : {}),
    },
  };
}

const createObservationsDocumentation = {
  tags,
  summary: 'SensorThings API 1.1: create many Observations as data arrays (OGC 18-088 §13.2)',
  description: 'Each item names a Datastream or MultiDatastream, its `components` (phenomenonTime and result, and any of resultTime, resultQuality, validTime, parameters, FeatureOfInterest/id) and its `dataArray` rows. Every good row is written; a bad row is answered `"error: <reason>"` in its place.',
  body: Type.Array(Type.Unknown(), { description: 'Data arrays' }),
  response: {
    201: { description: "Each row's Observation address, or its error, in order", content: { 'application/json': { schema: Type.Array(Type.String()) } } },
    400: { description: 'A body that is not data arrays, or a stream that does not exist', content: { 'application/problem+json': { schema: Problem } } },
    401: { description: 'No credentials, or a token that is not ours', content: { 'application/problem+json': { schema: Problem } } },
    403: { description: "Not an editor's session nor a pilot's token, or another pilot's stream", content: { 'application/problem+json': { schema: Problem } } },
    413: { description: 'A body over the configured size', content: { 'application/problem+json': { schema: Problem } } },
  },
};

const batchDocumentation = {
  tags,
  summary: 'SensorThings API 1.1: batch requests (OGC 18-088 §11)',
  description:
    'A `multipart/mixed` body of `application/http` parts, a changeset (a nested multipart) written whole or not at all, `$1` naming what the request with Content-ID 1 created; or the JSON batch of OData 4.01 (`{"requests": […]}`, `atomicityGroup`), as FROST-Server takes it. Reads are open to anyone; writes follow the rule of the write routes.',
  body: Type.Unknown({ description: 'The batch' }),
  response: {
    200: {
      description: 'One answer per request, in order (a failed changeset: its one error)',
      content: { 'multipart/mixed': { schema: Type.String() }, 'application/json': { schema: Type.Object({ responses: Type.Array(Type.Unknown()) }) } },
    },
    400: { description: 'A batch that cannot be read', content: { 'application/problem+json': { schema: Problem } } },
    413: { description: 'A body over the configured size', content: { 'application/problem+json': { schema: Problem } } },
  },
};

const ServiceRoot = Type.Object({
  value: Type.Array(Type.Object({ name: Type.String(), url: Type.String({ format: 'uri' }) })),
  serverSettings: Type.Object({ conformance: Type.Array(Type.String({ format: 'uri' })) }, { additionalProperties: true }),
});

defineRelation('sta-pilot-token', "an API token bound to a living-lab pilot (it writes only to that pilot's Things)", async (request) => (await pilotOfToken(request)) !== null);

async function writerOf(request: FastifyRequest): Promise<Writer> {
  const user = request.auth.user!;
  const staff = isEditorRole(user.role);
  return { staff, pilotId: staff ? null : await pilotOfToken(request), hiddenStreams: staff ? [] : await hiddenStreams(request) };
}

/** A writer reads back what it may see: staff everything, a pilot's token its own internal streams too. */
function viewerOfWriter(writer: Writer): Viewer {
  return writer.staff ? { staff: true } : { staff: false, pilotId: writer.pilotId };
}

function pathOf(text: string): ResourcePath {
  try {
    return parseResourcePath(text);
  } catch (error) {
    if (error instanceof PathNotFound) throw new HttpProblem(404, 'not-found', 'Not found', error.message);
    throw error;
  }
}

/** What a write did: `count` for a DELETE of Observations by `$filter`, which names no one entity. */
type WriteOutcome = { kind: 'created' | 'updated' | 'deleted'; type: EntityType; id: number; changed?: string[]; count?: number };

/** A carried request's JSON body. */
function parseCarriedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'A request in the batch has a body that is not JSON.');
  }
}

const methodNotAllowed = (detail: string) => new HttpProblem(405, 'method-not-allowed', 'Method not allowed', detail);

/** The id of the entity step `k` of a path names (following to-one relations), checking each link on the way; 404 when it names nothing. */
async function resolveStep(session: WriteSession, steps: readonly PathStep[], k: number): Promise<number> {
  // Each step's row is read once: the next step takes its id from it, or checks its own against it.
  let id: number | undefined;
  let row: Row | undefined;
  for (let i = 0; i <= k; i++) {
    const step = steps[i];
    const parentId = id;
    const join = i > 0 ? step.via!.join : undefined;
    if (join?.kind === 'here') id = row?.[join.column] as number | undefined;
    else if (join && step.id === undefined) throw problems.notFound(`${step.type.name} named by the path`);
    if (step.id !== undefined) id = Number(step.id);
    row = id === undefined ? undefined : await findRow(session, step.type, id);
    if (!row || (join && join.kind !== 'here' && !(await linked(session, join, parentId!, row)))) {
      throw problems.notFound(`${step.type.set}${step.id ? `(${step.id})` : ''}`);
    }
  }
  return id!;
}

/** Whether `row` is related to the parent `parentId` by a to-many relation. */
async function linked(session: WriteSession, join: NavigationJoin, parentId: number, row: Row): Promise<boolean> {
  if (join.kind === 'there') return row[join.column] === parentId;
  if (join.kind === 'link') {
    const { rows } = await sql`select 1 from ${sql.raw(join.table)} where ${sql.raw(join.thisColumn)} = ${parentId} and ${sql.raw(join.targetColumn)} = ${row.id}`.execute(session.trx);
    return rows.length > 0;
  }
  return true;
}

/** A query option that cannot be read, as the 400 that says where. */
function syntaxProblem(error: QuerySyntaxError): HttpProblem {
  const detail = `${error.option}: ${error.message}`;
  if (error.code === 'query-option-invalid') return new HttpProblem(400, 'query-option-invalid', 'Invalid query option', detail, { params: { option: error.option } });
  return new HttpProblem(400, error.code, 'Query option cannot be read', detail, { params: { option: error.option, position: error.position } });
}

export interface StaRoutesOptions {
  /**
   * Told after a write that made, changed or removed Things or streams (the living lab's
   * catalogue datasets follow them): given by the composition root, so sta imports no feature
   * built on it.
   */
  afterStructureChange?: (db: QueryBuilder) => Promise<unknown>;
}

export const staRoutes: FastifyPluginAsync<StaRoutesOptions> = async (app, { afterStructureChange }) => {
  const base = `${app.config.publicUrl}${STA_PATH}`;

  app.get(
    STA_PATH,
    { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'SensorThings API 1.1: the service root', response: { 200: ServiceRoot } } },
    async () => {
      const endpoints = mqttEndpoints(app);
      const mqtt = endpoints.length > 0 ? MQTT_CONFORMANCE : [];
      return {
        value: ENTITY_SETS.map((type) => ({ name: type.set, url: `${base}/${type.set}` })),
        serverSettings: { conformance: [...CONFORMANCE, ...mqtt], ...Object.fromEntries(mqtt.map((uri) => [uri, { endpoints }])) },
      };
    },
  );

  // A sensor's token writes often: its own budget, counted per token (per address for a session), not the
  // global one per address, which a gateway behind one address would share. Writes the MQTT broker makes for
  // its publishers are not counted again (the broker's TCP back-pressure paces them).
  const writeLimit: RateLimitOptions | false = app.config.rateLimitPerMinute > 0 && app.config.staWriteRatePerMinute > 0
    ? {
        max: app.config.staWriteRatePerMinute,
        timeWindow: '1 minute',
        groupId: 'sta-write',
        keyGenerator: (request: FastifyRequest) => (request.headers.authorization ? `token:${createHash('sha256').update(request.headers.authorization).digest('hex')}` : `address:${request.ip}`),
        allowList: (request: FastifyRequest) => isBrokerWrite(request),
        errorResponseBuilder: (_request: FastifyRequest, context: { max: number; ttl: number }) =>
          problems.tooMany(`At most ${context.max} SensorThings writes a minute for one token; send many Observations at once with CreateObservations or MQTT.`, context.ttl / 1000),
      }
    : false;
  const writeAccess = { access: ['editor', 'relation:sta-pilot-token'] as const, rateLimit: writeLimit };
  const events = staEventsOf(app);

  /** Runs a write in one transaction (its Observations' partitions made first), then tells the change listeners. */
  const write = async <T>(request: FastifyRequest, times: number[], now: number, work: (session: WriteSession) => Promise<T>) => {
    await ensureMonths(app.db.kysely, monthsOf(times));
    const writer = await writerOf(request);
    const created: WriteSession['created'] = [];
    const result = await app.db.kysely.transaction().execute((trx) => work({ trx, writer, created, now }));
    return { result, created, writer };
  };
  /** The entity as a GET answers it, read through `db` (a write's transaction sees its own changes). */
  const entityJson = async (type: EntityType, id: number, writer: Writer, db: QueryBuilder = app.db.kysely) =>
    ((await readResource({ db, base, viewer: viewerOfWriter(writer), defaultTop: DEFAULT_TOP, maxTop: MAX_TOP }, parseResourcePath(`${type.set}(${id})`), { orderBy: [], expand: [] }, new URLSearchParams())) as { json: Record<string, unknown> }).json;
  const streamOf = async (type: EntityType, id: number) =>
    type.name === 'Observation' ? (await sql<{ id: number }>`select datastream_id as id from sta_observations where id = ${id}`.execute(app.db.kysely)).rows[0]?.id : undefined;
  /** Tells the listeners of each entity made; answers them as read, so the answer's body is not read again. */
  const tell = async (request: FastifyRequest, created: WriteSession['created'], writer: Writer) => {
    const read = new Map<string, Record<string, unknown>>();
    for (const { type, id } of created) {
      const entity = await entityJson(type, id, writer).catch(() => undefined);
      if (!entity) continue;
      read.set(`${type.set}(${id})`, entity);
      events.emit({ entitySet: type.set, id, kind: 'created', entity, streamId: await streamOf(type, id) });
    }
    return read;
  };

  // The data-array extension (§13.2): 201 with each row's address, or "error: …" in the place of a bad row.
  app.post<{ Body: unknown }>(
    `${STA_PATH}/CreateObservations`,
    { bodyLimit: app.config.staIngestBodyLimit, config: { ...writeAccess, documentation: createObservationsDocumentation } },
    async (request, reply) => {
      const writer = await writerOf(request);
      const plan = await planIngest(app.db.kysely, writer, request.body);
      const good = plan.rows.filter((row): row is ObservationRow => !('error' in row));
      await ensureMonths(app.db.kysely, monthsOfRows(good));
      const written = await app.db.kysely.transaction().execute((trx) => writeObservations(trx, good));
      let next = 0;
      const answer = plan.rows.map((row) => ('error' in row ? row.error : `${base}/Observations(${written.ids[next++]})`));
      if (events.listening()) {
        const multi = new Set((await sql<{ id: number }>`select id from sta_datastreams where multi and id = any(${[...new Set(good.map((row) => row.datastream_id))]}::bigint[])`.execute(app.db.kysely)).rows.map((r) => r.id));
        good.forEach((row, i) => events.emit({ entitySet: 'Observations', id: written.ids[i], kind: 'created', streamId: row.datastream_id, entity: observationEntity(base, written.ids[i], row, multi.has(row.datastream_id)) }));
      }
      return reply.code(201).type('application/json; charset=utf-8').send(answer);
    },
  );

  /** One write of a path: the same for a request of its own and for a request carried in a batch. */
  const performWrite = async (session: WriteSession, method: string, path: ResourcePath, body: unknown, jsonPatch = false, filter?: QueryOptions): Promise<WriteOutcome> => {
    const last = path.steps.length - 1;
    const type = path.steps[last].type;
    if (method === 'POST') {
      if (path.tail.kind !== 'collection') throw methodNotAllowed('POST creates an entity in a collection, as Things or Things(1)/Datastreams.');
      const parent = last > 0 ? { type: path.steps[last - 1].type, id: await resolveStep(session, path.steps, last - 1), navigation: path.steps[last].via! } : undefined;
      if (body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, '@iot.id')) {
        throw new HttpProblem(400, 'read-only-property', 'Read-only property', '@iot.id: the service chooses ids; link an existing entity from the one it belongs to.', { params: { name: '@iot.id' } });
      }
      return { kind: 'created', type, id: await createOrLink(session, type, body, '', parent) };
    }
    if (method === 'DELETE' && path.tail.kind === 'collection' && type.name === 'Observation' && filter !== undefined) {
      const ids = await matchingIds({ db: session.trx, base, viewer: viewerOfWriter(session.writer), defaultTop: DEFAULT_TOP, maxTop: MAX_TOP }, path, filter.filter);
      await deleteObservations(session, ids);
      return { kind: 'deleted', type, id: 0, count: ids.length };
    }
    if (path.tail.kind !== 'entity') throw methodNotAllowed(`${method} acts on one entity, as Things(1)${method === 'DELETE' ? ', or on Observations with $filter' : ''}.`);
    const id = await resolveStep(session, path.steps, last);
    if (method === 'PATCH' && jsonPatch) {
      const changes = patchBody(await entityJson(type, id, session.writer, session.trx), body);
      return { kind: 'updated', type, id, changed: Object.keys(changes).length > 0 ? await updateEntity(session, type, id, changes, false) : [] };
    }
    if (method === 'PATCH' || method === 'PUT') return { kind: 'updated', type, id, changed: await updateEntity(session, type, id, body, method === 'PUT') };
    if (method === 'DELETE') {
      await deleteEntity(session, type, id);
      return { kind: 'deleted', type, id };
    }
    throw methodNotAllowed(`${method} is not a SensorThings write.`);
  };

  const STRUCTURE = new Set(['Thing', 'Datastream', 'MultiDatastream', 'Sensor', 'ObservedProperty']);
  /** After the commit: the change events, the features that follow Things and streams, and the entity as the answer's body. */
  const afterWrite = async (request: FastifyRequest, outcome: WriteOutcome, created: WriteSession['created'], writer: Writer) => {
    const told = await tell(request, created, writer);
    if (afterStructureChange && (STRUCTURE.has(outcome.type.name) || created.some(({ type }) => STRUCTURE.has(type.name)))) await afterStructureChange(app.db.kysely);
    if (outcome.kind === 'deleted') {
      if (outcome.count === undefined) events.emit({ entitySet: outcome.type.set, id: outcome.id, kind: 'deleted' });
      return undefined;
    }
    const entity = told.get(`${outcome.type.set}(${outcome.id})`) ?? (await entityJson(outcome.type, outcome.id, writer));
    if (outcome.kind === 'updated') events.emit({ entitySet: outcome.type.set, id: outcome.id, kind: 'updated', entity, changed: outcome.changed, streamId: await streamOf(outcome.type, outcome.id) });
    return entity;
  };

  /** A DELETE's `$filter` (FROST-Server's DELETE of Observations by filter); no other option means anything to a DELETE. */
  const deleteFilter = (request: FastifyRequest): QueryOptions | undefined => {
    const query = request.query as Record<string, string | string[] | undefined>;
    if (Object.keys(query).length === 0) return undefined;
    for (const name of Object.keys(query)) if (name !== '$filter') throw new HttpProblem(400, 'query-option-invalid', 'Invalid query option', `${name}: a DELETE takes only $filter`, { params: { option: name } });
    try {
      return parseQueryOptions(query);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw syntaxProblem(error);
      throw error;
    }
  };
  const timesOf = (path: ResourcePath, body: unknown, now: number) => observationTimes(path.steps[path.steps.length - 1].type, body, now);
  const patchedTimes = async (request: FastifyRequest, path: ResourcePath, now: number) => {
    const type = path.steps[path.steps.length - 1].type;
    if (type.name !== 'Observation' || path.tail.kind !== 'entity') return [];
    const writer = await writerOf(request);
    const current = await readResource({ db: app.db.kysely, base, viewer: viewerOfWriter(writer), defaultTop: DEFAULT_TOP, maxTop: MAX_TOP }, path, { orderBy: [], expand: [] }, new URLSearchParams());
    return timesOf(path, patchBody((current as { json: Record<string, unknown> }).json, request.body), now);
  };

  for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
    app.route<{ Params: { '*': string }; Body: unknown }>({
      method,
      url: `${STA_PATH}/*`,
      config: { ...writeAccess, documentation: writeDocumentation(method) },
      handler: async (request, reply) => {
        const path = pathOf(request.params['*']);
        const now = Date.now();
        const jsonPatch = request.headers['content-type']?.toLowerCase().startsWith(JSON_PATCH_TYPE) ?? false;
        if (jsonPatch && method !== 'PATCH') throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `${JSON_PATCH_TYPE} is a body of PATCH.`);
        // A patched Observation's new time needs its partition before the transaction: the patch is applied once ahead to see it.
        const times = jsonPatch ? await patchedTimes(request, path, now) : timesOf(path, request.body, now);
        const filter = method === 'DELETE' ? deleteFilter(request) : undefined;
        const { result: outcome, created, writer } = await write(request, times, now, (session) => performWrite(session, method, path, request.body, jsonPatch, filter));
        const entity = await afterWrite(request, outcome, created, writer);
        if (!entity) return reply.code(200).send();
        if (outcome.kind === 'created') reply.code(201).header('location', entity['@iot.selfLink'] as string);
        return reply.type('application/json; charset=utf-8').send(entity);
      },
    });
  }

  // A JSON Patch is JSON: read as such, applied by the PATCH route (sta.jsonpatch.ts).
  app.addContentTypeParser(JSON_PATCH_TYPE, { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, JSON.parse(String(text)));
    } catch {
      done(new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'The JSON Patch is not JSON.'), undefined);
    }
  });

  // Batch requests (§11): reads carried as their own requests, writes by the rule of the write routes, a changeset in one transaction.
  app.addContentTypeParser('multipart/mixed', { parseAs: 'string', bodyLimit: app.config.staIngestBodyLimit }, (_request, body, done) => done(null, body));
  app.post<{ Body: unknown }>(`${STA_PATH}/$batch`, { bodyLimit: app.config.staIngestBodyLimit, config: { access: 'public', documentation: batchDocumentation } }, async (request, reply) => {
    const boundary = boundaryOf(request.headers['content-type']);
    const multipart = request.headers['content-type']?.toLowerCase().startsWith('multipart/mixed');
    if (multipart && !boundary) throw new HttpProblem(400, 'batch-malformed', 'Malformed batch', 'A multipart/mixed batch names its boundary.');
    const groups = boundary ? parseMultipartBatch(String(request.body), boundary) : parseJsonBatch(request.body);
    const addresses = new Map<string, string>();
    const ids = new Map<string, number>();
    const answered: { atomic: boolean; answers: BatchAnswer[] }[] = [];
    for (const group of groups) answered.push({ atomic: group.atomic, answers: await runGroup(request, group, addresses, ids) });
    if (boundary) {
      const answerBoundary = `batchresponse_${randomUUID()}`;
      return reply.type(`multipart/mixed; boundary=${answerBoundary}`).send(writeMultipartAnswer(answered, answerBoundary));
    }
    return reply.type('application/json; charset=utf-8').send({ responses: answered.flatMap((group) => group.answers.map((answer) => ({ id: answer.id, status: answer.status, headers: answer.headers, body: answer.body }))) });
  });

  const problemAnswer = (id: string | undefined, problem: HttpProblem): BatchAnswer => ({
    id,
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: { type: `/problems/${problem.slug}`, title: problem.title, status: problem.status, detail: problem.detail, code: problem.slug },
  });

  /** One group of a batch: a read, a write, or a changeset whose writes share one transaction. */
  const runGroup = async (request: FastifyRequest, group: BatchGroup, addresses: Map<string, string>, ids: Map<string, number>): Promise<BatchAnswer[]> => {
    if (!group.atomic && group.requests[0].method === 'GET') return [await carriedRead(request, group.requests[0], addresses)];
    const refusal = await accessRefusal(writeAccess.access, request);
    if (refusal) return group.atomic ? [problemAnswer(group.requests[0].id, refusal)] : [problemAnswer(group.requests[0].id, refusal)];
    try {
      const now = Date.now();
      const bodies = group.requests.map((carried) => (typeof carried.body === 'string' ? parseCarriedBody(carried.body) : carried.body));
      // The partitions its Observations need, before the transaction: a request's target may be a reference, so only its last name says whether it is Observations.
      const times = group.requests.flatMap((carried, i) => observationTimes(/(^|\/)Observations$/.test(carried.url.split('?')[0]) ? ENTITY_TYPES.Observation : ENTITY_TYPES.Thing, bodies[i], now));
      const { result, created, writer } = await write(request, times, now, async (session) => {
        const outcomes: WriteOutcome[] = [];
        for (const [i, carried] of group.requests.entries()) {
          // A later request may name what an earlier one of the changeset made.
          const url = resolveBatchUrl(carried.url, STA_PATH, addresses);
          if (!url.startsWith(`${STA_PATH}/`)) throw problems.notFound('SensorThings resource');
          const outcome = await performWrite(session, carried.method, pathOf(url.slice(STA_PATH.length + 1).split('?')[0]), resolveBodyReferences(bodies[i], ids));
          outcomes.push(outcome);
          if (carried.id && outcome.kind === 'created') {
            addresses.set(carried.id, `${STA_PATH}/${outcome.type.set}(${outcome.id})`);
            ids.set(carried.id, outcome.id);
          }
        }
        return outcomes;
      });
      const answers: BatchAnswer[] = [];
      for (const [i, outcome] of result.entries()) {
        const entity = await afterWrite(request, outcome, i === 0 ? created : [], writer);
        answers.push({
          id: group.requests[i].id,
          status: outcome.kind === 'created' ? 201 : 200,
          headers: entity && outcome.kind === 'created' ? { location: entity['@iot.selfLink'] as string } : {},
          body: entity,
        });
      }
      return answers;
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      // A changeset fails whole: its one answer is the error, and nothing of it was written.
      for (const carried of group.requests) if (carried.id) (addresses.delete(carried.id), ids.delete(carried.id));
      return [problemAnswer(group.requests[0].id, error)];
    }
  };

  /** A read carried in a batch: asked of this server as its own request, with the batch's credentials. */
  const carriedRead = async (request: FastifyRequest, carried: BatchRequest, addresses: Map<string, string>): Promise<BatchAnswer> => {
    let url: string;
    try {
      url = resolveBatchUrl(carried.url, STA_PATH, addresses);
    } catch (error) {
      if (error instanceof HttpProblem) return problemAnswer(carried.id, error);
      throw error;
    }
    if (!url.startsWith(`${STA_PATH}/`) && url !== STA_PATH) return problemAnswer(carried.id, problems.notFound('SensorThings resource'));
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'cookie', 'accept-language']) if (typeof request.headers[name] === 'string') headers[name] = request.headers[name] as string;
    const response = await app.inject({ method: 'GET', url, headers });
    const type = String(response.headers['content-type'] ?? '');
    return { id: carried.id, status: response.statusCode, headers: { 'content-type': type }, body: type.includes('json') ? response.json() : response.body };
  };

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
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const read = async () => {
      const context: ReadContext = { db: app.db.kysely, base, viewer: await viewerOf(request), defaultTop: DEFAULT_TOP, maxTop: MAX_TOP, keepRelated: true };
      return readResource(context, path, options, new URLSearchParams(rawQuery));
    };
    const streamId = keptStreamRead(path, options);
    if (streamId !== null) {
      const kept = await keptRead(app.db.kysely, streamId, rawQuery, async () => ((await read()) as { json: unknown }).json);
      if (kept !== null) return reply.type('application/json; charset=utf-8').send(kept);
    }
    const answer = await read();
    if ('text' in answer) return reply.type('text/plain; charset=utf-8').send(answer.text);
    return reply.type('application/json; charset=utf-8').send(answer.json);
  });
};
