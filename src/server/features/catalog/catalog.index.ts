import { LRUCache } from 'lru-cache';
import type { QueryBuilder } from '../../db/tables.ts';
import { FACETS, type Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import type { SearchMatch } from '../../../shared/schemas/search.ts';
import * as repo from './catalog.repository.ts';
import type { IndexRow } from './catalog.repository.ts';
import { firstByKeys, growTo } from '../../lib/arrays.ts';
import { cache } from '../../lib/cache.ts';
import { SEARCH_LANGUAGES, type SearchLanguage } from '../../lib/search/analyze.ts';
import { SearchIndex, withExtra, type SearchDocument, type SearchField, type SearchOptions, type SearchResult } from '../../lib/search/engine.ts';
import { matchesOf, type ShownText } from '../../lib/search/matches.ts';
import type { QuerySyntax } from '../../lib/search/query.ts';

/**
 * The catalogue's search index, kept in each server's memory as a search engine keeps its own,
 * because PostgreSQL must visit every matching row to count and facet a search, and cannot
 * stem Estonian, fold diacritics, split Chinese into bigrams or find a word inside a compound
 * (issue 15). It holds what matching, counting, faceting and ordering need, and is checked
 * against the database on every search, so it is never the truth, only a faster way to it:
 *
 * - the words' side is a `SearchIndex` (lib/search/engine.ts) over each dataset's titles,
 *   keywords, the start of its descriptions, and its themes and regions as concept codes; it
 *   keeps no text;
 * - beside it, each dataset's state, date and facet values as codes (`Documents`), so every
 *   filter, facet and order but title and name order is answered here;
 * - `catalog_version` says whether anything changed; the rows that did are found by the
 *   transaction that wrote them (`changed_xid`, see migration 0011), so a change costs its own
 *   rows, not the whole catalogue; a deletion (`resets`) reads everything again;
 * - the page's items are written by PostgreSQL, as in every other list, and kept per catalogue
 *   version; a CKAN page needs only ids, which the index holds.
 */

/** Past this many changed rows at once the index reads the whole catalogue again rather than patch. */
const PATCH_LIMIT = 500;
/** Rows read at a time when the whole catalogue is read (each batch is one merge of the engine's postings). */
const LOAD_BATCH = 20_000;

export interface IndexAnswer {
  items: string[];
  total: number;
  facets: DatasetFacets;
  /** CKAN's tags facet: the matches' keywords (each once per dataset, whatever its language), top 50. */
  keywords: KeywordCount[];
  /** Where each item matched (list items only, `itemsAs: 'json'`). */
  matches?: SearchMatch[];
  /** A corrected query, when nothing was found and one finds something (list only). */
  didYouMean?: string;
}

export interface KeywordCount {
  keyword: string;
  count: number;
}

/** The language of a text under this key of a dataset's texts, if the engine stems it. */
function languageOf(key: string): SearchLanguage | null {
  return (SEARCH_LANGUAGES as readonly string[]).includes(key) ? (key as SearchLanguage) : null;
}

/** A description's first `INDEXED_DESCRIPTION` characters (code points, as PostgreSQL's `left` counts them). */
function cut(text: string): string {
  if (text.length <= repo.INDEXED_DESCRIPTION) return text;
  let end = 0;
  for (let n = 0; n < repo.INDEXED_DESCRIPTION && end < text.length; n++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return text.slice(0, end);
}

/** A dataset's texts as the engine reads them: titles, each keyword, the start of each description. */
function textsOf(title: Record<string, string> | null, keywords: Record<string, string[]> | null, description: Record<string, string> | null): SearchField[] {
  const fields: SearchField[] = [];
  for (const [key, text] of Object.entries(title ?? {})) if (typeof text === 'string' && text) fields.push({ field: 'title', lang: languageOf(key), text });
  for (const [key, words] of Object.entries(keywords ?? {})) {
    if (!Array.isArray(words)) continue;
    for (const word of words) if (typeof word === 'string' && word) fields.push({ field: 'keywords', lang: languageOf(key), text: word });
  }
  for (const [key, text] of Object.entries(description ?? {})) if (typeof text === 'string' && text) fields.push({ field: 'description', lang: languageOf(key), text: cut(text) });
  return fields;
}

/** The engine's document of a dataset: its id is the row's `doc_no`, as text. */
export function searchDocument(row: IndexRow): SearchDocument {
  const [docNo, , , , , , , themes, , regions, keywords, title, description] = row;
  return {
    id: String(docNo),
    fields: textsOf(title, keywords, description),
    concepts: [...themes.map((theme) => `theme:${theme}`), ...regions.map((region) => `region:${region}`)],
  };
}

export type EngineAsk = 'search' | 'didYouMean';

/**
 * Every call of the catalogue to the search engine, searches and did-you-mean alike, goes
 * through here, so that what every search adds (the glossary's concepts and translations) is
 * added in one place: `extra`, whose `visible` narrows the caller's rather than replacing it.
 */
export function askEngine<T>(engine: SearchIndex<T>, ask: 'search', q: string, syntax: QuerySyntax, options: SearchOptions<T>, extra?: Partial<SearchOptions>): SearchResult<T>;
export function askEngine<T>(engine: SearchIndex<T>, ask: 'didYouMean', q: string, syntax: QuerySyntax, options: SearchOptions<T>, extra?: Partial<SearchOptions>): string | null;
export function askEngine<T>(engine: SearchIndex<T>, ask: EngineAsk, q: string, syntax: QuerySyntax, options: SearchOptions<T>, extra: Partial<SearchOptions> = {}): SearchResult<T> | string | null {
  const merged = withExtra(options, extra);
  if (ask === 'search') return engine.search(q, merged, syntax);
  return engine.didYouMean(q, { ...merged, syntax });
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

  upsert([docNo, id, active, modified, publisher, license, source, themes, formats, regions, keywords]: IndexRow): number {
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
    return slot;
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
  // CKAN's `tags:` filters: every one of them, each a bit of its own after the facets'.
  for (const [at, keyword] of (filter.keywords ?? []).entries()) {
    const code = docs.codeIfKnown(KEYWORD, keyword);
    if (code < 0 || KEYWORD + 1 + at > 31) return 'nothing';
    const bit = 1 << (KEYWORD + 1 + at);
    all |= bit;
    wanted[code] |= bit;
  }
  return all ? { wanted, all } : null;
}

export class CatalogIndex {
  private docs = new Documents();
  /** Each dataset's slot in `docs` is kept with its document (`SearchOptions.visible` reads it). */
  private engine = new SearchIndex<number>();
  /** The catalogue version and deletion count the index has read up to, and where to read on. */
  private version = -1;
  private resets = -1;
  /** The snapshot the index last read in, as `xmin:xmax:running`. */
  private horizon = '';
  private syncing: Promise<void> | null = null;
  /** Per slot, the last search's score of each of its matches (read only for those). */
  private scores = new Float64Array(1024);
  /** Per code, how many matches have it; zero again after every search. */
  private codeCounts = new Int32Array(1024);
  /** What the index has done, for tests and logs. */
  readonly stats = { reloads: 0, changeReads: 0, patches: 0, answered: 0, loadMs: 0 };

  /** Documents in the engine (for measurements). */
  get size(): number {
    return this.engine.size;
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
    const started = performance.now();
    const state = await repo.indexState(db);
    const docs = new Documents();
    const engine = new SearchIndex<number>();
    for (let after = 0; ; ) {
      const rows = await repo.indexRows(db, after, LOAD_BATCH);
      if (!rows.length) break;
      const slots = rows.map((row) => docs.upsert(row));
      // One merge of the postings per batch: the texts of one batch only are alive at a time.
      engine.addAll(rows.map(searchDocument), slots);
      after = rows[rows.length - 1][0];
    }
    this.docs = docs;
    this.engine = engine;
    this.stats.reloads++;
    this.stats.loadMs = performance.now() - started;
    Object.assign(this, { version: state.version, resets: state.resets, horizon: state.horizon });
  }

  private async readChanges(db: QueryBuilder) {
    const changes = await repo.indexChanges(db, this.horizon, PATCH_LIMIT + 1);
    // Many changes at once (a bulk load) are read as the whole catalogue is, in batches.
    if (changes.resets !== this.resets || changes.rows.length > PATCH_LIMIT) return this.reload(db);
    for (const row of changes.rows) this.engine.add(searchDocument(row), this.docs.upsert(row));
    this.stats.changeReads++;
    if (changes.rows.length) this.stats.patches++;
    Object.assign(this, { version: changes.version, horizon: changes.horizon });
  }

  /**
   * What the filter (all but the words) lets through, by slot; `null` when nothing can pass.
   * CKAN's names are looked up in the database (a name is text the index does not keep).
   */
  private async allowed(db: QueryBuilder, docs: Documents, filter: repo.DatasetFilter): Promise<((slot: number) => boolean) | null> {
    if (filter.nothing) return null;
    const mask = filterMask(docs, filter);
    if (mask === 'nothing') return null;
    let named: Set<number> | null = null;
    if (filter.names?.length) {
      named = new Set((await repo.docNosByNames(db, filter.names)).flatMap((docNo) => docs.slotOf.get(docNo) ?? []));
      if (!named.size) return null;
    }
    if (filter.where) {
      const passing = new Set((await repo.docNosWhere(db, filter.where)).flatMap((docNo) => docs.slotOf.get(docNo) ?? []));
      named = named === null ? passing : new Set([...named].filter((slot) => passing.has(slot)));
      if (!named.size) return null;
    }
    const active = filter.state === 'active' ? 1 : 0;
    return (slot) => {
      if (docs.active[slot] !== active) return false;
      if (named && !named.has(slot)) return false;
      if (mask) {
        let met = 0;
        for (let at = docs.runStart[slot], end = at + docs.runLength[slot]; at < end; at++) met |= mask.wanted[docs.pool[at]] ?? 0;
        if (met !== mask.all) return false;
      }
      return true;
    };
  }

  /**
   * The search's page, total and facets (and, for list items, where each matched, and a
   * corrected query when nothing was found). `extra`: see `askEngine`.
   */
  async search(db: QueryBuilder, filter: repo.DatasetFilter & { q: string }, itemsAs: 'json' | 'id', extra?: Partial<SearchOptions>): Promise<IndexAnswer> {
    const docs = this.docs;
    const engine = this.engine;
    const allow = await this.allowed(db, docs, filter);
    const visible = (_id: string, slot: number) => allow !== null && allow(slot);
    // A name filter is read from the database on every search: its slots are not kept.
    const filterKey = JSON.stringify({ ...filter, q: '', syntax: '', sort: '', limit: 0, offset: 0 });
    const allowed = allow === null || filter.names?.length || filter.where ? undefined : engine.allowedFor(filterKey, visible);
    const syntax = filter.syntax ?? 'web';
    // A phrase's candidates are checked on their texts, which the index does not keep: the first
    // evaluation says which it needs (returned no text, they fail), the second has them.
    const read = new Map<string, SearchField[]>();
    const wanted = new Set<string>();
    const texts = (id: string) => read.get(id) ?? (wanted.add(id), []);
    let result = askEngine(engine, 'search', filter.q, syntax, { visible, allowed, texts, unordered: true }, extra);
    if (wanted.size) {
      for (const [docNo, t] of await repo.indexedTexts(db, [...wanted].map(Number))) read.set(String(docNo), textsOf(t.title, t.keywords, t.description));
      for (const id of wanted) if (!read.has(id)) read.set(id, []);
      result = askEngine(engine, 'search', filter.q, syntax, { visible, allowed, texts, unordered: true }, extra);
    }
    // Unordered: the page is picked here, by score and then newest, without sorting every match.
    const slots = new Int32Array(result.count);
    this.scores = growTo(this.scores, docs.size);
    for (let at = 0; at < slots.length; at++) {
      slots[at] = result.dataAt(at);
      this.scores[slots[at]] = result.scores[at];
    }
    const counted = this.facets(docs, slots, filter.allFacetValues ? Infinity : repo.FACET_LIMIT);
    const facets = counted.filter((entry) => entry.facet !== KEYWORD);
    const keywords = counted.filter((entry) => entry.facet === KEYWORD).map(({ value, count }) => ({ keyword: value, count }));
    const page = await this.page(db, docs, slots, filter);
    const written = await this.written(db, docs, page, itemsAs, facets);
    this.stats.answered++;
    const answer: IndexAnswer = { items: written.items, total: slots.length, facets: labelled(facets, written.labels), keywords };
    if (itemsAs === 'json') {
      const docNoOf = new Map(page.map((slot) => [docs.id(slot), String(docs.docNo[slot])]));
      answer.matches = matchesOf({ matchedTerms: (uuid) => result.matchedTerms(docNoOf.get(uuid) ?? ''), via: (uuid) => result.via(docNoOf.get(uuid) ?? '') }, written.items.map(shownTexts));
      if (slots.length === 0) {
        // Only words of the datasets the caller may see in this list lend a correction: its state's
        // (a visitor's: active ones; withdrawn ones only for editors, who alone may ask for them),
        // whatever the other filters (the answer is kept per filter, never per caller).
        const active = filter.state === 'active' ? 1 : 0;
        const inState = (_id: string, slot: number) => docs.active[slot] === active;
        const corrected = askEngine(engine, 'didYouMean', filter.q, syntax, { visible: inState }, extra);
        if (corrected !== null) answer.didYouMean = corrected;
      }
    }
    return answer;
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

  private facets(docs: Documents, slots: Int32Array, limit: number): { facet: number; value: string; count: number }[] {
    // Only the codes the matches have are visited: keywords make the codes many, a search's few.
    this.codeCounts = growTo(this.codeCounts, docs.codeFacet.length);
    const counts = this.codeCounts;
    const touched: number[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
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
      if (taken++ < limit) top.push(entry);
    }
    return top;
  }

  /**
   * The slots on the asked page, in order: by relevance (the engine's score, then newest) or by
   * date here, or by title or name in PostgreSQL (its collation orders them).
   */
  private async page(db: QueryBuilder, docs: Documents, slots: Int32Array, filter: repo.DatasetFilter): Promise<number[]> {
    const need = filter.offset + filter.limit;
    if (!need || filter.offset >= slots.length) return [];
    const byScore = filter.ckanSort === undefined || filter.ckanSort[0]?.key === 'score';
    if (filter.sort === 'title' || filter.sort === 'name' || !byScore) {
      const docNos = await repo.orderedDocNos(db, Array.from(slots, (slot) => docs.docNo[slot]), filter);
      return docNos.flatMap((docNo) => docs.slotOf.get(docNo) ?? []);
    }
    // Relevance: the engine's score, then newest; newest: by date, then the later row.
    const laterRow = (a: number, b: number) => docs.docNo[b] - docs.docNo[a];
    let scores = this.scores;
    if (filter.ckanSort?.[0]?.direction === 'asc') {
      // CKAN's `score asc`: the least relevant first.
      scores = new Float64Array(this.scores.length);
      for (const slot of slots) scores[slot] = -this.scores[slot];
    }
    const ordered = filter.sort === 'relevance' ? firstByKeys(slots, need, scores, docs.modified, laterRow) : firstByKeys(slots, need, docs.modified, null, laterRow);
    return ordered.slice(filter.offset, need);
  }
}

/** A list item's texts as the list shows them: its titles and summaries per language. */
function shownTexts(item: string): { id: string; texts: ShownText[] } {
  let shown = shownOfItem.get(item);
  if (shown === undefined) shownOfItem.set(item, (shown = readShownTexts(item)));
  return shown;
}

/** Items' texts as read for highlights, by the item's JSON (the same pages recur, and parsing each again was a twenty-fifth of a new search's time). */
const shownOfItem = new LRUCache<string, { id: string; texts: ShownText[] }>({ max: 2000 });

function readShownTexts(item: string): { id: string; texts: ShownText[] } {
  const { id, title, summary } = JSON.parse(item) as { id: string; title: Record<string, string>; summary: Record<string, string> };
  const texts: ShownText[] = [];
  for (const [lang, text] of Object.entries(title ?? {})) texts.push({ field: 'title', lang, text });
  for (const [lang, text] of Object.entries(summary ?? {})) texts.push({ field: 'summary', lang, text });
  return { id, texts };
}

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
 * The search index is the database's own (its documents and postings, patched in place as the
 * catalogue changes), so it lives beside the database rather than in the cache.
 */
const indexes = new WeakMap<QueryBuilder, CatalogIndex>();

/** The index of this database's catalogue (one per connection pool, made on first use). */
export function catalogIndex(db: QueryBuilder): CatalogIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = new CatalogIndex()));
  return index;
}
