import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type, type Static } from 'typebox';
import { negotiateLanguage } from '../../../shared/languages.ts';
import { DOMAINS, OPEN_STATUSES, type Domain } from '../../../shared/register.ts';
import { HttpProblem, isDatabaseInputError } from '../../plugins/problems.ts';
import { listForOpen311, reportBottleneck } from '../bottlenecks/bottlenecks.service.ts';
import { resolveApiToken, type AuthUser } from '../accounts/accounts.service.ts';
import en from '../../../web/locales/en/bottlenecks.json' with { type: 'json' };
import fi from '../../../web/locales/fi/bottlenecks.json' with { type: 'json' };
import et from '../../../web/locales/et/bottlenecks.json' with { type: 'json' };

/**
 * Open311 GeoReport v2 (JSON): the six domains are the services, published bottlenecks the
 * service requests, so existing Open311 clients can read and file reports. Errors follow
 * GeoReport's `[{code, description}]`, not problem+json.
 */
const DOMAIN_NAMES = { en: en.domain, fi: fi.domain, et: et.domain };
const tags = ['open311'];

const GeoError = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});
const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.String(),
  status_notes: Type.Union([Type.String(), Type.Null()]),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.Union([Type.String(), Type.Null()]),
  service_notice: Type.Union([Type.String(), Type.Null()]),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  address_id: Type.Union([Type.String(), Type.Null()]),
  zipcode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  long: Type.Union([Type.Number(), Type.Null()]),
  media_url: Type.Union([Type.String(), Type.Null()]),
});
const RequestsQuery = Type.Object({
  service_request_id: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated references' })),
  service_code: Type.Optional(Type.Enum([...DOMAINS], { type: 'string' })),
  start_date: Type.Optional(Type.String({ format: 'date-time' })),
  end_date: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
});
const NewRequest = Type.Object(
  {
    service_code: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: 20, maxLength: 4000 }),
    title: Type.Optional(Type.String({ minLength: 5, maxLength: 200 })),
    language: Type.Optional(Type.Enum(['fi', 'et', 'en', 'sv', 'ru'], { type: 'string' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    media_url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    api_key: Type.Optional(Type.String({ maxLength: 200 })),
    jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
    first_name: Type.Optional(Type.String({ maxLength: 100 })),
    last_name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 50 })),
    address_string: Type.Optional(Type.String({ maxLength: 300 })),
    address_id: Type.Optional(Type.String({ maxLength: 100 })),
    // Form fields are text; the register keeps no coordinates, so they are checked and set aside.
    lat: Type.Optional(Type.String({ pattern: '^-?\\d{1,2}(\\.\\d+)?$' })),
    long: Type.Optional(Type.String({ pattern: '^-?\\d{1,3}(\\.\\d+)?$' })),
    device_id: Type.Optional(Type.String({ maxLength: 200 })),
    account_id: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

function geoError(code: number, description: string) {
  return [{ code, description }];
}

/**
 * Who files an Open311 report: the account of an API token with the write scope (a Bearer
 * header, checked with every request, or GeoReport's `api_key` field), else no one. The session
 * cookie never counts here (`session: false`): Open311 clients do not hold our session, and a
 * form on another site must not file a report in a signed-in visitor's name.
 */
async function reporterOf(request: FastifyRequest, apiKey: string | undefined): Promise<AuthUser | null> {
  if (request.auth.via === 'token' || apiKey === undefined) return request.auth.user;
  const resolved = await resolveApiToken(request.server.db.kysely, apiKey);
  if (!resolved) throw new HttpProblem(403, 'invalid-api-key', 'Invalid api_key', 'The api_key is not an API token of this server, or it was revoked or has expired.');
  if (!resolved.scopes.includes('write')) throw new HttpProblem(403, 'insufficient-scope', 'Insufficient scope', 'The API token given as api_key has no write scope.');
  return resolved.user;
}

