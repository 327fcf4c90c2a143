import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { GLOSSARY_LANGUAGES, type GlossaryCreate, type GlossaryEntry, type GlossaryList, type GlossaryPatch, type GlossaryQuery, type GlossaryTerms } from '../../../shared/schemas/glossary.ts';
import { problems } from '../../plugins/problems.ts';
import { isUuid } from '../../lib/refs.ts';
import { SearchIndex, type SearchOptions } from '../../lib/search/engine.ts';
import { compileConcepts, type ConceptMatcher } from '../../lib/search/concepts.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { GLOSSARY_SEED } from './glossary.seed.ts';

/**
 * The glossary: its rows, the editors' changes to them, and what every search takes from them
 * (`searchConcepts`). A small collection (hundreds of rows): each server keeps all of it in
 * memory with its search index and concept matcher, and reads it again whole when the
 * collection's version in `search_versions` moves (migration 0022, design §3.4).
 *
 * The lead will move the following into `lib/search/collection.ts` (another helper's, not merged
 * yet): `glossaryState` is that pattern written for this one collection.
 */

interface Row {
  id: string;
  key: string | null;
  terms: GlossaryTerms;
  concept: string | null;
  seeded: boolean;
  edited: boolean;
  reviewed: boolean;
  updated_at: Date;
}

function termsOf(terms: GlossaryTerms): GlossaryEntry['terms'] {
  return { fi: terms.fi ?? [], et: terms.et ?? [], en: terms.en ?? [], sv: terms.sv ?? [], ru: terms.ru ?? [] };
}

function toEntry(row: Row): GlossaryEntry {
  return { id: row.id, key: row.key, terms: termsOf(row.terms), concept: row.concept, seeded: row.seeded, edited: row.edited, reviewed: row.reviewed, updatedAt: row.updated_at.toISOString() };
}

/** Terms trimmed, empty and repeated ones dropped (a repeat by case too), languages without any left out. */
export function cleanTerms(terms: GlossaryTerms): GlossaryTerms {
  const out: GlossaryTerms = {};
  for (const lang of GLOSSARY_LANGUAGES) {
    const seen = new Set<string>();
    const kept: string[] = [];
    for (const raw of terms[lang] ?? []) {
      const term = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
      const folded = term.toLocaleLowerCase();
      if (term === '' || seen.has(folded)) continue;
      seen.add(folded);
      kept.push(term);
    }
    if (kept.length > 0) out[lang] = kept;
  }
  return out;
}

function requireTerms(terms: GlossaryTerms): GlossaryTerms {
  const clean = cleanTerms(terms);
  if (Object.keys(clean).length === 0) {
    throw problems.badRequest('An entry needs a term in at least one language.', [{ path: 'body/terms', code: 'too-few', message: 'must have at least one term', params: { limit: 1 } }]);
  }
  return clean;
}

// ---------------------------------------------------------------------------------------------
// The collection in memory

interface GlossaryState {
  version: string;
  entries: GlossaryEntry[];
  byId: Map<string, GlossaryEntry>;
  index: SearchIndex;
  matcher: ConceptMatcher;
}

const states = new WeakMap<QueryBuilder, { state: GlossaryState | null; loading: Promise<GlossaryState> | null }>();

/**
 * The glossary's version as a column of another statement (`version.resets`; '0' before its first
 * write), so a list reads it with its page and no round trip of its own (`conceptsAt`).
 */
export const GLOSSARY_VERSION = sql<string>`coalesce((select version::text || '.' || resets::text from search_versions where collection = 'glossary'), '0')`;

async function versionOf(db: QueryBuilder): Promise<string> {
  const { rows } = await sql<{ version: string }>`select ${GLOSSARY_VERSION} as version`.execute(db);
  return rows[0].version;
}

async function load(db: QueryBuilder): Promise<GlossaryState> {
  // Version first: a write after it moves it again, and the next caller reads again.
  const version = await versionOf(db);
  const rows = (await db.selectFrom('glossary_entries').select(['id', 'key', 'terms', 'concept', 'seeded', 'edited', 'reviewed', 'updated_at']).execute()) as Row[];
  const entries = rows.map(toEntry).sort(byShownTerm);
  const index = new SearchIndex();
  index.addAll(entries.map((entry) => ({ id: entry.id, fields: GLOSSARY_LANGUAGES.flatMap((lang) => entry.terms[lang].map((text) => ({ field: 'title' as const, lang, text }))) })));
  return { version, entries, byId: new Map(entries.map((e) => [e.id, e])), index, matcher: compileConcepts(entries) };
}

