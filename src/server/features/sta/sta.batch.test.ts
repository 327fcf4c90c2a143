import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadReadFixture, type ReadFixture } from './sta.fixture.ts';

/**
 * Batch requests as FROST-Server's BatchTests send them: a multipart/mixed body with a read and a
 * changeset whose second request names the first's new entity as $1; a changeset that fails
 * writes nothing; the JSON batch with atomicity groups and references in URL and body.
 */

let t: TestApp;
let f: ReadFixture;
let editor: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  f = await loadReadFixture(t.db.kysely);
  editor = (await loginAs(t, 'editor')).session.headers;
});
afterAll(() => t?.close());

const CRLF = '\r\n';
function part(request: string, body?: unknown, contentId?: string): string {
  const json = body === undefined ? '' : JSON.stringify(body);
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId ? [`Content-ID: ${contentId}`] : []),
    '',
    request,
    'Host: localhost',
    ...(json ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(json)}`] : []),
    '',
    json,
  ].join(CRLF);
}
function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}${CRLF}${p}`).join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}
function changeset(boundary: string, parts: string[]): string {
  return `Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}${multipart(boundary, parts)}`;
}
const things = async () => (await t.app.inject({ url: '/sta/v1.1/Things?$count=true&$top=0' })).json()['@iot.count'] as number;

describe('multipart batch (BatchTests)', () => {
  it('answers a read and a changeset in order, the second request naming the first one’s entity as $1', async () => {
    const before = await things();
    const body = multipart('batch_1', [
      part(`GET v1.1/Things(${f.things[0]})?$select=name HTTP/1.1`),
      changeset('changeset_1', [
        part('POST v1.1/Things HTTP/1.1', { name: 'Batch buoy', description: 'made in a batch' }, '1'),
        part('POST $1/Locations HTTP/1.1', { name: 'Batch place', description: 'x', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [24.9, 60.1] } }, '2'),
      ]),
      part(`GET ${t.app.config.publicUrl}/sta/v1.1/Things(${f.things[1]})/name/$value HTTP/1.1`),
    ]);
    const response = expectStatus(await t.app.inject({ method: 'POST', url: '/sta/v1.1/$batch', headers: { ...editor, 'content-type': 'multipart/mixed; boundary=batch_1' }, payload: body }), 200);
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    const text = response.body;
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 201, 201, 200]);
    expect(text).toContain('{"name":"Buoy one"}');
    expect(text).toContain('Station two');
    expect(text).toContain('Content-ID: 1');
    expect(await things()).toBe(before + 1);
    const made = (await t.app.inject({ url: `/sta/v1.1/Things?$filter=${encodeURIComponent("name eq 'Batch buoy'")}&$expand=Locations` })).json().value[0];
    expect(made.Locations.map((l: { name: string }) => l.name)).toEqual(['Batch place']);
  });

  it('writes nothing of a changeset one of whose requests fails, and says why', async () => {
    const before = await things();
    const body = multipart('b2', [
      changeset('c2', [part('POST v1.1/Things HTTP/1.1', { name: 'Doomed', description: 'x' }, '1'), part('POST $1/Datastreams HTTP/1.1', { name: 'no relations' }, '2')]),
    ]);
    const response = expectStatus(await t.app.inject({ method: 'POST', url: '/sta/v1.1/$batch', headers: { ...editor, 'content-type': 'multipart/mixed; boundary=b2' }, payload: body }), 200);
    expect([...response.body.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]))).toEqual([400]);
    expect(await things()).toBe(before);
  });

  it('refuses the writes of a caller who may not write, but answers their reads', async () => {
    const body = multipart('b3', [part(`GET Things(${f.things[0]}) HTTP/1.1`), changeset('c3', [part('POST Things HTTP/1.1', { name: 'x', description: 'y' }, '1')])]);
    const response = expectStatus(await t.app.inject({ method: 'POST', url: '/sta/v1.1/$batch', headers: { 'content-type': 'multipart/mixed; boundary=b3' }, payload: body }), 200);
    expect([...response.body.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]))).toEqual([200, 403]);
  });

  it('refuses a body that is not a batch', async () => {
    for (const [type, payload] of [
      ['multipart/mixed; boundary=x', 'no delimiter here'],
      ['multipart/mixed; boundary=x', '--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--'],
      ['application/json', '{"requests": 5}'],
      ['application/json', '{"requests": [{"method": "get"}]}'],
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/sta/v1.1/$batch', headers: { 'content-type': type }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().type).toMatch(/batch-malformed$/);
    }
    // A multipart body without its boundary is refused at the door, as every multipart request is.
    const response = await t.app.inject({ method: 'POST', url: '/sta/v1.1/$batch', headers: { 'content-type': 'multipart/mixed' }, payload: '--x--' });
    expect(response.statusCode).toBe(400);
  });
});

describe('JSON batch (FROST)', () => {
  it('runs atomicity groups, with references in the URL and the body', async () => {
    const response = expectStatus(
      await t.app.inject({
        method: 'POST',
        url: '/sta/v1.1/$batch',
        headers: editor,
        payload: {
          requests: [
            { id: 'thing', atomicityGroup: 'g1', method: 'post', url: 'Things', body: { name: 'JSON batch buoy', description: 'x' } },
            { id: 'place', atomicityGroup: 'g1', method: 'post', url: '$thing/Locations', body: { name: 'JSON place', description: 'x', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [24.8, 60.2] } } },
            { id: 'read', method: 'get', url: `Things(${f.things[0]})/name` },
            { id: 'history', atomicityGroup: 'g2', method: 'post', url: 'HistoricalLocations', body: { time: '2031-01-01T00:00:00Z', Thing: { '@iot.id': '$thing' }, Locations: [{ '@iot.id': '$place' }] } },
          ],
        },
      }),
      200,
    );
    const { responses } = response.json() as { responses: { id: string; status: number; body: Record<string, unknown>; headers: Record<string, string> }[] };
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['thing', 201],
      ['place', 201],
      ['read', 200],
      ['history', 201],
    ]);
    expect(responses[2].body).toEqual({ name: 'Buoy one' });
    expect(responses[0].headers.location).toBe(responses[0].body['@iot.selfLink']);
  });
});
