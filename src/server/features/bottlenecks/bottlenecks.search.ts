import type { QueryBuilder } from '../../db/tables.ts';
import { SEARCH_LANGUAGES, type SearchLanguage } from '../../lib/search/analyze.ts';
import { firstByKeys } from '../../lib/arrays.ts';
import { SearchIndex, withExtra, type SearchDocument, type SearchOptions, type SearchResult } from '../../lib/search/engine.ts';
import * as repo from './bottlenecks.repository.ts';
import type { IndexRow, ListFilter } from './bottlenecks.repository.ts';
import type { SearchVia } from '../../../shared/schemas/search.ts';
import type { ConceptSearch } from '../glossary/glossary.service.ts';

/**
 * The register's search (issue 15, design §3.4, §3.9): every bottleneck's title and description
 * in each language it is written in, with its domain, topics and countries as concept codes, in
 * the search engine (`lib/search/`), and beside it what the list filters and sorts by. A search
 * with words is answered here (matches, filters, order, total, the page's ids); PostgreSQL then
 * writes the page's items and says in the same statement whether the register moved meanwhile.
 *
 * The index follows the database as the catalogue's does (migrations 0011, 0024): the version in
 * `search_versions` says whether anything changed; the rows that did are found by the transaction
 * that wrote them (`changed_xid`), so a support or a status change reads one row, not the register.
 */

/** Past this many changed rows at once the index reads the whole register again rather than patch. */
const PATCH_LIMIT = 500;
/** Rows per statement in a full load. */
const LOAD_BATCH = 5_000;
/** Searches kept per register version (the first ids in order, with what they matched). */
const KEPT_SEARCHES = 64;
/**
 * The first this many found bottlenecks are put in order, and what they matched noted, when they
 * are found; the engine's result, which holds arrays as long as the register, is then let go
 * (kept, a few of them filled the heap). A page beyond is searched again.
 */
const NOTED = 100;

/** What the filters and sorts read of a bottleneck (instants in microseconds, as PostgreSQL keeps them), kept with its document in the engine. */
export interface Entry {
  ref: string;
  status: string;
  domain: string;
  countries: readonly string[];
  topics: readonly string[];
  institution: string | null;
  assigned: readonly string[];
  reporter: string | null;
  created: number;
  updated: number;
  support: number;
  due: number;
  /** The indexed text's fingerprint: a row whose text is unchanged is not analysed again. */
  text: number;
}

/** What a search found: every visible match in the list's order, and what each matched (for highlights). */
export interface Found {
  /** The register's version and resets the index had read when it searched. */
  version: number;
  resets: number;
  /** The first found (at least as many as asked for, `NOTED` at least), in the list's order. */
  ids: string[];
  /** How many were found. */
  total: number;
  /** What the first `NOTED` found matched (for highlights); `undefined` beyond. */
  matched: Map<string, string[]>;
  /** How a word of another language found each of the first `NOTED` (the glossary's terms; none when its own words did). */
  via: Map<string, SearchVia[]>;
  /** The query with its unmatched words corrected, among what the caller may see, when nothing was found. */
  didYouMean: string | null;
}

/**
 * Every call of the search engine for the register goes through here: `extra` is what the
 * glossary adds (concepts, other languages) once it is wired. The caller's `visible` always
 * holds: an extra `visible` can only narrow it.
 */
export function searchRegister(engine: SearchIndex<Entry>, q: string, options: SearchOptions<Entry>, extra: Partial<SearchOptions> = {}): { result: SearchResult<Entry>; didYouMean(): string | null } {
  const merged = withExtra(options, extra);
  return { result: engine.search(q, merged), didYouMean: () => engine.didYouMean(q, merged) };
}

const LANGUAGES = new Set<string>(SEARCH_LANGUAGES);
const asLanguage = (lang: string): SearchLanguage | null => (LANGUAGES.has(lang) ? (lang as SearchLanguage) : null);

/** FNV-1a over the texts: equal texts, equal number (a different one almost surely differs). */
function fingerprint(texts: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0xff, 0x01000193);
  }
  return hash >>> 0;
}

/** The same arrays for equal values (most bottlenecks share a few combinations of countries and topics). */
const shared = new Map<string, readonly string[]>();
function sharedArray(values: readonly string[]): readonly string[] {
  const key = values.join('\u0000');
  let kept = shared.get(key);
  if (!kept) shared.set(key, (kept = Object.freeze([...values])));
  return kept;
}

function documentOf(row: IndexRow): SearchDocument {
  const [, id, , title, description, , domain, countries, topics] = row;
  return {
    id,
    fields: [
      ...Object.entries(title).map(([lang, text]) => ({ field: 'title' as const, lang: asLanguage(lang), text })),
      ...Object.entries(description).map(([lang, text]) => ({ field: 'description' as const, lang: asLanguage(lang), text })),
    ],
    concepts: [`domain:${domain}`, ...topics.map((topic) => `topic:${topic}`), ...countries.map((country) => `country:${country}`)],
  };
}

