import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * CKAN's `fq` (and the fielded part of `q`) as Solr's standard query parser reads it, over the
 * fields CKAN clients filter on. CKAN runs that parser with `q.op=AND`, and its clause rules are
 * Lucene's classic ones, quirks included: `a OR b c` makes `a` and `b` optional and `c` required,
 * so a filter is what a real CKAN source would answer, not what its writer may have meant
 * (ckanext-harvest writes its organisation filter and its date range that way).
 */

/** A leaf: a field's value (`null`: `field:*`, any value), or a range of dates in microseconds. */
export type FqLeaf =
  | { kind: 'term'; field: FqField; value: string | null }
  | { kind: 'range'; field: DateField; from: number | null; to: number | null; fromIncluded: boolean; toIncluded: boolean }
  | { kind: 'all' };

export type Occur = 'must' | 'should' | 'not';

/** A Lucene boolean query: every `must`, no `not`, and one `should` at least when there is no `must`. */
export interface FqGroup {
  kind: 'group';
  clauses: { occur: Occur; query: FqQuery }[];
}

export type FqQuery = FqLeaf | FqGroup;

const TERM_FIELDS = ['organization', 'owner_org', 'tags', 'res_format', 'groups', 'license_id', 'name', 'id', 'harvest_source_id', 'dataset_type', 'type', 'state', 'capacity', 'private'] as const;
const DATE_FIELDS = ['metadata_modified', 'metadata_created'] as const;
export type FqField = (typeof TERM_FIELDS)[number];
export type DateField = (typeof DATE_FIELDS)[number];
export const FQ_FIELDS: readonly string[] = [...TERM_FIELDS, ...DATE_FIELDS];

/** Why a filter cannot be read: answered as CKAN's Search Query Error. */
export class FqError extends Error {}

/** Nested parentheses past this are refused: no client writes them, and each level is a recursion. */
const MAX_DEPTH = 20;
const MAX_CLAUSES = 200;

type Token =
  | { kind: 'open' | 'close' | 'and' | 'or' | 'not' | 'plus' | 'minus' | 'all' }
  | { kind: 'fielded'; field: string; value: string | null; quoted: boolean }
  | { kind: 'fieldOpen'; field: string }
  | { kind: 'range'; field: string; from: string; to: string; fromIncluded: boolean; toIncluded: boolean }
  | { kind: 'word'; text: string; quoted: boolean };

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000';
const isFieldChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '.';
/** Characters that end a bare value (Lucene's specials that cannot stand inside one unescaped). */
const ENDS_BARE = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '[', ']', '{', '}', '^', '~', '\u3000']);

