import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { registerIndex } from './bottlenecks.search.ts';

/**
 * The register searched by the search engine (issue 15): compound words, inflection, typos,
 * folding, highlights and "did you mean" through HTTP, what the caller may not see never lent
 * to a suggestion, and the index following changes written by other transactions at once.
 */

let t: TestApp;
let moderator: Session;
let editor: Session;
let member: Session;
let ip = 0;

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
});
afterAll(() => t?.close());

const base = { language: 'fi', domain: 'legal', topics: ['taxation'], countries: ['FI', 'EE'] };

async function submit(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...base, ...payload }, headers, remoteAddress: `198.18.7.${++ip}` });
  if (response.statusCode !== 201) throw new Error(`report failed: ${response.body}`);
  return response.json() as { id: string; ref: string };
}

async function published(payload: Record<string, unknown>) {
  const created = await submit(payload);
  const response = await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } });
  if (response.statusCode !== 200) throw new Error(`publish failed: ${response.body}`);
  return created;
}

interface ListAnswer {
  items: { id: string; ref: string; title: Record<string, string> }[];
  total: number;
  matches?: { id: string; highlights: Record<string, Record<string, [number, number][]>>; via?: { word: string; lang: string | null; term: string; termLang: string }[] }[];
  didYouMean?: string;
}

