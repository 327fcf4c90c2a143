import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * What an Open311 app sends when it files a report, over real HTTP (fetch, which writes its own
 * multipart bodies as apps' HTTP libraries do): photos in `media` (Helsinki's Open311 API, the
 * Helsinki region's issue-reporting server and GeoReport 2.1's draft take them so), GeoReport's
 * own rules for `description` and the location, and who may read what the app sent about the
 * citizen.
 */

let t: TestApp;
let base: string;
let editor: Session;
let admin: Session;
let member: { user: { id: string; email: string }; session: Session };
/** A write token registered as an Open311 client with room for every report of this file. */
let appKey: { id: string; token: string };

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a9d60000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 0x11), Buffer.from('ffd9', 'hex')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

type Fields = Record<string, string | string[]>;
interface FilePart {
  content: Buffer;
  filename: string;
  type: string;
  field?: string;
}

function post(format: 'json' | 'xml', fields: Fields, files: FilePart[] = [], headers: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  for (const file of files) body.append(file.field ?? 'media', new Blob([new Uint8Array(file.content)], { type: file.type }), file.filename);
  return fetch(`${base}/open311/v2/requests.${format}`, { method: 'POST', body, headers });
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const byToken = (token: string) => t.db.kysely.selectFrom('bottlenecks').selectAll().where('status_token_hash', '=', hashOf(token)).executeTakeFirstOrThrow();
const count = async (table: 'bottlenecks' | 'attachments' | 'open311_reports') => Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const counts = async () => ({ bottlenecks: await count('bottlenecks'), attachments: await count('attachments'), reports: await count('open311_reports') });
const keyed = (fields: Fields): Fields => ({ api_key: appKey.token, ...fields });

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  editor = (await loginAs(t, 'editor')).session;
  admin = (await loginAs(t, 'admin')).session;
  member = await loginAs(t, 'member');
  appKey = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.session.headers, payload: { name: 'city feedback app', scopes: ['read', 'write'] } })).json();
  const set = await t.app.inject({ method: 'PUT', url: `/api/open311/clients/${appKey.id}`, headers: admin.headers, payload: { reportsPerDay: 1000 } });
  expect(set.statusCode, set.body).toBe(200);
});
afterAll(() => t?.close());

