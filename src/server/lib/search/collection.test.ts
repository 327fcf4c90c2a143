import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryBuilder } from '../../db/tables.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { asYouType, phraseRank, queryKeys, SearchCollection } from './collection.ts';
import { SearchIndex, type SearchDocument } from './engine.ts';

/** The collection of a real table with its version trigger (migration 0022): institutions by their names. */
function institutions(options: { before?: () => Promise<void> } = {}) {
  return new SearchCollection<SearchDocument>('institutions', async (db: QueryBuilder) => {
    await options.before?.();
    const rows = await db.selectFrom('institutions').select(['id', 'name']).execute();
    return rows.map((row) => ({ id: row.id, fields: Object.entries(row.name).map(([lang, text]) => ({ field: 'title' as const, lang: lang as 'fi', text: String(text) })) }));
  });
}

let a: TestDatabase;
let b: TestDatabase;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
});

const found = async (collection: SearchCollection, db: QueryBuilder, q: string) => (await collection.current(db)).index.search(q).hits.map((h) => h.id);

async function addInstitution(db: QueryBuilder, slug: string, name: Record<string, string>) {
  return (await db.insertInto('institutions').values({ slug, name: JSON.stringify(name), country: 'FI', type: 'state_agency' }).returning('id').executeTakeFirstOrThrow()).id;
}

