import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAllPages, type Page } from './institutionPages.ts';

interface Item {
  id: string;
}
const SIZE = 100;
const id = (n: number, prefix = 'i') => `${prefix}${String(n).padStart(4, '0')}`;
const items = (count: number, prefix = 'i') => Array.from({ length: count }, (_, n) => ({ id: id(n, prefix) }));

/**
 * A directory served by keyset as the API serves it (sorted, each page what follows the cursor),
 * which `change` may alter before each read after the first.
 */
function directory(start: Item[], change: (list: Item[], read: number) => Item[] = (list) => list) {
  let list = start;
  const asked: (string | null)[] = [];
  const page = async (after: string | null): Promise<Page<Item>> => {
    if (asked.length > 0) list = change(list, asked.length);
    asked.push(after);
    const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const following = after === null ? sorted : sorted.filter((item) => item.id > after);
    const pageItems = following.slice(0, SIZE);
    return { items: pageItems, next: following.length > SIZE ? pageItems.at(-1)!.id : null };
  };
  return { page, asked };
}

describe('the whole institution directory, page after page by keyset', () => {
  it('asks for each page after the last item read, until a page says none follows', async () => {
    const { page, asked } = directory(items(250));
    expect(await readAllPages(page)).toEqual(items(250));
    expect(asked).toEqual([null, id(99), id(199)]);
    const empty = directory([]);
    expect(await readAllPages(empty.page)).toEqual([]);
    expect(empty.asked).toEqual([null]);
  });

  it('misses none when an institution already read is removed between pages', async () => {
    // Offsets would skip one: with i0005 gone, offset 100 starts at what was the 102nd.
    const { page } = directory(items(250), (list, read) => (read === 1 ? list.filter((item) => item.id !== id(5)) : list));
    const ids = (await readAllPages(page)).map((item) => item.id);
    expect(ids).toEqual(items(250).map((item) => item.id));
  });

  it('fails as a whole when a page fails, rather than offer part of the directory as all of it', async () => {
    const { page } = directory(items(250));
    const failing = async (after: string | null) => {
      if (after === id(99)) throw new Error('503 on the second page');
      return page(after);
    };
    await expect(readAllPages(failing)).rejects.toThrow('503 on the second page');
  });

  it('stops a list that never ends', async () => {
    await expect(readAllPages(async () => ({ items: [{ id: 'x' }], next: 'x' }))).rejects.toThrow(/did not end/);
  });

  it('whatever is added or removed wherever while the pages are read, lists each institution there throughout, once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(450),
        fc.array(fc.tuple(fc.nat(1), fc.nat(500), fc.integer({ min: 1, max: 120 })), { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(1), fc.nat(450)), { maxLength: 5 }),
        async (count, inserts, removals) => {
          const removed = new Set<string>();
          const { page } = directory(items(count), (list, read) => {
            let next = list;
            // Each insertion names its own institutions (two alike at one read would be one directory listing an id twice).
            inserts.forEach(([when, at, many], which) => {
              if (when + 1 === read) next = [...next, ...items(many, `n${read}-${which}-${at}-`)];
            });
            for (const [when, n] of removals) {
              if (when + 1 === read) {
                removed.add(id(n));
                next = next.filter((item) => item.id !== id(n));
              }
            }
            return next;
          });
          const ids = (await readAllPages(page)).map((item) => item.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expect.arrayContaining(items(count).filter((item) => !removed.has(item.id)).map((item) => item.id)));
        },
      ),
    );
  });
});
