import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadReadFixture, type ReadFixture } from './sta.fixture.ts';
import { CONFORMANCE, MQTT_CONFORMANCE } from './sta.routes.ts';

/**
 * Reading the SensorThings service as its clients do, after FROST-Server's Capability1Tests
 * (every set, entity, property, `$value` and resource path) and Capability3Tests (the query
 * options), replayed against our own data: addresses are followed as the server wrote them.
 */

let t: TestApp;
let f: ReadFixture;
let editor: Session;

beforeAll(async () => {
  t = await startTestApp();
  f = await loadReadFixture(t.db.kysely);
  editor = await login(t.app, (await createUser(t.db, 'editor')).email);
});
afterAll(() => t?.close());

type Entity = Record<string, unknown> & { '@iot.id': number; '@iot.selfLink': string };
type Page = { value: Entity[]; '@iot.count'?: number; '@iot.nextLink'?: string };

/** A link the server wrote, as a path the test app answers. */
const local = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};
const get = async <T = Page>(url: string, headers: Record<string, string> = {}) => expectStatus(await t.app.inject({ url, headers }), 200).json() as T;
const sta = (path: string) => `/sta/v1.1/${path}`;

describe('the service root', () => {
  it('lists every entity set with its address, and the requirement classes met', async () => {
    const root = await get<{ value: { name: string; url: string }[]; serverSettings: { conformance: string[] } }>('/sta/v1.1');
    expect(root.value.map((set) => set.name)).toEqual(['Things', 'Locations', 'HistoricalLocations', 'Datastreams', 'MultiDatastreams', 'Sensors', 'ObservedProperties', 'Observations', 'FeaturesOfInterest']);
    for (const set of root.value) expect((await get(local(set.url))).value).toBeInstanceOf(Array);
    // The MQTT classes too: every server runs the broker over WebSocket at /mqtt (sta.mqtt.test.ts).
    expect(root.serverSettings.conformance).toEqual([...CONFORMANCE, ...MQTT_CONFORMANCE]);
  });

  it('is open to any origin, as a standard interface is', async () => {
    const response = await t.app.inject({ url: sta('Things'), headers: { origin: 'https://viewer.example' } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('entities, properties and links (Capability1)', () => {
  it('reads every entity of every set at its selfLink, with a navigation link that answers for each relation', async () => {
    for (const set of ['Things', 'Locations', 'HistoricalLocations', 'Datastreams', 'Sensors', 'ObservedProperties', 'Observations', 'FeaturesOfInterest']) {
      const page = await get(sta(set));
      expect(page.value.length, set).toBeGreaterThan(0);
      for (const entity of page.value.slice(0, 3)) {
        expect(entity['@iot.selfLink']).toBe(`${t.app.config.publicUrl}/sta/v1.1/${set}(${entity['@iot.id']})`);
        expect(await get<Entity>(local(entity['@iot.selfLink']))).toEqual(entity);
        for (const [key, link] of Object.entries(entity)) {
          if (!key.endsWith('@iot.navigationLink')) continue;
          expect((await t.app.inject({ url: local(link as string) })).statusCode, key).toBe(200);
        }
      }
    }
  });

  it('writes each entity type with the properties the standard names, optional ones left out while empty', async () => {
    const thing = await get<Entity>(sta(`Things(${f.things[0]})`));
    expect(thing).toMatchObject({ name: 'Buoy one', description: 'Buoy one (test)', properties: { owner: { name: 'FMI' }, depth: 2 } });
    expect(Object.keys(thing).filter((key) => key.endsWith('@iot.navigationLink')).sort()).toEqual(
      ['Datastreams', 'HistoricalLocations', 'Locations', 'MultiDatastreams'].map((name) => `${name}@iot.navigationLink`),
    );
    const stream = await get<Entity>(sta(`Datastreams(${f.datastreams.temperature})`));
    expect(stream.unitOfMeasurement).toEqual({ name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' });
    expect(stream.observationType).toBe('http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement');
    expect(stream).not.toHaveProperty('phenomenonTime');
    const observation = await get<Entity>(sta(`Observations(${f.observations[1]})`));
    expect(observation).toMatchObject({ phenomenonTime: '2026-11-30T23:00:00.000Z', resultTime: '2026-11-30T23:00:00.000Z', result: 3.5, parameters: { depth: 1 } });
    expect(observation).not.toHaveProperty('resultQuality');
    const interval = (await get(sta(`Datastreams(${f.datastreams.salinity})/Observations`))).value[0];
    expect(interval).toMatchObject({ phenomenonTime: '2026-12-01T00:00:00.000Z/2026-12-01T06:00:00.000Z', result: 'brackish', resultTime: null });
    const location = await get<Entity>(sta(`Locations(${f.locations[0]})`));
    expect(location).toMatchObject({ encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [25.235, 59.965] } });
  });

  it('answers a property, its raw $value, and a part of a JSON property', async () => {
    expect(await get(sta(`Things(${f.things[0]})/name`))).toEqual({ name: 'Buoy one' });
    const raw = expectStatus(await t.app.inject({ url: sta(`Things(${f.things[0]})/name/$value`) }), 200);
    expect(raw.headers['content-type']).toMatch(/^text\/plain/);
    expect(raw.body).toBe('Buoy one');
    expect(await get(sta(`Things(${f.things[0]})/properties/owner/name`))).toEqual({ name: 'FMI' });
    expect(await get(sta(`Datastreams(${f.datastreams.temperature})/unitOfMeasurement/symbol`))).toEqual({ symbol: '°C' });
    expectProblem(await t.app.inject({ url: sta(`Things(${f.things[0]})/properties/nothing`) }), 404);
  });

  it('walks every resource path between related entities', async () => {
    const [t1, t2] = f.things;
    const names = async (path: string) => (await get(sta(path))).value.map((e) => e.name);
    expect(await names(`Things(${t1})/Datastreams?$orderby=name`)).toEqual(['Salinity', 'Temperature']);
    expect(await names(`Things(${t1})/Locations`)).toEqual(['Gulf point']);
    expect(await names(`Locations(${f.locations[1]})/Things`)).toEqual(['Station two']);
    expect((await get(sta(`Things(${t2})/HistoricalLocations`))).value.map((e) => e['@iot.id'])).toEqual([f.historicalLocations[1]]);
    expect(await names(`HistoricalLocations(${f.historicalLocations[0]})/Locations`)).toEqual(['Gulf point']);
    expect((await get<Entity>(sta(`HistoricalLocations(${f.historicalLocations[0]})/Thing`))).name).toBe('Buoy one');
    expect((await get<Entity>(sta(`Datastreams(${f.datastreams.temperature})/Thing`))).name).toBe('Buoy one');
    expect((await get<Entity>(sta(`Datastreams(${f.datastreams.temperature})/Sensor`))).name).toBe('CTD probe');
    expect((await get<Entity>(sta(`Datastreams(${f.datastreams.temperature})/ObservedProperty`))).name).toBe('Water temperature');
    expect(await names(`Datastreams(${f.datastreams.temperature})/Thing/Locations`)).toEqual(['Gulf point']);
    expect(await names(`Sensors(${f.sensor})/Datastreams?$orderby=name`)).toEqual(['Salinity', 'Temperature']);
    expect((await get<Entity>(sta(`Observations(${f.observations[1]})/FeatureOfInterest`))).name).toBe('Harbour surface');
    expect((await get(sta(`FeaturesOfInterest(${f.features[1]})/Observations`))).value.map((e) => e['@iot.id'])).toEqual(f.observations.filter((_, i) => i % 2));
    expect((await get(sta(`Things(${t1})/Datastreams(${f.datastreams.temperature})/Observations?$top=1`))).value).toHaveLength(1);
    expect((await get<Entity>(sta(`Observations(${f.observations[0]})/Datastream/Thing`))).name).toBe('Buoy one');
  });

  it('answers 404, not an error, for what names nothing', async () => {
    for (const path of [
      'Things(999999)',
      "Things('one')",
      'Things(-1)',
      'Things(1.5)',
      'Nothings',
      'Things(999999)/Datastreams',
      `Things(${f.things[1]})/Datastreams(${f.datastreams.temperature})`,
      `Things(${f.things[0]})/nothing`,
      `Things(${f.things[0]})/name/more`,
      'Things/name',
      `Datastreams(${f.datastreams.temperature})/Thing(1)`,
      'Things(99999999999999999999)',
      `Things(${f.things[0]})/$ref/more`,
    ]) {
      expectProblem(await t.app.inject({ url: sta(path) }), 404);
    }
  });

  it('answers links alone with $ref', async () => {
    const links = await get<{ value: Record<string, string>[] }>(sta(`Things(${f.things[0]})/Datastreams/$ref?$orderby=name`));
    expect(links.value).toEqual([
      { '@iot.selfLink': `${t.app.config.publicUrl}/sta/v1.1/Datastreams(${f.datastreams.salinity})` },
      { '@iot.selfLink': `${t.app.config.publicUrl}/sta/v1.1/Datastreams(${f.datastreams.temperature})` },
    ]);
    expect(await get(sta(`Datastreams(${f.datastreams.temperature})/Thing/$ref`))).toEqual({ '@iot.selfLink': `${t.app.config.publicUrl}/sta/v1.1/Things(${f.things[0]})` });
  });
});

describe('paging, order, count and select', () => {
  const observations = () => sta(`Datastreams(${f.datastreams.temperature})/Observations`);

  it('follows @iot.nextLink to the last page, which has none, each entity once and in order', async () => {
    const seen: number[] = [];
    let link: string | undefined = `${observations()}?$top=5&$count=true&$orderby=phenomenonTime%20desc`;
    let pages = 0;
    while (link) {
      const page: Page = await get(link);
      expect(page['@iot.count']).toBe(12);
      seen.push(...page.value.map((e) => e['@iot.id']));
      link = page['@iot.nextLink'] ? local(page['@iot.nextLink']) : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...f.observations].reverse());
  });

  it('pages an order by time or by id with $skiptoken after the last row, ties broken by id; other orders by $skip', async () => {
    // A stream of its own on the fixture's first Thing, whose observations share times, so that pages cut through runs of equal times.
    const made = expectStatus(
      await t.app.inject({
        method: 'POST',
        url: sta(`Things(${f.things[0]})/Datastreams`),
        headers: editor.headers,
        payload: {
          name: 'Ties',
          description: 'equal times',
          observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
          unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' },
          Sensor: { '@iot.id': f.sensor },
          ObservedProperty: { '@iot.id': f.observedProperty },
        },
      }),
      201,
    );
    const stream = made.json()['@iot.id'] as number;
    // Seven times, three observations each (one an interval ending later), the microseconds kept.
    const rows = Array.from({ length: 21 }, (_, i) => {
      const start = `2026-11-0${1 + Math.floor(i / 3)}T10:00:00.123456Z`;
      return [i % 3 === 2 ? `${start}/2026-11-0${1 + Math.floor(i / 3)}T11:00:00Z` : start, i];
    });
    const created = expectStatus(await t.app.inject({ method: 'POST', url: sta('CreateObservations'), headers: editor.headers, payload: [{ Datastream: { '@iot.id': stream }, components: ['phenomenonTime', 'result'], dataArray: rows }] }), 201).json() as string[];
    expect(created.filter((link) => link.startsWith('error'))).toEqual([]);
    try {
      await pagesOfTies(stream, rows);
    } finally {
      expectStatus(await t.app.inject({ method: 'DELETE', url: local(made.headers.location as string), headers: editor.headers }), 200);
    }
  });

  async function pagesOfTies(stream: number, rows: (string | number)[][]) {
    const whole = async (first: string) => {
      const seen: Entity[] = [];
      const links: string[] = [];
      for (let link: string | undefined = first; link; ) {
        const page: Page = await get(link);
        seen.push(...page.value);
        link = page['@iot.nextLink'] ? local(page['@iot.nextLink']) : undefined;
        if (link) links.push(decodeURIComponent(link));
      }
      return { seen, links };
    };
    const base = sta(`Datastreams(${stream})/Observations`);
    for (const order of ['phenomenonTime desc', 'phenomenonTime', 'id desc', '']) {
      const all = (await get(`${base}?$top=100${order ? `&$orderby=${encodeURIComponent(order)}` : ''}`)).value;
      const paged = await whole(`${base}?$top=4&$count=true${order ? `&$orderby=${encodeURIComponent(order)}` : ''}`);
      expect(paged.seen.map((e) => e['@iot.id']), order).toEqual(all.map((e) => e['@iot.id']));
      expect(paged.links, order).toHaveLength(5);
      for (const link of paged.links) expect(link, order).toMatch(/\$skiptoken=[\w-]+/);
      for (const link of paged.links) expect(link, order).not.toMatch(/\$skip=/);
    }
    // An order the keyset does not serve pages by $skip, as before.
    const byResult = await whole(`${base}?$top=8&$orderby=result%20desc`);
    expect(byResult.seen.map((e) => e.result)).toEqual(rows.map(([, result]) => result).reverse());
    expect(byResult.links[0]).toMatch(/\$skip=8/);
    // A token that was not written for this order, or not by this server, is refused by name.
    const token = new URL(`http://x${(await get(`${base}?$top=4&$orderby=phenomenonTime`))['@iot.nextLink']!.split('/sta/v1.1')[1]}`).searchParams.get('$skiptoken')!;
    for (const [query, says] of [
      [`$orderby=id&$skiptoken=${token}`, 'another $orderby'],
      [`$orderby=result&$skiptoken=${token}`, 'orders otherwise'],
      ['$skiptoken=not-a-token', 'not one this server wrote'],
      [`$skiptoken=${Buffer.from(JSON.stringify(['Observation', "1'; drop table x"])).toString('base64url')}`, 'not one this server wrote'],
    ]) {
      const problem = expectProblem(await t.app.inject({ url: `${base}?${query}` }), 400);
      expect(problem.type, query).toMatch(/\/query-option-invalid$/);
      expect(problem.detail, query).toContain(says);
    }
  }

  it('cuts a $top beyond the page limit and says where the rest is; $top=0 with $count counts only', async () => {
    const page = await get(`${observations()}?$top=0&$count=true`);
    expect(page.value).toEqual([]);
    expect(page['@iot.count']).toBe(12);
    const all = await get(`${observations()}?$top=100000`);
    expect(all.value).toHaveLength(12);
    expect(all['@iot.nextLink']).toBeUndefined();
  });

  it('orders by several keys, then by id', async () => {
    const streams = await get(sta('Datastreams?$orderby=unitOfMeasurement/name desc,name&$select=name'));
    expect(streams.value.map((e) => e.name)).toEqual(['Salinity', 'Temperature']);
    const byResult = await get(`${observations()}?$orderby=result desc&$top=2&$select=result`);
    expect(byResult.value).toEqual([{ result: 8.5 }, { result: 8 }]);
  });

  it('selects properties, parts of JSON properties, the id and navigation links', async () => {
    expect(await get<Entity>(sta(`Things(${f.things[0]})?$select=name,@iot.id`))).toEqual({ '@iot.id': f.things[0], name: 'Buoy one' });
    expect(await get<Entity>(sta(`Things(${f.things[0]})?$select=id,properties/owner/name,Locations`))).toEqual({
      '@iot.id': f.things[0],
      properties: { owner: { name: 'FMI' } },
      'Locations@iot.navigationLink': `${t.app.config.publicUrl}/sta/v1.1/Things(${f.things[0]})/Locations`,
    });
    expectProblem(await t.app.inject({ url: sta('Things?$select=nothing') }), 400);
    expectProblem(await t.app.inject({ url: sta('Things?$select=name/part') }), 400);
  });

  it('refuses query options it cannot take, saying which', async () => {
    for (const query of ['$top=-1', '$top=x', '$skip=1.5', '$count=yes', '$unknown=1', '$top=1&$top=2', '$resultFormat=csv']) {
      const response = await t.app.inject({ url: `${sta('Things')}?${query}` });
      expect(expectProblem(response, 400).type, query).toMatch(/\/query-option-invalid$/);
    }
  });
});

describe('internal datastreams', () => {
  it('are invisible to the public: no entity, no list entry, no count, no observations', async () => {
    expectProblem(await t.app.inject({ url: sta(`Datastreams(${f.datastreams.internal})`) }), 404);
    expectProblem(await t.app.inject({ url: sta(`Datastreams(${f.datastreams.internal})/Observations`) }), 404);
    const streams = await get(sta('Datastreams?$count=true'));
    expect(streams.value.map((e) => e['@iot.id'])).not.toContain(f.datastreams.internal);
    expect(streams['@iot.count']).toBe(2);
    expect((await get(sta(`Things(${f.things[1]})/Datastreams`))).value).toEqual([]);
    const observations = await get(sta('Observations?$count=true&$top=0'));
    expect(observations['@iot.count']).toBe(13);
    expect((await get(sta(`FeaturesOfInterest(${f.features[1]})/Observations?$count=true&$top=0`)))['@iot.count']).toBe(6);
  });

  it('are seen by staff', async () => {
    const stream = await get<Entity>(sta(`Datastreams(${f.datastreams.internal})`), editor.headers);
    expect(stream.name).toBe('Internal temperature');
    expect((await get(sta('Observations?$count=true&$top=0'), editor.headers))['@iot.count']).toBe(14);
  });
});

describe('$resultFormat=dataArray (DataArrayTests, read side)', () => {
  it('answers Observations as rows grouped by stream, with the components $select names', async () => {
    const page = await get<{ value: Record<string, unknown>[] }>(sta(`Observations?$resultFormat=dataArray&$orderby=id&$select=id,phenomenonTime,result&$top=100`));
    const temperature = page.value.find((group) => group['Datastream@iot.navigationLink'] === `${t.app.config.publicUrl}/sta/v1.1/Datastreams(${f.datastreams.temperature})`)!;
    expect(temperature.components).toEqual(['id', 'phenomenonTime', 'result']);
    expect(temperature['dataArray@iot.count']).toBe(12);
    expect((temperature.dataArray as unknown[][])[0]).toEqual([f.observations[0], '2026-11-30T22:00:00.000Z', 3]);
    // The internal stream's observation is not among them.
    expect(page.value.map((group) => group['Datastream@iot.navigationLink'])).not.toContain(`${t.app.config.publicUrl}/sta/v1.1/Datastreams(${f.datastreams.internal})`);
    const all = await get<{ value: { components: string[] }[] }>(sta(`Datastreams(${f.datastreams.salinity})/Observations?$resultFormat=dataArray`));
    expect(all.value[0].components).toEqual(['id', 'phenomenonTime', 'result', 'resultTime', 'resultQuality', 'validTime', 'parameters']);
    expectProblem(await t.app.inject({ url: sta('Things?$resultFormat=dataArray') }), 400);
    expectProblem(await t.app.inject({ url: sta('Observations?$resultFormat=dataArray&$select=name') }), 400);
  });
});
