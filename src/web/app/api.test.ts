import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, apiUrl, createApiClient, setCsrfToken, type ApiClient } from './api.ts';

/**
 * The client against a real HTTP server on loopback that answers as a proxy, a crashed upstream
 * or a broken server would: HTML, plain text, nothing, JSON cut short. Each request is echoed in
 * `seen`, so the tests see what the client sent.
 */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];

/** Answers chosen by the request's path: `/answer/{status}/{kind}`. */
function answer(res: http.ServerResponse, status: number, kind: string) {
  const send = (type: string | null, body: string) => {
    if (type) res.setHeader('content-type', type);
    res.writeHead(status);
    res.end(body);
  };
  switch (kind) {
    case 'html':
      return send('text/html', '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>');
    case 'text':
      return send('text/plain', 'upstream timed out');
    case 'empty':
      return send(null, '');
    case 'truncated':
      return send('application/json', '{"type":"/problems/not-found","title":"Not Fou');
    case 'problem':
      return send('application/problem+json', JSON.stringify({ type: '/problems/validation-error', title: 'Invalid request', status, code: 'validation-error', params: {}, errors: [{ path: 'body/email', code: 'email', params: {}, message: 'must match format "email"' }] }));
    case 'json':
      return send('application/json; charset=utf-8', JSON.stringify({ ok: true }));
    case 'destroy':
      return res.socket?.destroy();
    default:
      return send('text/plain', `unknown kind ${kind}`);
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const match = /^\/answer\/(\d{3})\/(\w+)/.exec(req.url ?? '');
      if (match) return answer(res, Number(match[1]), match[2]);
      if (req.url === '/api/auth/logout') return answer(res, 204, 'empty');
      return answer(res, 200, 'json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The client with its typed paths set aside: these tests call addresses the contract does not have. */
function untyped(client: ApiClient) {
  return client as unknown as Record<'get' | 'post' | 'delete', (path: string, init?: object) => Promise<unknown>>;
}

async function problemOf(call: Promise<unknown>): Promise<ApiError> {
  const caught = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ApiError);
  return caught as ApiError;
}

describe('the web API client', () => {
  const at = (path: string) => untyped(createApiClient({ baseUrl: base })).get(path);

  it('turns an HTML error page from a proxy into a problem with the status and its text', async () => {
    const error = await problemOf(at('/answer/502/html'));
    expect(error.problem).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'http-error', params: { status: 502 } });
    expect(error.status).toBe(502);
    expect(error.fieldErrors()).toEqual({});
  });

  it('turns a plain-text error, an empty one and JSON cut short into problems, never a SyntaxError', async () => {
    expect((await problemOf(at('/answer/503/text'))).problem).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'http-error', params: { status: 503 } });
    expect((await problemOf(at('/answer/500/empty'))).problem).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'http-error', params: { status: 500 } });
    expect((await problemOf(at('/answer/404/truncated'))).problem).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, code: 'http-error', params: { status: 404 } });
  });

  it('keeps a problem+json as the server sent it, field errors included', async () => {
    const error = await problemOf(at('/answer/400/problem'));
    expect(error.problem.type).toBe('/problems/validation-error');
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation-error');
    expect(error.fieldErrors()).toEqual({ email: { path: 'body/email', code: 'email', params: {}, message: 'must match format "email"' } });
  });

  it('turns a success that is not the JSON expected into a problem with its status', async () => {
    for (const kind of ['html', 'text', 'empty', 'truncated']) {
      const error = await problemOf(at(`/answer/200/${kind}`));
      expect(error.problem.type).toBe('/problems/unreadable-answer');
      expect(error.status).toBe(200);
    }
  });

  it('answers the JSON of a success, and undefined for a 204', async () => {
    expect(await at('/answer/200/json')).toEqual({ ok: true });
    expect(await untyped(createApiClient({ baseUrl: base })).post('/api/auth/logout')).toBeUndefined();
  });

  it('makes a network failure a problem of status 0', async () => {
    const error = await problemOf(at('/answer/200/destroy'));
    expect(error.problem).toEqual({ type: '/problems/network', title: 'Network error', status: 0, code: 'network', params: {} });
    const refused = await problemOf(untyped(createApiClient({ baseUrl: 'http://127.0.0.1:1' })).get('/api/site'));
    expect(refused.status).toBe(0);
  });

  it('sends JSON bodies, the CSRF token on writes only, extra headers, and a FormData body with its own multipart type', async () => {
    const api = untyped(createApiClient({ baseUrl: base }));
    setCsrfToken('csrf-1');
    try {
      seen.length = 0;
      await api.get('/api/datasets/{id}', { path: { id: 'a b/c' }, query: { theme: ['TRAN', 'ENVI'], q: '', limit: 20 } });
      await api.post('/api/auth/login', { body: { email: 'a@example.org', password: 'x' } });
      const form = new FormData();
      form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
      await api.post('/api/bottlenecks/{id}/attachments', { path: { id: 'BN-2026-0001' }, body: form, headers: { 'x-attachment-token': 'tok' } });
    } finally {
      setCsrfToken(undefined);
    }
    const [get, login, upload] = seen;
    expect(get.method).toBe('GET');
    expect(get.url).toBe('/api/datasets/a%20b%2Fc?theme=TRAN&theme=ENVI&limit=20');
    expect(get.headers['x-csrf-token']).toBeUndefined();
    expect(login.method).toBe('POST');
    expect(login.headers['x-csrf-token']).toBe('csrf-1');
    expect(login.headers['content-type']).toBe('application/json');
    expect(JSON.parse(login.body)).toEqual({ email: 'a@example.org', password: 'x' });
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.headers['x-attachment-token']).toBe('tok');
    expect(upload.headers['x-csrf-token']).toBe('csrf-1');
    expect(upload.body).toContain('%PDF-1.4');
  });

  it('refuses to build an address with a path parameter missing', () => {
    expect(() => apiUrl('/api/datasets/{id}', { path: {} })).toThrow(/id/);
    expect(apiUrl('/api/bottlenecks', { query: { status: ['published'], mine: false, q: undefined } })).toBe('/api/bottlenecks?status=published&mine=false');
  });
});
