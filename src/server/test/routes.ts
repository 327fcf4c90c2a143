import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { RegisteredRoute } from '../plugins/routes.ts';

/**
 * Helpers for tests that walk every registered route: a plausible value for any of the route
 * schemas' JSON Schemas, and the places in it where a test can put a hostile one.
 */

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  format?: string;
};

/** The routes of the API and the pages a test can walk (not the documentation's own assets). */
export function walkableRoutes(app: FastifyInstance): RegisteredRoute[] {
  return app.registeredRoutes.filter((route) => !route.url.startsWith('/api/docs') && route.method !== 'HEAD' && route.method !== 'OPTIONS');
}

const STRING_BY_FORMAT: Record<string, () => string> = {
  uuid: () => randomUUID(),
  'date-time': () => '2026-12-01T10:00:00Z',
  date: () => '2026-12-01',
  email: () => `walker-${randomUUID().slice(0, 8)}@example.test`,
  'idn-email': () => `kävijä-${randomUUID().slice(0, 8)}@näide.example`,
  uri: () => 'https://example.org/walk',
};

/** A value of `schema` (every property, optional ones too), valid where a walker can tell. */
export function exampleOf(schema: unknown): unknown {
  const s = (schema ?? {}) as JsonSchema;
  if ('const' in s) return s.const;
  if (s.enum?.length) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return exampleOf(branches.find((b) => b.type !== 'null') ?? branches[0]);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(s.properties ?? {})) value[key] = exampleOf(inner);
      // Language maps and other records: one entry, under a key of the usual kind.
      for (const inner of Object.values(s.patternProperties ?? {})) value.en = exampleOf(inner);
      return value;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(s.items));
    case 'string': {
      const made = s.format && STRING_BY_FORMAT[s.format] ? STRING_BY_FORMAT[s.format]() : 'walk'.padEnd(s.minLength ?? 4, 'x');
      return s.maxLength !== undefined ? made.slice(0, s.maxLength) : made;
    }
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/** A place in a value: its path as keys and the schema found there. */
export interface Leaf {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every string in `value` (an example of `schema`), with the schema that describes it. */
export function stringLeaves(value: unknown, schema: unknown, path: (string | number)[] = []): Leaf[] {
  const s = (schema ?? {}) as JsonSchema;
  const branches = s.anyOf ?? s.oneOf;
  const chosen = branches ? (branches.find((b) => b.type !== 'null') ?? branches[0]) : s;
  if (typeof value === 'string') return [{ path, schema: chosen }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, chosen.items, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => {
      const innerSchema = chosen.properties?.[key] ?? Object.values(chosen.patternProperties ?? {})[0];
      return stringLeaves(inner, innerSchema, [...path, key]);
    });
  }
  return [];
}

/** `value` with `replacement` at `path` (a copy). */
export function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}

/** The names of a route's path parameters, from its URL (`/api/dialogues/:id/attachments/:attachmentId`). */
export function pathParameters(url: string): string[] {
  return url
    .split('/')
    .flatMap((segment) => segment.split('.'))
    .filter((part) => part.startsWith(':'))
    .map((part) => part.slice(1));
}

/** The route's URL with its parameters filled in (each value percent-encoded). */
export function fillPath(url: string, values: Record<string, string>): string {
  return url
    .split('/')
    .map((segment) =>
      segment
        .split('.')
        .map((part) => (part.startsWith(':') ? encodeURIComponent(values[part.slice(1)] ?? 'x') : part))
        .join('.'),
    )
    .join('/');
}

/** A route's address as the OpenAPI document writes it: `:id` as `{id}`, a trailing wildcard as `{path}` (plugins/openapi.ts). */
export function documentedPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{path}');
}
