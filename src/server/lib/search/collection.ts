import { sql, type RawBuilder } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { SEARCH_LANGUAGES, tokens, type SearchLanguage } from './analyze.ts';
import { SearchIndex, type SearchDocument, type SearchField, type SearchFieldName, type SearchResult } from './engine.ts';
import { parseQuery } from './query.ts';

/**
 * A small collection's search index (institutions, dialogues, recommendations, the glossary…:
 * thousands of rows at most; design §3.4): one per database (query builder), loaded whole from
 * the feature's loader, and loaded again whole when the collection's `search_versions` row has
 * moved (migration 0022: once per writing transaction, whatever the rows). A reload of a few
 * thousand short documents costs less than following changed rows would cost in code.
 *
 * Each server follows the database on its own: a change written through another server (or
 * straight into the database) is seen by the next search that reads the version.
 */

/** The index of one version of a collection, complete: a reload builds a new one and swaps it in. */
export interface LoadedCollection<D extends SearchDocument = SearchDocument> {
  index: SearchIndex;
  /** The collection's version read before its rows were: the rows are at least as new. */
  version: number;
  /** The documents by id, as the loader gave them (their texts, for phrases, and whatever else the feature keeps). */
  docs: ReadonlyMap<string, D>;
}

interface State<D extends SearchDocument> {
  loaded: LoadedCollection<D> | null;
  /** The load under way, which every caller that needs it shares. */
  loading: Promise<LoadedCollection<D>> | null;
}

export class SearchCollection<D extends SearchDocument = SearchDocument> {
  private readonly states = new WeakMap<QueryBuilder, State<D>>();
  /** Loads done (for tests and measurements). */
  loads = 0;

  constructor(
    readonly name: string,
    private readonly load: (db: QueryBuilder) => Promise<D[]>,
  ) {}

  /** The collection's version as a column of the caller's statement, so a page and the version it was read at come back together. */
  versionColumn(): RawBuilder<number> {
    return sql<number>`(select version from search_versions where collection = ${this.name})`;
  }

  /** The collection's version now (one tiny query); 0 before its first write when it has no row. */
  async readVersion(db: QueryBuilder): Promise<number> {
    const { rows } = await sql<{ version: number | string }>`select version from search_versions where collection = ${this.name}`.execute(db);
    return rows.length ? Number(rows[0].version) : 0;
  }

  private state(db: QueryBuilder): State<D> {
    let state = this.states.get(db);
    if (!state) this.states.set(db, (state = { loaded: null, loading: null }));
    return state;
  }

  /**
   * The index at `version` (or newer), loading it when the one kept is older or there is none.
   * Callers that arrive during a load share it; a load that fails leaves the kept index as it was.
   */
  private async at(db: QueryBuilder, version: number | null): Promise<LoadedCollection<D>> {
    const state = this.state(db);
    for (;;) {
      if (state.loaded && version !== null && state.loaded.version >= version) return state.loaded;
      const pending = state.loading;
      if (!pending) break;
      const shared = await pending.catch(() => null);
      // The shared load may have read an older version than the caller saw (or failed): then one more.
      if (shared && (version === null || shared.version >= version)) return shared;
      if (state.loading === pending) state.loading = null;
    }
    const loading = (async () => {
      // The version first, then the rows: rows read later are at least as new as the version says.
      const seen = await this.readVersion(db);
      const docs = await this.load(db);
      const index = new SearchIndex();
      index.addAll(docs);
      this.loads++;
      return { index, version: seen, docs: new Map(docs.map((doc) => [doc.id, doc])) };
    })();
    state.loading = loading;
    try {
      const loaded = await loading;
      // A slower load of an older version never replaces a newer one.
      if (!state.loaded || loaded.version >= state.loaded.version) state.loaded = loaded;
      return state.loaded;
    } finally {
      if (state.loading === loading) state.loading = null;
    }
  }

