import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Indicator, IndicatorDefinition, IndicatorInput, IndicatorPreview } from '../../../shared/schemas/indicators.ts';
import type { StatTable, StatTableList } from '../../../shared/schemas/statistics.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { cellCount, type Cube, type CubeDimension } from '../statistics/cube.ts';
import { pxFile, sampleCube } from '../statistics/test/pxFiles.ts';

/**
 * Indicators defined by editors from imported tables: two PC-Axis files are uploaded and imported
 * as an administrator would (Finland's: areas × contents × years; Estonia's: county × sex × years),
 * then mapped, checked, previewed, saved, changed and deleted through the API.
 */

let t: TestApp;
let admin: Session;
let editor: Session;
let moderator: Session;
let member: Session;
let serviceOwner: Session;
let fiTable: string;
let eeTable: string;

const db = () => t.db.kysely;

const dimension = (code: string, role: CubeDimension['role'], values: [string, string][]): CubeDimension => ({
  code, label: { et: code, en: code }, role, values: values.map(([value, label]) => ({ code: value, label: { et: label, en: label } })),
});

/** Estonia's table: cell i holds 500 + i (county × sex × year, the year fastest). */
function estonianCube(): Cube {
  const dimensions = [
    dimension('Maakond', null, [['37', 'Harju maakond'], ['0784', 'Tallinn']]),
    dimension('Sugu', null, [['M', 'Mehed'], ['N', 'Naised']]),
    dimension('Aasta', 'time', [['2020', '2020'], ['2021', '2021'], ['2022', '2022']]),
  ];
  const values = Float64Array.from({ length: cellCount(dimensions) }, (_, i) => 500 + i);
  return { id: 'RV-EDIT', title: { et: 'Rahvastik (test)', en: 'Population (test)' }, languages: ['et', 'en'], dimensions, values, statuses: new Map(), notes: [], decimals: 0 };
}

