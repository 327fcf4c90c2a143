import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 15's examples on the catalogue, through HTTP: compound parts, inflection, typos, any
 * script, did-you-mean and highlights in the list, and CKAN's `q` read in Solr's syntax.
 */

let t: TestApp;
let editor: Session;

const DATASETS = [
  { name: 'vaestoennuste-helsinki', title: { fi: 'Väestöennuste Helsinki 2040' }, description: { fi: 'Helsingin väestö ikäryhmittäin vuoteen 2040.' } },
  { name: 'liikenteen-ennuste', title: { fi: 'Liikenteen ennuste 2030' }, description: { fi: 'Ajoneuvomäärät pääkaduilla.' } },
  { name: 'tallinna-rahvastikuprognoos', title: { et: 'Tallinna rahvastikuprognoos 2040' }, description: { et: 'Linnaosade kaupa.' } },
  { name: 'busshallplatser', title: { sv: 'Busshållplatser i Helsingfors' }, description: { sv: 'Alla hållplatser med koordinater.' } },
  { name: 'helsinki-population-zh', title: { en: '赫尔辛基人口统计' }, description: { en: 'Harvested from a portal that writes its titles in Chinese.' } },
  { name: 'ferry-timetable-ru', title: { ru: 'Расписание паромов Хельсинки–Таллин' }, description: { ru: 'Отправления по дням недели.' } },
  { name: 'tallinna-ohukvaliteet', title: { et: 'Tallinna õhukvaliteet 2024' }, description: { et: 'Mõõtejaamade tunniandmed.' } },
  { name: 'air-quality-helsinki', title: { en: 'Air quality in Helsinki' }, description: { en: 'Hourly readings of the measuring stations.' } },
  { name: 'air-qualty-survey', title: { en: 'Air qualty survey' }, description: { en: 'A harvested title with its typo kept.' } },
];

interface ListAnswer {
  total: number;
  items: { id: string; name: string; title: Record<string, string>; summary: Record<string, string> }[];
  matches?: { id: string; highlights: Record<string, Record<string, [number, number][]>>; via?: { word: string; lang: string | null; term: string; termLang: string }[] }[];
  didYouMean?: string;
}

const list = async (query: string, session?: Session) => {
  const response = await t.app.inject({ url: `/api/datasets?${query}`, headers: session?.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ListAnswer;
};
const names = async (q: string) => (await list(`q=${encodeURIComponent(q)}&limit=50`)).items.map((item) => item.name);
const ckanNames = async (q: string) => {
  const response = await t.app.inject({ url: `/api/3/action/package_search?q=${encodeURIComponent(q)}&rows=50` });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().result.results as { name: string }[]).map((p) => p.name);
};

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  for (const dataset of DATASETS) {
    const response = await t.app.inject({ method: 'POST', url: '/api/datasets', headers: editor.headers, payload: dataset });
    expect(response.statusCode, response.body).toBe(201);
  }
  const hidden = await t.app.inject({ method: 'POST', url: '/api/datasets', headers: editor.headers, payload: { name: 'withdrawn-zeppelin', title: { en: 'Zeppelinairfield registry' }, description: { en: 'Withdrawn.' } } });
  expect(hidden.statusCode).toBe(201);
  expect((await t.app.inject({ method: 'PATCH', url: '/api/datasets/withdrawn-zeppelin', headers: editor.headers, payload: { state: 'withdrawn' } })).statusCode).toBe(200);
});
afterAll(() => t?.close());

