import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOOPBACK } from './addresses.ts';
import { createHttpClient, HttpError, sleep } from './http.ts';

/** A one-off server: `handler` gets each request and how many came before it. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse, hit: number) => void | Promise<void>) {
  let hits = 0;
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    void handler(request, response, ++hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  servers.push(close);
  return { origin, requests, close };
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

const fast = { timeoutMs: 1_000, retries: 2, backoffMs: 5, allowedNetworks: LOOPBACK };

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('createHttpClient', () => {
  it('reads JSON, saying who asks and what it accepts', async () => {
    const { origin, requests } = await serve((_, response) => sendJson(response, 200, { ok: true, text: 'Hyvää päivää' }));
    const client = createHttpClient({ ...fast, headers: { 'x-extra': 'yes' } });
    expect(await client.getJson(`${origin}/x`)).toEqual({ ok: true, text: 'Hyvää päivää' });
    expect(requests[0].headers['user-agent']).toMatch(/^Talsinki-harvester\//);
    expect(requests[0].headers.accept).toBe('application/json');
    expect(requests[0].headers['x-extra']).toBe('yes');
  });

  it('reads text with its content type and the address it finally came from', async () => {
    const { origin, requests } = await serve((request, response) => {
      if (request.url === '/old') {
        response.writeHead(302, { location: '/new' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8' });
      response.end('<a> <b> <c> .');
    });
    const fetched = await createHttpClient(fast).getText(`${origin}/old`, 'text/turtle');
    expect(fetched).toEqual({ body: '<a> <b> <c> .', contentType: 'text/turtle; charset=utf-8', url: `${origin}/new` });
    expect(requests.map((r) => r.headers.accept)).toEqual(['text/turtle', 'text/turtle']);
  });

  it('retries a 500 and a 503 until the answer comes', async () => {
    const { origin, requests } = await serve((_, response, hit) => (hit <= 2 ? sendJson(response, hit === 1 ? 500 : 503, { message: 'busy' }) : sendJson(response, 200, [1])));
    expect(await createHttpClient(fast).getJson(`${origin}/x`)).toEqual([1]);
    expect(requests).toHaveLength(3);
  });

  it('gives up after the retries with the status, the address and the count of attempts', async () => {
    const { origin, requests } = await serve((_, response) => sendJson(response, 500, { statusCode: 500, path: '/datasets/x', message: 'Internal server error' }));
    const error = await failure(createHttpClient(fast).getJson(`${origin}/datasets/x`));
    expect(error.status).toBe(500);
    expect(error.url).toBe(`${origin}/datasets/x`);
    expect(error.message).toBe('the server answered HTTP 500 (Internal server error)');
    expect(error.reason).toEqual({ code: 'http-status-said', params: { status: 500, detail: 'Internal server error' } });
    expect(requests).toHaveLength(3);
  });

  it('does not retry a 404 or another refusal that will not change', async () => {
    const { origin, requests } = await serve((_, response) => sendJson(response, 404, { help: 'x', success: false, error: { __type: 'Not Found Error', message: 'Not found' } }));
    const error = await failure(createHttpClient(fast).getJson(`${origin}/api/3/action/package_show?id=x`));
    expect(error.status).toBe(404);
    expect(error.url).toBe(`${origin}/api/3/action/package_show?id=x`);
    expect(error.message).toBe('the server answered HTTP 404 (Not found)');
    expect(requests).toHaveLength(1);
  });

  it('waits as long as a 429 asks, up to its cap', async () => {
    // The delays the client chose are recorded, not waited out: the test does not depend on the clock.
    const waited: number[] = [];
    const recordWait = async (ms: number) => void waited.push(ms);
    const { origin } = await serve((_, response, hit) => (hit === 1 ? sendJson(response, 429, {}, { 'retry-after': '1' }) : sendJson(response, 200, 'ok')));
    expect(await createHttpClient({ ...fast, wait: recordWait }).getJson(`${origin}/x`)).toBe('ok');
    expect(waited).toEqual([1000]);

    // An HTTP date works too (two minutes ahead, capped at 50 ms), and so does a cap of seconds.
    waited.length = 0;
    const capped = await serve((_, response, hit) => {
      if (hit === 1) sendJson(response, 429, {}, { 'retry-after': '3600' });
      else if (hit === 2) sendJson(response, 503, {}, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
      else sendJson(response, 200, 'ok');
    });
    expect(await createHttpClient({ ...fast, maxRetryAfterMs: 50, wait: recordWait }).getJson(`${capped.origin}/x`)).toBe('ok');
    expect(waited).toEqual([50, 50]);

    // Without a Retry-After, the doubling, jittered back-off: 5 to 7.5 ms, then 10 to 15 ms.
    waited.length = 0;
    const busy = await serve((_, response, hit) => (hit <= 2 ? sendJson(response, 503, {}) : sendJson(response, 200, 'ok')));
    expect(await createHttpClient({ ...fast, wait: recordWait }).getJson(`${busy.origin}/x`)).toBe('ok');
    expect(waited).toHaveLength(2);
    expect(waited[0]).toBeGreaterThanOrEqual(5);
    expect(waited[0]).toBeLessThanOrEqual(7.5);
    expect(waited[1]).toBeGreaterThanOrEqual(10);
    expect(waited[1]).toBeLessThanOrEqual(15);
  });

  it('retries an answer that does not come in time, then names the timeout', async () => {
    // The first request is never answered: only the client's own timeout can end it, and the
    // server sees the client close the connection. The second is answered at once; the timeout
    // (a second) only has to be longer than a local answer takes, whatever the load.
    const closed: number[] = [];
    const { origin, requests } = await serve((_, response, hit) => {
      if (hit === 1) response.once('close', () => closed.push(hit));
      else sendJson(response, 200, 'on time');
    });
    expect(await createHttpClient(fast).getJson(`${origin}/x`)).toBe('on time');
    expect(requests).toHaveLength(2);
    await vi.waitFor(() => expect(closed).toEqual([1]));

    // Never answered at all: the timeout can be short, since no answer can beat it.
    const silent = await serve((_, response, hit) => void response.once('close', () => closed.push(hit)));
    closed.length = 0;
    const error = await failure(createHttpClient({ ...fast, timeoutMs: 50, retries: 1 }).getJson(`${silent.origin}/x`));
    expect(error.status).toBeNull();
    expect(error.url).toBe(`${silent.origin}/x`);
    expect(error.message).toBe('no complete answer within 50 ms');
    expect(error.reason).toEqual({ code: 'timeout', params: { ms: 50 } });
    expect(silent.requests).toHaveLength(2);
    await vi.waitFor(() => expect(closed.sort()).toEqual([1, 2]));
  });

  it('counts a body that stalls half way as a timeout too', async () => {
    let closed = false;
    const { origin } = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"result": [1, 2,');
      response.once('close', () => (closed = true));
    });
    const error = await failure(createHttpClient({ ...fast, timeoutMs: 50, retries: 0 }).getJson(`${origin}/x`));
    expect(error.message).toBe('no complete answer within 50 ms');
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it('retries a body cut short, and says so when it stays cut', async () => {
    const body = JSON.stringify({ success: true, result: { count: 1 } });
    const { origin, requests } = await serve((_, response, hit) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(hit === 1 ? body.slice(0, 10) : body);
    });
    expect(await createHttpClient(fast).getJson(`${origin}/x`)).toEqual({ success: true, result: { count: 1 } });
    expect(requests).toHaveLength(2);

    const cut = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body.slice(0, 10));
    });
    const error = await failure(createHttpClient(fast).getJson(`${cut.origin}/x`));
    expect(error.message).toMatch(/^the answer is not valid JSON \(.+\)$/);
    expect(error.reason).toEqual({ code: 'not-json', params: { detail: expect.any(String) } });
    expect(cut.requests).toHaveLength(3);
  });

  it('retries a connection dropped in the middle of the body', async () => {
    const { origin } = await serve((request, response, hit) => {
      if (hit === 1) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        // Cut once the first bytes are on their way.
        response.write('{"a":', () => request.socket.destroy());
      } else sendJson(response, 200, { a: 1 });
    });
    expect(await createHttpClient(fast).getJson(`${origin}/x`)).toEqual({ a: 1 });
  });

  it('names an HTML page where JSON was expected', async () => {
    const { origin } = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><h1>Bad Gateway</h1>');
    });
    const error = await failure(createHttpClient({ ...fast, retries: 0 }).getJson(`${origin}/x`));
    expect(error.message).toMatch(/not valid JSON .*content type text\/html\)$/);
  });

  it('stops reading beyond maxBytes, declared or not, and does not retry', async () => {
    const declared = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      response.end(`"${'x'.repeat(4998)}"`);
    });
    const streamed = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i++) response.write('x'.repeat(1000));
      response.end();
    });
    for (const server of [declared, streamed]) {
      const error = await failure(createHttpClient({ ...fast, maxBytes: 2048 }).getJson(`${server.origin}/x`));
      expect(error.message).toBe('the answer is larger than 0.00195 MB');
      expect(error.reason).toEqual({ code: 'too-large', params: { megabytes: 0.00195 } });
      expect(server.requests).toHaveLength(1);
    }
  });

  it('names a network error and retries it', async () => {
    const { origin, close } = await serve((_, response) => sendJson(response, 200, 1));
    await close();
    const error = await failure(createHttpClient({ ...fast, retries: 1 }).getJson(`${origin}/x`));
    expect(error.status).toBeNull();
    expect(error.url).toBe(`${origin}/x`);
    expect(error.message).toBe('network error (ECONNREFUSED)');
    expect(error.reason).toEqual({ code: 'network', params: { detail: 'ECONNREFUSED' } });
  });

  it('refuses addresses that are not http(s) without asking anyone', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      const error = await failure(createHttpClient(fast).getJson(url));
      expect(error.status).toBeNull();
      expect(error.url).toBe(url);
      expect(error.message).toBe('the address is not an http or https address');
      expect(error.reason).toEqual({ code: 'invalid-address', params: {} });
    }
  });

  it('refuses private and local addresses, at once and without retrying, unless allowed', async () => {
    const { origin, requests } = await serve((_, response) => sendJson(response, 200, 'inside'));
    const port = new URL(origin).port;
    const strict = createHttpClient({ ...fast, allowedNetworks: [] });
    for (const url of [`${origin}/x`, `http://localhost:${port}/x`, 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://[fd00::1]/x', 'http://192.168.1.1/x', 'http://100.64.0.1/x', 'http://0.0.0.0/x']) {
      const error = await failure(strict.getJson(url));
      expect(error.status, url).toBeNull();
      expect(error.message, url).toMatch(/is in a private or local network, which harvests do not reach$/);
      expect(error.reason.code, url).toBe('address-refused');
    }
    expect(requests).toHaveLength(0);
    // A name is refused by the address it resolves to, and named with it.
    const named = await failure(strict.getJson(`http://localhost:${port}/x`));
    expect(named.reason).toEqual({ code: 'address-refused', params: { host: expect.stringMatching(/^localhost \((127\.0\.0\.1|::1)\)$/) } });
    // An allowed network is reached, whether named by a single address or a subnet.
    expect(await createHttpClient({ ...fast, allowedNetworks: ['127.0.0.1'] }).getJson(`${origin}/x`)).toBe('inside');
    expect(await createHttpClient({ ...fast, allowedNetworks: ['127.0.0.0/8', '::1'] }).getJson(`http://localhost:${port}/x`)).toBe('inside');
  });

  it('checks every address a redirect leads to before following it', async () => {
    const { origin, requests } = await serve((request, response) => {
      const to = request.url === '/cloud' ? 'http://169.254.169.254/latest/meta-data/' : request.url === '/next-door' ? `http://127.0.0.2:${new URL(origin).port}/x` : '/file:x';
      response.writeHead(301, { location: request.url === '/elsewhere' ? 'file:///etc/passwd' : to });
      response.end();
    });
    const client = createHttpClient({ ...fast, allowedNetworks: ['127.0.0.1'] });
    const cloud = await failure(client.getJson(`${origin}/cloud`));
    expect(cloud.url).toBe(`${origin}/cloud`);
    expect(cloud.message).toBe('169.254.169.254 is in a private or local network, which harvests do not reach');
    expect(cloud.reason).toEqual({ code: 'address-refused', params: { host: '169.254.169.254' } });
    const nextDoor = await failure(client.getJson(`${origin}/next-door`));
    expect(nextDoor.message).toMatch(/^127\.0\.0\.2 is in a private or local network/);
    expect(nextDoor.reason).toEqual({ code: 'address-refused', params: { host: '127.0.0.2' } });
    const elsewhere = await failure(client.getJson(`${origin}/elsewhere`));
    expect(elsewhere.message).toBe('redirected to file:///etc/passwd, which is not an http or https address');
    expect(elsewhere.reason).toEqual({ code: 'redirect-not-web', params: { address: 'file:///etc/passwd' } });
    const loop = await failure(client.getJson(`${origin}/loop`));
    expect(loop.message).toBe('more than 20 redirects');
    expect(loop.reason).toEqual({ code: 'too-many-redirects', params: { limit: 20 } });
    // One request per redirect refused, none retried; the loop's 21 hops are one attempt.
    expect(requests.map((request) => request.url).slice(0, 3)).toEqual(['/cloud', '/next-door', '/elsewhere']);
    expect(requests).toHaveLength(3 + 21);
  });

  it('stops at once when the harvest is cancelled, even while waiting to retry', async () => {
    const controller = new AbortController();
    const { origin, requests } = await serve((_, response) => sendJson(response, 503, {}));
    // Cancelled once the client has begun its ten minutes' back-off, in the client's own wait:
    // unless the cancelling wakes that wait, the test runs out of time.
    const waited: number[] = [];
    const cancelWhileWaiting = (ms: number, signal: AbortSignal | undefined) => {
      waited.push(ms);
      const waiting = sleep(ms, signal);
      controller.abort();
      return waiting;
    };
    const client = createHttpClient({ ...fast, backoffMs: 600_000, retries: 5, signal: controller.signal, wait: cancelWhileWaiting });
    const error = await failure(client.getJson(`${origin}/x`));
    expect(error.url).toBe(`${origin}/x`);
    expect(error.message).toBe('the harvest was cancelled');
    expect(error.reason).toEqual({ code: 'cancelled', params: {} });
    expect(waited).toHaveLength(1);
    expect(waited[0]).toBeGreaterThanOrEqual(600_000);
    expect(requests).toHaveLength(1);
  });

  it('wakes from a back-off when cancelled (else the test runs out of time)', async () => {
    const controller = new AbortController();
    let woken = false;
    const waiting = sleep(600_000, controller.signal).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    controller.abort();
    await waiting;
    expect(woken).toBe(true);
  });

  it('cancels a request in flight', async () => {
    const controller = new AbortController();
    // Never answers: cancelled once the request has arrived.
    const { origin } = await serve(() => controller.abort());
    const pending = failure(createHttpClient({ ...fast, timeoutMs: 10_000, signal: controller.signal }).getJson(`${origin}/x`));
    expect((await pending).reason).toEqual({ code: 'cancelled', params: {} });
  });
});

/** A request's method, type and body as a server received them. */
interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  accept: string | undefined;
  body: string;
}

