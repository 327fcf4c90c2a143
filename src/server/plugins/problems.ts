import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { Type } from 'typebox';
import { type FieldCode, type FieldError, type ProblemCode, type ProblemParamName, type ProblemParams } from '../../shared/problems.ts';

export type { FieldError } from '../../shared/problems.ts';

const Params = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
  description: 'The values the code\'s wording names (see src/shared/problems.ts)',
});

/**
 * RFC 9457 problem details; `errors` lists every invalid field. `code` (the last segment of
 * `type`) and `params` say what went wrong for a client to word in its user's language; `title`,
 * `detail` and each error's `message` say it in English.
 */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: 'A registered problem code: the last segment of type (http-error for about:blank)' }),
    params: Params,
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
          code: Type.String({ description: 'A registered field-error code' }),
          params: Params,
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);

type Extra = { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown };
/** A code with parameters must be given them; one without takes none. */
type ExtraArgs<C extends ProblemCode> = [ProblemParamName<C>] extends [never]
  ? [extra?: Extra & { params?: Record<string, never> }]
  : [extra: Extra & { params: ProblemParams<C> }];
type ParamsArgs<C extends ProblemCode> = [ProblemParamName<C>] extends [never] ? [] : [params: ProblemParams<C>];

/** An error that carries its own problem document; throw it from any handler or hook. */
export class HttpProblem<C extends ProblemCode = ProblemCode> extends Error {
  readonly extra: Extra;
  constructor(
    readonly status: number,
    readonly slug: C,
    readonly title: string,
    readonly detail?: string,
    ...[extra]: ExtraArgs<C>
  ) {
    super(detail ?? title);
    this.extra = extra ?? {};
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'invalid-request', 'Invalid request', detail, { errors }),
  unauthorized: (detail = 'Log in or send an API token to do this.') => new HttpProblem(401, 'unauthorized', 'Authentication required', detail),
  forbidden: (detail = 'Your role does not allow this.') => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  /** A route the caller may call, asked for a change their role may not make there (a business rule, not the route's access rule). */
  changeNotPermitted: (detail: string) => new HttpProblem(403, 'change-not-permitted', 'Change not permitted', detail),
  notFound: (what = 'resource') => new HttpProblem(404, 'not-found', 'Not found', `No such ${what}.`),
  conflict: <C extends ProblemCode>(slug: C, detail: string, ...[params]: ParamsArgs<C>) =>
    new HttpProblem<C>(409, slug, 'Conflict', detail, ...([{ params }] as ExtraArgs<C>)),
  tooMany: (detail: string, retryAfterSeconds: number) =>
    new HttpProblem(429, 'too-many-requests', 'Too many requests', detail, {
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
      params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    }),
};

export function problemType(slug: ProblemCode | 'about:blank'): string {
  return slug === 'about:blank' ? slug : `/problems/${slug}`;
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  /** The value the issue is about (Ajv's `verbose`). */
  data?: unknown;
}

const LIMIT_CODES: Record<string, FieldCode> = {
  minLength: 'too-short',
  maxLength: 'too-long',
  minItems: 'too-few',
  maxItems: 'too-many',
  minimum: 'too-small',
  exclusiveMinimum: 'too-small',
  maximum: 'too-large',
  exclusiveMaximum: 'too-large',
};
const FORMAT_CODES: Record<string, FieldCode> = { email: 'email', uri: 'url', date: 'date', 'date-time': 'date-time', uuid: 'uuid' };

/** One Ajv issue as a registered code and its parameters, by keyword and Ajv's params. */
function fieldCode(keyword: string | undefined, params: Record<string, unknown>): Pick<FieldError, 'code' | 'params'> {
  const limit = typeof params.limit === 'number' ? params.limit : Number(params.limit);
  switch (keyword) {
    case 'required':
      return { code: 'required' };
    case 'additionalProperties':
      return { code: 'not-allowed' };
    case 'minLength':
      // An empty string never gets here (fieldErrors calls it missing): this one is too short.
      return { code: 'too-short', params: { limit } };
    case 'minProperties':
      // A localised text in at least one language: nothing given.
      if (limit <= 1) return { code: 'required' };
      return { code: 'too-few', params: { limit } };
    case 'maxProperties':
      return { code: 'too-many', params: { limit } };
    case 'format':
      return { code: FORMAT_CODES[String(params.format)] ?? 'format' };
    case 'pattern':
      if (params.pattern === '\\S') return { code: 'blank' };
      if (params.pattern === '^https?://') return { code: 'url' };
      return { code: 'pattern' };
    case 'type':
      if (params.type === 'integer') return { code: 'integer' };
      if (params.type === 'number') return { code: 'number' };
      return { code: 'type' };
    case 'enum':
    case 'const': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [params.allowedValue];
      return { code: 'one-of', params: { allowedValues: allowed.map(String).join(', ') } };
    }
    case 'uniqueItems':
      return { code: 'duplicate' };
  }
  const limitCode = keyword ? LIMIT_CODES[keyword] : undefined;
  if (limitCode && Number.isFinite(limit)) return { code: limitCode, params: { limit } } as Pick<FieldError, 'code' | 'params'>;
  return { code: 'invalid' };
}

