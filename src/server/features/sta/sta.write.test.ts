import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { writeToken } from './sta.fixture.ts';

/**
 * Writing the SensorThings service as FROST-Server's Capability2Tests and AdditionalTests do:
 * create each type, deep insert, links by id, PATCH, PUT, DELETE with its cascades, the
 * HistoricalLocations and FeaturesOfInterest the service makes, and the refusals that must
 * leave nothing behind. Writers: a pilot's API token (its own Things only) and an editor.
 */

let t: TestApp;
let pilotA: string;
let pilotB: string;
let memberToken: string;
let editorHeaders: Record<string, string>;

type Entity = Record<string, unknown> & { '@iot.id': number; '@iot.selfLink': string };

beforeAll(async () => {
  t = await startTestApp();
  const pilots = await sql<{ id: string }>`insert into pilots (slug, name) values ('pilot-a', '{"en":"Pilot A"}'), ('pilot-b', '{"en":"Pilot B"}') returning id`.execute(t.db.kysely);
  pilotA = await writeToken(t, 'member', pilots.rows[0].id);
  pilotB = await writeToken(t, 'member', pilots.rows[1].id);
  memberToken = await writeToken(t, 'member');
  editorHeaders = (await loginAs(t, 'editor')).session.headers;
});
afterAll(() => t?.close());

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (path: string, payload: unknown, headers: Record<string, string> = as(pilotA)) => t.app.inject({ method: 'POST', url: `/sta/v1.1/${path}`, headers, payload: payload as object });
const get = async (path: string) => expectStatus(await t.app.inject({ url: path.startsWith('http') ? new URL(path).pathname + new URL(path).search : `/sta/v1.1/${path}` }), 200).json();
const created = async (path: string, payload: unknown, headers: Record<string, string> = as(pilotA)) => {
  const response = expectStatus(await post(path, payload, headers), 201);
  const entity = response.json() as Entity;
  expect(response.headers.location).toBe(entity['@iot.selfLink']);
  return entity;
};
const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(table)}`.execute(t.db.kysely)).rows[0].n);
const TABLES = ['sta_things', 'sta_locations', 'sta_historical_locations', 'sta_datastreams', 'sta_sensors', 'sta_observed_properties', 'sta_observations', 'sta_features'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await count(table)])));

const MEASUREMENT = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement';
const celsius = { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const deepThing = (name: string) => ({
  name,
  description: 'a buoy (test)',
  properties: { programme: 'test' },
  Locations: [{ name: `${name} place`, description: 'on the gulf', encodingType: 'application/geo+json', location: point(25.0, 59.9) }],
  Datastreams: [
    {
      name: `${name} temperature`,
      description: 'water temperature at 1 m',
      observationType: MEASUREMENT,
      unitOfMeasurement: celsius,
      Sensor: { name: 'CTD', description: 'probe', encodingType: 'application/pdf', metadata: 'https://example.org/ctd.pdf' },
      ObservedProperty: { name: 'Water temperature', definition: 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/', description: 'sea water temperature' },
      Observations: [
        { phenomenonTime: '2026-11-15T10:00:00Z', result: 4.5 },
        { phenomenonTime: '2026-12-01T10:00:00Z', result: 3.9 },
      ],
    },
  ],
});

describe('creating (Capability2 01–04)', () => {
  it('deep-inserts a Thing with its Location, Datastream, Sensor, ObservedProperty and Observations, and makes a HistoricalLocation and a FeatureOfInterest', async () => {
    const thing = await created('Things', deepThing('Deep buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams?$expand=Sensor,ObservedProperty,Observations($orderby=phenomenonTime;$expand=FeatureOfInterest)`)).value;
    expect(stream.Sensor.name).toBe('CTD');
    expect(stream.ObservedProperty.name).toBe('Water temperature');
    expect(stream.Observations.map((o: Entity) => o.result)).toEqual([4.5, 3.9]);
    // Both observations got the one feature made from the Thing's Location.
    const features = new Set(stream.Observations.map((o: { FeatureOfInterest: Entity }) => o.FeatureOfInterest['@iot.id']));
    expect(features.size).toBe(1);
    expect(stream.Observations[0].FeatureOfInterest).toMatchObject({ name: 'Deep buoy place', feature: point(25.0, 59.9), encodingType: 'application/geo+json' });
    // The stream's derived times and area.
    expect(stream.phenomenonTime).toBe('2026-11-15T10:00:00.000Z/2026-12-01T10:00:00.000Z');
    expect(stream.observedArea).toEqual(point(25.0, 59.9));
    // The chart's hour and day buckets follow the write.
    const buckets = await sql<{ bucket: string; count: number; sum: number }>`select bucket, count, sum from sta_observation_aggregates where datastream_id = ${stream['@iot.id']} order by bucket, bucket_start`.execute(t.db.kysely);
    expect(buckets.rows.map((b) => [b.bucket, Number(b.count), Number(b.sum)])).toEqual([['day', 1, 4.5], ['day', 1, 3.9], ['hour', 1, 4.5], ['hour', 1, 3.9]]);
    const history = (await get(`Things(${thing['@iot.id']})/HistoricalLocations?$expand=Locations`)).value;
    expect(history).toHaveLength(1);
    expect(history[0].Locations.map((l: Entity) => l.name)).toEqual(['Deep buoy place']);
  });

  it('creates each entity type on its own and links entities by @iot.id', async () => {
    const sensor = await created('Sensors', { name: 'Oxygen optode', description: 'optode', encodingType: 'application/pdf', metadata: 'https://example.org/optode.pdf' });
    const property = await created('ObservedProperties', { name: 'Dissolved oxygen', definition: 'https://example.org/oxygen', description: 'oxygen in water' });
    const thing = await created('Things', { name: 'Linked buoy', description: 'test' });
    const location = await created(`Things(${thing['@iot.id']})/Locations`, { name: 'Anchor', description: 'anchor point', encodingType: 'application/geo+json', location: point(24.9, 60.1) });
    expect((await get(`Locations(${location['@iot.id']})/Things`)).value.map((e: Entity) => e['@iot.id'])).toEqual([thing['@iot.id']]);
    expect((await get(`Things(${thing['@iot.id']})/HistoricalLocations`)).value).toHaveLength(1);
    const stream = await created('Datastreams', {
      name: 'Oxygen',
      description: 'test',
      observationType: MEASUREMENT,
      unitOfMeasurement: { name: 'milligram per litre', symbol: 'mg/L', definition: 'https://example.org/mgl' },
      Thing: { '@iot.id': thing['@iot.id'] },
      Sensor: { '@iot.id': sensor['@iot.id'] },
      ObservedProperty: { '@iot.id': property['@iot.id'] },
    });
    const feature = await created('FeaturesOfInterest', { name: 'Surface', description: 'surface water', encodingType: 'application/geo+json', feature: point(24.9, 60.1) });
    const observation = await created(`Datastreams(${stream['@iot.id']})/Observations`, { phenomenonTime: '2026-12-02T08:00:00Z', result: 9.1, FeatureOfInterest: { '@iot.id': feature['@iot.id'] } });
    expect((await get(`Observations(${observation['@iot.id']})/FeatureOfInterest`))['@iot.id']).toBe(feature['@iot.id']);
    const viaFeature = await created(`FeaturesOfInterest(${feature['@iot.id']})/Observations`, { result: 9.3, Datastream: { '@iot.id': stream['@iot.id'] } });
    // Without a phenomenonTime the service sets it (AdditionalTests 02).
    expect(Date.now() - Date.parse(viaFeature.phenomenonTime as string)).toBeLessThan(60_000);
    const historical = await created('HistoricalLocations', { time: '2030-01-01T00:00:00Z', Thing: { '@iot.id': thing['@iot.id'] }, Locations: [{ '@iot.id': location['@iot.id'] }] });
    expect(historical.time).toBe('2030-01-01T00:00:00.000Z');
  });

  it('refuses what the standard requires and leaves nothing half-written (Capability2 01, 04)', async () => {
    const before = await counts();
    const bad: [string, unknown, number, string][] = [
      ['Things', { description: 'no name' }, 400, 'invalid-request'],
      ['Things', { name: 'x', description: 'y', colour: 'red' }, 400, 'unknown-property'],
      ['Things', [], 400, 'invalid-request'],
      ['Things', { name: 'x', description: 'y', '@iot.id': 5 }, 400, 'read-only-property'],
      ['Locations', { name: 'x', description: 'y', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [200, 0] } }, 400, 'invalid-request'],
      ['Datastreams', { name: 'x', description: 'y', observationType: MEASUREMENT, unitOfMeasurement: celsius }, 400, 'missing-relation'],
      ['Datastreams', { name: 'x', description: 'y', observationType: MEASUREMENT, unitOfMeasurement: celsius, phenomenonTime: '2026-01-01T00:00:00Z/2026-01-02T00:00:00Z' }, 400, 'read-only-property'],
      ['Observations', { result: 1 }, 400, 'missing-relation'],
      ['Observations', { result: 1, Datastream: { '@iot.id': 999999 } }, 400, 'related-not-found'],
      ['Observations', { result: 1, phenomenonTime: '2026-02-30T00:00:00Z', Datastream: { '@iot.id': 1 } }, 400, 'invalid-request'],
      // A deep insert whose last part is wrong: the Thing, Location, Sensor … before it are not kept.
      ['Things', { ...deepThing('Half'), Datastreams: [{ ...deepThing('Half').Datastreams[0], ObservedProperty: { name: 'no definition', description: 'x' } }] }, 400, 'invalid-request'],
      ['Things', { ...deepThing('Half'), Datastreams: [{ ...deepThing('Half').Datastreams[0], Observations: [{ result: 'warm' }] }] }, 400, 'result-type-mismatch'],
    ];
    for (const [path, payload, status, code] of bad) {
      const problem = expectProblem(await post(path, payload), status);
      expect(problem.type, JSON.stringify(payload).slice(0, 80)).toMatch(new RegExp(`/${code}$`));
    }
    expect(await counts()).toEqual(before);
  });

  it('checks each result against the observation type, and keeps any JSON where the type allows it (ResultTypesTests)', async () => {
    const thing = await created('Things', deepThing('Typed buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    const generic = await created(`Things(${thing['@iot.id']})/Datastreams`, {
      name: 'Anything',
      description: 'test',
      observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Observation',
      unitOfMeasurement: { name: null, symbol: null, definition: null },
      Sensor: { '@iot.id': (await get(`Datastreams(${stream['@iot.id']})/Sensor`))['@iot.id'] },
      ObservedProperty: { '@iot.id': (await get(`Datastreams(${stream['@iot.id']})/ObservedProperty`))['@iot.id'] },
    });
    for (const result of [true, 'text', 7, { a: [1, 2] }, [1, 'two'], null]) {
      const observation = await created(`Datastreams(${generic['@iot.id']})/Observations`, { result, resultQuality: [{ flag: 'good' }] });
      expect((await get(`Observations(${observation['@iot.id']})`)).result).toEqual(result);
      expect((await get(`Observations(${observation['@iot.id']})`)).resultQuality).toEqual([{ flag: 'good' }]);
    }
    for (const result of ['7', true, { value: 1 }]) {
      expect(expectProblem(await post(`Datastreams(${stream['@iot.id']})/Observations`, { result }), 400).type).toMatch(/result-type-mismatch$/);
    }
  });

  it('needs a feature of interest when the Thing has no Location', async () => {
    const { Datastreams, ...bare } = deepThing('Placeless');
    const thing = await created('Things', { ...bare, Locations: [], Datastreams: [{ ...Datastreams[0], Observations: [] }] });
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    expect(expectProblem(await post(`Datastreams(${stream['@iot.id']})/Observations`, { result: 1 }), 400).type).toMatch(/missing-feature-of-interest$/);
  });
});