/** A server that records each request with its body, and answers as `answer` says. */
async function serveReading(answer: (received: Received, response: ServerResponse, hit: number) => void) {
  const received: Received[] = [];
  const server = await serve(async (request, response, hit) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const one = { method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'], accept: request.headers.accept, body: Buffer.concat(chunks).toString('utf8') };
    received.push(one);
    answer(one, response, hit);
  });
  return { ...server, received };
}

describe('postJson', () => {
  const query = { query: [{ code: 'Alue', selection: { filter: 'item', values: ['091', '049'] } }], response: { format: 'json-stat2' } };

  it('sends the body as JSON and reads the JSON answer', async () => {
    const { origin, received } = await serveReading((_, response) => sendJson(response, 200, { class: 'dataset', value: [1, 2] }));
    expect(await createHttpClient(fast).postJson(`${origin}/api/v1/fi/table.px`, query)).toEqual({ class: 'dataset', value: [1, 2] });
    expect(received).toEqual([{ method: 'POST', url: '/api/v1/fi/table.px', contentType: 'application/json', accept: 'application/json', body: JSON.stringify(query) }]);
  });

  it('retries a 429 after the Retry-After it asks and a 503, sending the same body each time', async () => {
    const waited: number[] = [];
    const recordWait = async (ms: number) => void waited.push(ms);
    const { origin, received } = await serveReading((_, response, hit) => {
      if (hit === 1) sendJson(response, 429, {}, { 'retry-after': '10' });
      else if (hit === 2) sendJson(response, 503, {});
      else sendJson(response, 200, 'ok');
    });
    expect(await createHttpClient({ ...fast, wait: recordWait }).postJson(`${origin}/t`, query)).toBe('ok');
    expect(waited[0]).toBe(10_000);
    expect(waited).toHaveLength(2);
    expect(received.map((r) => [r.method, r.body])).toEqual(Array(3).fill(['POST', JSON.stringify(query)]));
  });

  it('does not retry a refusal, and names it with what the server said', async () => {
    const { origin, received } = await serveReading((_, response) => sendJson(response, 400, { message: 'Too many values selected' }));
    const error = await failure(createHttpClient(fast).postJson(`${origin}/t`, query));
    expect(error.status).toBe(400);
    expect(error.reason).toEqual({ code: 'http-status-said', params: { status: 400, detail: 'Too many values selected' } });
    expect(received).toHaveLength(1);
  });

  it('gives up after the retries as a GET does, and names an HTML answer', async () => {
    const failing = await serveReading((_, response) => sendJson(response, 502, {}));
    expect((await failure(createHttpClient(fast).postJson(`${failing.origin}/t`, query))).reason).toEqual({ code: 'http-status', params: { status: 502 } });
    expect(failing.received).toHaveLength(3);

    const html = await serveReading((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!DOCTYPE html><html><body>Maintenance</body></html>');
    });
    const error = await failure(createHttpClient(fast).postJson(`${html.origin}/t`, query));
    expect(error.reason.code).toBe('not-json');
    expect(html.received).toHaveLength(3);
  });

  it('sends the query again after a 307 or 308, and fetches the new address with GET after a 303', async () => {
    const { origin, received } = await serveReading((request, response) => {
      if (request.url.startsWith('/moved')) {
        response.writeHead(Number(request.url.slice('/moved'.length)), { location: '/answer' });
        response.end();
      } else sendJson(response, 200, request.method);
    });
    const client = createHttpClient(fast);
    expect(await client.postJson(`${origin}/moved307`, query)).toBe('POST');
    expect(await client.postJson(`${origin}/moved308`, query)).toBe('POST');
    expect(await client.postJson(`${origin}/moved303`, query)).toBe('GET');
    expect(received.map((r) => [r.method, r.url, r.body === '' ? '' : 'query'])).toEqual([
      ['POST', '/moved307', 'query'], ['POST', '/answer', 'query'],
      ['POST', '/moved308', 'query'], ['POST', '/answer', 'query'],
      ['POST', '/moved303', 'query'], ['GET', '/answer', ''],
    ]);
  });
});