describe('the catalogue search understands compounds, inflection, typos and any script', () => {
  it('finds a compound by its part, the whole word first (ennuste, prognoos, hållplats)', async () => {
    expect(await names('ennuste')).toEqual(['liikenteen-ennuste', 'vaestoennuste-helsinki']);
    // After the compound, through the glossary (prognoos is ennuste in Finnish), a Finnish title.
    expect(await names('prognoos')).toEqual(['tallinna-rahvastikuprognoos', 'liikenteen-ennuste']);
    expect(await names('hållplats')).toEqual(['busshallplatser']);
  });

  it('says which term of another language found an item the words alone would not', async () => {
    // prognoos is a term in Estonian and, by its stem, Swedish (prognos): the glossary gives it no one language.
    const answer = await list('q=prognoos');
    expect(answer.matches).toEqual([
      { id: answer.items[0].id, highlights: { title: { et: [[9, 'Tallinna rahvastikuprognoos'.length]] } } },
      { id: answer.items[1].id, highlights: { title: { fi: [[11, 18]] } }, via: [{ word: 'prognoos', lang: null, term: 'ennuste', termLang: 'fi' }] },
    ]);
  });

  it('finds a Chinese title by two consecutive characters, and a Russian one by an inflected word', async () => {
    expect(await names('人口')).toEqual(['helsinki-population-zh']);
    expect(await names('辛基')).toEqual(['helsinki-population-zh']);
    expect(await names('паромы')).toEqual(['ferry-timetable-ru']);
    expect(await names('расписания')).toEqual(['ferry-timetable-ru']);
  });

  it('finds words written without their diacritics (ohukvaliteet)', async () => {
    // Then, through the glossary, the English title (air quality).
    expect(await names('ohukvaliteet')).toEqual(['tallinna-ohukvaliteet', 'air-quality-helsinki']);
    expect(await names('õhukvaliteet')).toEqual(['tallinna-ohukvaliteet', 'air-quality-helsinki']);
  });

  it('finds a word with a typo below the exact matches (air qualty)', async () => {
    expect(await names('air qualty')).toEqual(['air-qualty-survey', 'air-quality-helsinki']);
    expect(await names('air quality')).toEqual(['air-quality-helsinki', 'air-qualty-survey', 'tallinna-ohukvaliteet']);
  });

  it('says where each item matched, in the texts the list shows', async () => {
    const answer = await list('q=ennuste');
    expect(answer.matches?.map((m) => m.id)).toEqual(answer.items.map((item) => item.id));
    const whole = answer.items.findIndex((item) => item.name === 'vaestoennuste-helsinki');
    expect(answer.matches![whole].highlights).toEqual({ title: { fi: [[0, 'Väestöennuste'.length]] } });
    const chinese = await list(`q=${encodeURIComponent('人口')}`);
    expect(chinese.matches![0].highlights.title).toEqual({ en: [[4, 6]] });
    // Without words, no search fields.
    const browsed = await list('limit=1');
    expect(browsed.matches).toBeUndefined();
    expect(browsed.didYouMean).toBeUndefined();
  });

  it('offers a corrected query when nothing is found, never from what the caller may not see', async () => {
    const nothing = await list(`q=${encodeURIComponent('rahvastkuprognos')}`);
    expect([nothing.total, nothing.didYouMean]).toEqual([0, 'rahvastikuprognoos']);
    expect((await names(nothing.didYouMean!))[0]).toBe('tallinna-rahvastikuprognoos');
    const found = await list('q=ennuste');
    expect(found.didYouMean).toBeUndefined();
    // A word only a withdrawn dataset has lends no correction to a visitor's search …
    const visitor = await list(`q=${encodeURIComponent('zepelinairfeld')}`);
    expect([visitor.total, visitor.didYouMean]).toEqual([0, undefined]);
    // … but does to an editor listing withdrawn datasets.
    const withdrawn = await list(`q=${encodeURIComponent('zepelinairfeld')}&state=withdrawn`, editor);
    expect([withdrawn.total, withdrawn.didYouMean]).toEqual([0, 'zeppelinairfield']);
  });
});

describe('a glossary change', () => {
  it('counts at once in the list and in CKAN, though both keep their answers', async () => {
    expect(await names('zorbfish')).toEqual([]);
    expect(await ckanNames('zorbfish')).toEqual([]);
    const entry = await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor.headers, payload: { terms: { fi: ['zorbfish'], en: ['air quality'] } } });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(await names('zorbfish')).toContain('air-quality-helsinki');
    expect(await ckanNames('zorbfish')).toContain('air-quality-helsinki');
  });
});

describe("CKAN's q in Solr's syntax", () => {
  it('takes field prefixes off, and reads AND, OR, NOT, + and -', async () => {
    expect(await ckanNames('title:ennuste')).toEqual(['liikenteen-ennuste', 'vaestoennuste-helsinki']);
    expect(await ckanNames('ennuste AND helsinki')).toEqual(['vaestoennuste-helsinki']);
    expect(await ckanNames('+ennuste +helsinki')).toEqual(['vaestoennuste-helsinki']);
    expect((await ckanNames('prognoos OR hållplats')).sort()).toEqual(['busshallplatser', 'liikenteen-ennuste', 'tallinna-rahvastikuprognoos']);
    expect(await ckanNames('ennuste NOT väestöennuste')).toEqual(['liikenteen-ennuste']);
    expect(await ckanNames('ennuste -väestöennuste')).toEqual(['liikenteen-ennuste']);
    expect((await ckanNames('*:*')).length).toBe(DATASETS.length);
    // CKAN's answer keeps CKAN's shape: no search fields of the list.
    const result = (await t.app.inject({ url: '/api/3/action/package_search?q=ennuste' })).json().result;
    expect(Object.keys(result).sort()).toEqual(['count', 'facets', 'results', 'search_facets', 'sort']);
  });
});
