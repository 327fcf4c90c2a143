import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, DatasetCreate } from '../../../shared/schemas/catalog.ts';
import { DatasetListItem } from '../../../shared/schemas/catalog.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { browsePage, itemsByDocNos, type DatasetFilter } from './catalog.repository.ts';
import { insertLocalDataset, search, toDatasets } from './catalog.service.ts';

/**
 * A dataset's list item, as the TypeScript side of the catalogue knows it: what the dataset's own
 * page says (`toDataset`), its description cut to 300 characters (code points, as PostgreSQL's
 * `left` counts) and its row's formats. `ITEM_JSON` must write exactly this.
 */
function listItemOf(dataset: Dataset, formats: string[]): DatasetListItem {
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.title,
    summary: Object.fromEntries(Object.entries(dataset.description).map(([language, text]) => [language, [...text!].slice(0, 300).join('')])),
    publisher: dataset.publisher && { id: dataset.publisher.id, name: dataset.publisher.name, shortName: dataset.publisher.shortName, country: dataset.publisher.country },
    themes: dataset.themes,
    formats,
    license: dataset.license,
    spatial: dataset.spatial,
    modified: dataset.modified ?? dataset.createdAt,
    source: dataset.source && { id: dataset.source.id, name: dataset.source.name, kind: dataset.source.kind },
    state: dataset.state,
    demo: dataset.demo,
  };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe('list items written by PostgreSQL (ITEM_JSON)', () => {
  it('are the items TypeScript maps from the same rows, field by field, with the schema\'s fields, for every case of every field', async () => {
    const db = database.db.kysely;
    const institution = async (slug: string) => (await db.selectFrom('institutions').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const [hsl, tallinn] = [await institution('hsl'), await institution('tallinn')];
    const source = await db.insertInto('harvest_sources').values({ name: 'HRI "test" \\ portal', kind: 'ckan', url: 'https://hri.example.test', schedule: 'manual', enabled: false }).returning('id').executeTakeFirstOrThrow();
    // Over 300 characters, an astral character before the cut (UTF-16 would count it twice), and text JSON must escape.
    const long = `${'🚢 "Harbour" \\ lautta\n'.repeat(20)}${'x'.repeat(200)}`;
    const add = (input: Partial<DatasetCreate> & Pick<DatasetCreate, 'title' | 'description'>, demo = false) => insertLocalDataset(db, input as DatasetCreate, null, demo);

    const full = await add({
      title: { fi: 'Lauttaliikenteen matkustajat', et: 'Parvlaevade reisijad', en: 'Ferry passengers', sv: 'Färjepassagerare' },
      description: { fi: 'Matkustajat satamittain, harbour.', en: long, et: 'Reisijad sadamate kaupa, harbour.' },
      publisherId: hsl, themes: ['TRAN', 'REGI'], spatial: ['fi-091', 'ee-0784'], license: 'CC_BY_4_0', modified: '2026-10-01T08:00:00.000Z',
      distributions: [{ accessUrl: 'https://data.example.test/ferries.csv', format: 'CSV' }, { accessUrl: 'https://data.example.test/api', format: 'JSON' }],
    });
    const bare = await add({ title: { et: 'Sadama järjekorrad' }, description: { et: 'Ootejärjekorrad sadamas, harbour.' } }, true);
    const harvested = await add({ title: { en: 'Harbour queues' }, description: { sv: 'Köer i hamnen, harbour.' }, publisherId: tallinn, themes: ['TRAN'], license: 'CC0', distributions: [{ accessUrl: 'https://data.example.test/q.json', format: 'JSON' }] });
    await db.updateTable('datasets').set({ source_id: source.id, source_identifier: 'queues', harvested_at: new Date(), modified: sql`'2025-05-06 07:08:09.123999+00'` as never }).where('id', '=', harvested.id).execute();
    const withdrawn = await add({ title: { fi: 'Vanhat satamatilastot' }, description: { fi: 'Korvattu, harbour.' }, publisherId: hsl });
    await db.updateTable('datasets').set({ state: 'withdrawn', withdrawn_at: new Date() }).where('id', '=', withdrawn.id).execute();
    const harvestedWithdrawn = await add({ title: { en: 'Old harbour queues' }, description: { en: 'Replaced, harbour.' } }, true);
    await db.updateTable('datasets').set({ source_id: source.id, source_identifier: 'old-queues', state: 'withdrawn', withdrawn_at: new Date() }).where('id', '=', harvestedWithdrawn.id).execute();
    const ids = [full.id, bare.id, harvested.id, withdrawn.id, harvestedWithdrawn.id];

    const rows = await db.selectFrom('datasets as d').selectAll().where('d.id', 'in', ids).execute();
    const datasets = await toDatasets(db, rows);
    const expected = new Map(datasets.map((dataset) => [dataset.id, listItemOf(dataset, rows.find((row) => row.id === dataset.id)!.formats)]));

    const fields = Object.keys(DatasetListItem.properties).sort();
    const compared: DatasetListItem[] = [];
    const compare = (texts: string[], label: string) => {
      expect(texts.length, label).toBeGreaterThan(0);
      for (const text of texts) {
        const item = JSON.parse(text) as Record<string, unknown>;
        const mapped = expected.get(item.id as string) as unknown as Record<string, unknown>;
        expect(Object.keys(item).sort(), `${label}: the JSON item has the schema's fields`).toEqual(fields);
        expect(Object.keys(mapped).sort(), `${label}: the mapped item has the schema's fields`).toEqual(fields);
        for (const field of fields) expect(item[field], `${label}: ${item.name} ${field}`).toStrictEqual(mapped[field]);
        compared.push(item as DatasetListItem);
      }
    };
    // Every statement that writes ITEM_JSON: a browsed page, and items by doc_no (the search index's pages).
    for (const state of ['active', 'withdrawn'] as const) {
      const filter: DatasetFilter = { state, sort: 'title', limit: 100, offset: 0 };
      compare(await browsePage(db, filter, 'json'), `browse ${state}`);
      const searched = await search(db, { ...filter, q: 'harbour', sort: 'relevance' }, 'json');
      expect(searched.total).toBe(state === 'active' ? 3 : 2);
      compare(searched.items, `search ${state}`);
    }
    const docNos = (await db.selectFrom('datasets').select('doc_no').where('id', 'in', ids).execute()).map((row) => Number(row.doc_no));
    const byDocNo = await itemsByDocNos(db, docNos, 'json', { publishers: [], sources: [] });
    compare([...byDocNo.items.values()], 'by doc_no');

    // The rows compared hold every case of every field.
    const cases = (read: (item: DatasetListItem) => unknown) => new Set(compared.map(read));
    expect(cases((item) => item.state)).toEqual(new Set(['active', 'withdrawn']));
    expect(cases((item) => item.demo)).toEqual(new Set([true, false]));
    expect(cases((item) => item.source === null)).toEqual(new Set([true, false]));
    expect(cases((item) => item.publisher === null)).toEqual(new Set([true, false]));
    expect(cases((item) => (item.publisher ? item.publisher.shortName : 'no publisher'))).toEqual(new Set(['HSL', null, 'no publisher']));
    expect(cases((item) => item.license === null)).toEqual(new Set([true, false]));
    for (const list of ['themes', 'formats', 'spatial'] as const) expect(cases((item) => item[list].length === 0), list).toEqual(new Set([true, false]));
    expect(new Set(compared.flatMap((item) => Object.keys(item.title)))).toEqual(new Set(['fi', 'et', 'en', 'sv']));
    expect(new Set(compared.flatMap((item) => Object.keys(item.summary)))).toEqual(new Set(['fi', 'et', 'en', 'sv']));
    expect(compared.some((item) => [...(item.summary.en ?? '')].length === 300 && item.summary.en!.length > 300)).toBe(true);
    expect(cases((item) => item.modified)).toEqual(new Set(['2026-10-01T08:00:00.000Z', '2025-05-06T07:08:09.123Z', ...datasets.filter((d) => !d.modified).map((d) => d.createdAt)]));
  });
});
