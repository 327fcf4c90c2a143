import { sql } from 'kysely';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { describeViolations, validateDcat } from '../catalog/dcat/shacl.ts';
import { loadReadFixture, type ReadFixture } from '../sta/sta.fixture.ts';
import { STA_CONFORMS_TO, syncPilotDatasets } from './pilots.catalog.ts';

let t: TestApp;
let editor: Session;
let member: Session;
let sta: ReadFixture;
const ids: Record<string, string> = {};
let dialogue: { id: string; ref: string };
const BASE = 'https://talsinki.example';

const institution = async (slug: string) => (expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string }).id;
const count = async (table: 'pilots' | 'pilot_partners' | 'pilot_places' | 'pilot_kpis') => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n);

const pilot = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: { en: `Demo pilot ${slug}`, fi: `Demopilotti ${slug}` },
  description: { en: 'Water temperature along the shore, measured every half hour.' },
  status: 'running',
  startsOn: '2026-11-01',
  endsOn: '2027-03-31',
  partners: [
    { institutionId: ids.fvh, role: 'lead' },
    { institutionId: ids.taltech, role: 'partner' },
  ],
  places: [
    { name: { en: 'Kaivopuisto shore' }, geometry: { type: 'Point', coordinates: [24.96, 60.155] } },
    { name: { en: 'Tallinn old harbour' }, geometry: { type: 'Polygon', coordinates: [[[24.75, 59.44], [24.77, 59.44], [24.77, 59.45], [24.75, 59.44]]] } },
  ],
  goals: [{ en: 'Publish the shore temperature openly' }],
  kpis: [
    { name: { en: 'Water temperature now' }, datastreamId: sta.datastreams.temperature, target: 8, unit: '°C', measure: 'latest' },
    { name: { en: 'Mean water temperature' }, datastreamId: sta.datastreams.temperature, measure: 'mean' },
  ],
  results: [{ on: '2026-12-01', text: { en: 'First month of data published' } }],
  dialogues: [dialogue.ref],
  ...extra,
});

const create = async (body: unknown, session = editor) => t.app.inject({ method: 'POST', url: '/api/pilots', headers: session.headers, payload: body as object });

beforeAll(async () => {
  t = await startTestApp({ publicUrl: BASE });
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [ids.fvh, ids.taltech, ids.aalto, ids.climate] = await Promise.all(['forum-virium-helsinki', 'taltech', 'aalto-university', 'estonian-ministry-of-climate'].map(institution));
  sta = await loadReadFixture(t.db.kysely);
  dialogue = expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'forum_session', title: { en: 'Exchange forum session' }, startsAt: '2026-10-01T07:00:00.000Z', endsAt: '2026-10-01T09:00:00.000Z', organiserId: ids.fvh, domains: ['digital_services'], language: 'en', visibility: 'public' } }),
    201,
  ).json();
});
afterAll(() => t?.close());