/** Reads the text into tokens in one pass; every loop moves forward, so no input can make it slow. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const bare = (): string => {
    let out = '';
    while (i < text.length && !ENDS_BARE.has(text[i])) {
      if (text[i] === '\\' && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
      } else out += text[i++];
    }
    return out;
  };
  const quoted = (): string => {
    i++; // the opening quote
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
      } else out += text[i++];
    }
    if (i >= text.length) throw new FqError('a quoted value is not closed');
    i++;
    return out;
  };
  const rangeEnd = (): string => {
    while (i < text.length && isSpace(text[i])) i++;
    if (text[i] === '"') return quoted();
    let out = '';
    while (i < text.length && !isSpace(text[i]) && text[i] !== ']' && text[i] !== '}') out += text[i++];
    return out;
  };
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (text.startsWith('*:*', i)) {
      tokens.push({ kind: 'all' });
      i += 3;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
      continue;
    }
    if ((c === '+' || c === '-' || c === '!') && i + 1 < text.length && !isSpace(text[i + 1])) {
      tokens.push({ kind: c === '+' ? 'plus' : c === '-' ? 'minus' : 'not' });
      i++;
      continue;
    }
    if ((c === '&' && text[i + 1] === '&') || (c === '|' && text[i + 1] === '|')) {
      tokens.push({ kind: c === '&' ? 'and' : 'or' });
      i += 2;
      continue;
    }
    if (c === '"') {
      tokens.push({ kind: 'word', text: quoted(), quoted: true });
      continue;
    }
    // A field name, then a colon: a fielded value, a fielded group or a range.
    let end = i;
    while (end < text.length && isFieldChar(text[end])) end++;
    if (end > i && text[end] === ':') {
      const field = text.slice(i, end);
      i = end + 1;
      const next = text[i];
      if (next === '(') {
        tokens.push({ kind: 'fieldOpen', field });
        i++;
      } else if (next === '[' || next === '{') {
        const fromIncluded = next === '[';
        i++;
        const from = rangeEnd();
        while (i < text.length && isSpace(text[i])) i++;
        if (text.slice(i, i + 2) !== 'TO') throw new FqError(`a range of ${field} needs "TO" between its ends`);
        i += 2;
        const to = rangeEnd();
        while (i < text.length && isSpace(text[i])) i++;
        if (text[i] !== ']' && text[i] !== '}') throw new FqError(`a range of ${field} is not closed with ] or }`);
        tokens.push({ kind: 'range', field, from, to, fromIncluded, toIncluded: text[i] === ']' });
        i++;
      } else if (next === '"') {
        tokens.push({ kind: 'fielded', field, value: quoted(), quoted: true });
      } else {
        const value = bare();
        if (value === '') throw new FqError(`${field}: has no value`);
        tokens.push({ kind: 'fielded', field, value: value === '*' ? null : value, quoted: false });
      }
      continue;
    }
    const word = bare();
    if (word === '') throw new FqError(`cannot read "${text.slice(i, i + 20)}"`);
    if (word === 'AND' || word === 'OR' || word === 'NOT') tokens.push({ kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not' });
    else tokens.push({ kind: 'word', text: word, quoted: false });
  }
  return tokens;
}

/** A Solr date (`2026-05-01T09:20:30.123456Z`, with or without its fraction, `NOW`, `NOW-1DAY`, `*`) in microseconds since 1970. */
export function solrDate(text: string, field: string): number | null {
  if (text === '*') return null;
  const now = /^NOW(?:([+-])(\d{1,6})(YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?$/.exec(text);
  if (now) {
    const at = new Date();
    if (now[1]) {
      const n = Number(now[2]) * (now[1] === '-' ? -1 : 1);
      const unit = now[3].replace(/S$/, '');
      if (unit === 'YEAR') at.setUTCFullYear(at.getUTCFullYear() + n);
      else if (unit === 'MONTH') at.setUTCMonth(at.getUTCMonth() + n);
      else at.setTime(at.getTime() + n * { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 }[unit as 'DAY']!);
    }
    return at.getTime() * 1000;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!iso) throw new FqError(`${field} takes a date as 2026-05-01T09:20:30Z (a fraction of seconds may follow), NOW or *`);
  const ms = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]));
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(iso[3]) || new Date(ms).getUTCMonth() !== Number(iso[2]) - 1) throw new FqError(`${field}: "${text}" is no date`);
  return ms * 1000 + Number((iso[7] ?? '').padEnd(6, '0').slice(0, 6));
}

function leafOf(token: Token & { kind: 'fielded' | 'range' }): FqLeaf {
  const field = token.field;
  if (token.kind === 'range') {
    if (!(DATE_FIELDS as readonly string[]).includes(field)) throw new FqError(`only ${DATE_FIELDS.join(' and ')} take a range`);
    return { kind: 'range', field: field as DateField, from: solrDate(token.from, field), to: solrDate(token.to, field), fromIncluded: token.fromIncluded, toIncluded: token.toIncluded };
  }
  if ((DATE_FIELDS as readonly string[]).includes(field)) {
    if (token.value === null) return { kind: 'range', field: field as DateField, from: null, to: null, fromIncluded: true, toIncluded: true };
    const at = solrDate(token.value, field);
    return { kind: 'range', field: field as DateField, from: at, to: at, fromIncluded: true, toIncluded: true };
  }
  if (!(TERM_FIELDS as readonly string[]).includes(field)) throw new FqError(`the field "${field.slice(0, 40)}" cannot be filtered on; use ${FQ_FIELDS.join(', ')}`);
  if (token.value !== null && !token.quoted && token.value.includes('*')) throw new FqError(`${field}: wildcards are not supported; write the whole value`);
  return { kind: 'term', field: field as FqField, value: token.value };
}

/**
 * Reads a filter. Unfielded words are refused (CKAN would search its text field with them: a
 * filter of words is what `q` is for).
 */
export function parseFilterQuery(text: string): FqGroup {
  const { filter } = parse(text, false);
  if (filter === null) throw new FqError('the filter is empty');
  return filter;
}

