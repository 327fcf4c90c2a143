import type { paths } from './api.schema.ts';

/**
 * The web app's API client, typed from the contract: `api.schema.ts` is generated from the
 * server's own OpenAPI document (`npm run api:types`), which the TypeBox route schemas that
 * validate requests produce. A call names its route as the server documents it
 * (`api.get('/api/datasets/{id}', { path: { id } })`); its path parameters, query, body and
 * answer are that route's, so a call that does not match its route is a type error.
 */

type Params = Record<string, string | number>;

/** One refused field: its path, a registered code (`src/shared/problems.ts`) and its parameters, and the server's English. */
export interface ProblemField {
  path: string;
  code?: string;
  params?: Params;
  message: string;
}

/**
 * A problem+json answer (RFC 9457) from the server, or one the client made (`network`,
 * `unreadable-answer`, `http-error`). `code` and `params` are what the web app words in the
 * user's language (`components/problemText.ts`); `title` and `detail` are English.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  params?: Params;
  errors?: ProblemField[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status() {
    return this.problem.status;
  }
  /** The problem's code: the server's `code`, else the last segment of its type. */
  get code(): string {
    return this.problem.code ?? this.problem.type.split('/').pop() ?? '';
  }
  /** Field errors keyed by field name ("body/email" → "email", "body/addressees/0" → "addressees.0"); the first for each field. */
  fieldErrors(): Record<string, ProblemField> {
    const out: Record<string, ProblemField> = {};
    for (const error of this.problem.errors ?? []) out[error.path.split('/').slice(1).join('.') || error.path] ??= error;
    return out;
  }
}

let csrfToken: string | undefined;
/** The session's CSRF token, sent with every write (the server refuses cookie writes without it). */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The routes that answer `method`, spelt as the OpenAPI document does (`/api/datasets/{id}`). */
export type ApiPath<M extends Method> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
export type Operation<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;

type Parameters_<Op> = Op extends { parameters: infer P } ? P : never;
type RequestBody<Op> = Op extends { requestBody?: infer R } ? NonNullable<R> : never;
type BodyContent<R> = R extends { content: { 'application/json': infer B } } ? B : R extends { content: { 'multipart/form-data': unknown } } ? FormData : never;
type BodyInit<Op> = [RequestBody<Op>] extends [never]
  ? { body?: never }
  : Op extends { requestBody: object }
    ? { body: BodyContent<RequestBody<Op>> }
    : { body?: BodyContent<RequestBody<Op>> };

/** What a call sends besides its path: `path` parameters, `query`, `body` and extra `headers`, as its route takes them. */
export type Init<Op> = Pick<Parameters_<Op>, ('path' | 'query') & keyof Parameters_<Op>> & BodyInit<Op> & { headers?: Record<string, string> };
/** The init argument: optional when the route needs nothing. */
export type InitArgs<Op> = object extends Init<Op> ? [init?: Init<Op>] : [init: Init<Op>];

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
/** A route's 2xx answer: its JSON, or undefined for a route that answers no content (204). */
export type Answer<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? (Responses<Op>[S] extends { content: { 'application/json': infer J } } ? J : undefined) : never;
}[keyof Responses<Op>];
/** The body `method path` takes. */
export type Body<M extends Method, P extends ApiPath<M>> = BodyContent<RequestBody<Operation<P, M>>>;
/** The query `GET path` takes. */
export type GetQuery<P extends ApiPath<'get'>> = NonNullable<Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? Q : never>;
/** The answer of `GET path`. */
export type GetAnswer<P extends ApiPath<'get'>> = Answer<Operation<P, 'get'>>;

type Call<M extends Method> = <P extends ApiPath<M>>(path: P, ...init: InitArgs<Operation<P, M>>) => Promise<Answer<Operation<P, M>>>;

export interface ApiClient {
  get: Call<'get'>;
  post: Call<'post'>;
  put: Call<'put'>;
  patch: Call<'patch'>;
  delete: Call<'delete'>;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number | boolean)[]>;
interface UntypedInit {
  path?: Record<string, string | number>;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The address of a call: `{name}` replaced by its encoded path parameter, the query as the server
 * reads it (an array as repeated keys, `theme=TRAN&theme=ENVI`; undefined, null and empty values
 * left out).
 */
export function apiUrl(path: string, init: Pick<UntypedInit, 'path' | 'query'> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = init.path?.[name];
    if (value === undefined || value === '') throw new Error(`${path}: no value for the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(init.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined && item !== null && item !== '') search.append(name, String(item));
  }
  const query = search.toString();
  return query ? `${filled}?${query}` : filled;
}

/** The address of `GET path` for a link (a download, an export), typed like a call. */
export function apiHref<P extends ApiPath<'get'>>(path: P, ...[init]: InitArgs<Operation<P, 'get'>>): string {
  return apiUrl(path, init as UntypedInit | undefined);
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** A problem for an error answer whose body is not a problem+json (an HTML page from a proxy, plain text, nothing, JSON cut short). */
function problemOf(response: Response, text: string): Problem {
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (data && typeof data === 'object' && typeof (data as Problem).title === 'string' && typeof (data as Problem).type === 'string') {
    return { ...(data as Problem), status: response.status };
  }
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, code: 'http-error', params: { status: response.status } };
}

export interface ClientOptions {
  /** Prefixed to every path (the tests' server); the app calls its own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * One call: answers the route's JSON (undefined for 204) or throws an ApiError: a problem from the
 * server, one made from the status of an answer that is not problem+json, a problem of status 0
 * when the network failed, and one for a 2xx answer that is not the JSON expected.
 */
export async function request(method: Method, path: string, init: UntypedInit = {}, options: ClientOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  const isForm = typeof FormData !== 'undefined' && init.body instanceof FormData;
  // A FormData body sets its own multipart content type, boundary included.
  if (init.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'get' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const body = init.body === undefined ? undefined : isForm ? (init.body as FormData) : JSON.stringify(init.body);
  const url = (options.baseUrl ?? '') + apiUrl(path, init);
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, { method: method.toUpperCase(), headers, body, credentials: 'same-origin' });
    text = await response.text();
  } catch {
    throw new ApiError({ type: '/problems/network', title: 'Network error', status: 0, code: 'network', params: {} });
  }
  if (!response.ok) throw new ApiError(problemOf(response, text));
  if (response.status === 204) return undefined;
  try {
    if (!JSON_TYPE.test(response.headers.get('content-type') ?? '')) throw new TypeError('not JSON');
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError({
      type: '/problems/unreadable-answer',
      title: 'The answer was not the JSON expected',
      status: response.status,
      code: 'unreadable-answer',
      params: {},
      detail: `${method.toUpperCase()} ${path} answered ${response.status} with ${text ? response.headers.get('content-type') || 'no content type' : 'an empty body'}`,
    });
  }
}

/** A client over `fetch`; the app uses `api`, the same origin's. */
export function createApiClient(options: ClientOptions = {}): ApiClient {
  const call =
    (method: Method) =>
    (path: string, init?: UntypedInit): Promise<unknown> =>
      request(method, path, init, options);
  return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') } as ApiClient;
}

export const api = createApiClient();
