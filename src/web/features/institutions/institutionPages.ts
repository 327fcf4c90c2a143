/**
 * Reading a whole list that an API gives a page at a time, kept apart from the hook that uses it
 * (`useInstitutionChoices`) so the paging is tested on its own, against a directory that changes.
 */

/** One page of a list: its items and how many the whole list held when the page was read. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** The offsets to ask for after the first page, which said the list holds `total`. */
export function offsetsAfterFirst(total: number, size: number): number[] {
  const offsets = [];
  for (let offset = size; offset < total; offset += size) offsets.push(offset);
  return offsets;
}

/** Every item of the pages, each once (the later reading of an item wins), in the order first read. */
export function mergePages<T extends { id: string }>(pages: readonly Page<T>[]): T[] {
  const byId = new Map(pages.flatMap((read) => read.items).map((item) => [item.id, item]));
  return [...byId.values()];
}

/**
 * Every item of a list, page after page: the first page says how many there are and the rest are
 * asked for at once; then, as long as the last page came back full, the next one (items added
 * while the pages were read push others onto a page the first answer did not count). An item
 * pushed from one page onto the next is read twice and kept once. A page that fails fails the
 * whole reading: a picker offering part of the directory as if it were all would mislead.
 */
export async function readAllPages<T extends { id: string }>(page: (offset: number) => Promise<Page<T>>, size: number): Promise<T[]> {
  const first = await page(0);
  const pages = [first, ...(await Promise.all(offsetsAfterFirst(first.total, size).map(page)))];
  for (let offset = size * pages.length; pages.at(-1)!.items.length === size; offset += size) pages.push(await page(offset));
  return mergePages(pages);
}
