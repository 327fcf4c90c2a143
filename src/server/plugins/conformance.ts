import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { addSchemaFormats } from './input.ts';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: object }> }> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const DOCUMENT_ID = 'urn:talsinki:openapi';
const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** A body sent as a stream and not read: only a JSON body's content is checked, so no other stream is. */
export const UNREAD_STREAM = Symbol('unread stream');
type Body = Buffer | string | null | typeof UNREAD_STREAM;

/**
 * Every answer checked against what the OpenAPI document promises for its operation: a declared
 * status (or its range, or `default`), a declared media type, and for JSON a body its schema
 * accepts. A client generated from the document relies on exactly these three.
 */
export class ResponseConformance {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = addSchemaFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
    for (const format of ['binary', 'byte']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }

  /** What is wrong with the answer, or null. `path` is the route's template in OpenAPI's form (`/api/datasets/{id}`). */
  check(method: string, path: string, status: number, contentType: string | undefined, body: Body): string | null {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return null;
    const responses = operation.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (!key) return `${method} ${path}: status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`;
    // HTTP sends no body with these, whatever the handler gave (Fastify drops it).
    if (status === 204 || status === 304) return null;
    const content = responses[key].content;
    const empty = body === null || (body !== UNREAD_STREAM && body.length === 0);
    if (!content) return empty ? null : `${method} ${path} ${status}: a body is sent where none is declared`;
    if (empty) return `${method} ${path} ${status}: no body where ${Object.keys(content).join(', ')} is declared`;
    const mediaType = mediaTypeOf(contentType);
    // The most specific declaration that covers what was sent: `image/png`, else `image/*`, else `*/*`.
    const covering = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'];
    const declared = covering.map((wanted) => Object.keys(content).find((type) => type.toLowerCase() === wanted)).find(Boolean);
    if (!declared) return `${method} ${path} ${status}: sent as ${mediaType || 'no media type'}, declared as ${Object.keys(content).join(', ')}`;
    if (!isJson(mediaType) || !content[declared].schema) return null;
    let value: unknown;
    try {
      value = JSON.parse(String(body));
    } catch {
      return `${method} ${path} ${status}: ${mediaType} that is not JSON`;
    }
    const validate = this.validator(['paths', path, method.toLowerCase(), 'responses', key, 'content', declared, 'schema']);
    if (validate(value)) return null;
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}`);
    return `${method} ${path} ${status} ${mediaType}: the body does not match its schema: ${errors.join('; ')}`;
  }

  private validator(pointer: string[]): ValidateFunction {
    const ref = `${DOCUMENT_ID}#/${pointer.map(escapePointer).join('/')}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`no schema at ${ref}`);
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

/** The body to check, and the payload to send on (a JSON stream, once read, is sent as what was read). */
async function bodyOf(payload: unknown, json: boolean): Promise<{ body: Body; payload: unknown }> {
  if (payload === null || payload === undefined) return { body: null, payload };
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return { body: payload, payload };
  if (!(payload instanceof Readable)) return { body: null, payload };
  if (!json) return { body: UNREAD_STREAM, payload };
  const chunks: Buffer[] = [];
  for await (const chunk of payload) chunks.push(Buffer.from(chunk));
  const whole = Buffer.concat(chunks);
  return { body: whole, payload: whole };
}

/**
 * One checker per document text, for the process: each test file builds its own app with the same
 * routes, and reading the whole document into Ajv took a quarter of a second every time.
 */
const conformanceByDocument = new Map<string, ResponseConformance>();

/**
 * Turns an answer that breaks the document into a 500 naming what is wrong, so the test (or the
 * developer) that caused it sees it where it happened. A JSON stream is read whole to be checked:
 * this is for tests and development (`checkResponses`), never for production.
 */
export function checkResponsesAgainstDocument(app: FastifyInstance) {
  let conformance: ResponseConformance | undefined;
  const conformanceOf = (document: OpenApiDocument) => {
    const text = JSON.stringify(document);
    let kept = conformanceByDocument.get(text);
    if (!kept) conformanceByDocument.set(text, (kept = new ResponseConformance(document)));
    return kept;
  };
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const route = request.routeOptions.url;
    // A server error is a failure already; a HEAD answer has no body to check.
    if (!route || reply.statusCode >= 500 || request.method === 'HEAD' || request.method === 'OPTIONS') return payload;
    conformance ??= conformanceOf(app.swagger() as unknown as OpenApiDocument);
    const path = route.replace(/:(\w+)/g, '{$1}');
    const contentType = reply.getHeader('content-type') as string | undefined;
    const read = await bodyOf(payload, isJson(mediaTypeOf(contentType)));
    // A body sent compressed is checked as the client reads it, decompressed.
    const body = reply.getHeader('content-encoding') === 'gzip' && Buffer.isBuffer(read.body) ? gunzipSync(read.body) : read.body;
    const wrong = conformance.check(request.method, path, reply.statusCode, contentType, body);
    if (wrong) {
      // Said on the console too: a test that expected another status shows only the 500.
      console.error(`The answer breaks the OpenAPI document: ${wrong}`);
      throw new Error(`The answer breaks the OpenAPI document: ${wrong}`);
    }
    return read.payload;
  });
}
