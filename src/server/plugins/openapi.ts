import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from 'typebox';
import { credentialOf, declareScopeAccess, describeAccess, grantsOf, relationCredentials, type Access } from './access.ts';

/** Documents the problem+json answers every route may give. */
export const errorResponses = {
  '4xx': Type.Ref('Problem', { description: 'Problem details (RFC 9457)' }),
};

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/Problem';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What the OpenAPI document says of a route beyond its validating schema, for routes that read
     * their input themselves (CKAN's parameters as its clients send them) or answer in several
     * formats (linked data): parameters, request body and responses for the document only.
     */
    documentation?: Record<string, unknown>;
  }
}

type SecurityRequirement = Record<string, string[]>;
type Schema = Record<string, unknown>;
type OpenApiDocument = { paths: Record<string, Record<string, Schema>>; [key: string]: unknown };

/**
 * The access rule as OpenAPI security requirements (any one of them admits). A browser session
 * writes with its CSRF header beside the cookie; an API token is a bearer token whose scope
 * (`read`, `write`, `admin`: OpenAPI 3.1 lets any scheme list roles) must cover the operation; a
 * relation proved by a credential of its own (the report's attachment token) adds that. A public
 * rule starts with the empty requirement: signing in is optional there, though it may change what
 * the answer shows.
 */
export function securityOf(access: Access, method: string): SecurityRequirement[] {
  const grants = grantsOf(access);
  const writes = !SAFE_METHODS.has(method);
  const session: SecurityRequirement = writes ? { session: [], csrf: [] } : { session: [] };
  if (grants.length === 1 && grants[0] === 'session') return [session];
  const scope = grants.every((grant) => grant === 'admin') ? 'admin' : writes ? 'write' : 'read';
  const credentials = grants.flatMap((grant) => {
    const credential = credentialOf(grant);
    return credential ? [{ [credential.scheme]: [] }] : [];
  });
  const signedIn = [session, { token: [scope] }, ...credentials];
  return grants.includes('public') ? [{}, ...signedIn] : signedIn;
}

/** `GET /api/bottlenecks/{id}/answers` → `getBottlenecksByIdAnswers`: unique by construction, readable as a method name. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment, i) => segment && !(i === 1 && segment === 'api'))
    .flatMap((segment) => segment.split(/(\{\w+\})/).filter(Boolean))
    .map((part) => (part.startsWith('{') ? `By${pascal(part.slice(1, -1))}` : pascal(part)));
  return method.toLowerCase() + words.join('');
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** A declared response that is the Problem schema, in whichever form the route wrote it. */
function isProblem(response: unknown): boolean {
  const schema = response as Schema | undefined;
  return schema?.$ref === 'Problem' || schema?.$ref === PROBLEM_REF || schema?.$id === 'Problem';
}

/**
 * What a route's schema says for the document only (validation and serialisation keep the route's
 * own): who may call it, and, where the route names no client error of its own, that any 4xx is a
 * problem document.
 */
function documentRoute({ schema: validating, url, route }: { schema: Schema; url: string; route: RouteOptions }) {
  const schema = route.config?.documentation ? { ...validating, ...route.config.documentation } : validating;
  if (!schema || schema.hide) return { schema, url };
  // OpenAPI has no wildcard: the rest of a path a route reads itself (SensorThings' resource paths) is one parameter, `path`.
  if (url.endsWith('/*')) url = `${url.slice(0, -2)}/{path}`;
  const method = [route.method].flat()[0];
  const access = route.config?.access;
  const response = (schema.response ?? {}) as Schema;
  const declaresClientError = Object.keys(response).some((status) => status.startsWith('4'));
  const described = access === undefined ? schema.description : [schema.description, `Who may call: ${describeAccess(access)}.`].filter(Boolean).join('\n\n');
  return {
    url,
    schema: {
      ...schema,
      ...(described ? { description: described } : {}),
      // A POST that only reads (a PxWeb query) asks for what a read asks for.
      ...(access !== undefined && !schema.security ? { security: securityOf(access, route.config?.queryPost ? 'GET' : method) } : {}),
      response: declaresClientError ? response : { ...response, ...errorResponses },
    },
  };
}

/**
 * The finished document: operation ids where a route gave none, problem answers under their own
 * media type (fastify-swagger files every response under the route's `produces`), and tuples
 * in JSON Schema 2020-12's form, which OpenAPI 3.1 uses (TypeBox writes draft 7's, which the
 * route validator reads).
 */
function finishDocument({ openapiObject }: { openapiObject: Partial<OpenApiDocument> }) {
  const document = openapiObject as OpenApiDocument;
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      operation.operationId ??= operationIdOf(method, path);
      for (const response of Object.values((operation.responses ?? {}) as Record<string, Schema>)) {
        const content = response.content as Record<string, { schema?: Schema }> | undefined;
        if (content) response.content = Object.fromEntries(Object.entries(content).map(([type, media]) => [isProblem(media.schema) ? PROBLEM_MEDIA_TYPE : type, media]));
      }
    }
  }
  return withDraft2020Tuples(document);
}

/** Draft 7's `items: [a, b]` + `additionalItems: false` as 2020-12's `prefixItems: [a, b]` + `items: false`. */
function withDraft2020Tuples<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withDraft2020Tuples) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = withDraft2020Tuples(value);
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    out.items = out.additionalItems ?? false;
    delete out.additionalItems;
  }
  return out as T;
}

/** OpenAPI 3.1 generated from the route schemas; served at /api/openapi.json and browsable at /api/docs. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Talsinki API',
        version: '1',
        description:
          'The open API of the Helsinki–Tallinn twin-region platform. Errors are application/problem+json (RFC 9457). ' +
          'Cookie-session writes need the X-CSRF-Token header from GET /api/auth/me; machine clients send `Authorization: Bearer tlk_…`.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      // Relative: the server that serves this document (whatever its address) is the one it describes.
      servers: [{ url: '/', description: 'This Talsinki' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'talsinki_session', description: 'The browser session set by POST /api/auth/login' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: "The session's CSRF token (csrfToken of GET /api/auth/me), sent with every write made with the session cookie" },
          token: { type: 'http', scheme: 'bearer', description: 'A personal API token (`tlk_…`, POST /api/tokens) with the scopes read, write or admin' },
          ...Object.fromEntries(relationCredentials().map(({ scheme, header, description }) => [scheme, { type: 'apiKey', in: 'header', name: header, description }])),
        },
      },
    },
    transform: documentRoute as never,
    transformObject: finishDocument as never,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}` },
  });
  await app.register(async (docs) => {
    declareScopeAccess(docs, 'public');
    // No CSP of Swagger UI's own (staticCSP), which would replace ours with a looser one (framing by
    // this origin, styles and fonts from any https: host, images from validator.swagger.io): the
    // docs load only their own files, so the app's strict policy (plugins/security.ts) serves them.
    await docs.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false, uiConfig: { deepLinking: true } });
  });
  app.get('/api/openapi.json', { config: { access: 'public', anyOrigin: true }, schema: { hide: true } }, async () => app.swagger());
}
