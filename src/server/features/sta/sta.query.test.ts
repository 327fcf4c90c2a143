import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadReadFixture, type ReadFixture } from './sta.fixture.ts';

/**
 * `$filter` and `$expand` as FROST-Server's Capability3Tests, FilterTests, JsonPropertiesTests and
 * DateTimeTests use them, on the read fixture: each filter's answer is checked against the ids
 * the fixture's data says it must give.
 */

let t: TestApp;
let f: ReadFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await loadReadFixture(t.db.kysely);
});
afterAll(() => t?.close());

type Entity = Record<string, unknown> & { '@iot.id': number };
type Page = { value: Entity[]; '@iot.count'?: number; '@iot.nextLink'?: string };

const get = async (url: string) => expectStatus(await t.app.inject({ url }), 200).json() as Page;
const ids = async (path: string, filter: string) => (await get(`/sta/v1.1/${path}?$filter=${encodeURIComponent(filter)}&$top=1000`)).value.map((e) => e['@iot.id']);
/** The temperature stream's observations whose index (0–11, an hour apart) passes `keep`. */
const observationsWhere = (keep: (index: number) => boolean) => f.observations.filter((_, i) => keep(i));
const temperature = () => `Datastreams(${f.datastreams.temperature})/Observations`;

describe('$filter', () => {
  it('compares numbers, with arithmetic in OData precedence', async () => {
    // The results are 3 + i/2.
    expect(await ids(temperature(), 'result gt 5')).toEqual(observationsWhere((i) => 3 + i / 2 > 5));
    expect(await ids(temperature(), 'result ge 5 and result le 6')).toEqual(observationsWhere((i) => i >= 4 && i <= 6));
    expect(await ids(temperature(), 'result eq 3 or result eq 8.5')).toEqual(observationsWhere((i) => i === 0 || i === 11));
    expect(await ids(temperature(), 'result sub 1 mul 2 eq 1')).toEqual(observationsWhere((i) => i === 0));
    expect(await ids(temperature(), '(result sub 1) mul 2 eq 6')).toEqual(observationsWhere((i) => i === 2));
    expect(await ids(temperature(), 'result mod 2 eq 1')).toEqual(observationsWhere((i) => (3 + i / 2) % 2 === 1));
    expect(await ids(temperature(), 'result div 0 eq 1')).toEqual([]);
    expect(await ids(temperature(), 'not (result lt 8)')).toEqual(observationsWhere((i) => i >= 10));
    expect(await ids(temperature(), 'result in (3, 4, 99)')).toEqual(observationsWhere((i) => i === 0 || i === 2));
    expect(await ids(temperature(), 'round(result) eq 4 and floor(result) eq 3')).toEqual(observationsWhere((i) => i === 1));
  });

  it('compares text with the string functions', async () => {
    expect(await ids('Things', "name eq 'Buoy one'")).toEqual([f.things[0]]);
    expect(await ids('Things', "substringof('two', name)")).toEqual([f.things[1]]);
    expect(await ids('Things', "startswith(name, 'Buo') and endswith(name, 'one')")).toEqual([f.things[0]]);
    expect(await ids('Things', "contains(tolower(name), 'station')")).toEqual([f.things[1]]);
    expect(await ids('Things', 'length(name) eq 8')).toEqual([f.things[0]]);
    expect(await ids('Things', "indexof(name, 'two') eq 8")).toEqual([f.things[1]]);
    expect(await ids('Things', "substring(name, 5) eq 'one' and substring(name, 0, 4) eq 'Buoy'")).toEqual([f.things[0]]);
    expect(await ids('Things', "toupper(concat(name, '!')) eq 'STATION TWO!'")).toEqual([f.things[1]]);
    expect(await ids('Things', "trim(concat(' ', name)) eq 'Buoy one'")).toEqual([f.things[0]]);
    expect(await ids('Things', "name eq 'It''s'")).toEqual([]);
  });

  it('reads related entities through to-one paths, and to-many ones with any', async () => {
    expect(await ids('Observations', "Datastream/Thing/name eq 'Buoy one' and result gt 8")).toEqual(observationsWhere((i) => i >= 11));
    expect(await ids('Datastreams', "Thing/name eq 'Buoy one' and ObservedProperty/name eq 'Water temperature'")).toEqual(
      [f.datastreams.temperature, f.datastreams.salinity].sort((a, b) => a - b),
    );
    expect(await ids('Things', "Datastreams/any(d: d/name eq 'Salinity')")).toEqual([f.things[0]]);
    expect(await ids('Things', 'Datastreams/any(d: d/Observations/any(o: o/result gt 8))')).toEqual([f.things[0]]);
    // Thing two's only stream is internal: to the public it has none.
    expect(await ids('Things', 'Datastreams/any()')).toEqual([f.things[0]]);
    expect(await ids('Things', "Datastreams/all(d: d/name eq 'Temperature')")).toEqual([f.things[1]]);
    expect(await ids('Observations', "FeatureOfInterest/name eq 'Harbour surface' and Datastream/@iot.id eq " + f.datastreams.temperature)).toEqual(observationsWhere((i) => i % 2 === 1));
  });

  it('walks into JSON properties, comparing by the JSON type', async () => {
    expect(await ids('Things', "properties/owner/name eq 'FMI'")).toEqual([f.things[0]]);
    expect(await ids('Things', 'properties/depth gt 5')).toEqual([f.things[1]]);
    expect(await ids('Things', "properties/depth eq '10'")).toEqual([]);
    expect(await ids('Things', 'properties/missing eq null')).toEqual(f.things);
    expect(await ids('Datastreams', "unitOfMeasurement/symbol eq 'PSU'")).toEqual([f.datastreams.salinity]);
    expect(await ids(temperature(), 'parameters/depth lt 2')).toEqual(observationsWhere((i) => i < 2));
    expect(await ids('Observations', "result eq 'brackish'")).toHaveLength(1);
    expect(await ids('Observations', 'resultQuality eq null and result ne null')).toHaveLength(13);
  });

  it('compares times and intervals, with the date functions and durations', async () => {
    const at = (i: number) => new Date(f.firstTime + i * 3_600_000).toISOString();
    expect(await ids(temperature(), `phenomenonTime ge ${at(10)}`)).toEqual(observationsWhere((i) => i >= 10));
    expect(await ids(temperature(), `phenomenonTime lt ${at(1)}`)).toEqual(observationsWhere((i) => i < 1));
    expect(await ids(temperature(), `phenomenonTime eq ${at(3)}`)).toEqual(observationsWhere((i) => i === 3));
    expect(await ids(temperature(), `resultTime gt ${at(10)} sub duration'PT30M'`)).toEqual(observationsWhere((i) => i >= 10));
    expect(await ids(temperature(), 'year(phenomenonTime) eq 2026 and month(phenomenonTime) eq 11')).toEqual(observationsWhere((i) => i < 2));
    expect(await ids(temperature(), 'hour(phenomenonTime) eq 3 and day(phenomenonTime) eq 1 and minute(phenomenonTime) eq 0 and second(phenomenonTime) eq 0')).toEqual(
      observationsWhere((i) => i === 5),
    );
    expect(await ids(temperature(), 'phenomenonTime lt now()')).toEqual(f.observations);
    expect(await ids(temperature(), `during(phenomenonTime, ${at(2)}/${at(4)})`)).toEqual(observationsWhere((i) => i >= 2 && i <= 4));
    // The salinity observation spans 00:00–06:00 on 1 December: after 23:00 the day before, not after 01:00.
    const salinity = `Datastreams(${f.datastreams.salinity})/Observations`;
    expect(await ids(salinity, 'phenomenonTime gt 2026-11-30T23:00:00Z')).toHaveLength(1);
    expect(await ids(salinity, 'phenomenonTime gt 2026-12-01T01:00:00Z')).toEqual([]);
    expect(await ids(salinity, 'phenomenonTime lt 2026-12-01T06:00:00Z')).toHaveLength(1);
    expect(await ids(salinity, 'phenomenonTime lt 2026-12-01T05:00:00Z')).toEqual([]);
    expect(await ids(salinity, 'overlaps(phenomenonTime, 2026-12-01T05:00:00Z/2026-12-01T08:00:00Z)')).toHaveLength(1);
  });

  it('compares an interval with an instant by the interval rules, on either side of the operator', async () => {
    // The salinity observation spans 00:00–06:00 on 1 December; each answer is the rules' own.
    const salinity = `Datastreams(${f.datastreams.salinity})/Observations`;
    const span = { start: Date.parse('2026-12-01T00:00:00Z'), end: Date.parse('2026-12-01T06:00:00Z') };
    type Span = typeof span;
    const before = (a: Span, b: Span) => a.end <= b.start && a.start < b.start;
    const equal = (a: Span, b: Span) => a.start === b.start && a.end === b.end;
    const rules: Record<string, (a: Span, b: Span) => boolean> = {
      eq: equal,
      ne: (a, b) => !equal(a, b),
      lt: before,
      gt: (a, b) => before(b, a),
      le: (a, b) => a.start <= b.start && (before(a, b) || equal(a, b)),
      ge: (a, b) => a.start >= b.start && (before(b, a) || equal(a, b)),
    };
    const instants = ['2026-11-30T23:00:00Z', '2026-12-01T00:00:00Z', '2026-12-01T03:00:00Z', '2026-12-01T06:00:00Z', '2026-12-01T07:00:00Z'];
    for (const text of instants) {
      const instant = { start: Date.parse(text), end: Date.parse(text) };
      for (const [op, holds] of Object.entries(rules)) {
        expect(await ids(salinity, `phenomenonTime ${op} ${text}`), `phenomenonTime ${op} ${text}`).toHaveLength(holds(span, instant) ? 1 : 0);
        expect(await ids(salinity, `${text} ${op} phenomenonTime`), `${text} ${op} phenomenonTime`).toHaveLength(holds(instant, span) ? 1 : 0);
      }
    }
  });

  it('refuses, with a 400 that says why, what it cannot answer', async () => {
    const refusals: [string, string, string][] = [
      ['Things', "name eq 'unclosed", 'filter-syntax'],
      ['Things', 'name eq', 'filter-syntax'],
      ['Things', 'nothing eq 1', 'unknown-property'],
      ['Things', 'Nothing/name eq 1', 'unknown-property'],
      ['Things', 'name gt 3', 'filter-type-mismatch'],
      ['Things', 'name', 'filter-type-mismatch'],
      ['Things', "Datastreams/name eq 'x'", 'filter-type-mismatch'],
      ['Things', 'name add 1 eq 2', 'filter-type-mismatch'],
      ['Observations', "phenomenonTime eq 'x'", 'filter-type-mismatch'],
      ['Observations', 'phenomenonTime gt null', 'filter-type-mismatch'],
      ['Observations', 'result mul 1e308 mul 1e308 gt 1', 'filter-out-of-range'],
      ['Things', 'name/more eq 1', 'unknown-property'],
    ];
    for (const [path, filter, code] of refusals) {
      const response = await t.app.inject({ url: `/sta/v1.1/${path}?$filter=${encodeURIComponent(filter)}` });
      const problem = expectProblem(response, 400);
      expect(problem.type, filter).toMatch(new RegExp(`/${code}$`));
      expect(problem.detail, filter).toBeTruthy();
    }
  });
});