async function list(query: string, session?: Session): Promise<ListAnswer> {
  const response = await t.app.inject({ url: `/api/bottlenecks?${query}`, headers: session?.headers ?? {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const found = async (q: string, session?: Session) => (await list(`q=${encodeURIComponent(q)}&limit=100`, session)).items.map((item) => item.id);

/**
 * What the words find, best first, where the reports written as the words are come first; the
 * rest (`crossed`) were reached through the glossary (a term of another language, or the topic a
 * word names: all taxation here).
 */
async function foundFirst(q: string): Promise<{ first: string | undefined; crossed: string[] }> {
  const [first, ...crossed] = (await list(`q=${encodeURIComponent(q)}&limit=100&sort=relevance`)).items.map((item) => item.id);
  return { first, crossed };
}
const taxation = () => new Set([tax.id, etTax.id, ruTax.id]);
const alone = (id: string) => ({ first: id, crossed: [] });
const amongTaxation = (id: string) => ({ first: id, crossed: expect.toSatisfy((ids: string[]) => ids.every((other) => other !== id && taxation().has(other))) });

let tax: { id: string; ref: string };
let etTax: { id: string; ref: string };
let easter: { id: string; ref: string };
let ruTax: { id: string; ref: string };
let tram: { id: string; ref: string };
let enSchool: { id: string; ref: string };
let hidden: { id: string; ref: string };

beforeAll(async () => {
  tax = await published({ title: 'Verokortti ei kelpaa virolaiselle työnantajalle', description: 'Asun Espoossa ja työskentelen Tallinnassa, eikä työnantajani hyväksy suomalaista verokorttia.' });
  etTax = await published({ language: 'et', title: 'Maksukaart ei sobi Soome tööandjale', description: 'Elan Tallinnas ja töötan Helsingis; tööandja ei saa minu maksukaarti kasutada.' });
  easter = await published({ domain: 'mobility', topics: ['ferry'], title: 'Pääsiäinen ja lauttaliikenne', description: 'Pääsiäisen aikaan lautat ovat täynnä eikä pendelöijä pääse töihin ajoissa.' });
  ruTax = await published({ language: 'ru', title: 'Налоговая карта не принимается работодателем', description: 'Работодатель в Эстонии не принимает финскую налоговую карту, и налог удерживается дважды.' });
  tram = await published({ domain: 'mobility', topics: ['public_transport'], title: 'Raitiovaunupysäkki puuttuu satamasta', description: 'Satamasta ei pääse raitiovaunulla keskustaan, koska pysäkki on kaukana terminaalista.' });
  enSchool = await published({ language: 'en', domain: 'education', topics: ['schooling'], countries: ['FI'], title: 'School places for children moving to Helsinki', description: 'Families moving in the middle of the school year find no places in schools teaching in Estonian.' });
  // Waiting for moderation: only staff (and its reporter) may see it, or any of its words.
  hidden = await submit({ title: 'Salakirjoitusavain katosi rekisteristä', description: 'Salakirjoitusavaimen kadottua hakemusta ei voinut allekirjoittaa, ja asia jäi kesken.' }, member.headers);
});

describe('the register searched by the search engine', () => {
  it('finds a compound by its part (kortti → verokortti, kaart → maksukaart), the whole word first', async () => {
    expect(await found('kortti')).toContain(tax.id);
    expect(await found('kaart')).toContain(etTax.id);
    expect(await foundFirst('verokortti')).toEqual(amongTaxation(tax.id));
    expect(await foundFirst('maksukaart')).toEqual(amongTaxation(etTax.id));
  });

  it('finds inflected forms in Finnish, Estonian, English and Russian', async () => {
    expect(await foundFirst('verokortin')).toEqual(amongTaxation(tax.id));
    expect(await foundFirst('maksukaardi')).toEqual(amongTaxation(etTax.id));
    expect(await found('tööandjat')).toContain(etTax.id);
    expect(await foundFirst('schools')).toEqual(alone(enSchool.id));
    expect(await foundFirst('налоговой карты')).toEqual(amongTaxation(ruTax.id));
  });

  it('finds a word of five letters or more with one letter wrong, missing, extra or swapped', async () => {
    expect(await foundFirst('verokotrti')).toEqual(amongTaxation(tax.id));
    expect(await foundFirst('verokorti')).toEqual(amongTaxation(tax.id));
    expect(await foundFirst('maksukaarrt')).toEqual(amongTaxation(etTax.id));
    // Below the exact word: both found, the one with the word as written first.
    expect(await foundFirst('scholo places')).toEqual(alone(enSchool.id));
  });

  it('finds words with and without their diacritics (paasiainen → pääsiäinen)', async () => {
    expect(await found('paasiainen')).toEqual([easter.id]);
    expect(await found('PÄÄSIÄINEN')).toEqual([easter.id]);
  });

  it('finds by reference as before, and filters and sorts what the words find', async () => {
    expect(await found(tax.ref.toLowerCase())).toEqual([tax.id]);
    expect(await found('kortti')).toEqual(expect.arrayContaining([tax.id]));
    expect((await list('q=kortti&domain=mobility')).items).toEqual([]);
    expect((await list('q=kortti&country=FI&topic=taxation&limit=100')).items.map((i) => i.id)).toContain(tax.id);
    const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json() as { id: string };
    expect((await list(`q=verokortti&institution=${kela.id}`)).items).toEqual([]);
    const assigned = await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${tax.id}`, headers: editor.headers, payload: { assignments: [{ country: 'FI', institutionId: kela.id }] } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await list(`q=verokortti&institution=${kela.id}`)).items.map((i) => i.id)).toEqual([tax.id]);
  });

  it('puts equal matches newest first and then by id, as the lists without words do, in every order', async () => {
    const same = { title: 'Pysäköintitunnuksen uusiminen viivästyi', description: 'Pysäköintitunnuksen uusiminen viivästyi kuukaudella muuton jälkeen.' };
    const reports = [await published(same), await published(same), await published(same)];
    const newestFirst = (await list('sort=newest&limit=100')).items.map((i) => i.id).filter((id) => reports.some((r) => r.id === id));
    expect(newestFirst).toEqual(reports.map((r) => r.id).reverse());
    for (const sort of ['relevance', 'newest', 'updated', 'supported']) {
      expect((await list(`q=pysäköintitunnus&sort=${sort}`)).items.map((i) => i.id), sort).toEqual(newestFirst);
    }
    const support = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${reports[0].id}/support`, headers: member.headers });
    expect(support.statusCode).toBe(201);
    expect((await list('q=pysäköintitunnus&sort=supported')).items.map((i) => i.id)).toEqual([reports[0].id, ...newestFirst.slice(0, 2)]);
  });

  it('marks where each item’s title matched, per language, and says nothing of the description', async () => {
    const answer = await list('q=verokortin&sort=relevance');
    expect(answer.matches![0]).toEqual({ id: tax.id, highlights: { title: { fi: [[0, 10]] } } });
    const ru = await list(`q=${encodeURIComponent('карта')}`);
    const title = ru.items[0].title.ru;
    const [[start, end]] = ru.matches![0].highlights.title.ru;
    expect(title.slice(start, end)).toBe('карта');
    expect((await list('q=terminaalista')).matches).toEqual([{ id: tram.id, highlights: {} }]);
    expect((await list(`q=${tax.ref}`)).matches).toEqual([{ id: tax.id, highlights: {} }]);
    expect((await list('domain=legal')).matches).toBeUndefined();
  });

  it('finds reports written in other languages through the glossary, after its own, saying by which term; a glossary change counts at once', async () => {
    const answer = await list('q=verokortti&sort=relevance');
    const ids = answer.items.map((item) => item.id);
    expect(ids[0]).toBe(tax.id);
    expect(ids).toEqual(expect.arrayContaining([etTax.id, ruTax.id]));
    // The glossary's term in the item's language is marked in its own title.
    const etMatch = answer.matches!.find((match) => match.id === etTax.id)!;
    const [[start, end]] = etMatch.highlights.title.et;
    expect(answer.items.find((item) => item.id === etTax.id)!.title.et.slice(start, end)).toBe('Maksukaart');

    expect(await found('zorblaus')).toEqual([]);
    const entry = await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor.headers, payload: { terms: { fi: ['zorblaus'], en: ['school places'] } } });
    expect(entry.statusCode, entry.body).toBe(201);
    const crossed = await list('q=zorblaus');
    expect(crossed.items.map((item) => item.id)).toEqual([enSchool.id]);
    // Found only through the term: the answer says which, and marks it.
    expect(crossed.matches).toEqual([{ id: enSchool.id, highlights: { title: { en: [[0, 6], [7, 13]] } }, via: [{ word: 'zorblaus', lang: 'fi', term: 'school places', termLang: 'en' }] }]);
  });

  it('offers a corrected query when nothing is found, only from what the caller may see', async () => {
    // Two letters wrong: nothing found; the word of the published bottleneck offered.
    const wrong = await list('q=raitiovaunupysxkkx');
    expect(wrong).toMatchObject({ items: [], total: 0, didYouMean: 'raitiovaunupysäkki' });
    // A word only the waiting report has: staff find it (one letter swapped), nobody else is offered it.
    expect(await found('salakirjoitusavian', moderator)).toEqual([]);
    expect((await list('q=salakirjoitusavian&status=submitted', moderator)).items.map((i) => i.id)).toEqual([hidden.id]);
    for (const session of [undefined, member]) {
      for (const q of ['xalakirjoitusavaix', 'salkairjoitusavian', 'salakirjoitusavian', 'salakirjoitusavain', 'salakirjoitusavainx', 'salakirjoitsuavain', 'rekisteristx salakirjoitusavian']) {
        const answer = await list(`q=${encodeURIComponent(q)}`, session);
        expect(answer.items, q).toEqual([]);
        expect(answer.didYouMean, `${q} as ${session ? 'member' : 'visitor'}`).toBeUndefined();
        expect(JSON.stringify(answer).toLowerCase()).not.toContain('salakirjoitus');
      }
    }
    // Its reporter finds it among their own reports.
    expect((await list('q=salakirjoitusavain&mine=true', member)).items.map((i) => i.id)).toEqual([hidden.id]);
    // No suggestion is made with filters that leave nothing to find.
    expect((await list('q=raitiovaunupysxkkx&domain=legal')).didYouMean).toBeUndefined();
  });

  it('follows changes written by other transactions at once, reading only the rows changed', async () => {
    await found('kortti');
    const index = registerIndex(t.db.genericPlans);
    const reloads = index.stats.reloads;
    // Written straight into the database, as another server instance would.
    const [row] = await t.db.kysely
      .insertInto('bottlenecks')
      .values({
        ref: 'BN-2026-9901',
        title: JSON.stringify({ fi: 'Lauttalippujen hinnat nousivat' }),
        description: JSON.stringify({ fi: 'Lauttalippujen hinnat nousivat kahdesti samana vuonna.' }),
        original_language: 'fi',
        domain: 'mobility',
        countries: ['FI', 'EE'],
        status: 'published',
      })
      .returning('id')
      .execute();
    expect(await found('lauttalippu')).toEqual([row.id]);
    await t.db.kysely.updateTable('bottlenecks').set({ status: 'submitted' }).where('id', '=', row.id).execute();
    expect(await found('lauttalippu')).toEqual([]);
    await t.db.kysely.updateTable('bottlenecks').set({ status: 'published', title: JSON.stringify({ fi: 'Lauttamatkojen hinnat nousivat' }), description: JSON.stringify({ fi: 'Lauttamatkojen hinnat nousivat kahdesti samana vuonna.' }) }).where('id', '=', row.id).execute();
    expect(await found('lauttalippu')).toEqual([]);
    expect(await found('lauttamatka')).toEqual([row.id]);
    const support = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${row.id}/support`, headers: member.headers });
    expect(support.statusCode).toBe(201);
    expect((await list('q=hinnat&sort=supported')).items[0].id).toBe(row.id);
    expect(index.stats.reloads, 'a status change, an edit and a support read their own rows').toBe(reloads);
    // A deletion leaves nothing to read: the index reads the register again.
    await t.db.kysely.deleteFrom('bottlenecks').where('id', '=', row.id).execute();
    expect(await found('lauttamatka')).toEqual([]);
    expect(index.stats.reloads).toBe(reloads + 1);
  });

  it('exports what the words find', async () => {
    const csv = (await t.app.inject({ url: '/api/bottlenecks/export.csv?q=kortti' })).body;
    expect(csv).toContain(tax.ref);
    expect(csv).not.toContain(enSchool.ref);
    const none = (await t.app.inject({ url: '/api/bottlenecks/export.csv?q=salakirjoitusavain' })).body;
    expect(none.trim().split('\n')).toHaveLength(1);
  });

  it('answers any query text with 200 or 400, never a 500', async () => {
    const hostile = [
      '"', '"""', '---', '- - -', '-', 'or', 'or or or', '"a" -"b" or -', '*:*', '(((', ')', '\\', "'; drop table bottlenecks; --",
      'BN-2026-', 'bn-9999-999999', '\u0000', '🚢🚢🚢', '赫尔辛基人口统计', 'a'.repeat(200), '-"'.repeat(100), 'kortti '.repeat(28),
      'ä'.repeat(65), 'x-y-z-'.repeat(33), '" or "', '\u200b\u2028\u2029', '%', '%%25',
    ];
    // As sent on the wire: a lone surrogate's bytes, bad escapes, a word cut inside a character.
    const raw = ['%ED%A0%80', '%FF%FE', '%', '%E2%82', 'kortti%00kortti', '%22'.repeat(200)];
    for (const q of [...hostile.map(encodeURIComponent), ...raw]) {
      const response = await t.app.inject({ url: `/api/bottlenecks?q=${q}&sort=relevance` });
      expect([200, 400], `${JSON.stringify(q)}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
    }
  });
});
