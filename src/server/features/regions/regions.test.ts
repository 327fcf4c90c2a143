import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { SEED_REGIONS, SOURCES } from './regions.seed.ts';
import { seedRegions } from './regions.service.ts';

let t: TestApp;
let editor: Record<string, string>;
let member: Record<string, string>;
let editorId: string;
beforeAll(async () => {
  t = await startTestApp();
  const signedIn = await loginAs(t, 'editor');
  editor = signedIn.session.headers;
  editorId = signedIn.user.id;
  member = (await loginAs(t, 'member')).session.headers;
});
afterAll(() => t?.close());

const SLUGS = ['lille-kortrijk-tournai', 'greater-region', 'upper-rhine', 'greater-copenhagen', 'tornio-haparanda', 'vienna-bratislava', 'meuse-rhine', 'strasbourg-ortenau', 'valga-valka', 'helsinki-tallinn'];

type Summary = { id: string; slug: string; countries: string[]; legalForm: string | null; themes: string[]; isHome: boolean };
type Detail = Summary & {
  sources: { id: string; tag: string; url: string; kind: string }[];
  fieldSources: Record<string, string[]>;
  figures: { kind: string; value: number; year: number | null; label: { en?: string } | null; sourceIds: string[] }[];
  members: { sourceIds: string[] }[];
  bodies: { sourceIds: string[] }[];
  events: { sourceIds: string[] }[];
  lessons: { ref: string; sourceIds: string[]; sources: { id: string }[]; themes: string[] }[];
  scores: { criterionId: string; score: number; rationale: Record<string, string> }[];
};
const get = async <T>(url: string) => expectStatus(await t.app.inject({ url }), 200).json() as T;
const list = (query = '') => get<{ items: Summary[]; total: number; limit: number; offset: number }>(`/api/regions?${query}`);

