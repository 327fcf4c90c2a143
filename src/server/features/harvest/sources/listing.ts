import type { HarvestProblem } from '../../../../shared/problems.ts';
import { reasonOf } from '../../../lib/fetchFault.ts';
import { SourceUnreadable, type SourceContext, type SourceItem } from '../harvest.types.ts';
import { failure, throwIfAborted } from './fields.ts';

/**
 * Watches a paged listing for signs that it moved while it was read. Portals page by offset,
 * newest change first: a dataset changed, added or deleted during the harvest shifts the others
 * across page boundaries, so one may be read twice and another never. A harvest that saw that
 * must not claim it read the whole listing, or the engine would withdraw a dataset that only
 * slipped between two pages.
 */
export class ListingWatch {
  private readonly ids = new Set<string>();
  private readonly announcedTotals = new Set<number>();
  private duplicates = 0;
  /** Records examined once each, with or without an identifier. */
  listed = 0;

  /** Notes a record; false when its identifier was already listed. */
  see(id: string | undefined): boolean {
    if (id !== undefined) {
      if (this.ids.has(id)) {
        this.duplicates += 1;
        return false;
      }
      this.ids.add(id);
    }
    this.listed += 1;
    return true;
  }

  /** Notes an identifier learnt later (from a record's details); false when it was already listed. */
  claim(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }

  /** How many distinct identifiers were listed. */
  get identified(): number {
    return this.ids.size;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.ids.has(id);
  }

  announced(total: number): void {
    this.announcedTotals.add(total);
  }

  /** Why the listing cannot be trusted to be whole, or null when nothing suggests so. */
  problem(): HarvestProblem | null {
    const totals = [...this.announcedTotals];
    if (totals.length > 1) return { code: 'listing-changed', params: { totals: totals.join(', ') } };
    if (this.duplicates > 0) return { code: 'listing-shifted', params: { count: this.duplicates } };
    if (totals.length === 1 && this.listed < totals[0]) return { code: 'listing-short', params: { announced: totals[0], listed: this.listed } };
    return null;
  }
}

export interface ListingPage {
  /** How many records the portal says the whole listing holds, when it says. */
  total: number | null;
  entries: unknown[];
}

/** A portal's paged listing, as `readPagedListing` walks it. */
export interface PagedListing {
  /** What is listed (a `source-unreadable` error's address): "https://hri.fi/data/api/3/action/package_search". */
  name: string;
  /** Reads page `index` (from 0). */
  fetch(index: number): Promise<ListingPage>;
  /** How many entries a full page holds, as the first page shows. */
  pageSize(first: ListingPage): number;
  idOf(entry: unknown): string | undefined;
  /** What one page's entries become (noting each in `watch`); `page` counts from 1. */
  items(entries: unknown[], page: number, watch: ListingWatch): AsyncIterable<SourceItem>;
}

/** A portal that fails this many pages in a row is down; waiting out the rest would take hours. */
const MAX_FAILED_PAGES_IN_A_ROW = 3;
/** Pages in a row without one new identified record: a portal serving the same garbage over and over. */
const MAX_FRUITLESS_PAGES_IN_A_ROW = 3;
/** For a listing that announces no total: enough for any portal of the region, and finite. */
const MAX_PAGES = 10_000;

/**
 * Walks a listing page by page. The first page must be read, or the source is unreadable; a
 * later page that fails is named in an error and skipped, and the listing is then incomplete.
 * Reading stops at the announced total, at an empty page, or when a page brings nothing new.
 */
export async function* readPagedListing(context: SourceContext, listing: PagedListing): AsyncGenerator<SourceItem, { complete: boolean }, void> {
  const watch = new ListingWatch();
  let first: ListingPage;
  try {
    first = await listing.fetch(0);
  } catch (error) {
    throwIfAborted(context.signal);
    throw new SourceUnreadable({ code: 'source-unreadable', params: { address: listing.name, reason: reasonOf(error) } }, { cause: error });
  }
  if (first.total !== null) {
    context.announce(first.total);
    watch.announced(first.total);
  }
  const size = Math.max(1, listing.pageSize(first));
  const pageCount = first.total !== null ? Math.min(Math.ceil(first.total / size), MAX_PAGES) : MAX_PAGES;
  let complete = true;
  let failedInARow = 0;
  let fruitlessInARow = 0;

  for (let index = 0; index < pageCount; index++) {
    let page = first;
    if (index > 0) {
      try {
        page = await listing.fetch(index);
        failedInARow = 0;
      } catch (error) {
        throwIfAborted(context.signal);
        yield failure(null, { code: 'page-unreadable', params: { page: index + 1, reason: reasonOf(error) } });
        complete = false;
        if (++failedInARow < MAX_FAILED_PAGES_IN_A_ROW) continue;
        yield failure(null, { code: 'pages-unreadable', params: { count: MAX_FAILED_PAGES_IN_A_ROW } });
        break;
      }
      if (page.total !== null) watch.announced(page.total);
    }
    if (page.entries.length === 0) break;
    if (page.entries.every((entry) => watch.has(listing.idOf(entry)))) {
      yield failure(null, { code: 'page-repeated', params: { page: index + 1 } });
      complete = false;
      break;
    }
    const known = watch.identified;
    for await (const item of listing.items(page.entries, index + 1, watch)) {
      throwIfAborted(context.signal);
      yield item;
    }
    fruitlessInARow = watch.identified > known ? 0 : fruitlessInARow + 1;
    if (fruitlessInARow === MAX_FRUITLESS_PAGES_IN_A_ROW && index + 1 < pageCount) {
      yield failure(null, { code: 'pages-without-identifiers', params: { count: MAX_FRUITLESS_PAGES_IN_A_ROW } });
      complete = false;
      break;
    }
    if (first.total === null && page.entries.length < size) break;
  }

  const moved = complete ? watch.problem() : null;
  if (moved) {
    yield failure(null, moved);
    complete = false;
  }
  return { complete };
}