/** The glossary as this server holds it, read again when its version moved (one small query when it did not). */
export async function glossaryState(db: QueryBuilder): Promise<GlossaryState> {
  return glossaryStateAt(db, await versionOf(db));
}

/** The glossary at `version` (as read by the caller's own statement), read again when the one held is another. */
async function glossaryStateAt(db: QueryBuilder, version: string): Promise<GlossaryState> {
  let slot = states.get(db);
  if (!slot) states.set(db, (slot = { state: null, loading: null }));
  if (slot.state && slot.state.version === version) return slot.state;
  const current = slot;
  const ours = current.loading === null;
  const loading =
    current.loading ??
    (current.loading = load(db).then(
      (state) => {
        current.state = state;
        current.loading = null;
        return state;
      },
      (error: unknown) => {
        current.loading = null;
        throw error;
      },
    ));
  const state = await loading;
  if (ours || state.version === version) return state;
  // Another caller's load, begun before this caller's version moved, may be older than it: read once more.
  const fresh = await load(db);
  current.state = fresh;
  return fresh;
}

/** What every list's search takes from the glossary and the vocabularies, and the glossary's version it was built from. */
export interface ConceptSearch {
  /** Beside the list's own options in `SearchIndex.search` and `didYouMean`. */
  options: Pick<SearchOptions, 'concepts' | 'translations' | 'wordsKey'>;
  /** Part of the key of any answer a list keeps: a glossary change changes what words find. */
  version: string;
}

/**
 * What the lists' searches take from the glossary and the vocabularies: the concept codes a query
 * word names and its terms in other languages. It follows the glossary's changes
 * (`search_versions('glossary')`: one small query, and a reload when it moved).
 */
export async function searchConcepts(db: QueryBuilder): Promise<ConceptSearch> {
  return conceptSearch(await glossaryState(db));
}

/**
 * The same at the version a list's own statement read (`GLOSSARY_VERSION`), or, with none, as
 * this server holds it without asking (read once if it holds none): the list compares the version
 * its page statement read and asks again with that one when they differ.
 */
export async function conceptsAt(db: QueryBuilder, version: string | null): Promise<ConceptSearch> {
  if (version !== null) return conceptSearch(await glossaryStateAt(db, version));
  const held = states.get(db)?.state;
  return conceptSearch(held ?? (await glossaryState(db)));
}

// The version names what the matchers answer, so each list's engine keeps what its words matched per version.
/**
 * A list's search with the glossary as this server holds it, run again with the version its page
 * statement read (`GLOSSARY_VERSION`, returned as `glossary`) when that differs: a search costs no
 * round trip of its own for the glossary while it has not moved. `glossary` null (the statement
 * read no row to carry it): the version is read on its own.
 */
export async function withConcepts<R>(db: QueryBuilder, search: (concepts: ConceptSearch) => Promise<{ glossary: string | null; result: R }>): Promise<R> {
  const held = await conceptsAt(db, null);
  const first = await search(held);
  const seen = first.glossary ?? (await versionOf(db));
  if (seen === held.version) return first.result;
  return (await search(await conceptsAt(db, seen))).result;
}

const conceptSearch = ({ matcher, version }: GlossaryState): ConceptSearch => ({ options: { concepts: matcher.concepts, translations: matcher.translations, wordsKey: `glossary ${version}` }, version });

/** The term an entry is listed by: its first English term, else the first of any language. */
function shownTerm(entry: GlossaryEntry): string {
  return entry.terms.en[0] ?? GLOSSARY_LANGUAGES.map((lang) => entry.terms[lang][0]).find(Boolean) ?? '';
}