describe('the benchmark regions', () => {
  it('seeds the ten regions, every fact with a source of its own region', async () => {
    const all = await list('limit=100');
    expect(all.items.map((r) => r.slug).sort()).toEqual([...SLUGS].sort());
    expect(all.items.filter((r) => r.isHome).map((r) => r.slug)).toEqual(['helsinki-tallinn']);
    for (const slug of SLUGS) {
      const region = await get<Detail>(`/api/regions/${slug}`);
      const own = new Set(region.sources.map((s) => s.id));
      const cited = [...region.figures, ...region.members, ...region.bodies, ...region.events, ...region.lessons];
      for (const fact of cited) {
        expect(fact.sourceIds.length, `${slug}: a fact without a source`).toBeGreaterThan(0);
        for (const id of fact.sourceIds) expect(own.has(id), `${slug}: cites a source not its own`).toBe(true);
      }
      for (const ids of Object.values(region.fieldSources)) for (const id of ids) expect(own.has(id)).toBe(true);
      for (const source of region.sources) expect(source.url).toBe(SOURCES[source.tag].url);
      for (const lesson of region.lessons) expect(lesson.sources.map((s) => s.id)).toEqual(lesson.sourceIds);
    }
    // Figures that disagree are kept side by side, and a figure without a year has none.
    const lille = await get<Detail>('/api/regions/lille-kortrijk-tournai');
    const populations = lille.figures.filter((f) => f.kind === 'population');
    expect(populations.map((f) => [f.value, f.year])).toEqual([[2_000_000, null], [2_100_000, null], [2_100_000, 2019]]);
    expect(lille.sources.find((s) => s.tag === 'R81')?.kind).toBe('third_party');
    // Unknown stays empty: the Greater Region's members are not confirmed.
    const greater = await get<Detail>('/api/regions/greater-region');
    expect(greater.members).toEqual([]);
    const lessons = SEED_REGIONS.flatMap((r) => r.lessons).length;
    expect((await get<{ total: number }>('/api/regions/lessons?limit=100')).total).toBe(lessons);
  });

  it('seeds again without writing anything, and brings a changed row back', async () => {
    const before = await get<Detail>('/api/regions/upper-rhine');
    const version = async () => (await sql<{ version: string }>`select version from search_versions where collection = 'regions'`.execute(t.db.kysely)).rows[0].version;
    const versionBefore = await version();
    const counts = async () => Promise.all(['regions', 'region_sources', 'region_figures', 'region_members', 'region_bodies', 'region_events', 'region_lessons'].map(async (table) => Number((await t.db.kysely.selectFrom(table as 'regions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)));
    const countsBefore = await counts();
    await seedRegions(t.db.kysely);
    const after = await get<Detail>('/api/regions/upper-rhine');
    expect(after).toEqual(before);
    expect(await version()).toBe(versionBefore);
    expect(await counts()).toEqual(countsBefore);

    await t.db.kysely.updateTable('region_figures').set({ value: 1 }).where('region_id', '=', before.id).execute();
    await t.db.kysely.updateTable('regions').set({ legal_form: 'none' }).where('id', '=', before.id).execute();
    await seedRegions(t.db.kysely);
    const mended = await get<Detail>('/api/regions/upper-rhine');
    expect(mended.legalForm).toBe('intergovernmental_agreement');
    expect(mended.figures.map((f) => f.value)).toEqual(before.figures.map((f) => f.value));
  });

  it('filters by country, legal form, theme and words, and pages', async () => {
    expect((await list('country=FI')).items.map((r) => r.slug).sort()).toEqual(['helsinki-tallinn', 'tornio-haparanda']);
    expect((await list('legalForm=egtc')).items.map((r) => r.slug).sort()).toEqual(['lille-kortrijk-tournai', 'meuse-rhine', 'strasbourg-ortenau']);
    const health = await list('theme=health');
    expect(health.items.map((r) => r.slug).sort()).toEqual(['meuse-rhine', 'tornio-haparanda']);
    expect(health.items.every((r) => r.themes.includes('health'))).toBe(true);
    expect((await list('q=copenhagen')).items.map((r) => r.slug)).toEqual(['greater-copenhagen']);
    expect((await list('q=tallinna')).items.map((r) => r.slug)).toEqual(['helsinki-tallinn']);
    expect((await list('q=copenhagen&country=FI')).total).toBe(0);
    const page = await list('limit=3&offset=3');
    expect(page).toMatchObject({ total: 10, limit: 3, offset: 3 });
    expect(page.items).toHaveLength(3);
    expect(expectProblem(await t.app.inject({ url: '/api/regions?country=XX' }), 400).errors?.[0].path).toContain('country');
    expectProblem(await t.app.inject({ url: '/api/regions?legalForm=treaty' }), 400);
    expectProblem(await t.app.inject({ url: '/api/regions?theme=nope' }), 400);
  });

  it('answers a region by id or slug, and 404 for none', async () => {
    const bySlug = await get<Detail>('/api/regions/helsinki-tallinn');
    expect(await get<Detail>(`/api/regions/${bySlug.id}`)).toEqual(bySlug);
    expect(bySlug.legalForm).toBe('memorandum_of_understanding');
    expectProblem(await t.app.inject({ url: '/api/regions/no-such-region' }), 404);
    expectProblem(await t.app.inject({ url: '/api/regions/00000000-0000-4000-8000-000000000000' }), 404);
  });

  it('compares two to four regions in the order asked, and refuses other counts naming ids', async () => {
    const two = await get<{ regions: Detail[] }>('/api/regions/compare?ids=valga-valka,helsinki-tallinn');
    expect(two.regions.map((r) => r.slug)).toEqual(['valga-valka', 'helsinki-tallinn']);
    const tornio = await get<Detail>('/api/regions/tornio-haparanda');
    const four = await get<{ regions: Detail[] }>(`/api/regions/compare?ids=${tornio.id},upper-rhine,meuse-rhine,greater-region`);
    expect(four.regions.map((r) => r.slug)).toEqual(['tornio-haparanda', 'upper-rhine', 'meuse-rhine', 'greater-region']);
    expect(four.regions[0].figures.length).toBeGreaterThan(0);
    const refused = async (ids: string, code: string) => {
      const problem = expectProblem(await t.app.inject({ url: `/api/regions/compare?ids=${ids}` }), 400);
      expect(problem.errors?.[0]).toMatchObject({ path: 'querystring/ids', code });
    };
    await refused('valga-valka', 'too-few');
    await refused('valga-valka,upper-rhine,meuse-rhine,greater-region,helsinki-tallinn', 'too-many');
    await refused('valga-valka,valga-valka', 'duplicate');
    await refused(`tornio-haparanda,${tornio.id}`, 'duplicate');
    await refused('valga-valka,atlantis', 'invalid');
    expectProblem(await t.app.inject({ url: '/api/regions/compare' }), 400);
  });

  it('lists lessons by theme, region and words, each with its sources', async () => {
    const legal = await get<{ items: Detail['lessons']; total: number }>('/api/regions/lessons?theme=legal&limit=100');
    expect(legal.total).toBeGreaterThan(0);
    expect(legal.items.every((l) => l.themes.includes('legal') && l.sources.length > 0)).toBe(true);
    const ht = await get<{ items: { ref: string; regionSlug: string }[] }>('/api/regions/lessons?region=helsinki-tallinn');
    expect(ht.items).toHaveLength(3);
    expect(ht.items.every((l) => l.regionSlug === 'helsinki-tallinn' && /^LS-\d{4}$/.test(l.ref))).toBe(true);
    expect((await get<{ items: { regionSlug: string }[] }>('/api/regions/lessons?q=OECD%20secretariat')).items.map((l) => l.regionSlug)).toEqual(['helsinki-tallinn']);
    expect((await get<{ total: number }>('/api/regions/lessons?region=atlantis')).total).toBe(0);
    expectProblem(await t.app.inject({ url: '/api/regions/lessons?theme=nope' }), 400);
  });

  it('lets editors define criteria and score regions with a rationale, audited; refuses every bad input', async () => {
    expect((await get<{ items: unknown[] }>('/api/regions/criteria')).items).toEqual([]);
    const body = { key: 'legal_certainty', name: { en: 'Legal certainty', fi: 'Oikeusvarmuus' }, scaleMin: 0, scaleMax: 5 };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', payload: body }), 401);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: member, payload: body }), 403);
    const badScale = expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: editor, payload: { ...body, scaleMin: 5, scaleMax: 5 } }), 400);
    expect(badScale.errors?.[0]).toMatchObject({ path: 'body/scaleMax', code: 'too-small' });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: editor, payload: { ...body, key: 'Bad Key' } }), 400).errors?.[0].path).toBe('body/key');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: editor, payload: { ...body, name: {} } }), 400);
    const criterion = expectStatus(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: editor, payload: body }), 201).json() as { id: string; scaleMax: number; isDemo: boolean };
    expect(criterion).toMatchObject({ scaleMax: 5, isDemo: false });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/criteria', headers: editor, payload: body }), 400).errors?.[0]).toMatchObject({ path: 'body/key', code: 'duplicate' });

    const url = `/api/regions/helsinki-tallinn/scores/${criterion.id}`;
    const score = { score: 2, rationale: { en: 'A non-binding MoU gives little legal certainty.' } };
    expectProblem(await t.app.inject({ method: 'PUT', url, headers: member, payload: score }), 403);
    const scoreOf = async () => (await get<Detail>('/api/regions/helsinki-tallinn')).scores;
    const refused = async (payload: Record<string, unknown>, path: string, code: string) => {
      const problem = expectProblem(await t.app.inject({ method: 'PUT', url, headers: editor, payload }), 400);
      expect(problem.errors?.[0]).toMatchObject({ path, code });
      expect(await scoreOf()).toEqual([]);
    };
    await refused({ ...score, score: 6 }, 'body/score', 'too-large');
    await refused({ ...score, score: -1 }, 'body/score', 'too-small');
    await refused({ score: 3 }, 'body/rationale', 'required');
    await refused({ score: 3, rationale: {} }, 'body/rationale', 'required');
    await refused({ score: 3, rationale: { en: '   ' } }, 'body/rationale', 'required');
    await refused({ score: 2.5, rationale: score.rationale }, 'body/score', 'integer');
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/regions/helsinki-tallinn/scores/00000000-0000-4000-8000-000000000000', headers: editor, payload: score }), 404);
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/regions/atlantis/scores/${criterion.id}`, headers: editor, payload: score }), 404);

    const saved = expectStatus(await t.app.inject({ method: 'PUT', url, headers: editor, payload: score }), 200).json();
    expect(saved).toMatchObject({ score: 2, rationale: score.rationale, isDemo: false });
    expectStatus(await t.app.inject({ method: 'PUT', url, headers: editor, payload: { ...score, score: 3 } }), 200);
    expect((await scoreOf()).map((s) => s.score)).toEqual([3]);
    const board = await get<{ criteria: { id: string }[]; regions: unknown[]; scores: { score: number }[] }>('/api/regions/scores');
    expect(board).toMatchObject({ criteria: [{ id: criterion.id }], scores: [{ score: 3 }] });
    expect(board.regions).toHaveLength(10);

    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/regions/criteria/${criterion.id}`, headers: editor, payload: { weight: 2 } }), 200).json();
    expect(patched).toMatchObject({ weight: 2 });
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/regions/criteria/${criterion.id}`, headers: editor, payload: {} }), 400);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/regions/criteria/${criterion.id}`, headers: member, payload: { weight: 3 } }), 403);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/regions/criteria/${criterion.id}`, headers: editor }), 204);
    expect(await scoreOf()).toEqual([]);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/regions/criteria/${criterion.id}`, headers: editor }), 404);

    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'regions.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['regions.criterion_created', 'regions.scored', 'regions.scored', 'regions.criterion_updated', 'regions.criterion_deleted']);
    expect(audit.every((a) => a.actor_id === editorId)).toBe(true);
  });
  it('lets editors add a region, change one, and add sources, figures and lessons that cite them; refuses bad input', async () => {
    const body = { slug: 'narva-ivangorod', name: { en: 'Narva–Ivangorod' }, countries: ['EE', 'RU'], themes: ['mobility'] };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions', headers: member, payload: body }), 403);
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions', headers: editor, payload: { ...body, slug: 'valga-valka' } }), 400).errors?.[0]).toMatchObject({ path: 'body/slug', code: 'duplicate' });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions', headers: editor, payload: { ...body, countries: [] } }), 400).errors?.[0].path).toBe('body/countries');
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions', headers: editor, payload: { ...body, legalForm: 'treaty' } }), 400).errors?.[0].path).toBe('body/legalForm');
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/regions', headers: editor, payload: body }), 201).json() as Detail;
    expect(created).toMatchObject({ slug: 'narva-ivangorod', countries: ['EE', 'RU'], legalForm: null, sources: [], figures: [] });
    expect((await list('q=narva')).items.map((r) => r.slug)).toEqual(['narva-ivangorod']);

    const source = expectStatus(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/sources', headers: editor, payload: { url: 'https://docslib.org/doc/6481942/city-twinning-in-northern-europe', title: 'City twinning in Northern Europe', kind: 'third_party' } }), 201).json() as { id: string; tag: string };
    expect(source.tag).toBe('E1');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/sources', headers: editor, payload: { url: 'javascript:alert(1)', title: 'x', kind: 'primary' } }), 400);

    const other = (await get<Detail>('/api/regions/valga-valka')).sources[0].id;
    const figure = { kind: 'population', value: 1000, unit: 'people', sourceIds: [source.id] };
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/figures', headers: editor, payload: { ...figure, sourceIds: [] } }), 400).errors?.[0].path).toBe('body/sourceIds');
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/figures', headers: editor, payload: { ...figure, sourceIds: [other] } }), 400).errors?.[0]).toMatchObject({ path: 'body/sourceIds', code: 'invalid' });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/figures', headers: editor, payload: { ...figure, periodFrom: 2020, periodTo: 2019 } }), 400).errors?.[0]).toMatchObject({ path: 'body/periodTo', code: 'end-before-start' });
    const addedFigure = expectStatus(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/figures', headers: editor, payload: figure }), 201).json() as { id: string; qualifier: string; year: null };
    expect(addedFigure).toMatchObject({ qualifier: 'exact', year: null, seeded: false });

    const lesson = expectStatus(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/lessons', headers: editor, payload: { text: { en: 'An external border splits the town.' }, themes: ['mobility'], sourceIds: [source.id] } }), 201).json() as { id: string; ref: string; sources: { id: string }[] };
    expect(lesson.ref).toBe(`LS-${String(SEED_REGIONS.flatMap((r) => r.lessons).length + 1).padStart(4, '0')}`);
    expect(lesson.sources.map((s) => s.id)).toEqual([source.id]);
    expect((lesson as unknown as { seeded: boolean }).seeded).toBe(false);
    expect((await get<{ items: { seeded: boolean }[] }>('/api/regions/lessons?region=helsinki-tallinn')).items.every((l) => l.seeded)).toBe(true);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/regions/narva-ivangorod/lessons', headers: editor, payload: { text: { en: 'x' }, themes: ['nope'], sourceIds: [source.id] } }), 400);

    // An edited seeded region keeps its editors' fields when the seed runs; a seeded fact cannot be removed.
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: '/api/regions/valga-valka', headers: editor, payload: { languages: ['et', 'lv'] } }), 200).json() as Detail & { languages: string[] };
    expect(patched.languages).toEqual(['et', 'lv']);
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/regions/valga-valka', headers: editor, payload: {} }), 400);
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/regions/valga-valka', headers: editor, payload: { languages: ['not a tag'] } }), 400);
    await seedRegions(t.db.kysely);
    expect((await get<Detail & { languages: string[] }>('/api/regions/valga-valka')).languages).toEqual(['et', 'lv']);
    const seededFigure = (await get<Detail>('/api/regions/valga-valka')).figures[0] as unknown as { id: string };
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/regions/valga-valka/figures/${seededFigure.id}`, headers: editor }), 403);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/regions/valga-valka/figures/${addedFigure.id}`, headers: editor }), 404);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/regions/narva-ivangorod/figures/${addedFigure.id}`, headers: editor }), 204);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/regions/narva-ivangorod/lessons/${lesson.id}`, headers: editor }), 204);
    const after = await get<Detail>('/api/regions/narva-ivangorod');
    expect([after.figures.length, after.lessons.length]).toEqual([0, 0]);
    // The editors' rows survive the seed too.
    await seedRegions(t.db.kysely);
    expect((await get<Detail>('/api/regions/narva-ivangorod')).sources.map((s) => s.tag)).toEqual(['E1']);
  });
});