describe('pilots', () => {
  it('seeds the FinEst Twins partners named by the references, English names only', async () => {
    const taltech = expectStatus(await t.app.inject({ url: '/api/institutions/taltech' }), 200).json();
    expect(taltech).toMatchObject({ country: 'EE', type: 'research', shortName: 'TalTech', name: { en: 'TalTech' }, website: null });
    expect(expectStatus(await t.app.inject({ url: '/api/institutions/aalto-university' }), 200).json()).toMatchObject({ country: 'FI', name: { en: 'Aalto University' } });
    expect(expectStatus(await t.app.inject({ url: '/api/institutions/estonian-ministry-of-climate' }), 200).json()).toMatchObject({ country: 'EE', type: 'ministry' });
  });

  it('creates a pilot with its partners, places, goals, KPIs, results and forum session, audited, and answers it whole', async () => {
    const created = expectStatus(await create(pilot('shore-temperature')), 201);
    expect(created.headers.location).toBe('/api/pilots/shore-temperature');
    const body = created.json();
    expect(body).toMatchObject({
      slug: 'shore-temperature',
      status: 'running',
      startsOn: '2026-11-01',
      endsOn: '2027-03-31',
      isDemo: false,
      goals: [{ text: { en: 'Publish the shore temperature openly' } }],
      results: [{ on: '2026-12-01', text: { en: 'First month of data published' } }],
      dialogues: [{ ref: dialogue.ref, type: 'forum_session' }],
      viewer: { canManage: true },
    });
    expect(body.partners.map((p: { institution: { id: string; country: string }; role: string }) => [p.institution.id, p.institution.country, p.role])).toEqual([
      [ids.fvh, 'FI', 'lead'],
      [ids.taltech, 'EE', 'partner'],
    ]);
    expect(body.places.map((p: { geometry: { type: string } }) => p.geometry.type)).toEqual(['Point', 'Polygon']);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_type', '=', 'pilot').where('entity_id', '=', body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['pilot.created']);
  });

  it("reads each KPI from its datastream: the latest value, or the mean over the pilot's period", async () => {
    const body = expectStatus(await t.app.inject({ url: '/api/pilots/shore-temperature' }), 200).json();
    const [latest, mean] = body.kpis;
    // The fixture's temperatures are 3, 3.5, … 8.5, an hour apart from 2026-11-30T22:00Z.
    expect(latest).toMatchObject({ measure: 'latest', value: 8.5, valueAt: '2026-12-01T09:00:00.000Z', target: 8, unit: '°C', datastream: { id: sta.datastreams.temperature, name: 'Temperature' } });
    expect(mean.value).toBeCloseTo(5.75, 10);
    // A period that ends before the observations: no mean.
    expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/pilots/shore-temperature', headers: editor.headers, payload: { endsOn: '2026-11-15' } }), 200);
    expect(expectStatus(await t.app.inject({ url: '/api/pilots/shore-temperature' }), 200).json().kpis[1].value).toBeNull();
    expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/pilots/shore-temperature', headers: editor.headers, payload: { endsOn: '2027-03-31' } }), 200);
  });

  it("lists the pilot's Things and public datastreams, the internal one only for staff", async () => {
    await sql`update sta_things set pilot_id = (select id from pilots where slug = 'shore-temperature') where id in (${sta.things[0]}, ${sta.things[1]})`.execute(t.db.kysely);
    const publicView = expectStatus(await t.app.inject({ url: '/api/pilots/shore-temperature' }), 200).json();
    expect(publicView.things.map((thing: { id: number; datastreams: { id: number }[] }) => [thing.id, thing.datastreams.map((d) => d.id)])).toEqual([
      [sta.things[0], [sta.datastreams.temperature, sta.datastreams.salinity]],
      [sta.things[1], []],
    ]);
    expect(publicView.things[0].datastreams[0]).toMatchObject({ unit: '°C', observedProperty: 'Water temperature' });
    expect(publicView).toMatchObject({ thingCount: 2, datastreamCount: 2, viewer: { canManage: false } });
    const staffView = expectStatus(await t.app.inject({ url: '/api/pilots/shore-temperature', headers: editor.headers }), 200).json();
    expect(staffView.things[1].datastreams.map((d: { id: number }) => d.id)).toEqual([sta.datastreams.internal]);
  });

  it('puts the pilot in the catalogue: one dataset, a SensorThings distribution per public datastream, valid DCAT-AP, and in the CKAN API', async () => {
    expect(await syncPilotDatasets(t.db.kysely, BASE)).toMatchObject({ created: 1 });
    const dataset = expectStatus(await t.app.inject({ url: '/api/datasets/pilot-shore-temperature' }), 200).json();
    expect(dataset).toMatchObject({ sourceIdentifier: 'pilot:shore-temperature', landingPage: `${BASE}/pilots/shore-temperature`, spatial: ['EE', 'FI'], temporalStart: '2026-11-01', temporalEnd: '2027-03-31', demo: false });
    expect(dataset.distributions.map((d: { accessUrl: string; format: string; conformsTo: string; accessService: { endpointUrl: string } }) => [d.accessUrl, d.format, d.conformsTo, d.accessService.endpointUrl])).toEqual([
      [`${BASE}/sta/v1.1/Datastreams(${sta.datastreams.temperature})/Observations`, 'JSON', STA_CONFORMS_TO, `${BASE}/sta/v1.1`],
      [`${BASE}/sta/v1.1/Datastreams(${sta.datastreams.salinity})/Observations`, 'JSON', STA_CONFORMS_TO, `${BASE}/sta/v1.1`],
    ]);
    expect(expectStatus(await t.app.inject({ url: '/api/pilots/shore-temperature' }), 200).json().dataset).toBe('pilot-shore-temperature');
    // Described in English only: English with the service's note, and no language given the note without the pilot's words.
    expect(Object.keys(dataset.description)).toEqual(['en']);
    expect(dataset.description.en).toMatch(/^Water temperature along the shore, measured every half hour\.\n\nObservations of the pilot's sensors/);
    // Nothing changed: nothing written again.
    expect(await syncPilotDatasets(t.db.kysely, BASE)).toMatchObject({ created: 0, updated: 0 });

    const quads = new Parser().parse(expectStatus(await t.app.inject({ url: '/catalog.ttl' }), 200).body);
    const accessUrls = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#accessURL').map((q) => q.object.value);
    expect(accessUrls).toContain(`${BASE}/sta/v1.1/Datastreams(${sta.datastreams.temperature})/Observations`);
    expect(accessUrls).not.toContain(`${BASE}/sta/v1.1/Datastreams(${sta.datastreams.internal})/Observations`);
    const violations = await validateDcat(quads);
    expect(violations, describeViolations(violations)).toEqual([]);

    const ckan = expectStatus(await t.app.inject({ url: '/api/3/action/package_show?id=pilot-shore-temperature' }), 200).json();
    expect(ckan.success).toBe(true);
    expect(ckan.result.resources.map((r: { url: string }) => r.url)).toEqual([
      `${BASE}/sta/v1.1/Datastreams(${sta.datastreams.temperature})/Observations`,
      `${BASE}/sta/v1.1/Datastreams(${sta.datastreams.salinity})/Observations`,
    ]);
  });

  it('takes the dataset out when the pilot loses its datastreams, and when the pilot is deleted', async () => {
    const other = expectStatus(await create(pilot('gone-soon', { kpis: [], dialogues: [] })), 201).json();
    await sql`update sta_things set pilot_id = ${other.id} where id = ${sta.things[0]}`.execute(t.db.kysely);
    expect(await syncPilotDatasets(t.db.kysely, BASE, [other.id])).toMatchObject({ created: 1 });
    await sql`update sta_things set pilot_id = (select id from pilots where slug = 'shore-temperature') where id = ${sta.things[0]}`.execute(t.db.kysely);
    expect(await syncPilotDatasets(t.db.kysely, BASE, [other.id])).toMatchObject({ removed: 1 });
    expect(expectStatus(await t.app.inject({ url: '/api/datasets/pilot-gone-soon' }), 200).json().state).toBe('withdrawn');
    await sql`update sta_things set pilot_id = ${other.id} where id = ${sta.things[0]}`.execute(t.db.kysely);
    await syncPilotDatasets(t.db.kysely, BASE, [other.id]);
    expect(expectStatus(await t.app.inject({ url: '/api/datasets/pilot-gone-soon' }), 200).json().state).toBe('active');
    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/pilots/gone-soon', headers: editor.headers }), 204);
    expect(expectStatus(await t.app.inject({ url: '/api/datasets/pilot-gone-soon' }), 200).json().state).toBe('withdrawn');
    // The Thing stays, without a pilot.
    expect((await sql<{ pilot_id: string | null }>`select pilot_id from sta_things where id = ${sta.things[0]}`.execute(t.db.kysely)).rows[0].pilot_id).toBeNull();
    await sql`update sta_things set pilot_id = (select id from pilots where slug = 'shore-temperature') where id = ${sta.things[0]}`.execute(t.db.kysely);
  });

  it('filters the list by status, partner institution and country, and finds pilots by words of their names', async () => {
    expectStatus(await create(pilot('planned-mobility', { name: { en: 'Ferry passenger counting demo' }, description: { en: 'Counts people boarding at the terminal.' }, status: 'planned', partners: [{ institutionId: ids.aalto, role: 'lead' }], kpis: [], dialogues: [] })), 201);
    const slugs = async (query: string) => expectStatus(await t.app.inject({ url: `/api/pilots?${query}` }), 200).json().items.map((p: { slug: string }) => p.slug);
    expect(await slugs('')).toEqual(['shore-temperature', 'planned-mobility']);
    expect(await slugs('status=planned')).toEqual(['planned-mobility']);
    expect(await slugs(`institution=${ids.taltech}`)).toEqual(['shore-temperature']);
    expect(await slugs('country=EE')).toEqual(['shore-temperature']);
    expect(await slugs('country=FI')).toEqual(['shore-temperature', 'planned-mobility']);
    expect(await slugs('q=passenger')).toEqual(['planned-mobility']);
    expect(await slugs('q=passengers+ferry')).toEqual(['planned-mobility']);
    expect(await slugs('q=temperature')).toEqual(['shore-temperature']);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await Promise.all((['pilots', 'pilot_partners', 'pilot_places', 'pilot_kpis'] as const).map(count));
    type Problem = { code: string; errors: { path: string; code: string }[] };
    const refused = async (body: unknown, status: number) => expectProblem(await create(body), status) as unknown as Problem;
    let problem = await refused(pilot('bad-one', { partners: [{ institutionId: '00000000-0000-4000-8000-000000000000', role: 'lead' }] }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/partners/0/institutionId', code: 'unknown-institution' })]);
    problem = await refused(pilot('bad-one', { kpis: [{ name: { en: 'x' }, datastreamId: 999_999 }, { name: { en: 'y' } }, { name: { en: 'z' }, indicator: 'no-such-indicator' }] }), 400);
    expect(problem.errors.map((e) => [e.path, e.code])).toEqual([
      ['body/kpis/0/datastreamId', 'unknown-datastream'],
      ['body/kpis/1', 'kpi-without-source'],
      ['body/kpis/2/indicator', 'unknown-indicator'],
    ]);
    problem = await refused(pilot('bad-one', { startsOn: '2027-01-01', endsOn: '2026-01-01' }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/endsOn', code: 'end-before-start' })]);
    problem = await refused(pilot('bad-one', { places: [{ name: { en: 'Ring' }, geometry: { type: 'Polygon', coordinates: [[[24.9, 60.1], [24.95, 60.1], [24.9, 60.12]]] } }] }), 400);
    expect(problem.errors[0]).toMatchObject({ path: 'body/places/0/geometry', code: 'geometry-invalid' });
    problem = await refused(pilot('bad-one', { places: [{ name: { en: 'Stockholm' }, geometry: { type: 'Point', coordinates: [18.07, 59.33] } }] }), 422);
    expect(problem).toMatchObject({ code: 'outside-region', errors: [{ path: 'body/places/0/geometry', code: 'outside-region' }] });
    problem = await refused(pilot('bad-one', { dialogues: ['DL-1999-0001'] }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/dialogues/0', code: 'unknown-dialogue' })]);
    problem = await refused(pilot('bad-one', { partners: [{ institutionId: ids.fvh, role: 'lead' }, { institutionId: ids.fvh, role: 'partner' }] }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/partners/1/institutionId', code: 'duplicate' })]);
    problem = await refused(pilot('Bad Slug'), 400);
    expect(problem.errors[0].path).toBe('body/slug');
    problem = await refused(pilot('bad-one', { status: 'paused' }), 400);
    expect(problem.errors[0].path).toBe('body/status');
    expect((await refused(pilot('shore-temperature'), 409)).code).toBe('slug-taken');
    expect(await Promise.all((['pilots', 'pilot_partners', 'pilot_places', 'pilot_kpis'] as const).map(count))).toEqual(before);
  });

  it('lets only editors write: members and the public are refused', async () => {
    expectProblem(await create(pilot('by-member'), member), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/pilots', payload: pilot('by-nobody') }), 401);
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/pilots/shore-temperature', headers: member.headers, payload: { status: 'completed' } }), 403);
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/pilots/shore-temperature', headers: member.headers }), 403);
    expectProblem(await t.app.inject({ url: '/api/pilots/shore-temperature/tokens', headers: member.headers }), 403);
  });

  it('changes a pilot: a list sent replaces the one kept, one left out stays; a new slug moves its dataset', async () => {
    const changed = expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/pilots/shore-temperature', headers: editor.headers, payload: { slug: 'shore-water', status: 'completed', partners: [{ institutionId: ids.climate, role: 'funder' }] } }), 200).json();
    expect(changed).toMatchObject({ slug: 'shore-water', status: 'completed', partners: [{ institution: { id: ids.climate }, role: 'funder' }] });
    expect(changed.places).toHaveLength(2);
    expect(changed.kpis).toHaveLength(2);
    expect(changed.dataset).toBe('pilot-shore-water');
    expect(expectStatus(await t.app.inject({ url: '/api/datasets/pilot-shore-temperature' }), 200).json().state).toBe('withdrawn');
    expectProblem(await t.app.inject({ url: '/api/pilots/shore-temperature' }), 404);
  });

  it('binds a write token to the pilot from an editor\'s session: the secret once, listed by prefix, revoked', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/pilots/shore-water/tokens', headers: editor.headers, payload: { name: 'Buoy gateway' } }), 201).json();
    expect(created.token).toMatch(/^\S{20,}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const row = await t.db.kysely.selectFrom('api_tokens').select(['scopes', 'revoked_at']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.scopes).toEqual(['write']);
    const bound = await t.db.kysely.selectFrom('sta_pilot_tokens as b').innerJoin('pilots as p', 'p.id', 'b.pilot_id').select('p.slug').where('b.token_id', '=', created.id).executeTakeFirstOrThrow();
    expect(bound.slug).toBe('shore-water');
    // The token reads the API as its editor, but cannot make another pilot token (a session is needed).
    const bearer = { authorization: `Bearer ${created.token}` };
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/pilots/shore-water/tokens', headers: bearer, payload: { name: 'Second' } }), 403).type).toBe('/problems/session-required');
    const listed = expectStatus(await t.app.inject({ url: '/api/pilots/shore-water/tokens', headers: editor.headers }), 200).json();
    expect(listed.items).toEqual([expect.objectContaining({ id: created.id, prefix: created.prefix, name: 'Buoy gateway', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/pilots/shore-water/tokens/${created.id}`, headers: editor.headers }), 204);
    expect((await t.db.kysely.selectFrom('api_tokens').select('revoked_at').where('id', '=', created.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/pilots/shore-water/tokens/${created.id}`, headers: editor.headers }), 404);
    // A token of another pilot is not this pilot's to revoke.
    const planned = expectStatus(await t.app.inject({ method: 'POST', url: '/api/pilots/planned-mobility/tokens', headers: editor.headers, payload: { name: 'Counter' } }), 201).json();
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/pilots/shore-water/tokens/${planned.id}`, headers: editor.headers }), 404);
    // Deleting the pilot revokes its live tokens.
    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/pilots/planned-mobility', headers: editor.headers }), 204);
    expect((await t.db.kysely.selectFrom('api_tokens').select('revoked_at').where('id', '=', planned.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
  });

  it('keeps documents through the attachments module, downloadable by anyone, removed by editors', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const boundary = 'pilotdoc';
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const upload = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/pilots/shore-water/documents', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expectProblem(await upload(member.headers), 403);
    const file = expectStatus(await upload(editor.headers), 201).json();
    expect(file).toMatchObject({ filename: 'plan.pdf', mediaType: 'application/pdf', url: `/api/pilots/shore-water/documents/${file.id}` });
    expect(expectStatus(await t.app.inject({ url: '/api/pilots/shore-water' }), 200).json().documents.map((d: { id: string }) => d.id)).toEqual([file.id]);
    const download = expectStatus(await t.app.inject({ url: file.url }), 200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expectStatus(await t.app.inject({ method: 'DELETE', url: file.url, headers: editor.headers }), 204);
    expectProblem(await t.app.inject({ url: file.url }), 404);
  });
});

// A service owner is not an editor: the pilots are the living lab's, written by the project's editors.
describe('pilots and service owners', () => {
  it('refuses a service owner', async () => {
    const user = await createUser(t.db, 'service_owner');
    const owner = await login(t.app, user.email);
    expectProblem(await create(pilot('by-owner'), owner), 403);
  });
});