const OVERDUE_STATUSES = new Set(['published', 'under_assessment']);

/** Whether a bottleneck passes the filter (statuses are what the caller may see, as `resolveFilter` made them). */
function passes(entry: Entry, filter: ListFilter, statuses: ReadonlySet<string>, now: number): boolean {
  if (!statuses.has(entry.status)) return false;
  if (filter.domain && entry.domain !== filter.domain) return false;
  if (filter.country && !entry.countries.includes(filter.country)) return false;
  if (filter.topic && !entry.topics.includes(filter.topic)) return false;
  if (filter.reporterId && entry.reporter !== filter.reporterId) return false;
  if (filter.institution && entry.institution !== filter.institution && !entry.assigned.includes(filter.institution)) return false;
  if (filter.overdue && !(OVERDUE_STATUSES.has(entry.status) && entry.due < now)) return false;
  if (filter.refs?.length && !filter.refs.some((ref) => ref.toUpperCase() === entry.ref)) return false;
  if (filter.reportedFrom && entry.created < filter.reportedFrom.getTime() * 1000) return false;
  if (filter.reportedTo && entry.created > filter.reportedTo.getTime() * 1000) return false;
  return true;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An order of a search's matches, by their places in it: one or two numbers of each, most first, then `tieBreak`. */
interface MatchOrder {
  first: Float64Array;
  second: Float64Array | null;
  tieBreak: (a: number, b: number) => number;
}

/** The register's engine: each entry's date kept beside it (`orderKey`), as every order's ties are broken by it. */
const newEngine = () => new SearchIndex<Entry>({ orderKey: (entry) => entry.created });

/** Last of every order: by id, as the SQL lists break ties. */
const byIdAt = (found: SearchResult<Entry>) => (a: number, b: number) => byId(found.idAt(a), found.idAt(b));

/**
 * By a number of each match, most first, then newest and by id. The numbers are read into an
 * array once: the entries are an object each, far apart in memory.
 */
const mostFirst =
  (value: (entry: Entry) => number) =>
  (found: SearchResult<Entry>): MatchOrder => {
    const values = new Float64Array(found.count);
    for (let at = 0; at < values.length; at++) values[at] = value(found.dataAt(at));
    return { first: values, second: found.orderKeys, tieBreak: byIdAt(found) };
  };

/** The list's orders, as the SQL lists order: relevance (the engine's score), newest, most supported or last updated, each then newest and by id. */
const LIST_ORDER: Record<ListFilter['sort'], (found: SearchResult<Entry>) => MatchOrder> = {
  relevance: (found) => ({ first: found.scores, second: found.orderKeys, tieBreak: byIdAt(found) }),
  newest: (found) => ({ first: found.orderKeys, second: null, tieBreak: byIdAt(found) }),
  supported: mostFirst((entry) => entry.support),
  updated: mostFirst((entry) => entry.updated),
};

export class RegisterIndex {
  /** Each bottleneck's document, with its `Entry` kept beside it. */
  private engine = newEngine();
  /** The version and deletion count the index has read up to, and the snapshot it last read in (`xmin:xmax:running`). */
  version = -1;
  resets = -1;
  private horizon = '';
  private syncing: Promise<void> | null = null;
  private kept = new Map<string, Found>();
  private keptVersion = -1;
  /** What the index has done, for tests and logs. */
  readonly stats = { reloads: 0, changeReads: 0, analysed: 0, searches: 0 };

  /** Bottlenecks in the index. */
  get size(): number {
    return this.engine.size;
  }

  /** Reads the register the first time (searches before it is read wait for it). */
  async ready(db: QueryBuilder): Promise<void> {
    if (this.version >= 0) return;
    const state = await repo.indexState(db);
    await this.catchUp(db, state.version, state.resets);
  }

  /** Reads what changed since the index last looked (everything, the first time or after a deletion). */
  async catchUp(db: QueryBuilder, version: number, resets: number): Promise<void> {
    // A newer deletion count than the caller's means the caller looked earlier: the index is newer still.
    while (this.resets < resets || (this.resets === resets && this.version < version)) {
      if (!this.syncing) this.syncing = (this.resets < resets ? this.reload(db) : this.readChanges(db)).finally(() => (this.syncing = null));
      await this.syncing;
    }
  }

  private async reload(db: QueryBuilder): Promise<void> {
    const state = await repo.indexState(db);
    const engine = newEngine();
    const batch: SearchDocument[] = [];
    const entries: Entry[] = [];
    for (let after = 0; ; ) {
      const rows = await repo.indexRows(db, after, LOAD_BATCH);
      if (!rows.length) break;
      for (const row of rows) {
        batch.push(documentOf(row));
        entries.push(entryOf(row));
      }
      after = rows[rows.length - 1][0];
    }
    engine.addAll(batch, entries);
    this.engine = engine;
    this.stats.reloads++;
    this.stats.analysed += batch.length;
    Object.assign(this, { version: state.version, resets: state.resets, horizon: state.horizon });
  }

  private async readChanges(db: QueryBuilder): Promise<void> {
    const changes = await repo.indexChanges(db, this.horizon, PATCH_LIMIT + 1);
    // Many changes at once (a bulk load) are read as the whole register is, in batches.
    if (changes.resets !== this.resets || changes.rows.length > PATCH_LIMIT) return this.reload(db);
    for (const row of changes.rows) {
      const entry = entryOf(row);
      if (this.engine.dataOf(row[1])?.text !== entry.text) {
        this.engine.add(documentOf(row), entry);
        this.stats.analysed++;
      } else this.engine.setData(row[1], entry);
    }
    this.stats.changeReads++;
    Object.assign(this, { version: changes.version, horizon: changes.horizon });
  }

  /**
   * Every bottleneck the words find that passes the filter (its statuses being what the caller
   * may see), in the filter's order: relevance (the engine's score, newest first among equals),
   * newest, most supported or last updated, each then newest and by id, as the SQL lists order.
   */
  find(q: string, filter: ListFilter, concepts?: ConceptSearch, upTo = NOTED): Found {
    const filterKey = JSON.stringify([filter.statuses, filter.domain, filter.country, filter.topic, filter.institution, filter.reporterId, filter.refs, filter.reportedFrom, filter.reportedTo]);
    const key = JSON.stringify([q, concepts?.version ?? null, filter.sort, filterKey]);
    // `overdue` moves with the clock, not with the register: such a search is not kept.
    const keep = !filter.overdue && upTo <= NOTED;
    if (this.keptVersion !== this.version || this.kept.size >= KEPT_SEARCHES) {
      this.kept.clear();
      this.keptVersion = this.version;
    }
    const known = keep ? this.kept.get(key) : undefined;
    if (known) return known;
    const statuses = new Set<string>(filter.statuses);
    const now = Date.now() * 1000;
    const visible = (_id: string, entry: Entry | undefined) => entry !== undefined && passes(entry, filter, statuses, now);
    const allowed = filter.overdue ? undefined : this.engine.allowedFor(filterKey, visible);
    // Unordered: only the first page or few are put in order here (`firstByKeys`), not every match.
    const { result, didYouMean } = searchRegister(this.engine, q, { visible, allowed, unordered: true }, concepts?.options);
    const { first, second, tieBreak } = LIST_ORDER[filter.sort](result);
    const ids = firstByKeys(result.count, Math.max(upTo, NOTED), first, second, tieBreak).map((at) => result.idAt(at));
    const matched = new Map<string, string[]>();
    const via = new Map<string, SearchVia[]>();
    for (const id of ids) {
      matched.set(id, result.matchedTerms(id));
      const crossed = result.via(id);
      if (crossed.length > 0) via.set(id, crossed);
    }
    const total = result.count;
    const found: Found = { version: this.version, resets: this.resets, ids, total, matched, via, didYouMean: total === 0 ? didYouMean() : null };
    this.stats.searches++;
    if (keep) this.kept.set(key, found);
    return found;
  }
}

/** Whether what the database said (in the statement that read a page) is what the search saw. */
export function isCurrent(found: Found, version: number, resets: number): boolean {
  return resets < found.resets || (resets === found.resets && version <= found.version);
}

function entryOf(row: IndexRow): Entry {
  const [, , ref, title, description, status, domain, countries, topics, institution, assigned, reporter, created, updated, support, due] = row;
  return {
    ref,
    status,
    domain,
    countries: sharedArray(countries),
    topics: sharedArray(topics),
    institution,
    assigned: assigned.length ? assigned : sharedArray([]),
    reporter,
    created,
    updated,
    support,
    due: due ?? Infinity,
    text: fingerprint([...Object.entries(title).flat(), '\u0001', ...Object.entries(description).flat()]),
  };
}

/**
 * The index is the database's own (its documents, patched in place as the register changes), so
 * it lives beside the database's query builder rather than in the cache: one per database.
 */
const indexes = new WeakMap<QueryBuilder, RegisterIndex>();

/** The register's search index of this database (one per query builder, made on first use). */
export function registerIndex(db: QueryBuilder): RegisterIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = new RegisterIndex()));
  return index;
}

/** Reads the register into its search index ahead of the first search. */
export function loadRegisterIndex(db: QueryBuilder): Promise<void> {
  return registerIndex(db).ready(db);
}
