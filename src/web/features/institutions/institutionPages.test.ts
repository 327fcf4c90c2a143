import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePages, offsetsAfterFirst, readAllPages, type Page } from './institutionPages.ts';

interface Item {
  id: string;
}
const SIZE = 100;
const items = (count: number, prefix = 'i') => Array.from({ length: count }, (_, n) => ({ id: `${prefix}${n}` }));

/** A directory served a page at a time, which `change` may alter before each read after the first. */
function directory(start: Item[], change: (list: Item[], read: number) => Item[] = (list) => list) {
  let list = start;
  const asked: number[] = [];
  const page = async (offset: number): Promise<Page<Item>> => {
    if (asked.length > 0) list = change(list, asked.length);
    asked.push(offset);
    return { items: list.slice(offset, offset + SIZE), total: list.length };
  };
  return { page, asked };
}

describe('the whole institution directory, page after page', () => {
  it('asks for the pages the first one counts, all at once, and keeps every institution once in order', async () => {
    const { page, asked } = directory(items(250));
    const all = await readAllPages(page, SIZE);
    expect(asked).toEqual([0, 100, 200]);
    expect(all).toEqual(items(250));
    expect(offsetsAfterFirst(250, SIZE)).toEqual([100, 200]);
    expect(offsetsAfterFirst(100, SIZE)).toEqual([]);
    expect(offsetsAfterFirst(0, SIZE)).toEqual([]);
  });

  it('reads on while the last page comes back full, and stops at the first that is not', async () => {
    const exact = directory(items(200));
    expect(await readAllPages(exact.page, SIZE)).toHaveLength(200);
    expect(exact.asked).toEqual([0, 100, 200]);
    const empty = directory([]);
    expect(await readAllPages(empty.page, SIZE)).toEqual([]);
    expect(empty.asked).toEqual([0]);
  });

  it('reads the institutions a harvest adds between pages, pushing others on: each kept once, none lost', async () => {
    // 150 at the start; after the first page, 60 are added before all of them.
    const { page, asked } = directory(items(150), (list, read) => (read === 1 ? [...items(60, 'new'), ...list] : list));
    const all = await readAllPages(page, SIZE);
    expect(asked).toEqual([0, 100, 200]);
    const ids = all.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(items(150).map((item) => item.id)));
  });

  it('fails as a whole when a page fails, rather than offer part of the directory as all of it', async () => {
    const failing = async (offset: number): Promise<Page<Item>> => {
      if (offset === 100) throw new Error('503 on the second page');
      return { items: items(250).slice(offset, offset + SIZE), total: 250 };
    };
    await expect(readAllPages(failing, SIZE)).rejects.toThrow('503 on the second page');
    let calls = 0;
    const laterFailing = async (offset: number): Promise<Page<Item>> => {
      calls += 1;
      if (calls > 2) throw new Error('gone');
      return { items: items(SIZE, `p${offset}-`), total: SIZE };
    };
    await expect(readAllPages(laterFailing, SIZE)).rejects.toThrow('gone');
  });

  it('keeps the later reading of an institution read twice, where it was first read', () => {
    const merged = mergePages([{ items: [{ id: 'a', v: 1 }, { id: 'b', v: 1 }], total: 3 }, { items: [{ id: 'b', v: 2 }, { id: 'c', v: 2 }], total: 3 }]);
    expect(merged).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 2 }, { id: 'c', v: 2 }]);
  });

  it('whatever is added wherever while the pages are read, lists every institution there at the start, once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(450), fc.array(fc.tuple(fc.nat(1), fc.nat(500), fc.integer({ min: 1, max: 120 })), { maxLength: 5 }), async (count, inserts) => {
        // Each insert: after which read (first or second after the first page), where, how many.
        const { page } = directory(items(count), (list, read) => {
          let next = list;
          for (const [when, at, many] of inserts) if (when + 1 === read) next = [...next.slice(0, at), ...items(many, `n${read}-${at}-`), ...next.slice(at)];
          return next;
        });
        const ids = (await readAllPages(page, SIZE)).map((item) => item.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(items(count).map((item) => item.id)));
      }),
    );
  });
});
