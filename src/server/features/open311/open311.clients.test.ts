import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Open311 clients against Talsinki, each replayed clean-room from its documented behaviour
 * (docs: /work/notes/issue16-open311-openapi-xlsx.md §1–2): codeforamerica's node-open311 (its
 * request sequence and its XML reader), python `three` (an empty api_key when it has none), and
 * the GeoReport v2 XML formats checked by structure (root element, child order).
 */

let t: TestApp;
let editor: Session;
let member: { user: { id: string }; session: Session };
let writeToken: string;
const PUBLIC = 'http://localhost:8080';
const JURISDICTION = 'localhost';

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A strict (well-formedness checking) parse into a tree; no attributes or namespaces are expected. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let attributes = 0;
  parser.on('opentag', (tag) => {
    attributes += Object.keys(tag.attributes).length;
    const node: XmlNode = { name: tag.name, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
    else if (text.trim()) throw new Error('text outside the root');
  });
  parser.on('closetag', () => {
    root = stack.pop();
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  expect(attributes, 'GeoReport XML carries no attributes or namespaces').toBe(0);
  return root;
}

/**
 * node-open311's reading of XML (sparkxml, described in the notes): the root is dropped; an
 * element with exactly one child element or with repeated children becomes an array, distinct
 * children an object; an empty element is null; leaf text becomes a number when it reads as
 * one, then a boolean, else stays a string.
 */
function sparkValue(node: XmlNode): unknown {
  if (node.children.length === 0) {
    if (node.text === '') return null;
    const n = Number(node.text);
    if (!Number.isNaN(n)) return n;
    if (/^(true|false)$/i.test(node.text)) return node.text.toLowerCase() === 'true';
    return node.text;
  }
  const names = new Set(node.children.map((c) => c.name));
  if (node.children.length === 1 || names.size === 1) return node.children.map(sparkValue);
  return Object.fromEntries(node.children.map((c) => [c.name, sparkValue(c)]));
}
const spark = (xml: string) => sparkValue(parseXml(xml));

/** node-open311's reading of a POST's XML answer: `service_requests.request`, wrapped in an array. */
function postAnswerOf(xml: string) {
  const root = parseXml(xml);
  expect(root.name).toBe('service_requests');
  return root.children.filter((c) => c.name === 'request').map((r) => Object.fromEntries(r.children.map((c) => [c.name, c.text === '' ? null : c.text])));
}

async function http(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>, remoteAddress = '203.0.113.10') {
  const parsed = new URL(url);
  const payload = form
    ? new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString()
    : undefined;
  return t.app.inject({
    method,
    url: parsed.pathname + parsed.search,
    remoteAddress,
    headers: { host: parsed.host, ...(form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}) },
    payload,
  });
}

/**
 * node-open311 (npm `open311` 0.0.12), reproduced from its documented behaviour: URLs are
 * `endpoint + path + '.' + format`, `jurisdiction_id` rides in the query string (also on POST),
 * a GET is an error unless 200, a POST unless below 300; `submitRequest` needs an api key and
 * turns `attributes` into `attribute[code]`; discovery takes the first production GeoReport v2
 * endpoint, adds a trailing slash and (its bug) switches to JSON.
 */
class NodeOpen311Replay {
  constructor(public options: { endpoint?: string; jurisdiction: string; apiKey?: string; format: 'json' | 'xml'; discovery?: string }) {}

  private read(body: string) {
    return this.options.format === 'xml' ? spark(body) : JSON.parse(body);
  }

  private async get(path: string, params: Record<string, string> = {}) {
    const query = new URLSearchParams({ jurisdiction_id: this.options.jurisdiction, ...params });
    const response = await http('GET', `${this.options.endpoint}${path}.${this.options.format}?${query}`);
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
    return this.read(response.body);
  }

  async serviceDiscovery() {
    const url = this.options.discovery!;
    this.options.format = url.endsWith('.xml') ? 'xml' : 'json';
    const response = await http('GET', url);
    if (response.statusCode !== 200) throw new Error(`${response.statusCode}`);
    const found = this.read(response.body) as { endpoints: { specification: string; type: string; url: string; formats: string[] }[] };
    const endpoint = found.endpoints.filter((e) => e.specification === 'http://wiki.open311.org/GeoReport_v2' && e.type === 'production')[0];
    this.options.endpoint = endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`;
    this.options.format = 'json';
    return found;
  }

  serviceList() {
    return this.get('services') as Promise<{ service_code: string; metadata: boolean }[]>;
  }

  serviceDefinition(code: string) {
    return this.get(`services/${code}`) as Promise<{ service_code: string; attributes: { code: string; datatype: string; values?: { key: string }[] }[] }>;
  }

  token(token: string) {
    return this.get(`tokens/${token}`) as Promise<{ service_request_id: string | null; token: string }[]>;
  }

  async serviceRequests(ids: string | string[], params: Record<string, string> = {}) {
    const found = (Array.isArray(ids) ? await this.get('requests', { ...params, service_request_id: ids.join(',') }) : await this.get(`requests/${ids}`, params)) as Record<string, unknown>[];
    return found.map((r): Record<string, unknown> => ({ ...r, requested_datetime: new Date(String(r.requested_datetime)), updated_datetime: new Date(String(r.updated_datetime)), expected_datetime: new Date(String(r.expected_datetime)) }));
  }

  async submitRequest(data: Record<string, string>, attributes: Record<string, string> = {}) {
    if (!this.options.apiKey) throw new Error('Submitting service requests requires an API key');
    const form: Record<string, string> = { ...data, api_key: this.options.apiKey };
    for (const [code, value] of Object.entries(attributes)) form[`attribute[${code}]`] = value;
    const query = new URLSearchParams({ jurisdiction_id: this.options.jurisdiction });
    const response = await http('POST', `${this.options.endpoint}requests.${this.options.format}?${query}`, form);
    if (response.statusCode >= 300) throw new Error(`${response.statusCode} ${response.body}`);
    return this.options.format === 'xml' ? postAnswerOf(response.body) : (response.json() as Record<string, unknown>[]);
  }
}

/** python `three`, reproduced: `https://` endpoint with a trailing slash, `api_key` always sent. */
class ThreeReplay {
  endpoint: string;
  constructor(host: string, public options: { apiKey?: string; format?: 'json' | 'xml' } = {}) {
    this.endpoint = `https://${host}/open311/v2/`;
  }

  async discovery() {
    const response = await http('GET', `${this.endpoint}discovery.${this.options.format ?? 'json'}`);
    return { status: response.statusCode, body: response.body };
  }

  post(code: string, fields: { description: string; address?: string; name?: string; email?: string; lat?: string; long?: string }, remoteAddress?: string) {
    const [first, ...rest] = (fields.name ?? '').split(' ');
    const form: Record<string, string> = { service_code: code, description: fields.description, api_key: this.options.apiKey ?? '' };
    if (fields.address) form.address_string = fields.address;
    if (fields.name) Object.assign(form, { first_name: first, last_name: rest.join(' ') });
    if (fields.email) form.email = fields.email;
    if (fields.lat) Object.assign(form, { lat: fields.lat, long: fields.long });
    return http('POST', `${this.endpoint}requests.${this.options.format ?? 'json'}`, form, remoteAddress);
  }
}

const byToken = (token: string) => t.db.kysely.selectFrom('bottlenecks').selectAll().where('status_token_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
const publish = (id: string) => t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${id}`, headers: editor.headers, payload: { status: 'published', note: 'Checked & published <ok>.' } });

beforeAll(async () => {
  t = await startTestApp({ publicUrl: PUBLIC });
  editor = (await loginAs(t, 'editor')).session;
  member = await loginAs(t, 'member');
  writeToken = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.session.headers, payload: { name: 'open311 app', scopes: ['read', 'write'] } })).json().token;
});
afterAll(() => t?.close());

describe('node-open311 replayed against Talsinki', () => {
  it('discovers the endpoint, lists and defines services, files with attributes, follows the token, reads the request', async () => {
    const client = new NodeOpen311Replay({ discovery: `${PUBLIC}/open311/discovery.xml`, jurisdiction: JURISDICTION, apiKey: writeToken, format: 'xml' });
    const discovered = await client.serviceDiscovery();
    expect(discovered).toMatchObject({ endpoints: [{ formats: ['text/xml', 'application/json'] }] });
    expect(client.options.endpoint).toBe(`${PUBLIC}/open311/v2/`);

    const services = await client.serviceList();
    expect(services.map((s) => s.service_code)).toContain('mobility');
    expect(services.every((s) => s.metadata === true)).toBe(true);
    const definition = await client.serviceDefinition('mobility');
    expect(definition.attributes.map((a) => a.code)).toEqual(['title', 'language', 'countries', 'topics', 'situation', 'service_name', 'affected_estimate']);
    expect(definition.attributes.find((a) => a.code === 'topics')!.values!.map((v) => v.key)).toContain('ferry');

    const [created] = await client.submitRequest(
      { service_code: 'mobility', description: 'The night bus from the harbour leaves before the last ferry arrives.', lat: '60.1675', long: '24.9380', address_string: 'Länsisatama, Helsinki', email: 'citizen@example.fi', first_name: 'Maarit', phone: '+358 40 0000000', device_id: 'device-123' },
      { title: 'Night bus misses the ferry', topics: 'ferry', affected_estimate: '300' },
    );
    expect(created).toMatchObject({ token: expect.any(String), service_notice: expect.stringContaining('tokens/{token}'), account_id: member.user.id });
    expect(created).not.toHaveProperty('service_request_id');
    const stored = await byToken(String(created.token));
    expect(stored).toMatchObject({ reporter_id: member.user.id, topics: ['ferry'], affected_estimate: 300, location_lat: 60.1675, location_long: 24.938, address: 'Länsisatama, Helsinki', reporter_email: null });
    expect(stored.title).toEqual({ en: 'Night bus misses the ferry' });

    expect(await client.token(String(created.token))).toEqual([{ service_request_id: null, token: created.token }]);
    await expect(client.serviceRequests(stored.ref)).rejects.toThrow(/^404/);
    expect((await publish(stored.id)).statusCode).toBe(200);
    expect(await client.token(String(created.token))).toEqual([{ service_request_id: stored.ref, token: created.token }]);

    const [one] = await client.serviceRequests(stored.ref);
    expect(one).toMatchObject({ service_request_id: stored.ref, lat: 60.1675, long: 24.938, address: 'Länsisatama, Helsinki', status: 'open' });
    expect((one.requested_datetime as Date).getTime()).not.toBeNaN();
    const listed = await client.serviceRequests([stored.ref, 'BN-1999-0001']);
    expect(listed.map((r) => r.service_request_id)).toEqual([stored.ref]);

    // The same in XML throughout, as for an XML-only server.
    client.options.format = 'xml';
    expect((await client.serviceList()).length).toBe(6);
    const xmlDefinition = await client.serviceDefinition('legal');
    expect(xmlDefinition).toMatchObject({ service_code: 'legal' });
    expect(xmlDefinition.attributes[1]).toMatchObject({ code: 'language', datatype: 'singlevaluelist', variable: true, required: false, order: 2 });
    const [xmlOne] = await client.serviceRequests(stored.ref);
    expect(xmlOne).toMatchObject({ service_request_id: stored.ref, lat: 60.1675, long: 24.938, status_notes: 'Checked & published <ok>.', zipcode: null });
    expect(await client.token(String(created.token))).toEqual([[stored.ref, created.token]].map(([id, token]) => ({ service_request_id: id, token })));
    const [xmlCreated] = await client.submitRequest({ service_code: 'legal', description: 'A power of attorney made in Estonia is not accepted by a Finnish bank.', address_id: 'helsinki-bank-branch-1' });
    expect(xmlCreated).toMatchObject({ token: expect.any(String), account_id: member.user.id });

    // Personal data never leaves in a public answer.
    for (const url of [`/open311/v2/requests/${stored.ref}.json`, `/open311/v2/requests/${stored.ref}.xml`, '/open311/v2/requests.xml', `/api/bottlenecks/${stored.ref}`]) {
      const body = (await t.app.inject({ url })).body;
      for (const secret of ['citizen@example.fi', 'Maarit', '+358 40 0000000', 'device-123']) expect(body, `${url} ${secret}`).not.toContain(secret);
    }
    const personal = await t.db.kysely.selectFrom('open311_reports').selectAll().where('bottleneck_id', '=', stored.id).executeTakeFirstOrThrow();
    expect(personal).toMatchObject({ email: 'citizen@example.fi', first_name: 'Maarit', phone: '+358 40 0000000', device_id: 'device-123' });
  });

  it('has its attribute, jurisdiction and location mistakes answered as GeoReport errors', async () => {
    const client = new NodeOpen311Replay({ endpoint: `${PUBLIC}/open311/v2/`, jurisdiction: 'tallinn.example', apiKey: writeToken, format: 'json' });
    await expect(client.serviceList()).rejects.toThrow(/^404 \[\{"code":404/);
    client.options.jurisdiction = JURISDICTION.toUpperCase();
    expect(await client.serviceList()).toHaveLength(6);
    const description = 'A long enough description of a cross-border bottleneck.';
    const address_string = 'Tallinn';
    await expect(client.submitRequest({ service_code: 'mobility', description, address_string }, { colour: 'blue' })).rejects.toThrow(/^400 .*attribute\[colour\]/);
    await expect(client.submitRequest({ service_code: 'mobility', description, address_string }, { situation: 'tourist' })).rejects.toThrow(/^400 .*situation/);
    await expect(client.submitRequest({ service_code: 'mobility', description, lat: '60.1' })).rejects.toThrow(/^400 .*lat and long/);
    await expect(client.submitRequest({ service_code: 'mobility', description, lat: '95', long: '24' })).rejects.toThrow(/^400/);
    await expect(client.submitRequest({ service_code: 'weather', description, address_string })).rejects.toThrow(/^404/);
    await expect(client.serviceDefinition('weather')).rejects.toThrow(/^404/);
    await expect(client.token('no-such-token-at-all-here')).rejects.toThrow(/^404/);
  });
});

describe('python three replayed against Talsinki', () => {
  it('finds discovery under v2, files with an empty api_key as anonymous, and keeps the location public', async () => {
    const three = new ThreeReplay('localhost:8080');
    expect((await three.discovery()).status).toBe(200);
    const response = await three.post('education', { description: 'Estonian school reports are not read by the Finnish upper secondary school.', address: 'Tallinn', name: 'Jaan Tamm', email: 'jaan@example.ee', lat: '59.437', long: '24.7536' }, '203.0.113.40');
    expect(response.statusCode, response.body).toBe(201);
    const [created] = response.json();
    expect(created.account_id).toBeNull();
    const stored = await byToken(created.token);
    expect(stored).toMatchObject({ reporter_id: null, reporter_email: 'jaan@example.ee', address: 'Tallinn', location_lat: 59.437 });
    expect(await t.db.kysely.selectFrom('open311_reports').select(['first_name', 'last_name', 'token_id']).where('bottleneck_id', '=', stored.id).executeTakeFirstOrThrow()).toEqual({ first_name: 'Jaan', last_name: 'Tamm', token_id: null });
    await publish(stored.id);
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${stored.ref}` })).json();
    expect(detail.location).toEqual({ lat: 59.437, long: 24.7536, address: 'Tallinn', addressId: null });
  });
});

