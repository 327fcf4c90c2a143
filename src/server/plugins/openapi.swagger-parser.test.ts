import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';

/**
 * The OpenAPI document as @apidevtools/swagger-parser reads it from its address over real HTTP
 * (the parser behind many code generators and mock servers): it must validate against the
 * OpenAPI 3.1 JSON Schema (the parser's further checks of the specification apply to Swagger 2.0
 * only), and every $ref must resolve.
 */
let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  url = `${await t.app.listen({ port: 0, host: '127.0.0.1' })}/api/openapi.json`;
});
afterAll(() => t?.close());

// The parser refuses loopback addresses by default (against server-side request forgery); the test server is on one.
const options = { resolve: { http: { safeUrlResolver: false } } } as SwaggerParser.Options;

/** Every `$ref` left in a value, by its place; shared and circular objects are walked once. */
function refsLeft(value: unknown, at = '#', seen = new Set<object>()): string[] {
  if (!value || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  return Object.entries(value).flatMap(([key, child]) => (key === '$ref' ? [`${at}: ${String(child)}`] : refsLeft(child, `${at}/${key}`, seen)));
}

describe('swagger-parser', () => {
  it('validates the document against the OpenAPI 3.1 schema', async () => {
    const api = (await SwaggerParser.validate(url, options)) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(api.paths).length).toBeGreaterThan(50);
  });

  it('dereferences every $ref', async () => {
    const parser = new SwaggerParser();
    const raw = JSON.stringify(await parser.parse(url, options));
    expect(raw).toContain('"$ref"');
    const api = await parser.dereference(url, options);
    expect(refsLeft(api)).toEqual([]);
    expect(parser.$refs.circular).toBe(false);
  });
});
