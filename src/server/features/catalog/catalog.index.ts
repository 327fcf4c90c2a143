import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { FACETS, type Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import * as repo from './catalog.repository.ts';
import type { IndexRow } from './catalog.repository.ts';
import { growTo } from '../../lib/arrays.ts';
import { cache } from '../../lib/cache.ts';
import { lexemeQuery, lexemeRanks, lexemesOf, parseTsQuery, phrasesIn, UnsupportedQuery, type TsNode } from './tsquery.ts';


/**
 * The catalogue's search index, kept in each server's memory as a search engine keeps its own,
 * because PostgreSQL must visit every matching row to count and facet a search: 3 ms for a word
 * found in 2,500 of 100,000 datasets before any work is done, too much for 32 searches at once
 * on two cores. The index holds what counting, faceting and ranking need (each dataset's facet
 * values, its date, and the datasets each searched word is found in) and is checked against the
 * database on every search, so it is never the truth, only a faster way to it:
 *
 * - PostgreSQL still does the language work: it turns the words into a `tsquery` (stemmed in
 *   every language) and lists the datasets each lexeme is found in, with `ts_rank`'s weight.
 * - `catalog_version` says whether anything changed; the rows that did are found by the
 *   transaction that wrote them (`changed_xid`, see migration 0011), so a change costs its own
 *   rows, not the whole catalogue. Kept lexeme lists are patched from those rows' search vectors.
 * - The page's items are written by PostgreSQL, as in every other list, and kept per catalogue
 *   version; a CKAN page needs only ids, which the index holds.
 *
 * It answers searches with words over active datasets, sorted by relevance or date; anything
 * else (withdrawn datasets, title order, CKAN's tags and names, a phrase under a negation) goes
 * to the SQL search in the repository, which also serves as the reference in the tests.
 */


const FACET_LIMIT = 50;
/** Bytes of lexeme lists kept; the least recently used go first. */
const POSTINGS_BYTES = 24 * 1024 * 1024;
/** Past this many changed rows at once the index reads the whole catalogue again rather than patch. */
const PATCH_LIMIT = 500;
/** Past this many matches a page is picked by a full sort rather than kept in a short list. */
const SHORT_LIST = 200;

interface Posting {
  slots: Int32Array;
  scores: Float32Array;
}

export interface IndexAnswer {
  items: string[];
  total: number;
  facets: DatasetFacets;
  /** CKAN's tags facet: the matches' keywords (each once per dataset, whatever its language), top 50. */
  keywords: KeywordCount[];
}

export interface KeywordCount {
  keyword: string;
  count: number;
}

export interface IndexQuery {
  filter: repo.DatasetFilter;
  /** The words' tsquery as PostgreSQL prints it. */
  tsquery: string;
}

/**
 * The datasets by slot (a small dense number of the index's own): whether active, their date,
 * and their facet values as codes, each dataset's codes one run in a shared pool.
 */
class Documents {
  readonly slotOf = new Map<number, number>();
  docNo = new Float64Array(1024);
  /** Each dataset's id, as four 32-bit words (a CKAN page needs ids only: no round trip for them). */
  ids = new Uint32Array(4096);
  active = new Uint8Array(1024);
  modified = new Float64Array(1024);
  runStart = new Int32Array(1024);
  runLength = new Int32Array(1024);
  pool = new Int32Array(8192);
  poolUsed = 0;
  size = 0;
  readonly codeOf = new Map<string, number>();
  readonly codeFacet: number[] = [];
  readonly codeValue: string[] = [];

  code(facet: number, value: string): number {
    const key = `${facet}:${value}`;
    let code = this.codeOf.get(key);
    if (code === undefined) {
      code = this.codeFacet.length;
      this.codeOf.set(key, code);
      this.codeFacet.push(facet);
      this.codeValue.push(value);
    }
    return code;
  }

  /** The code of a value, or -1 when no dataset ever had it. */
  codeIfKnown(facet: number, value: string): number {
    return this.codeOf.get(`${facet}:${value}`) ?? -1;
  }

  upsert([docNo, id, active, modified, publisher, license, source, themes, formats, regions, keywords]: IndexRow) {
    let slot = this.slotOf.get(docNo);
    if (slot === undefined) {
      slot = this.size++;
      this.slotOf.set(docNo, slot);
      this.docNo = growTo(this.docNo, this.size);
      this.ids = growTo(this.ids, this.size * 4);
      this.active = growTo(this.active, this.size);
      this.modified = growTo(this.modified, this.size);
      this.runStart = growTo(this.runStart, this.size);
      this.runLength = growTo(this.runLength, this.size);
    }
    const codes: number[] = [];
    // The same pairs the SQL facets count: no publisher or licence counts nothing; no source is `local`.
    if (publisher !== null) codes.push(this.code(FACET.publisher, publisher));
    if (license !== null) codes.push(this.code(FACET.license, license));
    codes.push(this.code(FACET.source, source ?? 'local'));
    for (const theme of themes) codes.push(this.code(FACET.theme, theme));
    for (const format of formats) codes.push(this.code(FACET.format, format));
    for (const region of regions) codes.push(this.code(FACET.region, region));
    // Each keyword once, whatever its languages: read as the row's JSON, which PostgreSQL sends at no cost.
    for (const keyword of new Set(Object.values(keywords).flat())) codes.push(this.code(KEYWORD, keyword));
    this.docNo[slot] = docNo;
    this.setId(slot, id);
    this.active[slot] = active ? 1 : 0;
    this.modified[slot] = modified;
    this.writeRun(slot, codes);
  }

  private setId(slot: number, id: string) {
    const hex = id.replace(/-/g, '');
    for (let word = 0; word < 4; word++) this.ids[slot * 4 + word] = parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  }

  id(slot: number): string {
    let hex = '';
    for (let word = 0; word < 4; word++) hex += this.ids[slot * 4 + word].toString(16).padStart(8, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A rewritten dataset's codes go to the pool's end; the pool is compacted when half is stale. */
  private writeRun(slot: number, codes: number[]) {
    if (this.poolUsed + codes.length > this.pool.length) this.compact(codes.length);
    this.pool.set(codes, this.poolUsed);
    this.runStart[slot] = this.poolUsed;
    this.runLength[slot] = codes.length;
    this.poolUsed += codes.length;
  }

  private compact(extra: number) {
    let live = 0;
    for (let slot = 0; slot < this.size; slot++) live += this.runLength[slot];
    const pool = new Int32Array(Math.max(8192, (live + extra) * 2));
    let used = 0;
    for (let slot = 0; slot < this.size; slot++) {
      const start = this.runStart[slot];
      const length = this.runLength[slot];
      pool.set(this.pool.subarray(start, start + length), used);
      this.runStart[slot] = used;
      used += length;
    }
    this.pool = pool;
    this.poolUsed = used;
  }

}

const FACET = Object.fromEntries(FACETS.map((facet, index) => [facet, index])) as Record<Facet, number>;
/** Keywords are counted beside the facets, for CKAN's tags facet; the catalogue's own search does not show them. */
const KEYWORD = FACETS.length;

/** The filter's values as codes: per filtered facet a bit, set on each code that satisfies it. */
function filterMask(docs: Documents, filter: repo.DatasetFilter): { wanted: Uint32Array; all: number } | 'nothing' | null {
  const byFacet: [number, readonly string[] | undefined][] = [
    [FACET.publisher, filter.publishers], [FACET.theme, filter.themes], [FACET.format, filter.formats],
    [FACET.license, filter.licenses], [FACET.source, filter.sources], [FACET.region, filter.regions],
  ];
  const wanted = new Uint32Array(docs.codeFacet.length);
  let all = 0;
  for (const [facet, values] of byFacet) {
    if (!values?.length) continue;
    const bit = 1 << facet;
    all |= bit;
    let any = false;
    for (const value of values) {
      const code = docs.codeIfKnown(facet, value);
      if (code >= 0) (wanted[code] |= bit), (any = true);
    }
    if (!any) return 'nothing';
  }
  return all ? { wanted, all } : null;
}

export class CatalogIndex {
  private docs = new Documents();
  /** Lexeme lists kept within `POSTINGS_BYTES`; part of this database's index, patched in place, so not in the shared answer cache. */
  private postings = new LRUCache<string, Posting>({ maxSize: POSTINGS_BYTES, sizeCalculation: (posting, lexeme) => posting.slots.byteLength * 2 + lexeme.length * 2 + 64 });
  /** Moves whenever kept lists are dropped, so a list read across a change is not kept. */
  private generation = 0;
  /** The catalogue version and deletion count the index has read up to, and where to read on. */
  private version = -1;
  private resets = -1;
  /** The snapshot the index last read in, as `xmin:xmax:running`. */
  private horizon = '';
  private syncing: Promise<void> | null = null;
  private scratch = new Float64Array(1024);
  /** Per code, how many matches have it; zero again after every search. */
  private codeCounts = new Int32Array(1024);
  /** What the index has done, for tests and logs. */
  readonly stats = { reloads: 0, changeReads: 0, patches: 0, answered: 0 };

  /** Whether the index answers this search; the rest goes to the SQL search. */
  static takes(filter: repo.DatasetFilter): boolean {
    return Boolean(filter.q) && filter.state === 'active' && (filter.sort === 'relevance' || filter.sort === 'modified') && !filter.keywords?.length && !filter.names?.length && !filter.nothing;
  }

  /** Reads what changed since the index last looked (everything, the first time or after a deletion). */
  async catchUp(db: QueryBuilder, version: number, resets: number): Promise<void> {
    // A newer deletion count than the caller's means the caller looked earlier: the index is newer still.
    while (this.resets < resets || (this.resets === resets && this.version < version)) {
      if (!this.syncing) {
        this.syncing = (this.resets < resets ? this.reload(db) : this.readChanges(db)).finally(() => (this.syncing = null));
      }
      await this.syncing;
    }
  }

  private async reload(db: QueryBuilder) {
    const state = await repo.indexState(db);
    const docs = new Documents();
    for (let after = 0; ; ) {
      const rows = await repo.indexRows(db, after, 5_000);
      if (!rows.length) break;
      for (const row of rows) docs.upsert(row);
      after = rows[rows.length - 1][0];
    }
    this.docs = docs;
    this.dropPostings();
    this.stats.reloads++;
    Object.assign(this, { version: state.version, resets: state.resets, horizon: state.horizon });
  }

  private async readChanges(db: QueryBuilder) {
    const changes = await repo.indexChanges(db, this.horizon, PATCH_LIMIT + 1);
    // Many changes at once (a bulk load) are read as the whole catalogue is, in batches.
    if (changes.resets !== this.resets || changes.rows.length > PATCH_LIMIT) return this.reload(db);
    for (const row of changes.rows) this.docs.upsert(row.slice(0, 11) as IndexRow);
    this.stats.changeReads++;
    if (changes.rows.length) {
      try {
        this.patchPostings(changes.rows);
      } catch (error) {
        // A search vector this reader does not know: the lists are read again instead.
        if (!(error instanceof UnsupportedQuery)) throw error;
        this.dropPostings();
      }
    }
    Object.assign(this, { version: changes.version, horizon: changes.horizon });
  }

  /**
   * Brings the kept lexeme lists up to date with a few changed rows, from their search vectors:
   * a harvest changes rows one by one, and reading every searched word's list again after each
   * would cost more than the search itself.
   */
  private patchPostings(rows: [...IndexRow, string][]) {
    const changed = rows.map((row) => ({ slot: this.docs.slotOf.get(row[0])!, ranks: row[2] ? lexemeRanks(row[11]) : new Map<string, number>() }));
    this.generation++;
    const patches: [string, Posting][] = [];
    for (const [lexeme, posting] of this.postings.entries()) {
      let moved = false;
      for (const { slot, ranks } of changed) {
        const at = sortedIndexOf(posting.slots, slot);
        const rank = ranks.get(lexeme);
        if (at >= 0 && rank !== undefined) posting.scores[at] = rank;
        else if (at >= 0 || rank !== undefined) moved = true;
      }
      if (!moved) continue;
      const kept = new Map(Array.from(posting.slots, (slot, at) => [slot, posting.scores[at]]));
      for (const { slot, ranks } of changed) {
        const rank = ranks.get(lexeme);
        if (rank === undefined) kept.delete(slot);
        else kept.set(slot, rank);
      }
      const order = [...kept.keys()].sort((a, b) => a - b);
      const patched = { slots: Int32Array.from(order), scores: Float32Array.from(order, (slot) => kept.get(slot)!) };
      patches.push([lexeme, patched]);
    }
    for (const [lexeme, patched] of patches) this.postings.set(lexeme, patched);
    this.stats.patches++;
  }

  private dropPostings() {
    this.generation++;
    this.postings.clear();
  }

  /** The lexemes' lists, read from PostgreSQL for those not kept. */
  private async postingsFor(db: QueryBuilder, docs: Documents, lexemes: string[]): Promise<Map<string, Posting>> {
    const found = new Map<string, Posting>();
    const missing: string[] = [];
    for (const lexeme of lexemes) {
      const kept = this.docs === docs ? this.postings.get(lexeme) : undefined;
      if (kept) found.set(lexeme, kept);
      else missing.push(lexeme);
    }
    if (!missing.length) return found;
    const generation = this.generation;
    const read = await repo.lexemePostings(db, missing.map(lexemeQuery));
    for (const [index, { docNos, scores }] of read.entries()) {
      const slots: number[] = [];
      const kept: number[] = [];
      for (let at = 0; at < docNos.length; at++) {
        // A dataset newer than the index's last read is met at the next search, once the index has it.
        const slot = docs.slotOf.get(docNos[at]);
        if (slot !== undefined) slots.push(slot), kept.push(scores[at]);
      }
      const order = slots.map((_, at) => at).sort((a, b) => slots[a] - slots[b]);
      const posting = { slots: Int32Array.from(order, (at) => slots[at]), scores: Float32Array.from(order, (at) => kept[at]) };
      found.set(missing[index], posting);
      if (this.generation === generation && this.docs === docs) this.postings.set(missing[index], posting);
    }
    return found;
  }

  /**
   * The search's page, total and facets. `null` when the query is one the index leaves to SQL.
   */
  async search(db: QueryBuilder, { filter, tsquery }: IndexQuery, itemsAs: 'json' | 'id'): Promise<IndexAnswer | null> {
    let tree: TsNode | null;
    try {
      tree = parseTsQuery(tsquery);
    } catch (error) {
      if (error instanceof UnsupportedQuery) return null;
      throw error;
    }
    const phrases = tree ? phrasesIn(tree) : { any: false, negated: false };
    if (phrases.negated) return null;
    const docs = this.docs;
    const lexemes = tree ? [...lexemesOf(tree)] : [];
    const postings = await this.postingsFor(db, docs, lexemes);
    const mask = filterMask(docs, filter);
    let matches = tree && mask !== 'nothing' ? this.filtered(docs, evaluate(tree, postings), mask) : [];
    // The index reads a phrase as all its words; PostgreSQL says which of those have them in order.
    if (phrases.any && matches.length) matches = await this.inPhrase(db, docs, matches, filter.q!);
    const counted = this.facets(docs, matches);
    const facets = counted.filter((entry) => entry.facet !== KEYWORD);
    const keywords = counted.filter((entry) => entry.facet === KEYWORD).map(({ value, count }) => ({ keyword: value, count }));
    const page = this.page(docs, matches, lexemes, postings, filter);
    const written = await this.written(db, docs, page, itemsAs, facets);
    this.stats.answered++;
    return { items: written.items, total: matches.length, facets: labelled(facets, written.labels), keywords };
  }

  /**
   * The page's items and the facets' names, from what is kept for this catalogue version (as a
   * search engine keeps its documents), the rest read in one round trip.
   */
  private async written(db: QueryBuilder, docs: Documents, slots: number[], itemsAs: 'json' | 'id', facets: { facet: number; value: string }[]) {
    const version = this.version;
    const docNos = slots.map((slot) => docs.docNo[slot]);
    const items = itemsAs === 'id' ? slots.map((slot) => docs.id(slot)) : docNos.map((docNo) => keptItems.get(db, version, `json:${docNo}`));
    const publishers = [...new Set(facets.filter((f) => f.facet === FACET.publisher).map((f) => f.value))];
    const sources = [...new Set(facets.filter((f) => f.facet === FACET.source && f.value !== 'local').map((f) => f.value))];
    const labels: repo.FacetLabels = { publishers: new Map(), sources: new Map() };
    const missing = {
      docNos: docNos.filter((_, at) => items[at] === undefined),
      publishers: publishers.filter((id) => !keptLabel(db, version, labels.publishers, `p:${id}`, id)),
      sources: sources.filter((id) => !keptLabel(db, version, labels.sources as Map<string, unknown>, `s:${id}`, id)),
    };
    if (missing.docNos.length || missing.publishers.length || missing.sources.length) {
      const read = await repo.itemsByDocNos(db, missing.docNos, itemsAs, missing);
      for (const [at, docNo] of docNos.entries()) {
        if (items[at] !== undefined) continue;
        items[at] = read.items.get(docNo);
        if (items[at] !== undefined) keptItems.set(db, version, `json:${docNo}`, items[at]);
      }
      for (const id of missing.publishers) keepLabel(db, version, labels.publishers, `p:${id}`, id, read.labels.publishers.get(id) ?? null);
      for (const id of missing.sources) keepLabel(db, version, labels.sources as Map<string, unknown>, `s:${id}`, id, read.labels.sources.get(id) ?? null);
    }
    // A dataset deleted since the index last read is left out of its page.
    return { items: items.filter((item): item is string => typeof item === 'string'), labels };
  }

  /** The active matches that pass the filter, in slot order. */
  private filtered(docs: Documents, matches: Matches, mask: ReturnType<typeof filterMask>): number[] {
    const slots: number[] = [];
    const check = mask && mask !== 'nothing' ? mask : null;
    const take = (slot: number) => {
      if (!docs.active[slot]) return;
      if (check) {
        let met = 0;
        for (let at = docs.runStart[slot], end = at + docs.runLength[slot]; at < end; at++) met |= check.wanted[docs.pool[at]] ?? 0;
        if (met !== check.all) return;
      }
      slots.push(slot);
    };
    if (!matches.negated) for (const slot of matches.slots) take(slot);
    else {
      for (let slot = 0, next = 0; slot < docs.size; slot++) {
        if (next < matches.slots.length && matches.slots[next] === slot) next++;
        else take(slot);
      }
    }
    return slots;
  }


  private async inPhrase(db: QueryBuilder, docs: Documents, slots: number[], q: string): Promise<number[]> {
    const kept = new Set(await repo.matchingDocNos(db, slots.map((slot) => docs.docNo[slot]), q));
    return slots.filter((slot) => kept.has(docs.docNo[slot]));
  }

  private facets(docs: Documents, slots: number[]): { facet: number; value: string; count: number }[] {
    // Only the codes the matches have are visited: keywords make the codes many, a search's few.
    this.codeCounts = growTo(this.codeCounts, docs.codeFacet.length);
    const counts = this.codeCounts;
    const touched: number[] = [];
    for (const slot of slots) {
      for (let at = docs.runStart[slot], end = at + docs.runLength[slot]; at < end; at++) if (counts[docs.pool[at]]++ === 0) touched.push(docs.pool[at]);
    }
    const found = touched.map((code) => ({ facet: docs.codeFacet[code], value: docs.codeValue[code], count: counts[code] }));
    for (const code of touched) counts[code] = 0;
    found.sort((a, b) => a.facet - b.facet || b.count - a.count || byCodePoint(a.value, b.value));
    const top: typeof found = [];
    let facet = -1;
    let taken = 0;
    for (const entry of found) {
      if (entry.facet !== facet) (facet = entry.facet), (taken = 0);
      if (taken++ < FACET_LIMIT) top.push(entry);
    }
    return top;
  }

  /** The slots on the asked page, in order: by relevance (the matched lexemes' ranks summed) or by date. */
  private page(docs: Documents, slots: number[], lexemes: string[], postings: Map<string, Posting>, filter: repo.DatasetFilter): number[] {
    const need = filter.offset + filter.limit;
    if (!need || filter.offset >= slots.length) return [];
    const scores = filter.sort === 'relevance' ? this.scores(docs, slots, lexemes.map((lexeme) => postings.get(lexeme)!)) : null;
    const before = (a: number, b: number) =>
      (scores ? scores[b] - scores[a] : 0) || docs.modified[b] - docs.modified[a] || docs.docNo[b] - docs.docNo[a];
    let ordered: number[];
    if (need > SHORT_LIST || slots.length <= need) ordered = slots.slice().sort(before);
    else {
      // The best `need` kept in order: most matches fall behind the last kept and cost one comparison.
      ordered = [];
      for (const slot of slots) {
        if (ordered.length === need && before(slot, ordered[need - 1]) >= 0) continue;
        let at = ordered.length === need ? need - 1 : ordered.length;
        while (at > 0 && before(slot, ordered[at - 1]) < 0) {
          ordered[at] = ordered[at - 1];
          at--;
        }
        ordered[at] = slot;
      }
    }
    return ordered.slice(filter.offset, need);
  }

  /** The matched lexemes' ranks summed, always in the query's order, so a score never depends on what was kept. */
  private scores(docs: Documents, slots: number[], postings: Posting[]): Float64Array {
    this.scratch = growTo(this.scratch, docs.size);
    const scores = this.scratch;
    for (const slot of slots) scores[slot] = 0;
    for (const posting of postings) {
      // A few matches look themselves up in a long list (slots are sorted); many walk it beside them.
      if (slots.length * Math.log2(posting.slots.length + 1) < posting.slots.length) {
        for (const slot of slots) {
          const at = sortedIndexOf(posting.slots, slot);
          if (at >= 0) scores[slot] += posting.scores[at];
        }
      } else {
        for (let i = 0, j = 0; i < slots.length && j < posting.slots.length; ) {
          if (slots[i] === posting.slots[j]) scores[slots[i++]] += posting.scores[j++];
          else if (slots[i] < posting.slots[j]) i++;
          else j++;
        }
      }
    }
    return scores;
  }


}

/**
 * A set of slots as a sorted list, or everything but that list (`negated`): a negation stays a
 * list of what it leaves out until something positive narrows it, so `a & !b` never spells out
 * the whole catalogue.
 */
interface Matches {
  slots: Int32Array;
  negated: boolean;
}

const EMPTY = new Int32Array(0);

/**
 * Strings in code point order, as PostgreSQL's `collate "C"` orders them (by their UTF-8 bytes);
 * JavaScript's `<` compares UTF-16 units, which puts U+E000–U+FFFF after the characters beyond.
 */
function byCodePoint(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let at = 0; at < shared; at++) {
    const x = a.charCodeAt(at);
    const y = b.charCodeAt(at);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's place in code point order: surrogates (characters beyond U+FFFF) after U+E000–U+FFFF. */
const codePointRank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

function sortedIndexOf(slots: Int32Array, slot: number): number {
  let low = 0;
  let high = slots.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (slots[middle] === slot) return middle;
    if (slots[middle] < slot) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) (out[n++] = a[i]), i++, j++;
    else if (a[i] < b[j]) i++;
    else j++;
  }
  return out.subarray(0, n);
}

function union(a: Int32Array, b: Int32Array): Int32Array {
  if (!a.length) return b;
  if (!b.length) return a;
  const out = new Int32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) (out[n++] = a[i]), i++, j++;
    else if (a[i] < b[j]) out[n++] = a[i++];
    else out[n++] = b[j++];
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.subarray(0, n);
}

function without(a: Int32Array, b: Int32Array): Int32Array {
  if (!b.length) return a;
  const out = new Int32Array(a.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j >= b.length || b[j] !== a[i]) out[n++] = a[i];
  }
  return out.subarray(0, n);
}