describe('maxBytes per call', () => {
  it('lets one call read more, or less, than the client does', async () => {
    const big = `"${'x'.repeat(4998)}"`;
    const { origin, requests } = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(big);
    });
    const client = createHttpClient({ ...fast, maxBytes: 2048 });
    expect(await client.getJson(`${origin}/x`, { maxBytes: 8192 })).toBe(big.slice(1, -1));
    expect((await client.getText(`${origin}/x`, 'application/json', { maxBytes: 8192 })).body).toBe(big);
    expect(await client.postJson(`${origin}/x`, {}, { maxBytes: 8192 })).toBe(big.slice(1, -1));
    expect((await failure(client.getJson(`${origin}/x`))).reason.code).toBe('too-large');

    const roomy = createHttpClient({ ...fast, maxBytes: 1 << 20 });
    const error = await failure(roomy.postJson(`${origin}/x`, {}, { maxBytes: 1024 }));
    expect(error.reason).toEqual({ code: 'too-large', params: { megabytes: 0.000977 } });
    expect(requests).toHaveLength(5);
  });
});

describe('exchange', () => {
  const query = { query: [{ code: 'Alue', selection: { filter: 'item', values: ['091'] } }], response: { format: 'json-stat2' } };

  it('gives a refusal back as it came, unparsed and not retried, and an HTML page with 200 too', async () => {
    const { origin, received } = await serveReading((request, response) => {
      if (request.url === '/page') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html><p>Huoltokatko</p>');
      } else sendJson(response, 403, { error: 'Too many values selected' });
    });
    const client = createHttpClient(fast);
    expect(await client.exchange({ method: 'POST', url: `${origin}/table.px`, body: query })).toEqual({
      status: 403,
      contentType: 'application/json',
      body: '{"error":"Too many values selected"}',
      url: `${origin}/table.px`,
      retryAfter: null,
    });
    expect(await client.exchange({ method: 'GET', url: `${origin}/page`, accept: 'text/html' })).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><p>Huoltokatko</p>' });
    expect(received.map((r) => [r.method, r.url, r.accept, r.contentType, r.body])).toEqual([
      ['POST', '/table.px', 'application/json', 'application/json', JSON.stringify(query)],
      ['GET', '/page', 'text/html', undefined, ''],
    ]);
  });

  it('retries a 429 after its Retry-After and a 502, then gives the answer', async () => {
    const waited: number[] = [];
    const { origin, received } = await serveReading((_, response, hit) => {
      if (hit === 1) sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '7' });
      else if (hit === 2) sendJson(response, 502, {});
      else sendJson(response, 200, { class: 'dataset' });
    });
    const answer = await createHttpClient({ ...fast, wait: async (ms) => void waited.push(ms) }).exchange({ method: 'POST', url: `${origin}/t`, body: query });
    expect(answer).toMatchObject({ status: 200, body: '{"class":"dataset"}' });
    expect(waited).toHaveLength(2);
    expect(waited[0]).toBe(7000);
    expect(received.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(query)));
  });

  it('gives the last 429 or 5xx back when the retries run out, with its Retry-After', async () => {
    const { origin, requests } = await serve((_, response) => sendJson(response, 429, { error: '429 - Too many requests' }, { 'retry-after': '1' }));
    const answer = await createHttpClient({ ...fast, wait: async () => {} }).exchange({ method: 'GET', url: `${origin}/t` });
    expect(answer).toMatchObject({ status: 429, retryAfter: '1', body: '{"error":"429 - Too many requests"}' });
    expect(requests).toHaveLength(3);
  });

  it('throws when no answer comes, and for a body over the limit', async () => {
    const silent = await serve(() => {});
    const error = await failure(createHttpClient({ ...fast, timeoutMs: 50, retries: 1 }).exchange({ method: 'GET', url: `${silent.origin}/t` }));
    expect(error.reason).toEqual({ code: 'timeout', params: { ms: 50 } });
    expect(silent.requests).toHaveLength(2);

    const big = await serve((_, response) => sendJson(response, 400, 'x'.repeat(5000)));
    expect((await failure(createHttpClient(fast).exchange({ method: 'GET', url: `${big.origin}/t`, maxBytes: 1024 }))).reason.code).toBe('too-large');
    expect(big.requests).toHaveLength(1);
  });
});