export const open311Routes: FastifyPluginAsync = async (app) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      const fields = error.extra.errors?.map((e) => `${e.path} ${e.message}`).join('; ');
      return reply.code(error.status).send(geoError(error.status, [error.detail ?? error.title, fields].filter(Boolean).join(': ')));
    }
    if (isDatabaseInputError(error)) return reply.code(400).send(geoError(400, `A value in the request cannot be stored: ${error.message}`));
    if (error.validation) {
      const described = error.validation.map((v) => `${v.instancePath.slice(1) || (v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty || (v.params as { additionalProperty?: string }).additionalProperty || error.validationContext} ${v.message}`);
      return reply.code(400).send(geoError(400, described.join('; ')));
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'open311 request failed');
    return reply.code(status).send(geoError(status, status === 500 ? 'Internal error' : error.message));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(geoError(404, 'Not found. Talsinki speaks GeoReport v2 in JSON (.json).')));

  const serviceName = (domain: Domain, lang: 'fi' | 'et' | 'en') => DOMAIN_NAMES[lang][domain];

  function toServiceRequest(row: Awaited<ReturnType<typeof listForOpen311>>[number], lang: 'fi' | 'et' | 'en') {
    return {
      service_request_id: row.ref,
      status: (OPEN_STATUSES as readonly string[]).includes(row.status) ? 'open' : 'closed',
      status_notes: row.last_note,
      service_name: serviceName(row.domain, lang),
      service_code: row.domain,
      description: (row.description[row.original_language] ?? '').slice(0, 4000),
      agency_responsible: row.agencies,
      service_notice: null,
      requested_datetime: (row.published_at ?? row.created_at).toISOString(),
      updated_datetime: row.updated_at.toISOString(),
      expected_datetime: row.assessment_due_at?.toISOString() ?? null,
      address: null,
      address_id: null,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    };
  }

  app.get('/v2/services.json', { config: { access: 'public' }, schema: { tags, summary: 'GeoReport v2: the six domains as services', response: { 200: Type.Array(Service) } } }, async (request) => {
    const lang = negotiateLanguage(request.headers['accept-language']);
    return DOMAINS.map((domain) => ({
      service_code: domain,
      service_name: serviceName(domain, lang),
      description: serviceName(domain, lang),
      metadata: false,
      type: 'realtime',
      keywords: domain.replace('_', ' '),
      group: 'cross-border',
    }));
  });

  app.get<{ Querystring: Static<typeof RequestsQuery> }>(
    '/v2/requests.json',
    { config: { access: 'public' }, schema: { tags, summary: 'GeoReport v2: published bottlenecks as service requests (default: the last 90 days, at most 1000)', querystring: RequestsQuery, response: { 200: Type.Array(ServiceRequest), '4xx': GeoError } } },
    async (request) => {
      const q = request.query;
      const refs = q.service_request_id?.split(',').map((ref) => ref.trim()).filter(Boolean);
      const statuses = q.status?.split(',');
      const open = statuses?.length === 1 ? statuses[0] === 'open' : undefined;
      const to = q.end_date ? new Date(q.end_date) : undefined;
      const from = q.start_date ? new Date(q.start_date) : refs?.length ? undefined : new Date((to?.getTime() ?? Date.now()) - 90 * 24 * 3600 * 1000);
      if (from && to && from > to) throw new HttpProblem(400, 'bad-range', 'Bad range', 'start_date must be before end_date.');
      const rows = await listForOpen311(app.db.kysely, { refs, domain: q.service_code, open, from, to, limit: 1000 });
      const lang = negotiateLanguage(request.headers['accept-language']);
      return rows.map((row) => toServiceRequest(row, lang));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v2/requests/:id.json',
    { config: { access: 'public' }, schema: { tags, summary: 'GeoReport v2: one service request', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }), response: { 200: Type.Array(ServiceRequest), '4xx': GeoError } } },
    async (request) => {
      const rows = await listForOpen311(app.db.kysely, { refs: [request.params.id], limit: 1 });
      if (rows.length === 0) throw new HttpProblem(404, 'not-found', 'Not found', `No published service request ${request.params.id}.`);
      return [toServiceRequest(rows[0], negotiateLanguage(request.headers['accept-language']))];
    },
  );

  app.post<{ Body: Static<typeof NewRequest> }>(
    '/v2/requests.json',
    {
      config: { access: 'public', session: false },
      schema: {
        tags,
        summary: 'GeoReport v2: file a report (form-encoded); it waits for moderation like any other. Anonymous, or under the account of an API token with the write scope (Bearer or api_key); the session cookie does not count',
        consumes: ['application/x-www-form-urlencoded'],
        body: NewRequest,
        response: { 201: Type.Array(Type.Object({ service_request_id: Type.String(), service_notice: Type.String(), account_id: Type.Union([Type.String(), Type.Null()]) })), '4xx': GeoError },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!(DOMAINS as readonly string[]).includes(body.service_code)) throw new HttpProblem(404, 'unknown-service', 'Unknown service', `service_code ${body.service_code} not found; see services.json.`, { params: { serviceCode: body.service_code } });
      const title = body.title ?? (body.description.split(/(?<=[.!?])\s/)[0] ?? body.description).slice(0, 200).trim();
      const reporter = await reporterOf(request, body.api_key);
      const created = await reportBottleneck(app.db.kysely, reporter, request.ip, {
        title: title.length >= 5 ? title : body.description.slice(0, 200),
        description: body.description,
        language: body.language ?? 'en',
        domain: body.service_code as Domain,
        countries: ['FI', 'EE'],
        evidenceLinks: body.media_url ? [body.media_url] : undefined,
        reporterEmail: body.email,
      }, app.config);
      return reply.code(201).send([{ service_request_id: created.ref, service_notice: 'Your report waits for moderation before it is published.', account_id: null }]);
    },
  );
};
