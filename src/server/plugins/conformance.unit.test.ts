import { describe, expect, it } from 'vitest';
import { ResponseConformance, UNREAD_STREAM } from './conformance.ts';

const document = {
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } } } },
          301: { description: 'moved' },
          '4XX': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/files/{id}': { get: { responses: { 200: { content: { 'application/pdf': { schema: { type: 'string' } }, 'image/*': { schema: { type: 'string' } } } } } } },
  },
  components: { schemas: { Problem: { type: 'object', required: ['status', 'title'], properties: { status: { type: 'integer' }, title: { type: 'string' } } } } },
};

describe('an answer checked against the OpenAPI document', () => {
  const conformance = new ResponseConformance(document as never);
  const id = '6f1c2f0e-8a4b-4d47-9a55-1b2c3d4e5f60';

  it('accepts what the document declares: the status, a range of it, the media type or its range, a body the schema takes', () => {
    expect(conformance.check('GET', '/things/{id}', 200, 'application/json; charset=utf-8', JSON.stringify({ id }))).toBeNull();
    expect(conformance.check('GET', '/things/{id}', 404, 'application/problem+json', JSON.stringify({ status: 404, title: 'Not Found' }))).toBeNull();
    expect(conformance.check('GET', '/things/{id}', 301, undefined, '')).toBeNull();
    expect(conformance.check('GET', '/files/{id}', 200, 'image/png', Buffer.from([0x89, 0x50]))).toBeNull();
    // A file streamed is checked by its media type; its bytes are not read.
    expect(conformance.check('GET', '/files/{id}', 200, 'application/pdf', UNREAD_STREAM)).toBeNull();
    expect(conformance.check('GET', '/no-such-operation', 200, 'text/plain', 'x')).toBeNull();
  });

  it('names a status, a media type or a body the document does not declare', () => {
    expect(conformance.check('GET', '/things/{id}', 302, 'application/json', '{}')).toMatch(/status 302 is not declared/);
    expect(conformance.check('GET', '/things/{id}', 200, 'text/html', '<p>')).toMatch(/sent as text\/html, declared as application\/json/);
    expect(conformance.check('GET', '/things/{id}', 404, 'application/json', '{}')).toMatch(/declared as application\/problem\+json/);
    expect(conformance.check('GET', '/things/{id}', 200, 'application/json', JSON.stringify({ id: 'not-a-uuid' }))).toMatch(/\/id must match format "uuid"/);
    expect(conformance.check('GET', '/things/{id}', 404, 'application/problem+json', '{"status":"404"}')).toMatch(/does not match its schema/);
    expect(conformance.check('GET', '/things/{id}', 301, 'application/json', 'null')).toMatch(/a body is sent where none is declared/);
    expect(conformance.check('GET', '/files/{id}', 200, 'text/csv', 'a,b')).toMatch(/sent as text\/csv/);
    expect(conformance.check('GET', '/things/{id}', 301, 'text/csv', UNREAD_STREAM)).toMatch(/a body is sent where none is declared/);
  });
});
