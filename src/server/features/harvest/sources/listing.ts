import type { HarvestProblem } from '../../../../shared/problems.ts';
import { reasonOf } from '../faults.ts';
import { SourceUnreadable, type SourceContext, type SourceItem } from '../harvest.types.ts';
import { errorMessage, failure, throwIfAborted } from './fields.ts';

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
  problem(): { problem: HarvestProblem; message: string } | null {
    const totals = [...this.announcedTotals];
    if (totals.length > 1) {
      return {
        problem: { code: 'listing-changed', params: { totals: totals.join(', ') } },
        message: `the listing changed while it was read (it announced ${totals.join(', then ')} records), so some records may have been missed`,
      };
    }
    if (this.duplicates > 0) {
      return {
        problem: { code: 'listing-shifted', params: { count: this.duplicates } },
        message: `the listing shifted while it was read (${this.duplicates} record${this.duplicates === 1 ? '' : 's'} appeared twice), so some records may have been missed`,
      };
    }
    if (totals.length === 1 && this.listed < totals[0]) {
      return { problem: { code: 'listing-short', params: { announced: totals[0], listed: this.listed } }, message: `the portal announced ${totals[0]} records but listed only ${this.listed}` };
    }
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
  /** What is listed, for messages: "https://hri.fi/data/api/3/action/package_search". */
  name: string;
  /** Reads page `index` (from 0). */
  fetch(index: number): Promise<ListingPage>;
  /** Names a page in English messages: "page start=2000", "page 3" (a problem's `page` is `index + 1`). */
  label(index: number): string;
  /** How many entries a full page holds, as the first page shows. */
  pageSize(first: ListingPage): number;
  idOf(entry: unknown): string | undefined;
  /** What one page's entries become (noting each in `watch`); `page` counts from 1. */
  items(entries: unknown[], page: { label: string; number: number }, watch: ListingWatch): AsyncIterable<SourceItem>;
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
    throw new SourceUnreadable(
      `the first page of ${listing.name} could not be read: ${errorMessage(error)}`,
      { code: 'source-unreadable', params: { address: listing.name, reason: reasonOf(error) } },
      { cause: error },
    );
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
        yield failure(null, { code: 'page-unreadable', params: { page: index + 1, reason: reasonOf(error) } }, `${listing.label(index)} could not be read: ${errorMessage(error)}`);
        complete = false;
        if (++failedInARow < MAX_FAILED_PAGES_IN_A_ROW) continue;
        yield failure(null, { code: 'pages-unreadable', params: { count: MAX_FAILED_PAGES_IN_A_ROW } }, `${MAX_FAILED_PAGES_IN_A_ROW} pages in a row could not be read; reading stopped`);
        break;
      }
      if (page.total !== null) watch.announced(page.total);
    }
    if (page.entries.length === 0) break;
    if (page.entries.every((entry) => watch.has(listing.idOf(entry)))) {
      yield failure(null, { code: 'page-repeated', params: { page: index + 1 } }, `${listing.label(index)} repeated records already read; the portal seems to ignore paging, so reading stopped`);
      complete = false;
      break;
    }
    const known = watch.identified;
    for await (const item of listing.items(page.entries, { label: listing.label(index), number: index + 1 }, watch)) {
      throwIfAborted(context.signal);
      yield item;
    }
    fruitlessInARow = watch.identified > known ? 0 : fruitlessInARow + 1;
    if (fruitlessInARow === MAX_FRUITLESS_PAGES_IN_A_ROW && index + 1 < pageCount) {
      yield failure(null, { code: 'pages-without-identifiers', params: { count: MAX_FRUITLESS_PAGES_IN_A_ROW } }, `${MAX_FRUITLESS_PAGES_IN_A_ROW} pages in a row brought no record with an identifier; reading stopped`);
      complete = false;
      break;
    }
    if (first.total === null && page.entries.length < size) break;
  }

  const moved = complete ? watch.problem() : null;
  if (moved) {
    yield failure(null, moved.problem, moved.message);
    complete = false;
  }
  return { complete };
}