describe('changing and deleting (Capability2 05–09, AdditionalTests)', () => {
  it('PATCHes properties and relations, PUTs whole entities, and a new Location makes a HistoricalLocation', async () => {
    const thing = await created('Things', deepThing('Patched buoy'));
    const id = thing['@iot.id'];
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA), payload: { description: 'moved buoy' } }), 200).json();
    expect(patched).toMatchObject({ name: 'Patched buoy', description: 'moved buoy', properties: { programme: 'test' } });
    const moved = await created('Locations', { name: 'New place', description: 'after the storm', encodingType: 'application/geo+json', location: point(25.1, 59.95) });
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA), payload: { Locations: [{ '@iot.id': moved['@iot.id'] }] } }), 200);
    expect((await get(`Things(${id})/Locations`)).value.map((l: Entity) => l.name)).toEqual(['New place']);
    expect((await get(`Things(${id})/HistoricalLocations`)).value).toHaveLength(2);
    // PUT clears what it does not give.
    const put = expectStatus(await t.app.inject({ method: 'PUT', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA), payload: { name: 'Put buoy', description: 'replaced' } }), 200).json();
    expect(put).not.toHaveProperty('properties');
    expectProblem(await t.app.inject({ method: 'PUT', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA), payload: { name: 'no description' } }), 400);
    // A relation to nothing changes nothing (Capability2 07).
    const [stream] = (await get(`Things(${id})/Datastreams`)).value;
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Datastreams(${stream['@iot.id']})`, headers: as(pilotA), payload: { name: 'x', Sensor: { '@iot.id': 999999 } } }), 400);
    expect((await get(`Datastreams(${stream['@iot.id']})`)).name).toBe('Patched buoy temperature');
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Things`, headers: as(pilotA), payload: { name: 'x' } }), 405);
  });

  it('deletes with the cascades of §10.4, and 404s what is not there', async () => {
    const thing = await created('Things', deepThing('Doomed buoy'));
    const id = thing['@iot.id'];
    const [stream] = (await get(`Things(${id})/Datastreams?$expand=Observations`)).value;
    const observationIds = stream.Observations.map((o: Entity) => o['@iot.id']);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Observations(${observationIds[1]})`, headers: as(pilotA) }), 200);
    const hours = async () => Number((await sql<{ n: number }>`select count(*)::int as n from sta_observation_aggregates where datastream_id = ${stream['@iot.id']} and bucket = 'hour'`.execute(t.db.kysely)).rows[0].n);
    expect(await hours()).toBe(1);
    // The stream's phenomenon time shrinks to what is left.
    expect((await get(`Datastreams(${stream['@iot.id']})`)).phenomenonTime).toBe('2026-11-15T10:00:00.000Z/2026-11-15T10:00:00.000Z');
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA) }), 200);
    for (const path of [`Things(${id})`, `Datastreams(${stream['@iot.id']})`, `Observations(${observationIds[0]})`]) expectProblem(await t.app.inject({ url: `/sta/v1.1/${path}` }), 404);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Things(${id})`, headers: as(pilotA) }), 404);
    // Deleting the feature made from a Location: the next Observation makes a new one (AdditionalTests 05).
    const other = await created('Things', deepThing('Feature buoy'));
    const [otherStream] = (await get(`Things(${other['@iot.id']})/Datastreams?$expand=Observations($top=1;$expand=FeatureOfInterest)`)).value;
    const feature = otherStream.Observations[0].FeatureOfInterest['@iot.id'];
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/FeaturesOfInterest(${feature})`, headers: editorHeaders }), 200);
    expect((await get(`Datastreams(${otherStream['@iot.id']})/Observations?$count=true`))['@iot.count']).toBe(0);
    const again = await created(`Datastreams(${otherStream['@iot.id']})/Observations`, { result: 2 });
    expect((await get(`Observations(${again['@iot.id']})/FeatureOfInterest`))['@iot.id']).not.toBe(feature);
  });

  it('writes through a path only to an entity the path leads to: one under another parent is 404, and unchanged', async () => {
    const [first, second] = [await created('Things', deepThing('Path buoy one')), await created('Things', deepThing('Path buoy two'))];
    const streamOf = async (thing: Entity) => (await get(`Things(${thing['@iot.id']})/Datastreams`)).value[0] as Entity;
    const [own, others] = [await streamOf(first), await streamOf(second)];
    const [location] = (await get(`Things(${second['@iot.id']})/Locations`)).value as Entity[];
    const patch = (path: string) => t.app.inject({ method: 'PATCH', url: `/sta/v1.1/${path}`, headers: as(pilotA), payload: { description: 'changed through a path' } });
    // To many (the stream's Thing column) and through a table of pairs (Things and Locations).
    expectProblem(await patch(`Things(${first['@iot.id']})/Datastreams(${others['@iot.id']})`), 404);
    expectProblem(await patch(`Things(${first['@iot.id']})/Locations(${location['@iot.id']})`), 404);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Things(${first['@iot.id']})/Datastreams(${others['@iot.id']})`, headers: editorHeaders }), 404);
    expect((await get(`Datastreams(${others['@iot.id']})`)).description).toBe('water temperature at 1 m');
    expect((await get(`Locations(${location['@iot.id']})`)).description).toBe('on the gulf');
    // The same write through the path that leads there, and through a to-one step (an Observation's stream).
    expectStatus(await patch(`Things(${first['@iot.id']})/Datastreams(${own['@iot.id']})`), 200);
    expect((await get(`Datastreams(${own['@iot.id']})`)).description).toBe('changed through a path');
    const [observation] = (await get(`Datastreams(${own['@iot.id']})/Observations?$top=1`)).value as Entity[];
    const posted = await created(`Observations(${observation['@iot.id']})/Datastream/Observations`, { result: 3, phenomenonTime: '2026-11-15T12:00:00Z' });
    expect((await get(`Observations(${posted['@iot.id']})/Datastream`))['@iot.id']).toBe(own['@iot.id']);
  });
});

