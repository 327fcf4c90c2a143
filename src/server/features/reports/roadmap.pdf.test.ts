import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { pdfInfo, pdfText } from '../../test/pdf.ts';

/**
 * The roadmap's PDF read back by Poppler: a plan of a theme with two actions (one overdue, one
 * waiting for it), a legal action, and enough other actions to need a second page. Its years run
 * from last year on, so today and an overdue milestone are always inside the chart.
 */
let t: TestApp;
let editor: Record<string, string>;
const ids: Record<string, { id: string; ref: string }> = {};
const year = new Date().getUTCFullYear();
const FILLERS = 45;

async function action(key: string, title: string, payload: Record<string, unknown>) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor, payload: { title: { en: title, fi: `${title} (fi)` }, raci: raci(), ...payload } }), 201).json();
  ids[key] = { id: created.id, ref: created.ref };
}
let raci: () => object[];

const pdf = async (query = '') => {
  const response = expectStatus(await t.app.inject({ url: `/api/roadmap.pdf${query}` }), 200);
  expect(response.headers['content-type']).toBe('application/pdf');
  return response.rawPayload;
};

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session.headers;
  const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  const [hsl, transport] = await Promise.all([institution('hsl'), institution('transpordiamet')]);
  raci = () => [{ institutionId: hsl, role: 'A', lead: true }, { institutionId: transport, role: 'R' }];
  await action('theme', 'Seamless commuting', { domain: 'mobility', startsOn: `${year - 1}-01-01`, endsOn: `${year + 2}-12-31` });
  await action('pilot', 'Ticket pilot', { parent: ids.theme!.ref, domain: 'mobility', startsOn: `${year - 1}-03-01`, endsOn: `${year + 1}-12-31`, state: 'ongoing', progress: 40 });
  await action('sync', 'Timetable sync', { parent: ids.theme!.ref, domain: 'mobility', startsOn: `${year + 2}-01-01`, endsOn: `${year + 2}-12-31`, dependsOn: [ids.pilot!.ref] });
  await action('tax', 'Tax guidance', { domain: 'legal', startsOn: `${year}-01-01`, endsOn: `${year + 1}-06-30` });
  for (const [dueOn, doneOn] of [[`${year - 1}-06-30`, null], [`${year - 1}-04-30`, `${year - 1}-04-20`]]) {
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${ids.pilot!.ref}/milestones`, headers: editor, payload: { title: { en: `Due ${dueOn}` }, dueOn, ...(doneOn ? { doneOn } : {}) } }), 201);
  }
  for (let i = 1; i <= FILLERS; i++) await action(`filler${i}`, `Filler ${String(i).padStart(2, '0')}`, { domain: 'education', startsOn: `${year}-01-01`, endsOn: `${year}-12-31` });
});
afterAll(() => t?.close());

describe('the roadmap as a PDF', () => {
  it('is A3 landscape on every page, runs to a second page with its header again, and names every bar', async () => {
    const file = await pdf('?lang=en');
    const info = pdfInfo(file);
    expect(info.pages).toBeGreaterThanOrEqual(2);
    expect(info.sizes).toHaveLength(info.pages);
    for (const size of info.sizes) expect(size).toEqual({ width: 1190.55, height: 841.89 });
    const all = pdfText(file);
    for (const title of ['Seamless commuting', 'Ticket pilot', 'Timetable sync', 'Tax guidance', 'Filler 01', `Filler ${FILLERS}`]) expect(all, title).toContain(title);
    expect(all).toContain(ids.pilot!.ref);
    const first = pdfText(file, { first: 1, last: 1 });
    const second = pdfText(file, { first: 2, last: 2 });
    for (const page of [first, second]) {
      expect(page).toContain('Roadmap of the joint action plan');
      expect(page).toContain(String(year));
      expect(page).toContain('Q3');
      expect(page).toContain('Legend');
      expect(page).toContain('Today');
    }
    // The bars are in tree order: the theme and its actions on the first page, the last filler on the last.
    expect(first).toContain('Ticket pilot');
    expect(first).not.toContain(`Filler ${FILLERS}`);
    expect(pdfText(file, { first: info.pages, last: info.pages })).toContain(`Filler ${FILLERS}`);
    // Overdue is said in words beside the red: the pilot has a milestone past due and not done.
    expect(first).toMatch(/Ongoing · 40% · overdue !/);
    expect(first).toContain('Page 1 / ');
  });

  it('speaks Finnish, Estonian, English, Swedish and Russian', async () => {
    const expected = {
      fi: ['Yhteisen toimintasuunnitelman tiekartta', 'Selite', 'Tänään', 'Käynnissä', 'myöhässä', 'Välitavoite saavutettu', 'Sivu 1 / '],
      et: ['Ühise tegevuskava teekaart', 'Legend', 'Täna', 'Käimas', 'hilinenud', 'Vahe-eesmärk täidetud', 'Lehekülg 1 / '],
      en: ['Roadmap of the joint action plan', 'Legend', 'Today', 'Ongoing', 'overdue', 'Milestone met', 'Page 1 / '],
      sv: ['Färdplan för den gemensamma handlingsplanen', 'Teckenförklaring', 'I dag', 'Pågår', 'försenat', 'Delmål som har nåtts', 'Sida 1 / '],
      ru: ['Дорожная карта совместного плана действий', 'Условные обозначения', 'Сегодня', 'Выполняется', 'просрочено', 'Контрольная точка достигнута', 'Страница 1 / '],
    };
    for (const [lang, texts] of Object.entries(expected)) {
      const text = pdfText(await pdf(`?lang=${lang}`), { first: 1, last: 1 });
      for (const wanted of texts) expect(text, `${lang}: ${wanted}`).toContain(wanted);
    }
    // Titles in the language asked for where the action has one.
    expect(pdfText(await pdf('?lang=fi'))).toContain('Ticket pilot (fi)');
  });

  it('keeps only the bars the filters name, and says which filters', async () => {
    const legal = pdfText(await pdf('?domain=legal&lang=en'));
    expect(legal).toContain('Tax guidance');
    expect(legal).not.toContain('Ticket pilot');
    expect(legal).not.toContain('Filler');
    expect(legal).toContain('Domain: Bureaucracy and legal frameworks');
    expect(pdfInfo(await pdf('?domain=legal')).pages).toBe(1);
    expect(pdfText(await pdf('?state=done&lang=en'))).toContain('No action matches the filters.');
  });

  it('labels demo data, and follows a change to the plan at once', async () => {
    expect(pdfText(await pdf('?domain=legal&lang=en'))).not.toContain('demo');
    await t.db.kysely.updateTable('actions').set({ is_demo: true }).where('id', '=', ids.tax!.id).execute();
    const text = pdfText(await pdf('?domain=legal&lang=en'));
    expect(text).toContain('This roadmap contains demo data');
    expect(text).toMatch(/Planned · 0% · demo/);
  });

  it('answers 304 to the tag it gave, and refuses bad filters and languages naming the field', async () => {
    const first = expectStatus(await t.app.inject({ url: '/api/roadmap.pdf?lang=en' }), 200);
    expect((await t.app.inject({ url: '/api/roadmap.pdf?lang=en', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304);
    expect((await t.app.inject({ url: '/api/roadmap.pdf?lang=et', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(200);
    const field = async (query: string) => (expectProblem(await t.app.inject({ url: `/api/roadmap.pdf?${query}` }), 400) as { errors?: { path: string }[] }).errors?.map((e) => e.path);
    expect(await field('lang=de')).toEqual(['querystring/lang']);
    expect(await field('domain=weather')).toEqual(['querystring/domain']);
    expect(await field('institution=kela')).toEqual(['querystring/institution']);
    expect(await field('colour=red')).toEqual(['querystring/colour']);
  });
});