  /** The index as new as the database's version now (one tiny query, and a load when it moved). */
  async current(db: QueryBuilder): Promise<LoadedCollection<D>> {
    return this.at(db, await this.readVersion(db));
  }

  /**
   * Answers from the index as it is, checked after the fact: `answer` reads its page with
   * `versionColumn()` in the same statement and returns the version it saw (or null when it read
   * no row to carry it: then the version is read on its own). When the collection moved past the
   * index, the index catches up and `answer` runs once more. So a search that finds the index
   * current costs no round trip of its own.
   */
  async answer<R>(db: QueryBuilder, answer: (loaded: LoadedCollection<D>) => Promise<{ version: number | null; result: R }>): Promise<R> {
    const state = this.state(db);
    const first = state.loaded ?? (await this.at(db, null));
    const { version, result } = await answer(first);
    const seen = version ?? (await this.readVersion(db));
    if (Number(seen) === first.version) return result;
    return (await answer(await this.at(db, Number(seen)))).result;
  }
}

/** What a ranked search hands to SQL: the ids found, each with its rank (0 best; equal ranks keep the list's own order). */
export interface RankedHits {
  ids: string[];
  ranks: number[];
}

/** A hit's rank as a SQL expression over the list's id column (`d.id`), for ORDER BY: the ranks as one jsonb id → rank parameter. */
export function rankOrder(ranked: RankedHits, idColumn: string): RawBuilder<number> {
  const rankOf = JSON.stringify(Object.fromEntries(ranked.ids.map((id, i) => [id, ranked.ranks[i]])));
  return sql<number>`(${rankOf}::jsonb ->> ${sql.ref(idColumn)}::text)::int`;
}

/**
 * How a title holds the query's words, in order, exactly (folded): 0 a title is the words, 1 starts
 * with them, 2 holds them, 3 none does. A list sorted by relevance puts these before the score,
 * as the lists did before the engine (by `ilike`): a name typed whole comes first.
 */
export function phraseRank(queryKeys: readonly string[], titles: readonly string[] | readonly (readonly string[])[]): number {
  if (queryKeys.length === 0) return 3;
  let best = 3;
  for (const title of titles) {
    const keys = typeof title === 'string' ? titleKeys(title) : title;
    for (let start = 0; start + queryKeys.length <= keys.length && best > 0; start++) {
      let i = 0;
      while (i < queryKeys.length && keys[start + i] === queryKeys[i]) i++;
      if (i < queryKeys.length) continue;
      best = Math.min(best, start > 0 ? 2 : keys.length === queryKeys.length ? 0 : 1);
    }
    if (best === 0) break;
  }
  return best;
}

/** A title's word keys in order, as `phraseRank` compares them. */
function titleKeys(title: string): string[] {
  return tokens(title)
    .filter((t) => t.kind !== 'joined')
    .map((t) => t.key);
}

/** Each document's title keys, analysed once per load (a document object lives as long as its load). */
const titleKeysOf = new WeakMap<object, string[][]>();

/** The folded keys of a query's words, in order (the first alternative of each group), for `phraseRank`. */
export function queryKeys(q: string): string[] {
  return parseQuery(q).groups.flatMap((units) => units[0].words.filter((w) => w.kind !== 'joined').map((w) => w.key));
}

/**
 * A search's hits as SQL takes them. With `relevance`: the exact reference first (`exact`), then by
 * `phraseRank` over the titles `titlesOf` gives, then by score; hits equal in all three share a
 * rank, so the list's own order decides among them. Without: every hit rank 0.
 */