describe('who may write', () => {
  it('keeps a pilot token to its own pilot’s Things; editors write anywhere; others not at all', async () => {
    const mine = await created('Things', deepThing('Pilot A buoy'));
    const [stream] = (await get(`Things(${mine['@iot.id']})/Datastreams`)).value;
    // The pilot's new stream is in the open data catalogue at once, its distribution the SensorThings address.
    const dataset = expectStatus(await t.app.inject({ url: '/api/3/action/package_show?id=pilot-pilot-a' }), 200).json().result as { resources: { url: string }[] };
    expect(dataset.resources.map((r) => r.url)).toContain(`${t.app.config.publicUrl}/sta/v1.1/Datastreams(${stream['@iot.id']})/Observations`);
    const before = await counts();
    expect(expectProblem(await post(`Datastreams(${stream['@iot.id']})/Observations`, { result: 1 }, as(pilotB)), 403).type).toMatch(/not-your-pilot$/);
    expect(expectProblem(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Things(${mine['@iot.id']})`, headers: as(pilotB), payload: { name: 'taken' } }), 403).type).toMatch(/not-your-pilot$/);
    expect(expectProblem(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Things(${mine['@iot.id']})`, headers: as(pilotB) }), 403).type).toMatch(/not-your-pilot$/);
    expectProblem(await post('Things', { name: 'x', description: 'y' }, as(memberToken)), 403);
    // No account at all: the rule names a credential other than an account, so the answer is 403 (plugins/access.ts).
    expectProblem(await post('Things', { name: 'x', description: 'y' }, {}), 403);
    expect(await counts()).toEqual(before);
    await created(`Datastreams(${stream['@iot.id']})/Observations`, { result: 2 }, editorHeaders);
  });

  it('shows an internal stream to its own pilot’s tokens and to staff, to no one else', async () => {
    const thing = await created('Things', deepThing('Internal buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    await sql`update sta_datastreams set internal = true where id = ${stream['@iot.id']}`.execute(t.db.kysely);
    const status = async (headers: Record<string, string>, url = `/sta/v1.1/Datastreams(${stream['@iot.id']})`) => (await t.app.inject({ url, headers })).statusCode;
    expect(await status(as(pilotA))).toBe(200);
    expect(await status(editorHeaders)).toBe(200);
    expect(await status(as(pilotB))).toBe(404);
    expect(await status({})).toBe(404);
    expect(await status(as(pilotA), `/api/sta/datastreams/${stream['@iot.id']}/latest`)).toBe(200);
    expect(await status({}, `/api/sta/datastreams/${stream['@iot.id']}/latest`)).toBe(404);
    // Another pilot cannot write to it either: to them it does not exist.
    expect(expectProblem(await post(`Datastreams(${stream['@iot.id']})/Observations`, { result: 1 }, as(pilotB)), 404).type).toMatch(/not-found$/);
  });
});