describe('stream', () => {
  async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  it('hands the bytes over as they come, untouched by any text decoding, after retrying a 503', async () => {
    // windows-1252 bytes (š is 0x9A): a text decoder would change them.
    const parts = [Buffer.from('TITLE="Tallinna ', 'latin1'), Buffer.from([0x9a, 0x9e]), Buffer.from('";\r\nDATA=1 2;', 'latin1')];
    const { origin, requests } = await serve((_, response, hit) => {
      if (hit === 1) return sendJson(response, 503, {});
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (const part of parts) response.write(part);
      response.end();
    });
    const streamed = await createHttpClient(fast).stream(`${origin}/file.px`, 'application/octet-stream');
    expect(streamed.contentType).toBe('application/octet-stream');
    expect(streamed.url).toBe(`${origin}/file.px`);
    expect(await readAll(streamed.body)).toEqual(Buffer.concat(parts));
    expect(requests).toHaveLength(2);
  });

  it('stops at maxBytes while reading, declared or not', async () => {
    const { origin } = await serve((request, response) => {
      response.writeHead(200, request.url === '/declared' ? { 'content-length': '4096' } : {});
      response.write(Buffer.alloc(2048));
      response.end(Buffer.alloc(2048));
    });
    const client = createHttpClient(fast);
    expect((await failure(client.stream(`${origin}/declared`, '*/*', { maxBytes: 3000 }))).reason.code).toBe('too-large');
    const streamed = await client.stream(`${origin}/chunked`, '*/*', { maxBytes: 3000 });
    expect((await failure(readAll(streamed.body))).reason).toEqual({ code: 'too-large', params: { megabytes: 0.00286 } });
  });

  it('times out a server that goes silent, not one that keeps sending', async () => {
    // Four chunks 60 ms apart: 180 ms in all, longer than the 120 ms the server may stay silent.
    const { origin } = await serve((request, response) => {
      response.writeHead(200, {});
      if (request.url === '/silent') return void response.write('DATA=');
      let sent = 0;
      const next = () => (++sent < 4 ? response.write(`${sent} `, () => setTimeout(next, 60)) : response.end(';'));
      next();
    });
    const client = createHttpClient({ ...fast, timeoutMs: 120 });
    const slow = await client.stream(`${origin}/slow`, '*/*');
    expect((await readAll(slow.body)).toString()).toBe('1 2 3 ;');
    const silent = await client.stream(`${origin}/silent`, '*/*');
    expect((await failure(readAll(silent.body))).reason).toEqual({ code: 'timeout', params: { ms: 120 } });
  });

  it('closes the connection when the reader stops early or cancels', async () => {
    const closed: string[] = [];
    const { origin } = await serve((request, response) => {
      response.writeHead(200, {});
      response.write('first ');
      response.once('close', () => closed.push(request.url ?? ''));
    });
    const client = createHttpClient(fast);
    const early = await client.stream(`${origin}/early`, '*/*');
    for await (const _ of early.body) break;
    const unread = await client.stream(`${origin}/unread`, '*/*');
    await unread.cancel();
    await vi.waitFor(() => expect(closed.sort()).toEqual(['/early', '/unread']));
  });
});
