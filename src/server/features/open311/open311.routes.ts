import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type, type Static } from 'typebox';
import { isUiLanguage, negotiateLanguage, type Language } from '../../../shared/languages.ts';
import { DOMAINS, OPEN_STATUSES, type Domain } from '../../../shared/register.ts';
import { HttpProblem, isDatabaseInputError } from '../../plugins/problems.ts';
import { MAX_ATTACHMENTS, readForm, registerUploads, type Upload } from '../attachments/attachments.service.ts';
import { listForOpen311, reportStatus } from '../bottlenecks/bottlenecks.service.ts';
import { fileReport, isDomain, readAttributes, reporterOf, serviceDefinition, takeAttributes } from './open311.service.ts';
import { xmlDocument, type XmlValue } from './xml.ts';
import { DOMAIN_NAMES } from '../../lib/interfaceTexts.ts';

/**
 * Open311 GeoReport v2: the six domains are the services, published bottlenecks the service
 * requests, so existing Open311 clients can read and file reports. Every resource answers in XML
 * (the standard's required format) and JSON, chosen by the suffix; errors follow GeoReport's
 * `<errors><error>` / `[{code, description}]`, not problem+json.
 */
/** The services' names (the register's domains) in every UI language, as the web's report form names them. */
const tags = ['open311'];
const FORMATS = ['json', 'xml'] as const;
type Format = (typeof FORMATS)[number];
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Changes when what the endpoint offers changes (discovery's sortable `changeset`). */
const CHANGESET = '2026-12-03T00:00:00Z';
const NOTICE = 'Talsinki publishes a report after a moderator has checked it; until then requests/{id} answers 404. Ask tokens/{token} for its service_request_id.';

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
const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Type.Union([Type.String(), Type.Null()]),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
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
const TokenAnswer = Type.Array(Type.Object({ service_request_id: Type.Union([Type.String(), Type.Null()]), token: Type.String() }));
const Created = Type.Array(Type.Object({ token: Type.String(), service_notice: Type.String(), account_id: Type.Union([Type.String(), Type.Null()]) }));
const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) })),
});
// Clients send jurisdiction_id (and others their own parameters) with every call: the rest is let be.
const JurisdictionQuery = Type.Object({ jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })) });
const RequestsQuery = Type.Object({
  service_request_id: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated references; overrides every other parameter' })),
  service_code: Type.Optional(Type.String({ maxLength: 300, pattern: '^[a-z_]+(,[a-z_]+)*$', description: 'Comma-separated service codes' })),
  start_date: Type.Optional(Type.String({ format: 'date-time' })),
  end_date: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
});
const NEW_REQUEST_NOTE = "A location is required: lat and long, address_string or address_id. Also attribute[code]=value (attribute[code][]=value for a multivaluelist) for the service's attributes: see services/{service_code}.json";
const NewRequest = Type.Object(
  {
    service_code: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
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
    lat: Type.Optional(Type.String({ pattern: '^-?\\d{1,2}(\\.\\d{1,15})?$' })),
    long: Type.Optional(Type.String({ pattern: '^-?\\d{1,3}(\\.\\d{1,15})?$' })),
    device_id: Type.Optional(Type.String({ maxLength: 200 })),
    account_id: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, description: NEW_REQUEST_NOTE },
);
/** The field of a multipart POST that carries photos (GeoReport 2.1's draft, Helsinki's Open311, python `three`). */
const MEDIA_FIELD = 'media';
/** Fields of a multipart POST beside its files: GeoReport's and the attributes' values, with room to spare. */
const FORM_LIMITS = { files: MAX_ATTACHMENTS, fields: 100, fieldSize: 16 * 1024 };
const NewRequestMultipart = Type.Object(
  {
    ...NewRequest.properties,
    [MEDIA_FIELD]: Type.Optional(Type.Array(Type.String({ format: 'binary' }), { maxItems: MAX_ATTACHMENTS, description: `Photos (or PDFs), each at most 10 MB, their type read from their content; at most ${MAX_ATTACHMENTS}, stored as the bottleneck's attachments` })),
  },
  { additionalProperties: false, description: NEW_REQUEST_NOTE },
);

