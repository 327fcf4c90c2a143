import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import type { paths } from '../../web/app/api.schema.ts';
import { createUser, PASSWORD, startTestApp, type TestApp } from '../test/harness.ts';

/**
 * A client generated from GET /api/openapi.json, used as its users use it: openapi-typescript's
 * types (the committed `api.schema.ts`, which `scripts/api-types.test.ts` holds equal to the
 * served document) with openapi-fetch, over real HTTP. Each call is typed by the document alone:
 * its path, parameters, body and security schemes; a call the document got wrong would not
 * compile or would fail here. Every answer is also checked against the document by the server
 * under test (`checkResponses`).
 */
let t: TestApp;
let client: ReturnType<typeof createClient<paths>>;
beforeAll(async () => {
  t = await startTestApp();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  client = createClient<paths>({ baseUrl: address });
});
afterAll(() => t?.close());

describe('a client generated from the OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  it('signs in with the session scheme, writes with its CSRF header, makes an API token and writes with the bearer scheme', async () => {
    const editor = await createUser(t.db, 'editor');
    const login = await client.POST('/api/auth/login', { body: { email: editor.email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    const cookie = login.response.headers.get('set-cookie')!.split(';')[0];
    const session = { cookie, 'x-csrf-token': login.data!.csrfToken };

    const minted = await client.POST('/api/tokens', { body: { name: 'generated client', scopes: ['read', 'write'] }, headers: session });
    expect(minted.response.status).toBe(201);
    const bearer = { authorization: `Bearer ${minted.data!.token}` };

    const created = await client.POST('/api/glossary', { body: { terms: { fi: ['rajatyöntekijä'], et: ['piiriülene töötaja'], en: ['cross-border worker'] } }, headers: bearer });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const changed = await client.PATCH('/api/glossary/{id}', { params: { path: { id } }, body: { reviewed: true }, headers: session });
    expect(changed.data).toMatchObject({ id, reviewed: true });
    const read = await client.GET('/api/glossary/{id}', { params: { path: { id } } });
    expect(read.data!.terms.en).toEqual(['cross-border worker']);
  });

  it('reads a refusal as the declared problem document', async () => {
    const missing = await client.GET('/api/glossary/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.error).toMatchObject({ status: 404, code: expect.any(String) });
    const bad = await client.POST('/api/auth/login', { body: { email: 'not an address', password: '' } });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.errors!.map((error) => error.path)).toEqual(expect.arrayContaining(['body/email']));
  });

  it('files a report anonymously and attaches a file with the attachment-token scheme, as multipart form data', async () => {
    const report = await client.POST('/api/bottlenecks', {
      body: { title: 'Kela form not accepted in Tallinn', description: 'The Estonian office does not accept the Finnish form; scans attached.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] },
    });
    expect(report.response.status).toBe(201);
    const file = new FormData();
    file.append('file', new Blob([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')], { type: 'application/pdf' }), 'scan.pdf');
    const attached = await client.POST('/api/bottlenecks/{id}/attachments', {
      params: { path: { id: report.data!.ref } },
      body: file as never,
      bodySerializer: (body) => body as unknown as FormData,
      headers: { 'x-attachment-token': report.data!.attachmentToken },
    });
    expect(attached.response.status).toBe(201);
    expect(attached.data).toMatchObject({ filename: 'scan.pdf', mediaType: 'application/pdf' });
  });

  it('sends list filters as repeated query parameters and reads the JSON export as the array it is declared', async () => {
    const list = await client.GET('/api/bottlenecks', { params: { query: { status: ['published', 'in_progress'], country: 'FI', limit: 5 } } });
    expect(list.response.status).toBe(200);
    expect(Array.isArray(list.data!.items)).toBe(true);
    const exported = await client.GET('/api/bottlenecks/export.json', { params: { query: { status: ['published', 'in_progress'], country: 'EE' } } });
    expect(exported.response.status).toBe(200);
    expect(Array.isArray(exported.data)).toBe(true);
  });

  it("calls CKAN's actions with the action as a path parameter, in the query and in a JSON body", async () => {
    const search = await client.GET('/api/3/action/{action}', { params: { path: { action: 'package_search' }, query: { rows: '2', 'facet.field': ['tags', 'res_format'] } } });
    expect(search.response.status).toBe(200);
    expect(search.data).toMatchObject({ success: true, result: { count: expect.any(Number) } });
    const posted = await client.POST('/api/action/{action}', { params: { path: { action: 'package_list' } }, body: { limit: '5' } });
    expect(posted.data).toMatchObject({ success: true, result: expect.any(Array) });
    const missing = await client.GET('/api/3/action/{action}', { params: { path: { action: 'package_show' }, query: { id: 'no-such-dataset' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
  });
});