describe('CreateObservations (data arrays, DataArrayTests)', () => {
  it('gives writers that arrive together at a new stream one feature from its Location, and every row', async () => {
    const thing = await created('Things', { ...deepThing('Busy buoy'), Datastreams: [{ ...deepThing('Busy buoy').Datastreams[0], Observations: [] }] });
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    const batch = (k: number) => [{ Datastream: { '@iot.id': stream['@iot.id'] }, components: ['phenomenonTime', 'result'], dataArray: Array.from({ length: 50 }, (_, i) => [new Date(Date.UTC(2026, 10, 20, k, i)).toISOString(), i]) }];
    const answers = await Promise.all([0, 1, 2, 3].map((k) => post('CreateObservations', batch(k))));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201]);
    const features = await sql<{ n: number }>`select count(distinct feature_id)::int as n, count(*)::int as rows from sta_observations where datastream_id = ${stream['@iot.id']}`.execute(t.db.kysely);
    expect(features.rows[0]).toEqual({ n: 1, rows: 200 });
  });

  it('writes every good row, answers each row’s address in order, and a bad row "error: why" in its place', async () => {
    const thing = await created('Things', deepThing('Array buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    const feature = await created('FeaturesOfInterest', { name: 'Array surface', description: 'x', encodingType: 'application/geo+json', feature: point(25.3, 59.8) });
    const heard: number[] = [];
    const { staEventsOf } = await import('./sta.events.ts');
    const stop = staEventsOf(t.app).on((change) => {
      if (change.entitySet === 'Observations' && change.streamId === stream['@iot.id']) heard.push(change.id);
    });
    const before = await count('sta_observations');
    const response = expectStatus(
      await post('CreateObservations', [
        {
          Datastream: { '@iot.id': stream['@iot.id'] },
          components: ['phenomenonTime', 'result', 'FeatureOfInterest/id'],
          'dataArray@iot.count': 4,
          dataArray: [
            ['2026-12-03T00:00:00Z', 1.5, feature['@iot.id']],
            ['2026-12-03T01:00:00Z', 2.5, feature['@iot.id']],
            ['2026-12-03T02:00:00Z', 3.5, 999999],
            ['2026-12-03T03:00:00Z', 'warm', feature['@iot.id']],
          ],
        },
        { Datastream: { '@iot.id': stream['@iot.id'] }, components: ['result', 'phenomenonTime', 'resultTime'], dataArray: [[4.5, '2027-01-05T00:00:00Z/2027-01-05T01:00:00Z', '2027-01-05T01:00:00Z'], [5]] },
      ]),
      201,
    );
    stop();
    const answer = response.json() as string[];
    expect(answer).toHaveLength(6);
    const hourly = await sql<{ start: Date; count: number }>`select bucket_start as start, count from sta_observation_aggregates where datastream_id = ${stream['@iot.id']} and bucket = 'hour' and bucket_start >= '2026-12-03' order by bucket_start`.execute(t.db.kysely);
    expect(hourly.rows.map((row) => [row.start.toISOString(), Number(row.count)])).toEqual([
      ['2026-12-03T00:00:00.000Z', 1],
      ['2026-12-03T01:00:00.000Z', 1],
      ['2027-01-05T00:00:00.000Z', 1],
    ]);
    expect(answer[2]).toMatch(/^error: related-not-found/);
    expect(answer[3]).toMatch(/^error: result-type-mismatch/);
    expect(answer[5]).toMatch(/^error: /);
    const links = answer.filter((entry) => !entry.startsWith('error'));
    expect(links).toHaveLength(3);
    expect(await count('sta_observations')).toBe(before + 3);
    const written = await Promise.all(links.map((link) => get(link)));
    expect(written.map((o) => o.result)).toEqual([1.5, 2.5, 4.5]);
    expect(written[2]).toMatchObject({ phenomenonTime: '2027-01-05T00:00:00.000Z/2027-01-05T01:00:00.000Z', resultTime: '2027-01-05T01:00:00.000Z' });
    // The row without a feature got the one made from the Thing's Location; the stream's span grew to the new rows.
    expect((await get(`Observations(${written[2]['@iot.id']})/FeatureOfInterest`)).name).toBe('Array buoy place');
    expect((await get(`Datastreams(${stream['@iot.id']})`)).phenomenonTime).toBe('2026-11-15T10:00:00.000Z/2027-01-05T01:00:00.000Z');
    expect(heard.sort((a, b) => a - b)).toEqual(written.map((o) => o['@iot.id']).sort((a, b) => a - b));
  });

  it('refuses a request no row of which could be written, writing nothing', async () => {
    const thing = await created('Things', deepThing('Refusing buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value;
    const before = await count('sta_observations');
    const row = ['2026-12-03T00:00:00Z', 1];
    for (const [payload, status, code] of [
      [{ Datastream: { '@iot.id': stream['@iot.id'] } }, 400, 'invalid-request'],
      [[{ Datastream: { '@iot.id': 999999 }, components: ['phenomenonTime', 'result'], dataArray: [row] }], 400, 'related-not-found'],
      [[{ Datastream: { '@iot.id': stream['@iot.id'] }, components: ['phenomenonTime'], dataArray: [row] }], 400, 'invalid-request'],
      [[{ Datastream: { '@iot.id': stream['@iot.id'] }, components: ['phenomenonTime', 'result', 'colour'], dataArray: [row] }], 400, 'invalid-request'],
      [[{ Datastream: { '@iot.id': stream['@iot.id'] }, MultiDatastream: { '@iot.id': 1 }, components: ['phenomenonTime', 'result'], dataArray: [row] }], 400, 'invalid-request'],
      [[{ MultiDatastream: { '@iot.id': stream['@iot.id'] }, components: ['phenomenonTime', 'result'], dataArray: [row] }], 400, 'related-not-found'],
    ] as [unknown, number, string][]) {
      expect(expectProblem(await post('CreateObservations', payload), status).type, JSON.stringify(payload)).toMatch(new RegExp(`/${code}$`));
    }
    expect(expectProblem(await post('CreateObservations', [{ Datastream: { '@iot.id': stream['@iot.id'] }, components: ['phenomenonTime', 'result'], dataArray: [row] }], as(pilotB)), 403).type).toMatch(/not-your-pilot$/);
    expect(await count('sta_observations')).toBe(before);
  });

  it('refuses a body over the configured size with 413', async () => {
    const small = await startTestApp({ staIngestBodyLimit: 2_000 });
    try {
      const rows = Array.from({ length: 200 }, (_, i) => [`2026-12-03T00:${String(i % 60).padStart(2, '0')}:00Z`, i]);
      const editor = await loginAs(small, 'editor');
      const response = await small.app.inject({ method: 'POST', url: '/sta/v1.1/CreateObservations', headers: editor.session.headers, payload: [{ Datastream: { '@iot.id': 1 }, components: ['phenomenonTime', 'result'], dataArray: rows }] });
      expectProblem(response, 413);
    } finally {
      await small.close();
    }
  });
});

describe('MultiDatastreams (MultiDatastream tests)', () => {
  const COMPLEX = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation';
  it('are made with their ordered ObservedProperties, take array results of their arity and types, and refuse the rest', async () => {
    const thing = await created('Things', deepThing('Multi buoy'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams?$expand=Sensor,ObservedProperty`)).value;
    const multi = await created(`Things(${thing['@iot.id']})/MultiDatastreams`, {
      name: 'Temperature and salinity',
      description: 'CTD pair',
      observationType: COMPLEX,
      unitOfMeasurements: [celsius, { name: 'practical salinity unit', symbol: 'PSU', definition: 'https://example.org/psu' }],
      multiObservationDataTypes: [MEASUREMENT, MEASUREMENT],
      Sensor: { '@iot.id': stream.Sensor['@iot.id'] },
      ObservedProperties: [{ '@iot.id': stream.ObservedProperty['@iot.id'] }, { name: 'Salinity', definition: 'https://example.org/salinity', description: 'salt' }],
    });
    expect((await get(`MultiDatastreams(${multi['@iot.id']})/ObservedProperties`)).value.map((p: Entity) => p.name)).toEqual(['Water temperature', 'Salinity']);
    const observation = await created(`MultiDatastreams(${multi['@iot.id']})/Observations`, { phenomenonTime: '2026-12-04T00:00:00Z', result: [3.2, 6.1] });
    expect(observation.result).toEqual([3.2, 6.1]);
    expect(observation).toHaveProperty('MultiDatastream@iot.navigationLink');
    expect(observation).not.toHaveProperty('Datastream@iot.navigationLink');
    expect((await get(`Observations(${observation['@iot.id']})/MultiDatastream`)).name).toBe('Temperature and salinity');
    for (const result of [[1], [1, 2, 3], [1, 'salty'], 5]) {
      expect(expectProblem(await post(`MultiDatastreams(${multi['@iot.id']})/Observations`, { result }), 400).type, JSON.stringify(result)).toMatch(/multidatastream-arity$|result-type-mismatch$/);
    }
    const array = expectStatus(await post('CreateObservations', [{ MultiDatastream: { '@iot.id': multi['@iot.id'] }, components: ['phenomenonTime', 'result'], dataArray: [['2026-12-04T01:00:00Z', [3.3, 6.0]], ['2026-12-04T02:00:00Z', [3.4]]] }]), 201).json();
    expect(array[0]).toMatch(/Observations\(\d+\)$/);
    expect(array[1]).toMatch(/^error: multidatastream-arity/);
    // Units, types and ObservedProperties must be as many.
    const before = await counts();
    expect(
      expectProblem(
        await post(`Things(${thing['@iot.id']})/MultiDatastreams`, {
          name: 'Lopsided',
          description: 'x',
          observationType: COMPLEX,
          unitOfMeasurements: [celsius],
          multiObservationDataTypes: [MEASUREMENT, MEASUREMENT],
          Sensor: { '@iot.id': stream.Sensor['@iot.id'] },
          ObservedProperties: [{ '@iot.id': stream.ObservedProperty['@iot.id'] }],
        }),
        400,
      ).type,
    ).toMatch(/multidatastream-arity$/);
    expect(await counts()).toEqual(before);
    // Deleting an ObservedProperty deletes the MultiDatastreams that observe it.
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/ObservedProperties(${stream.ObservedProperty['@iot.id']})`, headers: editorHeaders }), 200);
    expectProblem(await t.app.inject({ url: `/sta/v1.1/MultiDatastreams(${multi['@iot.id']})` }), 404);
  });
});

describe('JSON Patch (JsonPatchTests) and DELETE by $filter (DeleteFilterTests)', () => {
  const jsonPatch = (path: string, operations: unknown, headers: Record<string, string> = as(pilotA)) =>
    t.app.inject({ method: 'PATCH', url: `/sta/v1.1/${path}`, headers: { ...headers, 'content-type': 'application/json-patch+json' }, payload: JSON.stringify(operations) });

  it('adds, copies and moves inside properties of a Thing and of a Datastream, as FROST-Server’s test does', async () => {
    const thing = await created('Things', deepThing('Patched'));
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value as Entity[];
    for (const path of [`Things(${thing['@iot.id']})`, `Datastreams(${stream['@iot.id']})`]) {
      expectStatus(await jsonPatch(path, [{ op: 'add', path: '/properties', value: { key1: 1 } }]), 200);
      expect((await get(path)).properties).toEqual({ key1: 1 });
      const answer = expectStatus(await jsonPatch(path, [{ op: 'copy', from: '/properties/key1', path: '/properties/keyCopy1' }, { op: 'move', from: '/properties/key1', path: '/properties/key2' }]), 200).json();
      expect(answer.properties).toEqual({ keyCopy1: 1, key2: 1 });
      expect((await get(path)).properties).toEqual({ keyCopy1: 1, key2: 1 });
    }
    // replace, remove (an optional property: cleared), and a test that holds.
    const answer = expectStatus(await jsonPatch(`Things(${thing['@iot.id']})`, [{ op: 'test', path: '/name', value: 'Patched' }, { op: 'replace', path: '/name', value: 'Patched twice' }, { op: 'remove', path: '/properties' }]), 200).json();
    expect(answer).toMatchObject({ name: 'Patched twice', description: 'a buoy (test)' });
    expect(answer.properties ?? null).toBeNull();
  });

  it('changes nothing when a test fails, when an operation cannot be applied, or when it touches what a PATCH may not', async () => {
    const thing = await created('Things', { name: 'Guarded', description: 'test', properties: { a: 1 } });
    const id = thing['@iot.id'];
    const [stream] = (await get(`Things(${(await created('Things', deepThing('Guarded stream')))['@iot.id']})/Datastreams`)).value as Entity[];
    const refusals: [string, unknown, number, string][] = [
      [`Things(${id})`, [{ op: 'replace', path: '/name', value: 'x' }, { op: 'test', path: '/properties/a', value: 2 }], 409, 'json-patch-test-failed'],
      [`Things(${id})`, [{ op: 'replace', path: '/properties/b/c', value: 1 }], 400, 'json-patch-invalid'],
      [`Things(${id})`, [{ op: 'bogus', path: '/name' }], 400, 'json-patch-invalid'],
      [`Things(${id})`, { op: 'replace', path: '/name', value: 'x' }, 400, 'json-patch-invalid'],
      [`Things(${id})`, [{ op: 'add', path: '/__proto__/polluted', value: 1 }], 400, 'json-patch-invalid'],
      [`Things(${id})`, [{ op: 'remove', path: '/name' }], 400, 'invalid-request'],
      [`Things(${id})`, [{ op: 'add', path: '/colour', value: 'red' }], 400, 'unknown-property'],
      [`Datastreams(${stream['@iot.id']})`, [{ op: 'replace', path: '/phenomenonTime', value: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' }], 400, 'read-only-property'],
      [`Things(${id})`, [{ op: 'replace', path: '/name', value: 'theirs' }], 403, 'not-your-pilot'],
    ];
    for (const [path, operations, status, code] of refusals) {
      const response = await jsonPatch(path, operations, path.startsWith('Things') && code === 'not-your-pilot' ? as(pilotB) : as(pilotA));
      expect({ path, operations, code: expectProblem(response, status).code }).toEqual({ path, operations, code });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await get(`Things(${id})`)).toMatchObject({ name: 'Guarded', properties: { a: 1 } });
    const malformed = await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/Things(${id})`, headers: { ...as(pilotA), 'content-type': 'application/json-patch+json' }, payload: '[{"op":' });
    expect(expectProblem(malformed, 400).code).toBe('malformed-json');
    // A patch that changes nothing is answered with the entity as it is.
    expect(expectStatus(await jsonPatch(`Things(${id})`, [{ op: 'test', path: '/name', value: 'Guarded' }]), 200).json()).toMatchObject({ name: 'Guarded' });
  });

  it('deletes the Observations a $filter holds for, of a collection or of one stream, and keeps the stream’s times and buckets right', async () => {
    const thing = await created('Things', { ...deepThing('Pruned'), Datastreams: [{ ...deepThing('Pruned').Datastreams[0], Observations: Array.from({ length: 10 }, (_, i) => ({ phenomenonTime: `2026-10-0${i < 9 ? i + 1 : 9}T1${i < 9 ? 0 : 1}:00:00Z`, result: i })) }] });
    const [stream] = (await get(`Things(${thing['@iot.id']})/Datastreams`)).value as Entity[];
    const streamPath = `Datastreams(${stream['@iot.id']})/Observations`;
    const others = await count('sta_observations');
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/${streamPath}?$filter=${encodeURIComponent('result ge 7')}`, headers: as(pilotA) }), 200);
    expect(((await get(`${streamPath}?$orderby=result`)).value as Entity[]).map((o) => o.result)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await get(`Datastreams(${stream['@iot.id']})`)).phenomenonTime).toBe('2026-10-01T10:00:00.000Z/2026-10-07T10:00:00.000Z');
    const buckets = await sql<{ n: number }>`select sum(count)::int as n from sta_observation_aggregates where datastream_id = ${stream['@iot.id']} and bucket = 'hour'`.execute(t.db.kysely);
    expect(buckets.rows[0].n).toBe(7);
    // On the whole set: only the Observations the filter names, here this stream's by time.
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Observations?$filter=${encodeURIComponent(`Datastream/id eq ${stream['@iot.id']} and phenomenonTime lt 2026-10-03T00:00:00Z`)}`, headers: editorHeaders }), 200);
    expect(((await get(`${streamPath}?$orderby=result`)).value as Entity[]).map((o) => o.result)).toEqual([2, 3, 4, 5, 6]);
    expect(await count('sta_observations')).toBe(others - 5);
  });

  it('refuses a DELETE by $filter that is not allowed, cannot be read, or is not for Observations, deleting nothing', async () => {
    await created('Things', deepThing('Kept'));
    const before = await counts();
    const refusals: [string, Record<string, string>, number, string][] = [
      [`Observations?$filter=${encodeURIComponent('result ge 0')}`, as(pilotB), 403, 'not-your-pilot'],
      [`Observations?$filter=${encodeURIComponent('result ge')}`, as(pilotA), 400, 'filter-syntax'],
      [`Observations?$top=3`, as(pilotA), 400, 'query-option-invalid'],
      [`Things?$filter=${encodeURIComponent("name eq 'x'")}`, editorHeaders, 405, 'method-not-allowed'],
      [`Observations?$filter=${encodeURIComponent('result ge 0')}`, {}, 403, 'forbidden'],
    ];
    for (const [path, headers, status, code] of refusals) {
      const response = await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/${path}`, headers });
      expect({ path, code: expectProblem(response, status).code }).toEqual({ path, code });
    }
    expect(await counts()).toEqual(before);
  });
});