function byShownTerm(a: GlossaryEntry, b: GlossaryEntry): number {
  return shownTerm(a).localeCompare(shownTerm(b), 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Reading and writing

export async function listGlossary(db: QueryBuilder, query: GlossaryQuery): Promise<GlossaryList> {
  const { q, missing, reviewed, prefix, limit = 20, offset = 0 } = query;
  const state = await glossaryState(db);
  const keep = (entry: GlossaryEntry) =>
    (missing === undefined || entry.terms[missing].length === 0) && (reviewed === undefined || entry.reviewed === reviewed) && (prefix === undefined || (entry.key?.startsWith(prefix) ?? false));
  const words = q?.trim();
  const order = new Map(state.entries.map((e, i) => [e.id, i]));
  const found = words
    ? state.index.search(words, { visible: (id) => keep(state.byId.get(id)!), tieBreak: (a, b) => order.get(a.id)! - order.get(b.id)! }).hits.map((h) => state.byId.get(h.id)!)
    : state.entries.filter(keep);
  return { items: found.slice(offset, offset + limit), total: found.length, limit, offset };
}

async function findRow(db: QueryBuilder, id: string): Promise<Row | undefined> {
  if (!isUuid(id)) return undefined;
  return (await db.selectFrom('glossary_entries').select(['id', 'key', 'terms', 'concept', 'seeded', 'edited', 'reviewed', 'updated_at']).where('id', '=', id).executeTakeFirst()) as Row | undefined;
}

export async function getGlossaryEntry(db: QueryBuilder, id: string): Promise<GlossaryEntry> {
  const row = await findRow(db, id);
  if (!row) throw problems.notFound('glossary entry');
  return toEntry(row);
}

export async function createGlossaryEntry(db: QueryBuilder, actorId: string, input: GlossaryCreate): Promise<GlossaryEntry> {
  const terms = requireTerms(input.terms);
  return db.transaction().execute(async (trx) => {
    const row = (await trx
      .insertInto('glossary_entries')
      .values({ terms: JSON.stringify(terms), concept: input.concept ?? null, reviewed: input.reviewed ?? false, edited: true, updated_by: actorId })
      .returning(['id', 'key', 'terms', 'concept', 'seeded', 'edited', 'reviewed', 'updated_at'])
      .executeTakeFirstOrThrow()) as Row;
    await recordAudit(trx, { actorId, action: 'glossary.created', entityType: 'glossary_entry', entityId: row.id, details: { terms, concept: row.concept } });
    return toEntry(row);
  });
}

export async function updateGlossaryEntry(db: QueryBuilder, actorId: string, id: string, patch: GlossaryPatch): Promise<GlossaryEntry> {
  const terms = patch.terms === undefined ? undefined : requireTerms(patch.terms);
  return db.transaction().execute(async (trx) => {
    const before = await findRow(trx, id);
    if (!before) throw problems.notFound('glossary entry');
    const row = (await trx
      .updateTable('glossary_entries')
      .set({
        ...(terms !== undefined ? { terms: JSON.stringify(terms) } : {}),
        ...(patch.concept !== undefined ? { concept: patch.concept } : {}),
        ...(patch.reviewed !== undefined ? { reviewed: patch.reviewed } : {}),
        // Any editor's change, a review too, keeps the seed from writing over it.
        edited: true,
        updated_by: actorId,
        updated_at: new Date(),
      })
      .where('id', '=', before.id)
      .returning(['id', 'key', 'terms', 'concept', 'seeded', 'edited', 'reviewed', 'updated_at'])
      .executeTakeFirstOrThrow()) as Row;
    await recordAudit(trx, { actorId, action: 'glossary.updated', entityType: 'glossary_entry', entityId: before.id, details: { before: toEntry(before), changes: { ...patch, ...(terms ? { terms } : {}) } } });
    return toEntry(row);
  });
}

export async function deleteGlossaryEntry(db: QueryBuilder, actorId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findRow(trx, id);
    if (!before) throw problems.notFound('glossary entry');
    await trx.deleteFrom('glossary_entries').where('id', '=', before.id).execute();
    await recordAudit(trx, { actorId, action: 'glossary.deleted', entityType: 'glossary_entry', entityId: before.id, details: { before: toEntry(before) } });
  });
}

/**
 * The seeded entries, added or brought up to date by key at every start; an entry an editor has
 * changed (or deleted) is theirs: the seed leaves it be. Unchanged rows are not written (the
 * collection's version moves only when the seed changed something).
 */
export async function seedGlossary(db: QueryBuilder): Promise<void> {
  const rows = GLOSSARY_SEED.map((entry) => ({ key: entry.key, terms: JSON.stringify(cleanTerms(entry.terms)), concept: entry.concept ?? null, seeded: true }));
  if (rows.length === 0) return;
  await db
    .insertInto('glossary_entries')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({ terms: eb.ref('excluded.terms'), concept: eb.ref('excluded.concept'), updated_at: new Date() }))
        .where('glossary_entries.edited', '=', false)
        .where((eb) => eb.or([sql<boolean>`glossary_entries.terms is distinct from excluded.terms`, sql<boolean>`glossary_entries.concept is distinct from excluded.concept`])),
    )
    .execute();
}

/** The ids of the entries with these seed keys (`planning:maakuntakaava`), for features that link to their own terms. */
export async function glossaryIdsByKey(db: QueryBuilder, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('glossary_entries').select(['id', 'key']).where('key', 'in', [...keys]).execute();
  return new Map(rows.map((row) => [row.key!, row.id]));
}
