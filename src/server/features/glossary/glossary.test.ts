import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { SearchIndex } from '../../lib/search/engine.ts';
import { GLOSSARY_SEED } from './glossary.seed.ts';
import { searchConcepts } from './glossary.service.ts';

let t: TestApp;
let editor: Record<string, string>;
let member: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session.headers;
  member = (await loginAs(t, 'member')).session.headers;
});
afterAll(() => t?.close());

type Entry = { id: string; key: string | null; terms: Record<string, string[]>; concept: string | null; seeded: boolean; edited: boolean; reviewed: boolean };
const list = async (query = '') => expectStatus(await t.app.inject({ url: `/api/glossary?${query}` }), 200).json() as { items: Entry[]; total: number; limit: number; offset: number };

describe('the glossary', () => {
  it('holds the seeded entries, none reviewed, searched in every language', async () => {
    const all = await list('limit=100');
    expect(all.total).toBe(GLOSSARY_SEED.length);
    expect(all.items.every((e) => e.seeded && !e.reviewed && !e.edited)).toBe(true);
    for (const q of ['lautta', 'praamiga', 'ferry', 'färja', 'паром']) {
      expect((await list(`q=${encodeURIComponent(q)}`)).items[0]?.key, q).toBe('topic:ferry');
    }
    const page = await list('limit=5&offset=5');
    expect(page.items).toHaveLength(5);
    expect(page.items[0].id).toBe(all.items[5].id);
    expectProblem(await t.app.inject({ url: '/api/glossary?missing=de' }), 400);
    expectProblem(await t.app.inject({ url: '/api/glossary?limit=0' }), 400);
  });

  it('filters the entries missing a language and those not reviewed', async () => {
    const noSwedish = await list('missing=sv&limit=100');
    expect(noSwedish.total).toBeGreaterThan(0);
    expect(noSwedish.items.every((e) => e.terms.sv.length === 0)).toBe(true);
    expect(noSwedish.items.map((e) => e.key)).toContain('social_tax');
    expect((await list('missing=sv&q=sotsiaalmaks')).items.map((e) => e.key)).toEqual(['social_tax']);
    expect((await list('reviewed=true')).total).toBe(0);
  });

  it('lets editors add, change, review and remove entries, audited; others may only read', async () => {
    const body = { terms: { fi: ['  kotitalousvähennys '], en: ['household deduction'] } };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/glossary', payload: body }), 401);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: member, payload: body }), 403);
    const refused = expectProblem(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor, payload: { terms: { fi: [' '] } } }), 400);
    expect(refused.errors?.[0]).toMatchObject({ path: 'body/terms', code: 'too-few' });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor, payload: { terms: { fi: ['x'] }, concept: 'theme:NOPE' } }), 400);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor, payload: { terms: { de: ['x'] } } }), 400);
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor, payload: { ...body, concept: 'topic:taxation' } }), 201).json() as Entry;
    expect(created).toMatchObject({ key: null, seeded: false, edited: true, reviewed: false, concept: 'topic:taxation', terms: { fi: ['kotitalousvähennys'], et: [], en: ['household deduction'], sv: [], ru: [] } });
    expect((await list('q=kotitalousvähennys')).items.map((e) => e.id)).toEqual([created.id]);

    const ferry = (await list('q=lautta')).items[0];
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/glossary/${ferry.id}`, headers: editor, payload: { terms: { ...ferry.terms, et: [...ferry.terms.et, 'reisiparvlaev'] }, reviewed: true } }), 200).json() as Entry;
    expect(patched).toMatchObject({ edited: true, reviewed: true });
    expect(patched.terms.et).toContain('reisiparvlaev');
    expect((await list('q=reisiparvlaev')).items.map((e) => e.id)).toEqual([ferry.id]);
    expect((await list('reviewed=true')).items.map((e) => e.id)).toEqual([ferry.id]);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/glossary/${ferry.id}`, headers: editor, payload: {} }), 400);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/glossary/${ferry.id}`, headers: member, payload: { reviewed: false } }), 403);
    expectProblem(await t.app.inject({ url: '/api/glossary/not-an-id' }), 400);
    expectProblem(await t.app.inject({ url: '/api/glossary/00000000-0000-4000-8000-000000000000' }), 404);

    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/glossary/${created.id}`, headers: editor }), 204);
    expectProblem(await t.app.inject({ url: `/api/glossary/${created.id}` }), 404);
    const actions = await t.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'glossary_entry').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['glossary.created', 'glossary.updated', 'glossary.deleted']);
  });

  it('keeps an editor’s change when the seed runs again, and brings the others up to date', async () => {
    const { seedGlossary } = await import('./glossary.service.ts');
    const ferry = (await list('q=lautta')).items[0];
    const portRow = (await list('q=satama')).items.find((e) => e.key === 'port')!;
    await t.db.kysely.updateTable('glossary_entries').set({ terms: JSON.stringify({ en: ['port'] }) }).where('id', '=', portRow.id).execute();
    await seedGlossary(t.db.kysely);
    expect((await list('q=reisiparvlaev')).items.map((e) => e.id)).toEqual([ferry.id]);
    const port = expectStatus(await t.app.inject({ url: `/api/glossary/${portRow.id}` }), 200).json() as Entry;
    expect(port.terms.fi).toEqual(['satama']);
  });
});