/**
 * `q` with fields in it (`ferry organization:hsl -tags:old`): its words at the top level, as the
 * search engine reads them (`-` kept), and the rest as a filter (`null`: none). Words inside
 * parentheses with fields are refused: they would mix the search's words with a filter.
 */
export function parseQueryWithWords(text: string): { words: string; filter: FqGroup | null } {
  return parse(text, true);
}

/** Whether `q` names a field a filter reads (`organization:`…): only then is it read as one, else it is words alone. */
export function namesFilterField(q: string): boolean {
  return FQ_FIELDS.some((field) => q.includes(`${field}:`));
}

function parse(text: string, collectWords: boolean): { words: string; filter: FqGroup | null } {
  const tokens = tokenize(text);
  const words: string[] = [];
  let at = 0;
  let clauses = 0;
  const group = (depth: number, field: string | null): FqGroup => {
    if (depth > MAX_DEPTH) throw new FqError(`more than ${MAX_DEPTH} levels of parentheses`);
    const list: { occur: Occur; query: FqQuery }[] = [];
    let conj: 'and' | 'or' | null = null;
    let mod: 'plus' | 'minus' | null = null;
    while (at < tokens.length) {
      const token = tokens[at++];
      if (token.kind === 'close') {
        if (depth === 0) throw new FqError('a ) closes nothing');
        return { kind: 'group', clauses: list };
      }
      if (token.kind === 'and' || token.kind === 'or') {
        conj = token.kind;
        continue;
      }
      if (token.kind === 'not' || token.kind === 'minus') {
        mod = 'minus';
        continue;
      }
      if (token.kind === 'plus') {
        mod = 'plus';
        continue;
      }
      let query: FqQuery;
      if (token.kind === 'open') query = group(depth + 1, field);
      else if (token.kind === 'fieldOpen') query = group(depth + 1, token.field);
      else if (token.kind === 'all') query = { kind: 'all' };
      else if (token.kind === 'word') {
        if (field === null && collectWords && depth === 0) {
          const written = token.quoted ? `"${token.text.replace(/"/g, ' ')}"` : token.text;
          if (conj === 'or' && words.length > 0) words.push('OR');
          words.push(mod === 'minus' ? `-${written}` : written);
          conj = null;
          mod = null;
          continue;
        }
        if (field === null) throw new FqError(`"${token.text.slice(0, 40)}" has no field; write field:value (words belong in q)`);
        query = leafOf({ kind: 'fielded', field, value: token.text === '*' && !token.quoted ? null : token.text, quoted: token.quoted });
      } else if (token.kind === 'fielded' && collectWords && depth === 0 && !FQ_FIELDS.includes(token.field)) {
        // A field of text (`title:`, `notes:`, `text:`): the search engine reads the prefix itself.
        if (conj === 'or' && words.length > 0) words.push('OR');
        const value = token.value === null ? '*' : token.quoted ? `"${token.value.replace(/"/g, ' ')}"` : token.value;
        words.push(`${mod === 'minus' ? '-' : ''}${token.field}:${value}`);
        conj = null;
        mod = null;
        continue;
      } else if (token.kind === 'fielded' || token.kind === 'range') query = leafOf(token);
      else throw new FqError('cannot read the filter');
      if (++clauses > MAX_CLAUSES) throw new FqError(`more than ${MAX_CLAUSES} terms`);
      addClause(list, conj, mod, query);
      conj = null;
      mod = null;
    }
    if (depth > 0) throw new FqError('a ( is not closed');
    return { kind: 'group', clauses: list };
  };
  const parsed = group(0, null);
  return { words: words.join(' '), filter: parsed.clauses.length === 0 ? null : parsed };
}

