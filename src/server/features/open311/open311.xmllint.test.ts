import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Talsinki's XML as shell scripts read it: libxml2's `xmllint` (Debian's libxml2-utils, installed
 * by scripts/test.mjs), a parser that shares nothing with our writers. Every Open311 answer and the
 * catalogue's RDF/XML must pass `xmllint --noout`, and `xmllint --xpath` must read from the XML the
 * values the JSON answers give, over real HTTP.
 */

let t: TestApp;
let base: string;
let editor: Session;
let ref: string;
let token: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** xmllint with `args`, fed `input` on its standard input when given. */
function xmllint(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile('xmllint', args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

/** `curl -s $url | xmllint --noout -`: the answer's status, and what xmllint said of its body. */
async function wellFormed(url: string, init?: RequestInit) {
  const response = await fetch(`${base}${url}`, init);
  const body = await response.text();
  expect(response.headers.get('content-type'), url).toMatch(/^(text\/xml|application\/rdf\+xml)/);
  const run = await xmllint(['--noout', '-'], body);
  expect(run.stderr, `${url}: ${body.slice(0, 500)}`).toBe('');
  expect(run.code, url).toBe(0);
  return { status: response.status, body };
}

const xpath = async (expression: string, url: string) => {
  // xmllint fetches the document itself, as a script's `xmllint --xpath … http://…` does.
  const run = await xmllint(['--xpath', expression, `${base}${url}`]);
  expect(run.code, `${expression} ${url}: ${run.stderr}`).toBe(0);
  // What `$(xmllint --xpath …)` gives a script: the output without its last newline.
  return run.stdout.replace(/\n$/, '');
};

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  editor = (await loginAs(t, 'editor')).session;
  // One report filed anonymously in XML, with text to escape, then published; one dataset with the same.
  const filed = await fetch(`${base}/open311/v2/requests.xml`, {
    method: 'POST',
    body: new URLSearchParams({ service_code: 'mobility', description: 'Tickets "Helsinki & Tallinn" <2026> cost more at the ferry\'s desk.', address_string: 'Länsisatama & Tallinn <port>' }),
  });
  expect(filed.status).toBe(201);
  const answer = await filed.text();
  const read = await xmllint(['--xpath', 'string(/service_requests/request/token)', '-'], answer);
  token = read.stdout.replace(/\n$/, '');
  expect(token).toMatch(/^\S{16,}$/);
  const row = await t.db.kysely.selectFrom('bottlenecks').select(['id', 'ref']).where('status_token_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
  ref = row.ref;
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${row.id}`, headers: editor.headers, payload: { status: 'published', note: 'Checked & published <ok>.' } }), 200);
  expectStatus(
    await t.app.inject({
      method: 'POST',
      url: '/api/datasets',
      headers: editor.headers,
      payload: { title: { en: 'Fares & zones <2026>', fi: 'Hinnat "ja" vyöhykkeet' }, description: { en: 'Ferry fares & zones, <b>not</b> markup.' }, themes: ['TRAN'], license: 'CC_BY_4_0', distributions: [{ title: { en: 'CSV' }, accessUrl: 'https://data.example.test/fares.csv?a=1&b=2', format: 'CSV', mediaType: 'text/csv' }] },
    }),
    201,
  );
});
afterAll(() => t?.close());

describe('xmllint --noout', () => {
  it('finds every Open311 answer and the catalogue’s RDF/XML well-formed', async () => {
    for (const url of [
      '/open311/discovery.xml',
      '/open311/v2/discovery.xml',
      '/open311/v2/services.xml',
      '/open311/v2/services/mobility.xml',
      '/open311/v2/services/integration.xml',
      '/open311/v2/requests.xml',
      `/open311/v2/requests/${ref}.xml`,
      `/open311/v2/tokens/${token}.xml`,
      '/catalog.rdf',
      '/catalog.rdf?page=1&pageSize=1',
    ]) {
      expect((await wellFormed(url)).status, url).toBe(200);
    }
    const { body } = await wellFormed(`/open311/v2/requests/${ref}.xml`);
    expect(body).toContain('Checked &amp; published &lt;ok&gt;.');
  });

  it('finds the error answers well-formed too', async () => {
    for (const [url, status, init] of [
      ['/open311/v2/requests/BN-1999-0001.xml', 404],
      ['/open311/v2/requests.xml?start_date=<yesterday>', 400],
      ['/open311/v2/services/weather.xml', 404],
      ['/open311/v2/tokens/no-such-token-at-all-here.xml', 404],
      ['/open311/v2/requests.xml', 400, { method: 'POST', body: new URLSearchParams({ service_code: 'mobility', description: 'short & <odd>' }) }],
    ] as const) {
      expect((await wellFormed(url, init)).status, url).toBe(status);
    }
  });
});

describe('xmllint --xpath, as a shell script reads values', () => {
  it('reads the same request, token and service values the JSON answers give', async () => {
    const json = async (url: string) => (await fetch(`${base}${url}`)).json();
    const requests = (await json('/open311/v2/requests.json')) as { service_request_id: string; description: string; address: string }[];
    expect(await xpath('string(/service_requests/request[1]/service_request_id)', '/open311/v2/requests.xml')).toBe(requests[0].service_request_id);
    expect(await xpath('count(/service_requests/request)', '/open311/v2/requests.xml')).toBe(String(requests.length));
    const [one] = (await json(`/open311/v2/requests/${ref}.json`)) as { description: string; address: string; status_notes: string }[];
    expect(await xpath('string(/service_requests/request/description)', `/open311/v2/requests/${ref}.xml`)).toBe(one.description);
    expect(await xpath('string(/service_requests/request/address)', `/open311/v2/requests/${ref}.xml`)).toBe('Länsisatama & Tallinn <port>');
    expect(await xpath('string(/service_requests/request/status_notes)', `/open311/v2/requests/${ref}.xml`)).toBe(one.status_notes);
    expect(await xpath('string(/service_requests/request/service_request_id)', `/open311/v2/tokens/${token}.xml`)).toBe(ref);
    const services = (await json('/open311/v2/services.json')) as { service_code: string }[];
    expect(await xpath('string(/services/service[last()]/service_code)', '/open311/v2/services.xml')).toBe(services.at(-1)!.service_code);
    const discovery = (await json('/open311/discovery.json')) as { endpoints: { url: string }[] };
    expect(await xpath('string(/discovery/endpoints/endpoint[1]/url)', '/open311/discovery.xml')).toBe(discovery.endpoints[0].url);
  });

  it('reads the dataset title from the catalogue’s RDF/XML with its namespaces', async () => {
    // One rdf:Description per subject: the dataset is the one with rdf:type dcat:Dataset.
    const rdf = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
    const dataset = `//*[local-name()='Description' and namespace-uri()='${rdf}'][*[local-name()='type' and namespace-uri()='${rdf}']/@*[local-name()='resource']='http://www.w3.org/ns/dcat#Dataset']`;
    const title = (lang: string) => xpath(`string(${dataset}/*[local-name()='title' and namespace-uri()='http://purl.org/dc/terms/'][@xml:lang='${lang}'])`, '/catalog.rdf');
    expect(await title('en')).toBe('Fares & zones <2026>');
    expect(await title('fi')).toBe('Hinnat "ja" vyöhykkeet');
  });
});