describe('a small collection in memory, following its version', () => {
  it('loads on first use, and again only when a transaction moved the version', async () => {
    const collection = institutions();
    const db = a.db.kysely;
    expect(await found(collection, db, 'verohallinto')).toHaveLength(1);
    expect(collection.loads).toBe(1);
    await found(collection, db, 'kela');
    expect(collection.loads).toBe(1);
    // A write in its own transaction (as another server would write it): seen by the next search.
    const id = await addInstitution(db, 'saaristomeren-lautat', { fi: 'Saaristomeren lauttayhtiö', en: 'Archipelago Sea ferry company' });
    expect(await found(collection, db, 'lauttayhtiön')).toEqual([id]);
    expect(collection.loads).toBe(2);
    // Several rows in one transaction move the version once; a rolled-back one not at all.
    const before = await collection.readVersion(db);
    await db.transaction().execute(async (trx) => {
      await addInstitution(trx, 'one-of-two', { en: 'First of two' });
      await addInstitution(trx, 'two-of-two', { en: 'Second of two' });
    });
    expect(await collection.readVersion(db)).toBe(before + 1);
    await expect(
      db.transaction().execute(async (trx) => {
        await addInstitution(trx, 'rolled-back', { en: 'Never there' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await collection.readVersion(db)).toBe(before + 1);
    expect(await found(collection, db, 'second')).toHaveLength(1);
    expect(await found(collection, db, 'never')).toEqual([]);
    // A deletion too (a whole reload has nothing to patch).
    await db.deleteFrom('institutions').where('id', '=', id).execute();
    expect(await found(collection, db, 'lauttayhtiö')).toEqual([]);
  });

  it('is one index per database', async () => {
    const collection = institutions();
    const id = await addInstitution(b.db.kysely, 'only-in-b', { en: 'Only in database bee' });
    expect(await found(collection, b.db.kysely, 'bee')).toEqual([id]);
    expect(await found(collection, a.db.kysely, 'bee')).toEqual([]);
    expect(collection.loads).toBe(2);
  });

  it('shares one load among the callers that arrive during it, and keeps the index it has when a load fails', async () => {
    let fail = false;
    let started = 0;
    const collection = institutions({
      before: async () => {
        started++;
        if (fail) throw new Error('database went away');
      },
    });
    const db = a.db.kysely;
    const all = await Promise.all(Array.from({ length: 8 }, () => collection.current(db)));
    expect(new Set(all).size).toBe(1);
    expect(started).toBe(1);
    const kept = all[0];
    await addInstitution(db, 'after-the-load', { en: 'Came after the load' });
    fail = true;
    await expect(collection.current(db)).rejects.toThrow('database went away');
    // The failed load served no one a half-built index; the one kept answers what it knew.
    expect(await collection.answer(db, async (loaded) => ({ version: loaded.version, result: loaded }))).toBe(kept);
    fail = false;
    const next = await collection.current(db);
    expect(next).not.toBe(kept);
    expect(next.index.search('came').hits).toHaveLength(1);
  });

  it('answers from the index it has and checks the version its statement read: a moved one catches up and answers again', async () => {
    const collection = institutions();
    const db = a.db.kysely;
    await collection.current(db);
    const loads = collection.loads;
    const page = (q: string) =>
      collection.answer(db, async (loaded) => {
        const ids = loaded.index.search(q).hits.map((h) => h.id);
        const { rows } = await sql<{ id: string; version: number }>`select i.id, ${collection.versionColumn()} as version from institutions i where i.id = any(${ids}::uuid[])`.execute(db);
        return { version: rows.length ? Number(rows[0].version) : null, result: rows.map((r) => r.id) };
      });
    expect(await page('kela')).toHaveLength(1);
    expect(collection.loads).toBe(loads);
    const id = await addInstitution(db, 'answer-check', { et: 'Praamiühenduste keskus' });
    // No row read: the version is read on its own, and the index catches up.
    expect(await page('praamiühenduse')).toEqual([id]);
    expect(collection.loads).toBe(loads + 1);
    // A row read at a newer version than the index's: answered again from the new index.
    const other = await addInstitution(db, 'answer-check-2', { et: 'Praamiühenduste teine keskus' });
    expect((await page('praamiühenduste')).sort()).toEqual([id, other].sort());
  });
});

describe('phrase rank', () => {
  it('tells a title that is the words, starts with them, holds them, or not', () => {
    const keys = queryKeys('Night  Ferry');
    expect(phraseRank(keys, ['Night ferry'])).toBe(0);
    expect(phraseRank(keys, ['Night ferry timetables'])).toBe(1);
    expect(phraseRank(keys, ['The night ferry', 'Night ferry'])).toBe(0);
    expect(phraseRank(keys, ['Review of the NIGHT ferry'])).toBe(2);
    expect(phraseRank(keys, ['Ferry at night'])).toBe(3);
    expect(phraseRank([], ['Anything'])).toBe(3);
  });
});

describe('as you type', () => {
  const index = new SearchIndex();
  index.addAll([
    { id: 'kela', fields: [{ field: 'title', lang: 'en', text: 'Social Insurance Institution of Finland' }] },
    { id: 'ska', fields: [{ field: 'title', lang: 'en', text: 'Social Insurance Board' }] },
    { id: 'zz', fields: [{ field: 'title', lang: 'en', text: 'Zz last board (demo)' }] },
  ]);
  const found = (q: string) => index.search(asYouType(index, q)).hits.map((h) => h.id).sort();

  it('completes the last word from the collection\'s words, and waits for a word of one or two letters', () => {
    expect(found('Social Insur')).toEqual(['kela', 'ska']);
    expect(found('social institu')).toEqual(['kela']);
    expect(found('Social I')).toEqual(['kela', 'ska']);
    expect(found('last bo')).toEqual(['zz']);
    expect(found('zz')).toEqual(['zz']);
  });

  it('reads as it is a query that ends in a space, quote or dash, or of one short word', () => {
    expect(asYouType(index, 'Social Insur ')).toBe('Social Insur ');
    expect(asYouType(index, '"Social Insur"')).toBe('"Social Insur"');
    expect(asYouType(index, 'fi')).toBe('fi');
    expect(asYouType(index, '')).toBe('');
    expect(found('boa')).toEqual(['ska', 'zz']);
    // An excluded word is not completed: `-boa` excludes no board.
    expect(found('-boa')).toEqual(['kela', 'ska', 'zz']);
  });
});