/** Lucene's classic `addClause` under the AND default operator. */
function addClause(list: { occur: Occur; query: FqQuery }[], conj: 'and' | 'or' | null, mod: 'plus' | 'minus' | null, query: FqQuery): void {
  const previous = list[list.length - 1];
  if (previous && conj === 'and' && previous.occur !== 'not') previous.occur = 'must';
  if (previous && conj === 'or' && previous.occur !== 'not') previous.occur = 'should';
  const prohibited = mod === 'minus';
  const required = !prohibited && conj !== 'or';
  list.push({ occur: prohibited ? 'not' : required ? 'must' : 'should', query });
}

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/** A leaf as a condition on the dataset row `d`. */
function leafSql(leaf: FqLeaf): RawBuilder<SqlBool> {
  if (leaf.kind === 'all') return TRUE;
  if (leaf.kind === 'range') {
    const column = leaf.field === 'metadata_modified' ? sql`d.updated_at` : sql`d.created_at`;
    const parts: RawBuilder<SqlBool>[] = [];
    const at = (micros: number) => sql`${isoMicros(micros)}::timestamptz`;
    if (leaf.from !== null) parts.push(leaf.fromIncluded ? sql<SqlBool>`${column} >= ${at(leaf.from)}` : sql<SqlBool>`${column} > ${at(leaf.from)}`);
    if (leaf.to !== null) parts.push(leaf.toIncluded ? sql<SqlBool>`${column} <= ${at(leaf.to)}` : sql<SqlBool>`${column} < ${at(leaf.to)}`);
    return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : TRUE;
  }
  const v = leaf.value;
  switch (leaf.field) {
    case 'organization':
    case 'owner_org':
      return v === null ? sql<SqlBool>`d.publisher_id is not null` : sql<SqlBool>`d.publisher_id in (select i.id from institutions i where i.slug = ${v}::text or i.id::text = ${v}::text)`;
    case 'tags':
      return v === null ? sql<SqlBool>`jsonb_path_exists(d.keywords, '$.*[*]')` : sql<SqlBool>`jsonb_path_exists(d.keywords, '$.*[*] ? (@ == $k)', jsonb_build_object('k', ${v}::text))`;
    case 'res_format':
      return v === null ? sql<SqlBool>`cardinality(d.formats) > 0` : sql<SqlBool>`upper(${v}::text) = any(d.formats)`;
    case 'groups':
      return v === null ? sql<SqlBool>`cardinality(d.themes) > 0` : sql<SqlBool>`upper(${v}::text) = any(d.themes)`;
    case 'license_id':
      // Read as the catalogue's own licence code already (`resolveLicences`).
      return v === null ? sql<SqlBool>`d.license is not null` : sql<SqlBool>`d.license = ${v}::text`;
    case 'name':
      return v === null ? TRUE : sql<SqlBool>`d.name = ${v}::text`;
    case 'id':
      return v === null ? TRUE : sql<SqlBool>`d.id::text = ${v}::text`;
    case 'harvest_source_id':
      return v === null ? sql<SqlBool>`d.source_id is not null` : sql<SqlBool>`d.source_id::text = ${v}::text`;
    // Every package here is a public, active dataset.
    case 'dataset_type':
    case 'type':
      return v === null || v === 'dataset' ? TRUE : FALSE;
    case 'state':
      return v === null || v === 'active' ? TRUE : FALSE;
    case 'capacity':
      return v === null || v === 'public' ? TRUE : FALSE;
    case 'private':
      return v === null || v === 'false' ? TRUE : FALSE;
  }
}

/** The filter as one SQL condition on the dataset row `d`. */
export function filterQuerySql(query: FqQuery): RawBuilder<SqlBool> {
  if (query.kind !== 'group') return leafSql(query);
  const must = query.clauses.filter((c) => c.occur === 'must').map((c) => filterQuerySql(c.query));
  const should = query.clauses.filter((c) => c.occur === 'should').map((c) => filterQuerySql(c.query));
  const not = query.clauses.filter((c) => c.occur === 'not').map((c) => filterQuerySql(c.query));
  const parts: RawBuilder<SqlBool>[] = [...must];
  // Optional clauses restrict only a group without required ones; a group of exclusions alone
  // excludes from everything (Solr's reading of a purely negative query).
  if (must.length === 0 && should.length > 0) parts.push(sql<SqlBool>`(${sql.join(should, sql` or `)})`);
  for (const condition of not) parts.push(sql<SqlBool>`not coalesce(${condition}, false)`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : TRUE;
}

/** Microseconds since 1970 as an ISO time with all six digits (a `Date` keeps milliseconds only). */
export function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

/** Each leaf of the filter, to read or rewrite in place (a licence's CKAN id as the catalogue's code). */
export function eachLeaf(query: FqQuery, visit: (leaf: FqLeaf) => void): void {
  if (query.kind === 'group') for (const clause of query.clauses) eachLeaf(clause.query, visit);
  else visit(query);
}
