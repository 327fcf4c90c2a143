import { HttpProblem } from '../../plugins/problems.ts';

/**
 * Batch requests (OGC 18-088 §11, after OData 4.0 §11.7): a `multipart/mixed` body of requests,
 * each an `application/http` part, where a nested `multipart/mixed` part is a changeset that
 * succeeds or fails whole; and FROST-Server's JSON batch (OData 4.01 JSON), `{"requests": […]}`
 * with `atomicityGroup`. Both become groups of requests; `$1` (a Content-ID) names what an earlier
 * request of the batch created. Written by hand: the body is bounded by the route's limit, and
 * each part is an HTTP request in text, which no form-data parser reads.
 */

export interface BatchRequest {
  /** The Content-ID (multipart) or id (JSON) a later request may name as `$id`. */
  id?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** JSON text (multipart) or a parsed value (JSON batch). */
  body?: string | unknown;
}

export interface BatchGroup {
  /** A changeset or an atomicity group: all of it or nothing. */
  atomic: boolean;
  requests: BatchRequest[];
}

const malformed = (detail: string) => new HttpProblem(400, 'batch-malformed', 'Malformed batch', detail);

/** The boundary of a `multipart/mixed; boundary=…` media type (quoted or not). */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !contentType.toLowerCase().startsWith('multipart/mixed')) return undefined;
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'boundary') continue;
    const value = rest.join('=').trim();
    return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

/** The parts between `--boundary` lines, without the preamble and epilogue. */
function splitParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed(`The body has no part delimited by --${boundary}.`);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.startsWith('--', afterDelimiter)) return parts;
    const next = body.indexOf(`\n${delimiter}`, afterDelimiter);
    if (next < 0) throw malformed(`The part at ${at} has no closing delimiter --${boundary}--.`);
    const start = body.indexOf('\n', afterDelimiter) + 1;
    let end = next;
    if (body[end - 1] === '\r') end--;
    parts.push(body.slice(start, Math.max(start, end)));
    at = next + 1;
  }
}