const ROOTS = { services: 'services', definition: 'service_definition', requests: 'service_requests', discovery: 'discovery', errors: 'errors' } as const;
const attributesOf = new WeakMap<FastifyRequest, Map<string, string[]>>();
const mediaOf = new WeakMap<FastifyRequest, Upload[]>();

function formatOf(request: FastifyRequest): Format {
  return request.url.split('?', 1)[0].endsWith('.xml') ? 'xml' : 'json';
}

function answer(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(xmlDocument(root, value));
  return reply.send(value);
}

function geoError(reply: FastifyReply, format: Format, code: number, description: string) {
  return answer(reply, format, ROOTS.errors, [{ code, description }], code);
}

/** The OpenAPI description of a route in one format: XML is a string, JSON has its schema. */
function responses(format: Format, ok: unknown, status = 200) {
  return format === 'xml' ? { [status]: Type.String({ description: 'GeoReport v2 XML' }), '4xx': Type.String({ description: 'GeoReport v2 errors as XML' }) } : { [status]: ok, '4xx': GeoError };
}

export const open311Routes: FastifyPluginAsync = async (app) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await registerUploads(app, FORM_LIMITS);
  const publicUrl = app.config.publicUrl;
  const jurisdiction = new URL(publicUrl).hostname.toLowerCase();

  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    const format = formatOf(request);
    if (error instanceof HttpProblem) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      const fields = error.extra.errors?.map((e) => `${e.path} ${e.message}`).join('; ');
      return geoError(reply, format, error.status, [error.detail ?? error.title, fields].filter(Boolean).join(': '));
    }
    if (isDatabaseInputError(error)) return geoError(reply, format, 400, `A value in the request cannot be stored: ${error.message}`);
    if (error.validation) {
      const described = error.validation.map((v) => `${v.instancePath.slice(1) || (v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty || (v.params as { additionalProperty?: string }).additionalProperty || error.validationContext} ${v.message}`);
      return geoError(reply, format, 400, described.join('; '));
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'open311 request failed');
    return geoError(reply, format, status, status === 500 ? 'Internal error' : error.message);
  });
  app.setNotFoundHandler((request, reply) => geoError(reply, formatOf(request), 404, 'Not found. See discovery.json or discovery.xml for what Talsinki serves.'));

  // GeoReport: an optional argument passed empty is treated as one not passed (`api_key=` from
  // clients without a key). Attributes are taken out before the body meets its schema.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && request.isMultipart()) {
      const { fields, files: media } = await readForm(request, MEDIA_FIELD, FORM_LIMITS);
      request.body = fields;
      mediaOf.set(request, media);
    }
    for (const part of [request.query, request.body]) {
      if (!part || typeof part !== 'object') continue;
      const fields = part as Record<string, unknown>;
      for (const key of Object.keys(fields)) if (fields[key] === '') delete fields[key];
    }
    if (request.method === 'POST' && request.body && typeof request.body === 'object') attributesOf.set(request, takeAttributes(request.body as Record<string, unknown>));
    // One jurisdiction: its id is this server's host name; any other is not found here, before
    // anything else in the request is judged.
    for (const part of [request.query, request.body]) {
      const sent = part && typeof part === 'object' ? (part as { jurisdiction_id?: unknown }).jurisdiction_id : undefined;
      if (sent !== undefined && (typeof sent !== 'string' || sent.toLowerCase() !== jurisdiction)) {
        throw new HttpProblem(404, 'not-found', 'Unknown jurisdiction', `jurisdiction_id ${String(sent)} is not served here; this server's is ${jurisdiction} (or none).`);
      }
    }
  });

  const serviceName = (domain: Domain, lang: Language) => DOMAIN_NAMES[lang][domain];

  function toServiceRequest(row: Awaited<ReturnType<typeof listForOpen311>>[number], lang: Language) {
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
      address: row.address,
      address_id: row.address_id,
      zipcode: null,
      lat: row.location_lat,
      long: row.location_long,
      media_url: row.evidence_links[0] ?? null,
    };
  }

  function discovery() {
    return {
      changeset: CHANGESET,
      contact: `Talsinki, ${publicUrl}`,
      key_service: `An API token with the write scope, made on ${publicUrl}/profile, is the api_key.`,
      endpoints: [{ specification: SPECIFICATION, url: `${publicUrl}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
    };
  }

  for (const format of FORMATS) {
    const produces = [format === 'xml' ? 'text/xml' : 'application/json'];

    // Discovery at the root the standard names, and under v2 where clients without a discovery
    // URL (python `three`) look for it.
    for (const path of [`/discovery.${format}`, `/v2/discovery.${format}`]) {
      app.get(path, { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'GeoReport service discovery', produces, response: responses(format, Discovery) } }, async (_request, reply) => answer(reply, format, ROOTS.discovery, discovery()));
    }

    app.get(`/v2/services.${format}`, { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'GeoReport v2: the six domains as services', produces, querystring: JurisdictionQuery, response: responses(format, Type.Array(Service)) } }, async (request, reply) => {
      const lang = negotiateLanguage(request.headers['accept-language']);
      const services = DOMAINS.map((domain) => ({
        service_code: domain,
        service_name: serviceName(domain, lang),
        description: serviceName(domain, lang),
        metadata: true,
        type: 'realtime',
        keywords: domain.replace('_', ' '),
        group: 'cross-border',
      }));
      return answer(reply, format, ROOTS.services, services);
    });

    app.get<{ Params: { code: string } }>(
      `/v2/services/:code.${format}`,
      { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: "GeoReport v2: a service's attributes (attribute[code] when filing)", produces, params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }), querystring: JurisdictionQuery, response: responses(format, ServiceDefinition) } },
      async (request, reply) => {
        const code = request.params.code;
        if (!isDomain(code)) throw new HttpProblem(404, 'unknown-service', 'Unknown service', `service_code ${code} not found; see services.${format}.`, { params: { serviceCode: code } });
        return answer(reply, format, ROOTS.definition, serviceDefinition(code, negotiateLanguage(request.headers['accept-language'])));
      },
    );

    app.get<{ Querystring: Static<typeof RequestsQuery> }>(
      `/v2/requests.${format}`,
      { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'GeoReport v2: published bottlenecks as service requests (default: the last 90 days, at most 1000)', produces, querystring: RequestsQuery, response: responses(format, Type.Array(ServiceRequest)) } },
      async (request, reply) => {
        const q = request.query;
        const refs = q.service_request_id?.split(',').map((ref) => ref.trim()).filter(Boolean);
        const lang = negotiateLanguage(request.headers['accept-language']);
        let rows;
        if (refs?.length) {
          rows = await listForOpen311(app.db.kysely, { refs, limit: 1000 });
        } else {
          const codes = q.service_code ? [...new Set(q.service_code.split(','))] : undefined;
          const unknown = codes?.find((code) => !isDomain(code));
          if (unknown) throw new HttpProblem(400, 'unknown-service', 'Unknown service', `service_code ${unknown} is not a service; see services.${format}.`, { params: { serviceCode: unknown } });
          const statuses = q.status ? [...new Set(q.status.split(','))] : undefined;
          const open = statuses?.length === 1 ? statuses[0] === 'open' : undefined;
          const to = q.end_date ? new Date(q.end_date) : undefined;
          const from = q.start_date ? new Date(q.start_date) : new Date((to?.getTime() ?? Date.now()) - 90 * 24 * 3600 * 1000);
          if (to && from > to) throw new HttpProblem(400, 'bad-range', 'Bad range', 'start_date must be before end_date.');
          rows = await listForOpen311(app.db.kysely, { domains: codes as Domain[] | undefined, open, from, to, limit: 1000 });
        }
        return answer(reply, format, ROOTS.requests, rows.map((row) => toServiceRequest(row, lang)));
      },
    );

    app.get<{ Params: { id: string } }>(
      `/v2/requests/:id.${format}`,
      { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'GeoReport v2: one service request', produces, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }), querystring: JurisdictionQuery, response: responses(format, Type.Array(ServiceRequest)) } },
      async (request, reply) => {
        const rows = await listForOpen311(app.db.kysely, { refs: [request.params.id], limit: 1 });
        if (rows.length === 0) throw new HttpProblem(404, 'not-found', 'Not found', `No published service request ${request.params.id}.`);
        return answer(reply, format, ROOTS.requests, [toServiceRequest(rows[0], negotiateLanguage(request.headers['accept-language']))]);
      },
    );

    app.get<{ Params: { token: string } }>(
      `/v2/tokens/:token.${format}`,
      { config: { access: 'public', anyOrigin: true }, schema: { tags, summary: 'GeoReport v2: the service_request_id of a filed report, once it is published (empty until then)', produces, params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: JurisdictionQuery, response: responses(format, TokenAnswer) } },
      async (request, reply) => {
        const token = request.params.token;
        const status = await reportStatus(app.db.kysely, token);
        const published = (await listForOpen311(app.db.kysely, { refs: [status.ref], limit: 1 })).length > 0;
        return answer(reply, format, ROOTS.requests, [{ service_request_id: published ? status.ref : null, token }]);
      },
    );

    app.post<{ Body: Static<typeof NewRequest> }>(
      `/v2/requests.${format}`,
      {
        config: {
          access: 'public',
          session: false,
          // The document shows the files a multipart POST may carry; they are taken out before the body meets its schema.
          documentation: { body: { content: { 'application/x-www-form-urlencoded': { schema: NewRequest }, 'multipart/form-data': { schema: NewRequestMultipart } } } },
        },
        schema: {
          tags,
          summary: `GeoReport v2: file a report (form-encoded, or multipart/form-data with up to ${MAX_ATTACHMENTS} photos in "media"); it waits for moderation, so the answer is a token (see tokens/{token}). Anonymous, or under the account of an API token with the write scope (Bearer or api_key); the session cookie does not count`,
          consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
          produces,
          body: NewRequest,
          response: responses(format, Created, 201),
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!isDomain(body.service_code)) throw new HttpProblem(404, 'unknown-service', 'Unknown service', `service_code ${body.service_code} not found; see services.${format}.`, { params: { serviceCode: body.service_code } });
        if ((body.lat === undefined) !== (body.long === undefined)) throw new HttpProblem(400, 'invalid-value', 'Bad location', 'lat and long go together: send both or neither.');
        const lat = body.lat === undefined ? null : Number(body.lat);
        const long = body.long === undefined ? null : Number(body.long);
        if ((lat !== null && Math.abs(lat) > 90) || (long !== null && Math.abs(long) > 180)) throw new HttpProblem(400, 'invalid-value', 'Bad location', 'lat must lie within ±90 and long within ±180.');
        const address = body.address_string?.trim() || null;
        const addressId = body.address_id?.trim() || null;
        if (lat === null && address === null && addressId === null) throw new HttpProblem(400, 'invalid-value', 'Location required', 'GeoReport v2 requires a location: lat and long, address_string or address_id.');
        const attributes = readAttributes(attributesOf.get(request) ?? new Map());
        const reportLanguage = attributes.language ?? body.language;
        const languageOfReport = isUiLanguage(reportLanguage) ? reportLanguage : 'en';
        const reporter = await reporterOf(app.db.kysely, request, body.api_key);
        const created = await fileReport(
          app.db.kysely,
          reporter,
          request.ip,
          {
            serviceCode: body.service_code,
            description: body.description ?? null,
            title: body.title,
            language: body.language,
            attributes,
            lat,
            long,
            address,
            addressId,
            mediaUrl: body.media_url,
            media: mediaOf.get(request) ?? [],
            personal: { email: body.email, firstName: body.first_name, lastName: body.last_name, phone: body.phone, deviceId: body.device_id, accountRef: body.account_id },
          },
          app.config,
          serviceName(body.service_code, languageOfReport),
        );
        return answer(reply, format, ROOTS.requests, [{ token: created.statusToken, service_notice: NOTICE, account_id: reporter.user?.id ?? null }], 201);
      },
    );
  }
};