describe('an application key with its own intake limit', () => {
  it('relays many citizens from one address up to its daily limit, where an anonymous app stops after five', async () => {
    const admin = (await loginAs(t, 'admin')).session;
    const owner = await loginAs(t, 'member');
    const made = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.session.headers, payload: { name: 'city app', scopes: ['read', 'write'] } })).json();
    const anonymous = new ThreeReplay('localhost:8080');
    const keyed = new ThreeReplay('localhost:8080', { apiKey: made.token });
    const file = (client: ThreeReplay) => client.post('mobility', { description: 'Relayed from a citizen of the city app, one of many.', address: 'Tallinn' }, '203.0.113.77');
    const statuses = async (client: ThreeReplay, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await file(client)).statusCode);
      return out;
    };
    expect(await statuses(anonymous, 6)).toEqual([201, 201, 201, 201, 201, 429]);

    const set = await t.app.inject({ method: 'PUT', url: `/api/open311/clients/${made.id}`, headers: admin.headers, payload: { reportsPerDay: 25 } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: `/api/open311/clients/${made.id}`, headers: owner.session.headers, payload: { reportsPerDay: 1000 } })).statusCode).toBe(403);
    // Past the per-address limit and the member's hourly 20, to the key's own 25.
    const keyedStatuses = await statuses(keyed, 26);
    expect(keyedStatuses.slice(0, 25).every((s) => s === 201)).toBe(true);
    const refused = await file(keyed);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toEqual([{ code: 429, description: expect.stringContaining('25') }]);
  });
});