/** Header lines up to the first empty line, then the rest. */
function splitHead(text: string): { headers: Record<string, string>; rest: string } {
  const headers: Record<string, string> = {};
  let position = 0;
  for (;;) {
    const newline = text.indexOf('\n', position);
    const line = (newline < 0 ? text.slice(position) : text.slice(position, newline)).replace(/\r$/, '');
    position = newline < 0 ? text.length : newline + 1;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`"${line.slice(0, 60)}" is not a header line.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    if (newline < 0) break;
  }
  return { headers, rest: text.slice(position) };
}

/** One `application/http` part: its MIME headers, then the request line, headers and body. */
function readHttpPart(part: string): BatchRequest {
  const outer = splitHead(part);
  const type = outer.headers['content-type']?.toLowerCase() ?? '';
  if (!type.startsWith('application/http')) throw malformed(`A part's Content-Type is "${type}", not application/http.`);
  const newline = outer.rest.indexOf('\n');
  const requestLine = (newline < 0 ? outer.rest : outer.rest.slice(0, newline)).replace(/\r$/, '').trim();
  const [method, url, version] = requestLine.split(' ');
  if (!method || !url || (version && !version.startsWith('HTTP/'))) throw malformed(`"${requestLine.slice(0, 80)}" is not a request line (METHOD url HTTP/1.1).`);
  const inner = splitHead(newline < 0 ? '' : outer.rest.slice(newline + 1));
  const body = inner.rest.trimEnd();
  return { id: outer.headers['content-id'], method: method.toUpperCase(), url, headers: inner.headers, body: body === '' ? undefined : body };
}

export function parseMultipartBatch(body: string, boundary: string): BatchGroup[] {
  const groups: BatchGroup[] = [];
  for (const part of splitParts(body, boundary)) {
    const head = splitHead(part);
    const changeset = boundaryOf(head.headers['content-type']);
    if (changeset) {
      const requests = splitParts(head.rest, changeset).map(readHttpPart);
      for (const request of requests) if (request.method === 'GET') throw malformed('A changeset holds changes only: a GET goes outside it.');
      groups.push({ atomic: true, requests });
    } else {
      groups.push({ atomic: false, requests: [readHttpPart(part)] });
    }
  }
  return groups;
}

/** FROST-Server's JSON batch: requests of one `atomicityGroup` in a row form one group. */
export function parseJsonBatch(body: unknown): BatchGroup[] {
  const requests = (body as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) throw malformed('A JSON batch is {"requests": [ … ]}.');
  const groups: BatchGroup[] = [];
  let groupName: string | undefined;
  for (const [index, item] of requests.entries()) {
    const record = item as Record<string, unknown>;
    if (!record || typeof record !== 'object' || typeof record.method !== 'string' || typeof record.url !== 'string') throw malformed(`requests[${index}] needs a method and a url.`);
    const request: BatchRequest = {
      id: typeof record.id === 'string' ? record.id : undefined,
      method: record.method.toUpperCase(),
      url: record.url,
      headers: Object.fromEntries(Object.entries((record.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
      body: record.body,
    };
    const atomicity = typeof record.atomicityGroup === 'string' ? record.atomicityGroup : undefined;
    if (atomicity !== undefined && atomicity === groupName) groups[groups.length - 1].requests.push(request);
    else groups.push({ atomic: atomicity !== undefined, requests: [request] });
    groupName = atomicity;
  }
  return groups;
}

/**
 * A part's URL as a path under the service root: absolute URLs keep their path, and relative
 * ones are read against the service root, with or without its version segment (`v1.1/Things`,
 * `Things`). `$1` names the address of what request 1 created.
 */
export function resolveBatchUrl(url: string, servicePath: string, created: ReadonlyMap<string, string>): string {
  let path = url;
  if (/^https?:\/\//i.test(path)) path = new URL(path).pathname + new URL(path).search;
  if (path.startsWith('$')) {
    const slash = path.search(/[/?]/);
    const reference = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const target = created.get(reference);
    if (!target) throw malformed(`$${reference} names no entity created earlier in the batch.`);
    path = target + (slash < 0 ? '' : path.slice(slash));
  }
  if (path.startsWith('/')) return path;
  const version = servicePath.slice(servicePath.lastIndexOf('/') + 1);
  if (path.startsWith(`${version}/`)) path = path.slice(version.length + 1);
  return `${servicePath}/${path}`;
}

/** References to earlier requests inside a body (`{"@iot.id": "$1"}`) become their ids. */
export function resolveBodyReferences(value: unknown, ids: ReadonlyMap<string, number>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveBodyReferences(item, ids));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '@iot.id' && typeof inner === 'string' && inner.startsWith('$')) {
      const id = ids.get(inner.slice(1));
      if (id === undefined) throw malformed(`${inner} names no entity created earlier in the batch.`);
      out[key] = id;
    } else out[key] = resolveBodyReferences(inner, ids);
  }
  return out;
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 500: 'Internal Server Error' };

export interface BatchAnswer {
  id?: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function httpPart(answer: BatchAnswer): string {
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  const headers = { ...answer.headers, ...(body ? { 'content-type': answer.headers['content-type'] ?? 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) } : {}) };
  const lines = [`HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? ''}`.trimEnd(), ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', body];
  return ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(answer.id ? [`Content-ID: ${answer.id}`] : []), '', lines.join('\r\n')].join('\r\n');
}

/** The multipart answer: one part per request, a changeset's answers in a nested multipart (or, failed, its one error). */
export function writeMultipartAnswer(groups: readonly { atomic: boolean; answers: BatchAnswer[] }[], boundary: string): string {
  const parts = groups.map((group, index) => {
    if (!group.atomic || group.answers.length === 1 && group.answers[0].status >= 400) return httpPart(group.answers[0]);
    const inner = `changesetresponse_${boundary}_${index}`;
    return [`Content-Type: multipart/mixed; boundary=${inner}`, '', ...group.answers.map((answer) => `--${inner}\r\n${httpPart(answer)}`), `--${inner}--`].join('\r\n');
  });
  return `${parts.map((part) => `--${boundary}\r\n${part}`).join('\r\n')}\r\n--${boundary}--\r\n`;
}
