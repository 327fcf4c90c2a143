import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTypes, openApiDocument, SCHEMA_FILE } from './api-types.mjs';

type Document = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };

describe('the web client types (src/web/app/api.schema.ts)', () => {
  let document: Document;
  beforeAll(async () => {
    document = (await openApiDocument()) as Document;
  }, 120_000);

  it('are those the server’s OpenAPI document gives today: run `npm run api:types` after changing a route schema', async () => {
    const expected = await apiTypes(document);
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === expected, 'src/web/app/api.schema.ts is stale: run npm run api:types').toBe(true);
  }, 120_000);

  it('document an answer for every success of every API route but 204s', () => {
    const web = fs.readFileSync(SCHEMA_FILE, 'utf8');
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          // A 204 answers nothing.
          if (!/^2\d\d$/.test(status) || status === '204') continue;
          if (!response.content) missing.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(web).toContain('"multipart/form-data"');
  });
});