/** The tree's matches. A phrase is read as all its words: the search checks the order afterwards. */
function evaluate(node: TsNode, postings: Map<string, Posting>): Matches {
  if (node.kind === 'lexeme') return { slots: postings.get(node.lexeme)?.slots ?? EMPTY, negated: false };
  if (node.kind === 'not') {
    const inner = evaluate(node.child, postings);
    return { slots: inner.slots, negated: !inner.negated };
  }
  const parts = node.children.map((child) => evaluate(child, postings));
  const positive = parts.filter((part) => !part.negated).map((part) => part.slots);
  const negative = parts.filter((part) => part.negated).map((part) => part.slots);
  if (node.kind === 'or') {
    const some = positive.reduce(union, EMPTY);
    // p | !n  is  !(n - p); and !n1 | !n2  is  !(n1 & n2).
    return negative.length ? { slots: without(negative.reduce(intersect), some), negated: true } : { slots: some, negated: false };
  }
  const excluded = negative.reduce(union, EMPTY);
  // !n1 & !n2  is  !(n1 | n2).
  if (!positive.length) return { slots: excluded, negated: true };
  return { slots: without(positive.reduce(intersect), excluded), negated: false };
}

function labelled(facets: { facet: number; value: string; count: number }[], labels: repo.FacetLabels): DatasetFacets {
  const grouped = Object.fromEntries(FACETS.map((facet) => [facet, [] as DatasetFacets[Facet]])) as DatasetFacets;
  for (const { facet, value, count } of facets) {
    const name = FACETS[facet];
    const source = name === 'source' ? labels.sources.get(value) : undefined;
    const label = name === 'publisher' ? (labels.publishers.get(value) ?? null) : source !== undefined ? { fi: source, et: source, en: source } : null;
    grouped[name].push({ value, count, label });
  }
  return grouped;
}

/** Written items and facet names (JSON text, `null` for none) by database and catalogue version. */
const keptItems = cache.section<string | null>('catalog.index.items');

function keptLabel(db: QueryBuilder, version: number, into: Map<string, unknown>, key: string, id: string): boolean {
  const label = keptItems.get(db, version, key);
  if (label === undefined) return false;
  if (label !== null) into.set(id, JSON.parse(label));
  return true;
}

function keepLabel(db: QueryBuilder, version: number, into: Map<string, unknown>, key: string, id: string, label: unknown) {
  if (label !== null) into.set(id, label);
  keptItems.set(db, version, key, label === null ? null : JSON.stringify(label));
}

/**
 * The search index is the database's own (its documents, its lexeme lists, patched in place as
 * the catalogue changes), so it lives beside the database rather than in the cache.
 */
const indexes = new WeakMap<QueryBuilder, CatalogIndex>();

/** The index of this database's catalogue (one per connection pool, made on first use). */
export function catalogIndex(db: QueryBuilder): CatalogIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = new CatalogIndex()));
  return index;
}