describe('$expand', () => {
  it('expands to-one and to-many relations with nested options, the top per parent', async () => {
    const things = await get(`/sta/v1.1/Things?$orderby=id&$expand=${encodeURIComponent('Datastreams($orderby=name desc;$top=1;$count=true;$select=name),Locations($select=name)')}`);
    const [one, two] = things.value;
    expect(one['Datastreams@iot.count']).toBe(2);
    expect(one.Datastreams).toEqual([{ name: 'Temperature' }]);
    expect(one.Locations).toEqual([{ name: 'Gulf point' }]);
    expect(two['Datastreams@iot.count']).toBe(0);
    expect(two.Datastreams).toEqual([]);
    // The rest of an expanded collection is a link away, and it carries the nested options.
    const next = one['Datastreams@iot.nextLink'] as string;
    const url = new URL(next);
    const rest = await get(url.pathname + url.search);
    expect(rest.value).toEqual([{ name: 'Salinity' }]);
  });

  it('expands several levels, by nesting and by path', async () => {
    const nested = await get(
      `/sta/v1.1/Things(${f.things[0]})/Datastreams?$filter=${encodeURIComponent("name eq 'Temperature'")}&$expand=${encodeURIComponent('Observations($top=2;$orderby=phenomenonTime desc;$expand=FeatureOfInterest($select=name)),Thing($select=name)')}`,
    ).then((page) => page.value[0]);
    expect((nested.Thing as Entity).name).toBe('Buoy one');
    const observations = nested.Observations as Entity[];
    expect(observations.map((o) => o['@iot.id'])).toEqual([f.observations[11], f.observations[10]]);
    expect(observations.map((o) => (o.FeatureOfInterest as Entity).name)).toEqual(['Harbour surface', 'Gulf surface']);
    const byPath = await get(`/sta/v1.1/Observations?$filter=${encodeURIComponent(`@iot.id eq ${f.observations[0]}`)}&$expand=Datastream/Thing`);
    expect(((byPath.value[0].Datastream as Entity).Thing as Entity).name).toBe('Buoy one');
  });

  it('filters expanded collections and leaves internal streams out of them', async () => {
    const things = await get(`/sta/v1.1/Things?$orderby=id&$expand=${encodeURIComponent("Datastreams($filter=startswith(name, 'Sal'))")}`);
    expect(things.value[0].Datastreams).toMatchObject([{ name: 'Salinity' }]);
    expect(things.value[1].Datastreams).toEqual([]);
    const sensors = await get(`/sta/v1.1/Sensors?$expand=Datastreams($select=name;$orderby=name)`);
    expect(sensors.value[0].Datastreams).toEqual([{ name: 'Salinity' }, { name: 'Temperature' }]);
  });

  it('refuses an expansion that names no relation', async () => {
    for (const expand of ['Nothing', 'Datastreams/Nothing', 'Datastreams($top=x)', 'Datastreams(']) {
      expectProblem(await t.app.inject({ url: `/sta/v1.1/Things?$expand=${encodeURIComponent(expand)}` }), 400);
    }
  });
});