describe('GeoReport v2 XML, by structure', () => {
  const children = (node: XmlNode) => node.children.map((c) => c.name);
  const get = async (url: string) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(response.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    return parseXml(response.body);
  };

  it('writes each document with its root element and its children in the standard order', async () => {
    const services = await get('/open311/v2/services.xml');
    expect(services.name).toBe('services');
    expect(new Set(children(services))).toEqual(new Set(['service']));
    expect(children(services.children[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);

    const definition = await get('/open311/v2/services/integration.xml');
    expect(definition.name).toBe('service_definition');
    expect(children(definition)).toEqual(['service_code', 'attributes']);
    const list = definition.children[1].children.find((a) => a.children[1].text === 'situation')!;
    expect(children(list)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
    expect(children(list.children[7].children[0])).toEqual(['key', 'name']);

    const requests = await get('/open311/v2/requests.xml');
    expect(requests.name).toBe('service_requests');
    expect(requests.children.length).toBeGreaterThan(0);
    expect(children(requests.children[0])).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);

    for (const url of ['/open311/discovery.xml', '/open311/v2/discovery.xml']) {
      const discovery = await get(url);
      expect(discovery.name).toBe('discovery');
      expect(children(discovery)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
      const endpoint = discovery.children[3].children[0];
      expect(endpoint.name).toBe('endpoint');
      expect(children(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
      expect(endpoint.children[4].children.map((f) => f.text)).toEqual(['text/xml', 'application/json']);
    }
    const json = (await t.app.inject({ url: '/open311/discovery.json' })).json();
    expect(Date.parse(json.changeset)).not.toBeNaN();
    expect(json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${PUBLIC}/open311/v2`, type: 'production' });
  });

  it('answers errors as <errors><error><code/><description/>, with the status as code', async () => {
    for (const [method, url, status] of [
      ['GET', '/open311/v2/requests/BN-1999-0001.xml', 404],
      ['GET', '/open311/v2/requests.xml?start_date=yesterday', 400],
      ['GET', '/open311/v2/services.xml?jurisdiction_id=elsewhere.example', 404],
      ['GET', '/open311/v2/requests.xml?service_code=mobility,weather', 400],
      ['POST', '/open311/v2/requests.xml', 400],
      ['POST', '/open311/v2/requests.xml?jurisdiction_id=elsewhere.example', 404],
    ] as const) {
      const response = await t.app.inject({ method, url, remoteAddress: '203.0.113.90', ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'service_code=mobility&description=short' } : {}) });
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
      const errors = parseXml(response.body);
      expect(errors.name).toBe('errors');
      expect(children(errors.children[0])).toEqual(['code', 'description']);
      expect(errors.children[0].children[0].text).toBe(String(status));
    }
  });

  it('filters requests by several comma-separated service codes', async () => {
    const all = (await t.app.inject({ url: '/open311/v2/requests.json' })).json() as { service_code: string }[];
    const codes = [...new Set(all.map((r) => r.service_code))];
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const both = (await t.app.inject({ url: `/open311/v2/requests.json?service_code=${codes.slice(0, 2).join(',')}` })).json() as { service_code: string }[];
    expect(both.length).toBe(all.filter((r) => codes.slice(0, 2).includes(r.service_code)).length);
    const one = (await t.app.inject({ url: `/open311/v2/requests.json?service_code=${codes[0]}` })).json() as unknown[];
    expect(one.length).toBeLessThan(both.length);
  });
});
