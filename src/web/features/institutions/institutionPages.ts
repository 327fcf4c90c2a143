/**
 * Reading a whole list that an API gives a page at a time by keyset (`after` the cursor the page
 * before gave as `next`), kept apart from the hook that uses it (`useInstitutionChoices`) so the
 * paging is tested on its own, against a directory that changes while it is read.
 */

/** One page of a list: its items and the cursor of the page after it (null on the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** At most this many pages: a server that kept answering `next` would otherwise be read forever. */
const MAX_PAGES = 1000;

/**
 * Every item of a list, page after page, each page asked for after the last item read: an item
 * added or removed meanwhile shifts nothing, so none is read twice or missed (offsets would skip
 * the item pushed back onto a page already read when one before it is removed). A page that fails
 * fails the whole reading: a picker offering part of the directory as if it were all would mislead.
 */
export async function readAllPages<T>(page: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (let read = 0; read < MAX_PAGES; read++) {
    const answer: Page<T> = await page(after);
    items.push(...answer.items);
    if (!answer.next) return items;
    after = answer.next;
  }
  throw new Error(`The list did not end after ${MAX_PAGES} pages.`);
}