describe('a multipart POST with photos in "media"', () => {
  it('files the report with its photos as the bottleneck\'s attachments, the fields read as from a form', async () => {
    const response = await post(
      'json',
      keyed({ service_code: 'mobility', description: 'The ramp to the ferry terminal is broken; photos attached.', lat: '60.1635', long: '24.9386', first_name: 'Aino', 'attribute[topics][]': ['ferry', 'public_transport'] }),
      [
        { content: PNG, filename: 'ramp.png', type: 'image/png' },
        // A name that says PDF and a declared type that says PNG: the content decides, as for every upload.
        { content: JPEG, filename: '../IMG 0042.pdf', type: 'image/png' },
      ],
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const [created] = (await response.json()) as { token: string }[];
    const stored = await byToken(created.token);
    expect(stored).toMatchObject({ domain: 'mobility', topics: ['ferry', 'public_transport'], location_lat: 60.1635, reporter_id: member.user.id });

    const files = await t.db.kysely.selectFrom('attachments').select(['filename', 'media_type', 'size', 'content']).where('owner_type', '=', 'bottleneck').where('owner_id', '=', stored.id).orderBy('created_at').orderBy('filename').execute();
    expect(files.map((f) => [f.filename, f.media_type, f.size]).sort()).toEqual([['IMG 0042.jpg', 'image/jpeg', JPEG.length], ['ramp.png', 'image/png', PNG.length]]);
    const trail = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', stored.id).where('action', '=', 'bottleneck.attachment_added').execute();
    expect(trail).toEqual([{ action: 'bottleneck.attachment_added', actor_id: member.user.id }, { action: 'bottleneck.attachment_added', actor_id: member.user.id }]);

    // Once published, the photos are the bottleneck's files like any other, downloaded as sent.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${stored.id}`, headers: editor.headers, payload: { status: 'published' } })).statusCode).toBe(200);
    const detail = (await (await fetch(`${base}/api/bottlenecks/${stored.ref}`)).json()) as { attachments: { filename: string; url: string }[] };
    const png = detail.attachments.find((a) => a.filename === 'ramp.png')!;
    const download = await fetch(`${base}${png.url}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), PNG)).toBe(0);
  });

  it('takes a multipart POST without files, in XML too', async () => {
    const response = await post('xml', keyed({ service_code: 'legal', description: 'A power of attorney made in Estonia is refused.', address_string: 'Tallinn' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const token = /<token>([^<]+)<\/token>/.exec(await response.text())![1];
    expect((await byToken(token)).address).toBe('Tallinn');
  });

  it('refuses a file the register would refuse, in the route\'s own error format, storing nothing: not the report without its file either', async () => {
    const before = await counts();
    const fields = keyed({ service_code: 'mobility', description: 'A report whose file is refused.', address_string: 'Tallinn' });
    const cases: { format: 'json' | 'xml'; files: FilePart[]; status: number; says: RegExp }[] = [
      // A program named as a photo, after a good photo: the report is not stored with half its files.
      { format: 'json', files: [{ content: PNG, filename: 'ok.png', type: 'image/png' }, { content: EXE, filename: 'photo.jpg', type: 'image/jpeg' }], status: 415, says: /PDF or an image/ },
      { format: 'xml', files: [{ content: EXE, filename: 'photo.jpg', type: 'image/jpeg' }], status: 415, says: /PDF or an image/ },
      { format: 'json', files: [{ content: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), filename: 'huge.png', type: 'image/png' }], status: 413, says: /at most 10 MB/ },
      { format: 'xml', files: [{ content: PNG, filename: 'ok.png', type: 'image/png', field: 'photo' }], status: 400, says: /field (&quot;|")media/ },
      { format: 'json', files: Array.from({ length: 6 }, (_, i) => ({ content: PNG, filename: `p${i}.png`, type: 'image/png' })), status: 413, says: /files limit/ },
    ];
    for (const { format, files, status, says } of cases) {
      const response = await post(format, fields, files);
      const text = await response.text();
      expect(response.status, `${format} ${files.map((f) => f.filename).join(',')}: ${text}`).toBe(status);
      if (format === 'json') expect(JSON.parse(text)).toEqual([{ code: status, description: expect.stringMatching(says) }]);
      else expect(text).toMatch(new RegExp(`^<\\?xml[^>]*\\?><errors><error><code>${status}</code><description>[^<]*${says.source}`));
    }
    // A field the database cannot store, read from the multipart form, is refused as from any form:
    // by the input guard, before the database is asked.
    const unstorable = await post('json', keyed({ service_code: 'mobility', description: 'A report with a NUL \u0000 in it.', address_string: 'Tallinn' }), [{ content: PNG, filename: 'ok.png', type: 'image/png' }]);
    const said = await unstorable.text();
    expect(unstorable.status, said).toBe(400);
    expect(JSON.parse(said)).toEqual([{ code: 400, description: expect.stringMatching(/^Some fields contain characters that cannot be stored/) }]);
    expect(await counts()).toEqual(before);
  });
});

describe("GeoReport's own rules for the fields", () => {
  it('takes a report without a description, or with a short one, and makes the register\'s title from the service and the place', async () => {
    const none = await post('json', keyed({ service_code: 'mobility', lat: '60.17', long: '24.94' }));
    expect(none.status, await none.clone().text()).toBe(201);
    const [a] = (await none.json()) as { token: string }[];
    expect(await byToken(a.token)).toMatchObject({ title: { en: 'Mobility and transport – 60.17, 24.94' }, description: { en: 'Mobility and transport – 60.17, 24.94' } });

    const short = await post('json', keyed({ service_code: 'education', description: 'No bus', address_id: 'school-17' }));
    expect(short.status, await short.clone().text()).toBe(201);
    const [b] = (await short.json()) as { token: string }[];
    expect(await byToken(b.token)).toMatchObject({ title: { en: 'No bus' }, description: { en: 'No bus' }, address_id: 'school-17' });

    // In the report's language where the site has one (the attribute `language`).
    const finnish = await post('json', keyed({ service_code: 'mobility', address_string: 'Länsisatama', 'attribute[language]': 'fi' }));
    const [c] = (await finnish.json()) as { token: string }[];
    expect((await byToken(c.token)).title).toEqual({ fi: 'Liikkuvuus ja liikenne – Länsisatama' });
  });

  it('takes a description of 4000 characters and refuses one of 4001', async () => {
    const text = (n: number) => `${'Rajalla. '.repeat(Math.ceil(n / 9))}`.slice(0, n);
    const ok = await post('json', keyed({ service_code: 'mobility', description: text(4000), address_string: 'Narva' }));
    expect(ok.status).toBe(201);
    const [created] = (await ok.json()) as { token: string }[];
    expect((await byToken(created.token)).description).toEqual({ en: text(4000).trim() });
    const before = await counts();
    const long = await post('json', keyed({ service_code: 'mobility', description: text(4001), address_string: 'Narva' }));
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual([{ code: 400, description: expect.stringContaining('description') }]);
    expect(await counts()).toEqual(before);
  });

  it('requires a location (lat and long, address_string or address_id) with the standard\'s 400, in JSON and XML', async () => {
    const before = await counts();
    for (const format of ['json', 'xml'] as const) {
      for (const send of [post, form]) {
        const response = await send(format, keyed({ service_code: 'mobility', description: 'Somewhere, but where is not said.' }));
        const text = await response.text();
        expect(response.status, text).toBe(400);
        if (format === 'json') expect(JSON.parse(text)).toEqual([{ code: 400, description: expect.stringContaining('requires a location') }]);
        else expect(text).toMatch(/<errors><error><code>400<\/code><description>[^<]*requires a location/);
      }
    }
    expect(await counts()).toEqual(before);
  });
});

/** The same, form-encoded, as most apps send it. */
function form(format: 'json' | 'xml', fields: Fields) {
  const body = new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => [v].flat().map((one) => [k, one])));
  return fetch(`${base}/open311/v2/requests.${format}`, { method: 'POST', body });
}

describe("what an app sent about the citizen, on the bottleneck's admin view", () => {
  it('shows administrators which client filed a report and the reporter\'s contact data; nobody else', async () => {
    const response = await post('json', keyed({ service_code: 'integration', description: 'The residence permit office needs a Finnish ID.', address_string: 'Helsinki', email: 'aino@example.fi', first_name: 'Aino', last_name: 'Virtanen', phone: '+358 40 1234567', device_id: 'phone-77', account_id: 'app-user-9' }));
    const [created] = (await response.json()) as { token: string }[];
    const stored = await byToken(created.token);
    const url = `${base}/api/open311/reports/${stored.id}`;

    const seen = await fetch(url, { headers: { cookie: admin.cookie } });
    expect(seen.status).toBe(200);
    expect(await seen.json()).toEqual({
      report: {
        filedAt: expect.any(String),
        client: { tokenId: appKey.id, name: 'city feedback app', tokenPrefix: expect.any(String), ownerId: member.user.id, ownerEmail: member.user.email, revoked: false, reportsPerDay: 1000 },
        email: 'aino@example.fi',
        firstName: 'Aino',
        lastName: 'Virtanen',
        phone: '+358 40 1234567',
        deviceId: 'phone-77',
        accountId: 'app-user-9',
      },
    });

    const moderator = (await loginAs(t, 'moderator')).session;
    for (const [who, headers, status] of [
      ['a public visitor', {}, 401],
      ['a signed-in member', { cookie: (await loginAs(t, 'member')).session.cookie }, 403],
      ['the key\'s own owner', { cookie: member.session.cookie }, 403],
      ['a moderator', { cookie: moderator.cookie }, 403],
      ['an editor', { cookie: editor.cookie }, 403],
      ['the key itself', { authorization: `Bearer ${appKey.token}` }, 403],
    ] as const) {
      const refused = await fetch(url, { headers });
      const text = await refused.text();
      expect(refused.status, who).toBe(status);
      for (const secret of ['aino@example.fi', 'Virtanen', '1234567', 'phone-77', 'app-user-9']) expect(text, `${who} ${secret}`).not.toContain(secret);
    }

    // An anonymous app's report: no client, the e-mail the register keeps for the reporter.
    const anonymous = await post('json', { service_code: 'integration', description: 'Sent by an app without a key.', address_string: 'Espoo', email: 'nimeton@example.fi', first_name: 'Nimetön' });
    const [other] = (await anonymous.json()) as { token: string }[];
    const otherRow = await byToken(other.token);
    expect(await (await fetch(`${base}/api/open311/reports/${otherRow.id}`, { headers: { cookie: admin.cookie } })).json()).toMatchObject({ report: { client: null, email: 'nimeton@example.fi', firstName: 'Nimetön', phone: null } });

    // A report from the site's own form, and no report at all.
    const site = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.200', payload: { title: 'Filed on the site', description: 'A report filed through the register\'s own form.', language: 'en', domain: 'legal', countries: ['FI'] } });
    expect(await (await fetch(`${base}/api/open311/reports/${site.json().id}`, { headers: { cookie: admin.cookie } })).json()).toEqual({ report: null });
    expect((await fetch(`${base}/api/open311/reports/00000000-0000-4000-8000-000000000000`, { headers: { cookie: admin.cookie } })).status).toBe(404);
  });
});