export function rankHits<D extends SearchDocument>(
  loaded: LoadedCollection<D>,
  result: SearchResult,
  q: string,
  options: { relevance: boolean; exact?: (doc: D) => boolean; titlesOf?: (doc: D) => readonly string[] },
): RankedHits {
  const ids = result.hits.map((h) => h.id);
  if (!options.relevance) return { ids, ranks: ids.map(() => 0) };
  const keys = queryKeys(q);
  const keyed = result.hits.map(({ id, score }) => {
    const doc = loaded.docs.get(id);
    const exact = doc && options.exact?.(doc) ? 0 : 1;
    let titles = doc && titleKeysOf.get(doc);
    if (doc && !titles) titleKeysOf.set(doc, (titles = (options.titlesOf ? options.titlesOf(doc) : doc.fields.filter((f) => f.field === 'title').map((f) => f.text)).map(titleKeys)));
    const phrase = titles ? phraseRank(keys, titles) : 3;
    return { id, exact, phrase, score };
  });
  keyed.sort((a, b) => a.exact - b.exact || a.phrase - b.phrase || b.score - a.score);
  const ranks: number[] = [];
  let rank = 0;
  keyed.forEach((hit, i) => {
    const before = keyed[i - 1];
    if (before && (before.exact !== hit.exact || before.phrase !== hit.phrase || before.score !== hit.score)) rank++;
    ranks.push(rank);
  });
  return { ids: keyed.map((h) => h.id), ranks };
}

/** A localised text (`{ fi: …, et: … }`) as a document's fields, each in its language (a key that is none we stem: no language). */
export function localizedFields(text: Readonly<Record<string, string | undefined>> | null | undefined, field: SearchFieldName): SearchField[] {
  if (!text) return [];
  return Object.entries(text).flatMap(([lang, value]) =>
    value ? [{ field, lang: (SEARCH_LANGUAGES as readonly string[]).includes(lang) ? (lang as SearchLanguage) : null, text: value }] : [],
  );
}

/** A reference as the lists give them (`DL-2026-0007`, `RC-2026-0003`, `BN-2026-12`). */
const REFERENCE = /^[A-Za-z]{2,3}-\d{4}-\d{1,6}$/;

/**
 * The words to search for: a reference typed whole is searched as written (a phrase of one word:
 * no typos, so `RC-2026-0002` does not find `RC-2026-0001`); the list puts the item that has it
 * first by its own short-cut.
 */
export function searchWords(q: string): string {
  const trimmed = q.trim();
  return REFERENCE.test(trimmed) ? `"${trimmed}"` : q;
}

/** A word being typed is completed when it has this many letters or more … */
const COMPLETE_MIN_LETTERS = 3;
/** … by at most this many of the collection's words that start with it, the most frequent first. */
const MAX_COMPLETIONS = 8;

/**
 * The query as a list searched while it is typed reads it (the pickers, the directory's filter
 * box): the last word, when nothing follows it, also stands for the collection's words it begins
 * (`Social Insur` finds `Social Insurance…`; ORed, so the word as typed still counts), and a last
 * word of one or two letters that is no word of the collection is not required yet (`Social I`).
 * A query that ends in a space, a quote or a dash is read as it is.
 */
export function asYouType(index: SearchIndex, q: string): string {
  if (q.length === 0 || /[\s"'\-]$/u.test(q)) return q;
  const query = parseQuery(q);
  const lastGroup = query.groups.at(-1);
  const unit = lastGroup?.at(-1);
  const word = unit?.words.at(-1);
  if (!word || unit!.phrase || word.kind !== 'word' || word.long || word.end !== q.length) return q;
  const lexicon = index.lexicon;
  const letters = Array.from(word.key).length;
  if (letters < COMPLETE_MIN_LETTERS) {
    const known = lexicon.id(word.key);
    const others = query.groups.length > 1 || unit!.words.length > 1;
    return others && (known === undefined || lexicon.count(known) === 0) ? q.slice(0, word.start) : q;
  }
  const completions: { key: string; count: number }[] = [];
  lexicon.keys.forEach((key, id) => {
    if (key.length > word.key.length && key.startsWith(word.key) && !key.startsWith('\u0000')) {
      const count = lexicon.count(id);
      if (count > 0) completions.push({ key, count });
    }
  });
  if (completions.length === 0) return q;
  completions.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return `${q.slice(0, word.start)}${[word.text, ...completions.slice(0, MAX_COMPLETIONS).map((c) => c.key)].join(' or ')}`;
}