function multipart(file: Uint8Array, fields: Record<string, string>, filename: string) {
  const boundary = '----talsinki-indicators';
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(file), Buffer.from('\r\n'), Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads a file as an administrator does and waits for its import; the table's id. */
async function imported(file: Uint8Array, name: string, language: string, filename: string): Promise<string> {
  const { payload, type } = multipart(file, { name, language }, filename);
  const accepted = expectStatus(await t.app.inject({ method: 'POST', url: '/api/statistics/files', headers: { ...admin.headers, 'content-type': type }, payload }), 202).json();
  const source = await vi.waitFor(
    async () => {
      const run = expectStatus(await t.app.inject({ url: `/api/statistics/sources/${accepted.source.id}/runs/${accepted.run.id}` }), 200).json();
      if (run.state !== 'succeeded') throw new Error(`the run is ${run.state}`);
      return expectStatus(await t.app.inject({ url: `/api/statistics/sources/${accepted.source.id}` }), 200).json();
    },
    { timeout: 30_000, interval: 25 },
  );
  return source.tables[0].id;
}

beforeAll(async () => {
  t = await startTestApp({ statisticsWorker: true, harvestPollMs: 25 });
  [admin, editor, moderator, member, serviceOwner] = await Promise.all((['admin', 'editor', 'moderator', 'member', 'service_owner'] as const).map(async (role) => (await loginAs(t, role)).session));
  fiTable = await imported(pxFile(sampleCube()), 'Väestö (muokkaustesti)', 'fi', 'vaesto-edit.px');
  eeTable = await imported(pxFile(estonianCube(), { language: 'et' }), 'Rahvastik (muutmise test)', 'et', 'rv-edit.px');
});
afterAll(() => t?.close());

/** Helsinki and the whole country from Finland's table (its population), Harju and Tallinn from Estonia's (women). */
function population(slug = 'edited-population'): IndicatorInput {
  return {
    slug,
    name: { en: 'Population (edited)', fi: 'Väestö (muokattu)' },
    unit: { en: 'persons' },
    frequency: 'A',
    domain: null,
    series: [
      { side: 'FI', tableId: fiTable, fixed: { Tiedot: 'vaesto' }, regionDimension: 'Alue', regionMap: { '091': 'fi-kunta:091', SSS: 'country:FI' } },
      { side: 'EE', tableId: eeTable, fixed: { Sugu: 'N' }, regionDimension: 'Maakond', regionMap: { '37': 'nuts:EE001', '0784': 'ee-ehak:0784' } },
    ],
  };
}

const post = (url: string, payload: unknown, session: Session | null = editor) => t.app.inject({ method: 'POST', url, headers: session?.headers ?? {}, payload: payload as object });
const indicatorCount = async () => Number((await db().selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
/** CKAN's answer for a dataset that is not in the catalogue (a draft's, a deleted one's). */
async function expectNoPackage(name: string) {
  const response = await t.app.inject({ url: `/api/3/action/package_show?id=${name}` });
  expect([response.statusCode, response.json().success]).toEqual([404, false]);
}
const auditOf = (action: string) => db().selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('action', '=', action).execute();

describe('a table read to map it', () => {
  it('gives its source, dimensions in order with their roles and values, and its latest periods, to anyone', async () => {
    const listed = expectStatus(await t.app.inject({ url: '/api/statistics/tables?q=rv-edit' }), 200).json() as StatTableList;
    expect(listed.items.map((item) => item.id)).toEqual([eeTable]);
    const table = expectStatus(await t.app.inject({ url: `/api/statistics/tables/${fiTable}` }), 200).json() as StatTable;
    expect(table).toMatchObject({ id: fiTable, externalId: 'TEST01', title: { en: 'Population by area' }, source: { name: 'Väestö (muokkaustesti)', kind: 'px', demo: false }, timeDimension: 'Vuosi', periods: ['2019', '2020', '2021', '2022'] });
    expect(table.retrievedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(table.dimensions.map((one) => [one.code, one.role])).toEqual([['Alue', null], ['Tiedot', 'metric'], ['Vuosi', 'time']]);
    expect(table.dimensions[0].values).toEqual([
      { code: '091', label: { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' } },
      { code: 'EE-784', label: { fi: 'Tallinna–Pärnu', sv: 'Tallinn–Pärnu', en: 'Tallinn–Pärnu' } },
      { code: 'SSS', label: { fi: 'Koko maa', sv: 'Hela landet', en: 'Whole country' } },
    ]);
    expectProblem(await t.app.inject({ url: '/api/statistics/tables/00000000-0000-4000-8000-000000000000' }), 404);
  });
});

describe('an indicator defined by an editor', () => {
  it('is previewed as its page would read it, with nothing written', async () => {
    const before = await indicatorCount();
    const version = await db().selectFrom('statistics_version').select('version').executeTakeFirstOrThrow();
    const preview = expectStatus(await post('/api/indicators/preview', population('previewed-only')), 200).json() as IndicatorPreview;
    expect(preview.refusals).toEqual([]);
    const indicator = preview.indicator!;
    expect(indicator.periods.map((period) => period.code)).toEqual(['2019', '2020', '2021', '2022']);
    const byRegion = Object.fromEntries(indicator.series.map((one) => [one.region, [one.side, one.values]]));
    // Finland's population (cells a·8 + y); Estonia's women (cells 3 + y and 9 + y, from 2020).
    expect(byRegion).toEqual({
      'fi-kunta:091': ['FI', [1000, 1037, 1074, 1111]],
      'country:FI': ['FI', [1592, null, 1666, 1703]],
      'nuts:EE001': ['EE', [null, 503, 504, 505]],
      'ee-ehak:0784': ['EE', [null, 509, 510, 511]],
    });
    expect(indicator.sources.map((source) => [source.side, source.table.externalId])).toEqual([['FI', 'TEST01'], ['EE', 'RV-EDIT']]);
    expect(await indicatorCount()).toBe(before);
    expect(await db().selectFrom('statistics_version').select('version').executeTakeFirstOrThrow()).toEqual(version);
    expectProblem(await t.app.inject({ url: '/api/indicators/previewed-only' }), 404);

    const refused = expectStatus(await post('/api/indicators/preview', { ...population(), frequency: 'Q' }), 200).json() as IndicatorPreview;
    expect(refused.indicator).toBeNull();
    expect(refused.refusals).toContainEqual(expect.objectContaining({ path: 'body/frequency', code: 'wrong-frequency', params: { table: 'TEST01', example: '2019' } }));
  });

  it('is created from the imported tables, audited, on the indicator page and in the catalogue', async () => {
    const response = expectStatus(await post('/api/indicators', population()), 201);
    expect(response.headers.location).toBe('/api/indicators/edited-population');
    const created = response.json() as IndicatorDefinition;
    expect(created).toMatchObject({ slug: 'edited-population', published: true, demo: false, links: 0, decimals: 0, perCapitaScale: 1000, definition: null });
    expect(created.series[1]).toEqual({ side: 'EE', tableId: eeTable, fixed: { Sugu: 'N' }, kept: [], regionDimension: 'Maakond', regionMap: { '37': 'nuts:EE001', '0784': 'ee-ehak:0784' } });
    const page = expectStatus(await t.app.inject({ url: '/api/indicators/edited-population' }), 200).json() as Indicator;
    expect(page.series.find((one) => one.region === 'ee-ehak:0784')?.values).toEqual([null, 509, 510, 511]);
    const listed = expectStatus(await t.app.inject({ url: '/api/indicators?q=edited' }), 200).json();
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual(['edited-population']);
    const pkg = expectStatus(await t.app.inject({ url: '/api/3/action/package_show?id=indicator-edited-population' }), 200).json();
    expect(pkg.result).toMatchObject({ name: 'indicator-edited-population', url: expect.stringContaining('/indicators/edited-population') });
    expect(await auditOf('indicator.created')).toEqual([expect.objectContaining({ details: expect.objectContaining({ slug: 'edited-population' }) })]);
    expect(expectProblem(await post('/api/indicators', population()), 409)).toMatchObject({ code: 'indicator-exists' });
  });

  it('refuses a definition the tables do not allow, naming the field, and writes nothing', async () => {
    const good = population('refused-one');
    const fi = good.series[0];
    const cases: [string, IndicatorInput, string, string][] = [
      ['unknown table', { ...good, series: [{ ...fi, tableId: '00000000-0000-4000-8000-000000000000' }] }, 'body/series/0/tableId', 'unknown-table'],
      ['a dimension given no role', { ...good, series: [{ ...fi, fixed: {} }] }, 'body/series/0/fixed/Tiedot', 'dimension-unmapped'],
      ['a fixed value the table lacks', { ...good, series: [{ ...fi, fixed: { Tiedot: 'tulot' } }] }, 'body/series/0/fixed/Tiedot', 'one-of'],
      ['a dimension fixed and kept', { ...good, series: [{ ...fi, kept: ['Tiedot'] }] }, 'body/series/0/fixed/Tiedot', 'dimension-twice'],
      ['a kept dimension the table lacks', { ...good, series: [{ ...fi, kept: ['Sukupuoli'] }] }, 'body/series/0/kept/0', 'unknown-dimension'],
      ['the time dimension fixed', { ...good, series: [{ ...fi, fixed: { Tiedot: 'vaesto', Vuosi: '2020' } }] }, 'body/series/0/fixed/Vuosi', 'time-dimension'],
      ['no region', { ...good, series: [{ side: 'FI', tableId: fiTable, fixed: { Tiedot: 'vaesto', Alue: '091' } }] }, 'body/series/0/regionDimension', 'region-missing'],
      ['a source code the table lacks', { ...good, series: [{ ...fi, regionMap: { '092': 'fi-kunta:092' } }] }, 'body/series/0/regionMap/092', 'unknown-code'],
      ['a region Talsinki lacks', { ...good, series: [{ ...fi, regionMap: { '091': 'fi-kunta:999' } }] }, 'body/series/0/regionMap/091', 'unknown-region'],
      ['an Estonian region on the Finnish side', { ...good, series: [{ ...fi, regionMap: { 'EE-784': 'ee-ehak:0784' } }] }, 'body/series/0/regionMap/EE-784', 'region-wrong-country'],
      ['one region from two codes', { ...good, series: [{ ...fi, regionMap: { '091': 'fi-kunta:091', SSS: 'fi-kunta:091' } }] }, 'body/series/0/regionMap/SSS', 'region-twice'],
      ['a per-capita indicator that is not there', { ...good, perCapitaOf: 'no-such-indicator' }, 'body/perCapitaOf', 'unknown-indicator'],
      ['a slug that is the address of the regions list', { ...good, slug: 'regions' }, 'body/slug', 'slug-reserved'],
      ['a frequency the table is not of', { ...good, frequency: 'M' }, 'body/frequency', 'wrong-frequency'],
      ['a side there is not', { ...good, series: [{ ...fi, side: 'SE' as 'FI' }] }, 'body/series/0/side', 'one-of'],
    ];
    const before = await indicatorCount();
    for (const [name, payload, path, code] of cases) {
      const problem = expectProblem(await post('/api/indicators', payload), 400);
      expect(problem.errors?.map((error) => [error.path, (error as { code?: string }).code]), name).toContainEqual([path, code]);
    }
    expect(await indicatorCount()).toBe(before);
    expect(await auditOf('indicator.created')).toHaveLength(1);
    expectProblem(await t.app.inject({ url: '/api/indicators/refused-one' }), 404);
  });

  it('is changed by a patch (its series replaced when given), read back for the form, and a refused patch changes nothing', async () => {
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/indicators/edited-population', headers: editor.headers, payload: { name: { en: 'Women and everyone' }, decimals: 1, published: false } }), 200).json() as IndicatorDefinition;
    expect(patched).toMatchObject({ name: { en: 'Women and everyone' }, decimals: 1, published: false, series: population().series.map((one) => expect.objectContaining({ tableId: one.tableId })) });
    // A draft leaves the catalogue and the public's list.
    await expectNoPackage('indicator-edited-population');
    expectProblem(await t.app.inject({ url: '/api/indicators/edited-population' }), 404);

    const series = [{ side: 'EE' as const, tableId: eeTable, kept: ['Sugu'], regionDimension: 'Maakond', regionMap: { '0784': 'ee-ehak:0784' } }];
    expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/indicators/edited-population', headers: editor.headers, payload: { series, published: true, definition: { en: 'Residents.' } } }), 200);
    const page = expectStatus(await t.app.inject({ url: '/api/indicators/edited-population' }), 200).json() as Indicator;
    expect(page.series.map((one) => [one.region, one.kept, one.values])).toEqual([
      ['ee-ehak:0784', { Sugu: 'M' }, [506, 507, 508]],
      ['ee-ehak:0784', { Sugu: 'N' }, [509, 510, 511]],
    ]);
    const form = expectStatus(await t.app.inject({ url: '/api/indicators/edited-population/definition', headers: editor.headers }), 200).json() as IndicatorDefinition;
    expect(form).toMatchObject({ definition: { en: 'Residents.' }, series, published: true });

    const refused = expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/indicators/edited-population', headers: editor.headers, payload: { name: { en: 'Never' }, series: [{ ...series[0], kept: [] }] } }), 400);
    expect(refused.errors?.map((error) => error.path)).toEqual(['body/series/0/fixed/Sugu']);
    expect((await db().selectFrom('indicators').select('name').where('slug', '=', 'edited-population').executeTakeFirstOrThrow()).name).toEqual({ en: 'Women and everyone' });
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/indicators/no-such-indicator', headers: editor.headers, payload: { decimals: 1 } }), 404);
    expect((await auditOf('indicator.updated')).map((entry) => entry.details)).toEqual([
      { changes: { name: { en: 'Women and everyone' }, decimals: 1, published: false } },
      { changes: { series, published: true, definition: { en: 'Residents.' } } },
    ]);
  });

  it('is deleted with its dataset, but not while an action or bottleneck links it', async () => {
    expectStatus(await post('/api/indicators', population('linked-population')), 201);
    const bottleneck = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '203.0.113.7', payload: { title: 'Population figures do not meet', description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json() as { id: string };
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneck.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
    expectStatus(await t.app.inject({ method: 'PUT', url: `/api/bottlenecks/${bottleneck.id}/indicators/linked-population`, headers: editor.headers, payload: { region: 'fi-kunta:091' } }), 200);
    const refused = expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/indicators/linked-population', headers: editor.headers }), 409);
    expect(refused).toMatchObject({ code: 'indicator-in-use', params: { links: 1, dependants: 0 } });
    expectStatus(await t.app.inject({ url: '/api/indicators/linked-population' }), 200);
    // Nor while another indicator is shown per capita of it.
    expectStatus(await post('/api/indicators', population('divisor')), 201);
    expectStatus(await post('/api/indicators', { ...population('divided'), perCapitaOf: 'divisor' }), 201);
    expect(expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/indicators/divisor', headers: editor.headers }), 409)).toMatchObject({ code: 'indicator-in-use', params: { links: 0, dependants: 1 } });
    expect(expectStatus(await t.app.inject({ url: '/api/indicators/divided' }), 200).json().measures).toContain('per-capita');

    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/indicators/edited-population', headers: editor.headers }), 204);
    expectProblem(await t.app.inject({ url: '/api/indicators/edited-population/definition', headers: editor.headers }), 404);
    await expectNoPackage('indicator-edited-population');
    expect(await auditOf('indicator.deleted')).toEqual([expect.objectContaining({ details: { slug: 'edited-population', name: { en: 'Women and everyone' } } })]);
  });

  it('is written by editors and administrators only', async () => {
    const writes = (slug: string) => [
      { method: 'POST' as const, url: '/api/indicators', payload: population(slug) },
      { method: 'POST' as const, url: '/api/indicators/preview', payload: population(slug) },
      { method: 'GET' as const, url: '/api/indicators/linked-population/definition' },
      { method: 'PATCH' as const, url: '/api/indicators/linked-population', payload: { decimals: 2 } },
      { method: 'DELETE' as const, url: '/api/indicators/linked-population' },
    ];
    for (const [session, status] of [[null, 401], [member, 403], [serviceOwner, 403], [moderator, 403]] as const) {
      for (const request of writes('never-written')) {
        expectProblem(await t.app.inject({ ...request, headers: session?.headers ?? {} }), status);
      }
    }
    expectProblem(await t.app.inject({ url: '/api/indicators/never-written' }), 404);
    expectStatus(await post('/api/indicators', population('by-admin'), admin), 201);
    expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/indicators/by-admin', headers: admin.headers, payload: { decimals: 2 } }), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/indicators/by-admin', headers: admin.headers }), 204);
  });
});
