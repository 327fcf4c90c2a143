import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { expectProblem, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let published: { id: string; ref: string };

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  published = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.50', payload: { title: 'Last ferry does not meet the last tram', description: 'The last ferry from Tallinn arrives after the last tram has left West Harbour.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json();
  await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${published.id}`, headers: editor.headers, payload: { status: 'published', note: 'Published after checking.' } });
  const hsl = (await t.app.inject({ url: '/api/institutions/hsl' })).json();
  await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${published.id}`, headers: editor.headers, payload: { assignments: [{ country: 'FI', institutionId: hsl.id }] } });
});
afterAll(() => t?.close());

const byToken = (token: string) => createHash('sha256').update(token).digest('hex');
const form = (fields: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

describe('Open311 GeoReport v2', () => {
  it('lists the six domains as services, named in the asked language', async () => {
    const services = (await t.app.inject({ url: '/open311/v2/services.json', headers: { 'accept-language': 'fi' } })).json();
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(['mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration']);
    expect(services[0]).toMatchObject({ service_name: 'Liikkuvuus ja liikenne', metadata: true, type: 'realtime' });
  });

  it('serves published bottlenecks as service requests with GeoReport field names', async () => {
    const requests = (await t.app.inject({ url: '/open311/v2/requests.json' })).json();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      service_request_id: published.ref,
      status: 'open',
      status_notes: 'Published after checking.',
      service_code: 'mobility',
      service_name: 'Mobility and transport',
      agency_responsible: 'Helsinki Regional Transport Authority',
      description: 'The last ferry from Tallinn arrives after the last tram has left West Harbour.',
    });
    for (const key of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(Date.parse(requests[0][key])).not.toBeNaN();
    const one = (await t.app.inject({ url: `/open311/v2/requests/${published.ref}.json` })).json();
    expect(one).toHaveLength(1);
    expect((await t.app.inject({ url: '/open311/v2/requests.json?status=closed' })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/open311/v2/requests.json?service_code=legal' })).json()).toEqual([]);
    expect((await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${published.ref},BN-1999-0001` })).json()).toHaveLength(1);
  });

  it('files a form-encoded report that waits for moderation', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: '192.0.2.51', ...form({ service_code: 'social_security', description: 'Kela asks for an A1 certificate that the Estonian side does not issue for my case.', email: 'open311@example.fi', lat: '60.16', long: '24.93' }) });
    expect(response.statusCode).toBe(201);
    const [created] = response.json();
    expect(created).toEqual({ token: expect.any(String), service_notice: expect.stringContaining('moderator'), account_id: null });
    const stored = await t.db.kysely.selectFrom('bottlenecks').select(['ref', 'status', 'domain', 'reporter_email', 'location_lat', 'location_long']).where('status_token_hash', '=', byToken(created.token)).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'submitted', domain: 'social_security', reporter_email: 'open311@example.fi', location_lat: 60.16, location_long: 24.93 });
    expect((await t.app.inject({ url: `/open311/v2/requests/${stored.ref}.json` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/open311/v2/tokens/${created.token}.json` })).json()).toEqual([{ service_request_id: null, token: created.token }]);
  });

  describe('who files a report', () => {
    let reporter: { user: { id: string }; session: Session };
    let writeToken: string;
    let readToken: string;
    let address = 0;
    const report = (fields: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      const request = form({ service_code: 'mobility', description: 'The night bus from the harbour leaves before the last ferry arrives.', address_string: 'Länsisatama, Helsinki', ...fields });
      return t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: `198.51.100.${++address}`, payload: request.payload, headers: { ...request.headers, ...headers } });
    };
    const reporterOf = async (response: { json(): unknown }) => {
      const [created] = response.json() as { token: string }[];
      return (await t.db.kysely.selectFrom('bottlenecks').select('reporter_id').where('status_token_hash', '=', byToken(created.token)).executeTakeFirstOrThrow()).reporter_id;
    };
    const stored = async () => (await t.db.kysely.selectFrom('bottlenecks').select('id').execute()).length;

    beforeAll(async () => {
      reporter = await loginAs(t, 'member');
      const token = async (scopes: string[]) => (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: reporter.session.headers, payload: { name: `open311 ${scopes.join(' ')}`, scopes } })).json().token as string;
      writeToken = await token(['read', 'write']);
      readToken = await token(['read']);
    });

    it('is no one for a browser session: the cookie is not taken as the reporter, CSRF token or not', async () => {
      for (const headers of [{ cookie: reporter.session.cookie }, reporter.session.headers]) {
        const response = await report({}, headers);
        expect(response.statusCode, response.body).toBe(201);
        expect(await reporterOf(response)).toBeNull();
      }
      const follows = await t.db.kysely.selectFrom('bottleneck_followers').select('bottleneck_id').where('user_id', '=', reporter.user.id).execute();
      expect(follows).toEqual([]);
    });

    it('is the account of an API token with the write scope, sent as a Bearer token or as api_key', async () => {
      const bearer = await report({}, { authorization: `Bearer ${writeToken}` });
      expect(bearer.statusCode, bearer.body).toBe(201);
      expect(await reporterOf(bearer)).toBe(reporter.user.id);
      const keyed = await report({ api_key: writeToken }, { cookie: reporter.session.cookie });
      expect(keyed.statusCode, keyed.body).toBe(201);
      expect(await reporterOf(keyed)).toBe(reporter.user.id);
    });

    it('refuses an api_key or a token that is unknown or cannot write, storing nothing', async () => {
      const before = await stored();
      for (const [fields, headers, status] of [
        [{ api_key: readToken }, {}, 403],
        [{ api_key: 'not-a-token-of-ours-at-all' }, {}, 403],
        [{}, { authorization: `Bearer ${readToken}` }, 403],
        [{}, { authorization: 'Bearer not-a-token-of-ours-at-all' }, 401],
      ] as const) {
        const response = await report(fields, headers);
        expect(response.statusCode, JSON.stringify(fields)).toBe(status);
        expect(response.json()).toEqual([{ code: status, description: expect.any(String) }]);
      }
      expect(await stored()).toBe(before);
    });

    it('leaves the rest of the API to the session: a cookie write elsewhere still needs its CSRF token', async () => {
      const refused = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '198.51.100.250', headers: { cookie: reporter.session.cookie }, payload: { title: 'A report through the API', description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } });
      expect(expectProblem(refused, 403).type).toBe('/problems/csrf-token-invalid');
    });
  });

  it('answers bad input in the GeoReport error format and stores nothing', async () => {
    const before = (await t.db.kysely.selectFrom('bottlenecks').select('id').execute()).length;
    const cases = [
      form({ description: 'No service code given in this request at all.' }),
      form({ service_code: 'weather', description: 'An unknown service code is given in this request.' }),
      form({ service_code: 'mobility', description: 'short' }),
      form({ service_code: 'mobility', description: 'An unexpected field is sent along with it.', colour: 'blue' }),
    ];
    for (const request of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: '192.0.2.52', ...request });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      const body = response.json();
      expect(body).toEqual([{ code: response.statusCode, description: expect.any(String) }]);
    }
    expect((await t.db.kysely.selectFrom('bottlenecks').select('id').execute()).length).toBe(before);
    const missing = await t.app.inject({ url: '/open311/v2/requests/BN-1999-0001.json' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0].code).toBe(404);
    expect((await t.app.inject({ url: '/open311/v2/requests.json?start_date=yesterday' })).json()[0].code).toBe(400);
    expect((await t.app.inject({ url: '/open311/v2/requests.csv' })).statusCode).toBe(404);
  });
});