describe('searchConcepts, for every list’s search', () => {
  it('lets a word of one language find a document written in another, saying how; and vocabulary words reach their codes', async () => {
    const { options } = await searchConcepts(t.db.kysely);
    const index = new SearchIndex();
    index.addAll([
      { id: 'ferry', fields: [{ field: 'title', lang: 'en', text: 'Ferry passenger numbers between Helsinki and Tallinn' }] },
      { id: 'bus', fields: [{ field: 'title', lang: 'en', text: 'Bus stops of the region' }], concepts: ['theme:TRAN'] },
      { id: 'tax', fields: [{ field: 'title', lang: 'en', text: 'Applying for a tax card' }] },
      { id: 'tallinn', fields: [{ field: 'title', lang: 'en', text: 'Schools' }], concepts: ['region:ee-0784'] },
    ]);
    const lautta = index.search('lautta', options);
    expect(lautta.hits.map((h) => h.id)).toEqual(['ferry']);
    expect(lautta.via('ferry')).toEqual([{ word: 'lautta', lang: 'fi', term: 'ferry', termLang: 'en' }]);
    const praam = index.search('praamid', options);
    expect(praam.hits.map((h) => h.id)).toEqual(['ferry']);
    expect(praam.via('ferry')).toEqual([{ word: 'praamid', lang: 'et', term: 'ferry', termLang: 'en' }]);
    for (const q of ['liiklus', 'liikenne', 'transport']) expect(index.search(q, options).hits.map((h) => h.id), q).toContain('bus');
    for (const q of ['Tallinna', 'Tallinnan', 'Tallinn']) expect(index.search(q, options).hits.map((h) => h.id), q).toContain('tallinn');
    expect(index.search('verokortti', options).hits.map((h) => h.id)).toEqual(['tax']);
    expect(index.search('liiklus').hits).toEqual([]);
  });

  it('follows the glossary’s changes', async () => {
    const index = new SearchIndex();
    index.add({ id: 'x', fields: [{ field: 'title', lang: 'en', text: 'Zorbling report' }] });
    expect(index.search('zorblaus', (await searchConcepts(t.db.kysely)).options).hits).toEqual([]);
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/glossary', headers: editor, payload: { terms: { fi: ['zorblaus'], en: ['zorbling'] } } }), 201);
    expect(index.search('zorblaus', (await searchConcepts(t.db.kysely)).options).hits.map((h) => h.id)).toEqual(['x']);
  });
});