/** Ajv's report turned into fields a person can act on: path, registered code and params, and Ajv's English. */
export function fieldErrors(issues: ValidationIssue[], context: string | undefined): FieldError[] {
  // An empty field is missing, whatever its shortest length: "is required", and only that (not
  // also "at least 3 characters" or "not an e-mail address").
  const empty = new Set(issues.filter((issue) => issue.keyword === 'minLength' && issue.data === '').map((issue) => issue.instancePath));
  const kept = issues.filter((issue) => !empty.has(issue.instancePath) || issue.keyword === 'minLength');
  return kept.map((issue) => {
    const base = [context, ...(issue.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('/');
    const params = issue.params ?? {};
    if (empty.has(issue.instancePath)) return { path: base || '(root)', code: 'required', message: 'is required' };
    if (issue.keyword === 'additionalProperties' && params.additionalProperty) {
      return { path: `${base}/${String(params.additionalProperty)}`, code: 'not-allowed', message: 'is not an allowed field' };
    }
    if (issue.keyword === 'required' && params.missingProperty) {
      return { path: `${base}/${String(params.missingProperty)}`, code: 'required', message: 'is required' };
    }
    return { path: base || '(root)', message: issue.message ?? 'is invalid', ...fieldCode(issue.keyword, params) } as FieldError;
  });
}

function sendProblem(reply: FastifyReply, status: number, slug: ProblemCode | 'about:blank', title: string, detail?: string, extra: Record<string, unknown> = {}) {
  const { headers, params, errors, ...members } = extra as { headers?: Record<string, string>; params?: Record<string, unknown>; errors?: FieldError[] };
  if (headers) reply.headers(headers);
  const body: Record<string, unknown> = { type: problemType(slug), title, status };
  if (detail) body.detail = detail;
  body.code = slug === 'about:blank' ? 'http-error' : slug;
  body.params = slug === 'about:blank' ? { status } : (params ?? {});
  if (errors) body.errors = errors.map(({ path, message, code, params: fieldParams }) => ({ path, message, code, params: fieldParams ?? {} }));
  for (const [key, value] of Object.entries(members)) if (value !== undefined) body[key] = value;
  return reply.code(status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

/** Fastify's own client errors by code, with wording for people rather than for Fastify. */
const FRAMEWORK_ERRORS: Record<string, { slug: ProblemCode; title: string; detail?: string; params?: Record<string, number> }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'payload-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON', detail: 'The body is empty but the content type says JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_REQ_FILE_TOO_LARGE: { slug: 'file-too-large', title: 'File too large', detail: 'Files may be at most 10 MB.', params: { megabytes: 10 } },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { slug: 'not-multipart', title: 'Not multipart', detail: 'Send the file as multipart/form-data.' },
};

/**
 * PostgreSQL's refusals of a value the request carried (a malformed number or id, text it cannot
 * encode, a date out of its range): the request's fault, whichever check let it through.
 */
const DATABASE_INPUT_ERRORS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

export function isDatabaseInputError(error: Error & { code?: unknown }): boolean {
  return typeof error.code === 'string' && DATABASE_INPUT_ERRORS.has(error.code) && 'severity' in error;
}

export function handleError(error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpProblem) {
    return sendProblem(reply, error.status, error.slug, error.title, error.detail, error.extra);
  }
  if (isDatabaseInputError(error)) {
    request.log.info({ err: error }, 'the database refused a value from the request');
    return sendProblem(reply, 400, 'invalid-value', 'Invalid value', `A value in the request cannot be stored: ${error.message}.`);
  }
  if (error.validation) {
    const errors = fieldErrors(error.validation as ValidationIssue[], error.validationContext);
    return sendProblem(reply, 400, 'validation-error', 'Invalid request', 'Some fields are missing or invalid.', { errors });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return sendProblem(reply, status, known.slug, known.title, known.detail ?? error.message, { params: known.params });
    // A JSON syntax error from the body parser reaches us as a plain SyntaxError with status 400.
    if (error instanceof SyntaxError) return sendProblem(reply, 400, 'malformed-json', 'Malformed JSON', error.message);
    return sendProblem(reply, status, 'about:blank', STATUS_CODES[status] ?? 'Client error', error.message);
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, 500, 'internal-error', 'Internal server error', 'Something went wrong on our side; it has been logged.');
}

export function registerProblems(app: FastifyInstance) {
  app.addSchema(ProblemSchema);
  app.setErrorHandler(handleError);
}
