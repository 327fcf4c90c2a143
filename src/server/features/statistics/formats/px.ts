/**
 * PC-Axis (.px) reader: a file or upload stream in, a Cube out (research §5).
 *
 * Two passes over the bytes, the second streaming: the metadata (everything before the
 * statement `DATA=`, found quote-aware) is held and read as statements; its encoding is decided
 * from its texts (px.encoding.ts); then the cells are parsed chunk by chunk into the cube's
 * Float64Array (px.data.ts), whose size is known and checked against `maxCells` before it is
 * allocated.
 *
 * What a cube has no place for is read past: variable and value notes (NOTE("var"),
 * VALUENOTE), cell notes, hierarchies, DOMAIN, MAP, and ELIMINATION's value text (only that the
 * variable may be eliminated is kept). Roles: a TIMEVAL variable is 'time', the CONTVARIABLE
 * 'metric'; nothing else is guessed (a region variable stays null). Value codes are CODES, or the
 * VALUES texts without CODES, as PxWeb's API gives them, so a table read from a file and the same
 * table read from PxWeb agree (TIMEVAL's codes only mark the variable as time).
 */
import type { StatProblem } from '../../../../shared/problems.ts';
import { cellCount, strides, type Cube, type CubeDimension, type SourceText } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { DataParser, type KeysLayout } from './px.data.ts';
import { chooseEncoding } from './px.encoding.ts';
import { DataKeywordFinder, listOf, parseStatements, PX_KEYWORDS, textOf, type PxStatement, type PxToken } from './px.syntax.ts';

export interface ReadPxOptions {
  /** The language of a file that names none (no LANGUAGE keyword); `und` (undetermined) when not given. */
  language?: string;
  /** Tables with more cells are refused (`px-too-large`) before anything is allocated. */
  maxCells?: number;
  /** Files whose metadata (everything before `DATA=`) is longer are refused. */
  maxMetadataBytes?: number;
}

export interface PxRead {
  cube: Cube;
  /** What was read past: ignored keywords, a guessed encoding. */
  notes: StatProblem[];
}

export const PX_MAX_CELLS = 5_000_000;
export const PX_MAX_METADATA_BYTES = 16 * 2 ** 20;

/** DATASYMBOLn, DATASYMBOLNIL and DATASYMBOLSUM name the texts shown for these cell symbols. */
export const PX_SYMBOL_KEYWORDS: Readonly<Record<string, string>> = {
  DATASYMBOL1: '.',
  DATASYMBOL2: '..',
  DATASYMBOL3: '...',
  DATASYMBOL4: '....',
  DATASYMBOL5: '.....',
  DATASYMBOL6: '......',
  DATASYMBOLSUM: '.......',
  DATASYMBOLNIL: '-',
};

type Source = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array;

function bytesOf(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError('readPx reads bytes; a stream with an encoding set gives strings');
}

async function* chunksOf(source: Source): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

/** Reads a PC-Axis file; throws StatFault for what ends the table (see STAT_ERROR_CODES' px-*). */
export async function readPx(source: Source, options: ReadPxOptions = {}): Promise<PxRead> {
  const iterator = chunksOf(source);
  let done = false;
  try {
    const finder = new DataKeywordFinder();
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    let found = false;
    while (!found) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        throw finder.fault();
      }
      const chunk = bytesOf(next.value);
      held.push(chunk);
      heldBytes += chunk.length;
      found = finder.scan(chunk);
      const limit = options.maxMetadataBytes ?? PX_MAX_METADATA_BYTES;
      if (!found && heldBytes > limit) {
        throw new StatFault({ code: 'px-syntax', params: { line: finder.line, detail: `no DATA= in the first ${Math.round(limit / 2 ** 20)} MB` } });
      }
    }
    const head = held.length === 1 ? held[0] : Buffer.concat(held);
    held.length = 0;
    const { cube, notes, data } = readMetadata(head.subarray(0, finder.dataKeywordAt), finder.line, options);
    data.push(head.subarray(finder.cellsAt));
    while (true) {
      const next = await iterator.next();
      if (next.done) break;
      data.push(bytesOf(next.value));
    }
    done = true;
    const { values, statuses } = data.finish();
    return { cube: { ...cube, values, statuses }, notes };
  } finally {
    // a stream left half-read (a fault) is closed
    if (!done) await iterator.return(undefined);
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/** Reads the metadata bytes into the cube's description and a parser for its cells. */
function readMetadata(bytes: Uint8Array, dataLine: number, options: ReadPxOptions) {
  const byteOrderMark = BOM.every((byte, i) => bytes[i] === byte);
  const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', byteOrderMark ? 3 : 0);
  const raw = parseStatements(binary);
  const encoding = chooseEncoding(raw, byteOrderMark);
  const notes: StatProblem[] = encoding.note ? [encoding.note] : [];
  const meta = new Metadata(raw.map((statement) => decoded(statement, encoding.decode)), options.language ?? 'und');
  for (const keyword of meta.unknownKeywords()) notes.push({ code: 'px-keyword-ignored', params: { keyword } });

  const table = describeTable(meta);
  const cells = cellCount(table.dimensions);
  const limit = options.maxCells ?? PX_MAX_CELLS;
  if (cells > limit) throw new StatFault({ code: 'px-too-large', params: { cells, limit } });
  const data = new DataParser(cells, dataLine, encoding.decode, table.keys);
  const { keys: _keys, ...cube } = table;
  return { cube, notes, data };
}

function decoded(statement: PxStatement, decode: (binary: string) => string): PxStatement {
  const tokens = statement.tokens.map((token): PxToken => (token.kind === 'text' || token.kind === 'bare' ? { kind: token.kind, value: decode(token.value) } : token));
  return { ...statement, lang: statement.lang === null ? null : decode(statement.lang), subkeys: statement.subkeys.map(decode), tokens };
}

/**
 * A language code as the keys of SourceText: letters, digits and hyphens only (`__proto__` is no
 * language), in lower case, so that `[SV]` and LANGUAGES="sv" are one language.
 */
function languageTag(text: string, line: number): string {
  if (!/^[A-Za-z0-9-]{1,35}$/.test(text)) throw syntax(line, `“${text.slice(0, 40)}” is not a language code`);
  return text.toLowerCase();
}

/** The statements by keyword, with every `[lang]` resolved against the file's default language. */
class Metadata {
  readonly language: string;
  readonly languages: string[];
  private readonly byKeyword = new Map<string, (PxStatement & { lang: string })[]>();

  constructor(
    private readonly statements: PxStatement[],
    fallbackLanguage: string,
  ) {
    const declaration = statements.find((statement) => statement.keyword === 'LANGUAGE' && statement.lang === null);
    this.language = languageTag(textOf(declaration)?.trim() || fallbackLanguage, declaration?.line ?? 1);
    const languages = new Set([this.language]);
    const listed = statements.find((statement) => statement.keyword === 'LANGUAGES');
    for (const language of listOf(listed)) if (language.trim()) languages.add(languageTag(language.trim(), listed!.line));
    for (const statement of statements) {
      const lang = statement.lang === null || statement.lang === '' ? this.language : languageTag(statement.lang, statement.line);
      // a language only an unknown keyword uses is not one of the table's
      if (PX_KEYWORDS.has(statement.keyword)) languages.add(lang);
      const list = this.byKeyword.get(statement.keyword) ?? [];
      list.push({ ...statement, lang });
      this.byKeyword.set(statement.keyword, list);
    }
    this.languages = [...languages];
  }

  all(keyword: string): (PxStatement & { lang: string })[] {
    return this.byKeyword.get(keyword) ?? [];
  }

  /** The first statement of a keyword without subkeys in a language. */
  one(keyword: string, lang = this.language): (PxStatement & { lang: string }) | undefined {
    return this.all(keyword).find((statement) => statement.lang === lang && statement.subkeys.length === 0);
  }

  /** A keyword's text per language (statements without subkeys), empty texts left out. */
  texts(keyword: string): SourceText {
    const text: SourceText = {};
    for (const statement of this.all(keyword)) {
      const value = textOf(statement) ?? '';
      if (statement.subkeys.length === 0 && value !== '' && !Object.hasOwn(text, statement.lang)) text[statement.lang] = value;
    }
    return this.ordered(text);
  }

  /** A SourceText with its languages in the file's order. */
  ordered(text: SourceText): SourceText {
    const result: SourceText = {};
    for (const language of this.languages) if (text[language] !== undefined && text[language] !== '') result[language] = text[language];
    return result;
  }

  unknownKeywords(): string[] {
    return [...new Set(this.statements.map((statement) => statement.keyword).filter((keyword) => !PX_KEYWORDS.has(keyword)))];
  }
}

function syntax(line: number, detail: string): StatFault {
  return new StatFault({ code: 'px-syntax', params: { line, detail } });
}

interface Variables {
  names: string[];
  stubCount: number;
  /** Per language, the variables' names in it (null: the file gives none in that language). */
  namesIn: Map<string, string[] | null>;
  /** A statement's first subkey as a variable, read in the statement's language, then the default one. */
  of(statement: PxStatement & { lang: string }): number | undefined;
}

function variablesOf(meta: Metadata): Variables {
  const stubStatement = meta.one('STUB');
  const stub = listOf(stubStatement);
  const heading = listOf(meta.one('HEADING'));
  const names = [...stub, ...heading];
  if (names.length === 0) throw new StatFault({ code: 'px-keyword-missing', params: { keyword: 'STUB or HEADING' } });
  const namesIn = new Map<string, string[] | null>();
  const index = new Map<string, Map<string, number>>();
  for (const language of meta.languages) {
    const stubIn = language === meta.language ? stub : listOf(meta.one('STUB', language));
    const headingIn = language === meta.language ? heading : listOf(meta.one('HEADING', language));
    const given = stubIn.length === stub.length && headingIn.length === heading.length ? [...stubIn, ...headingIn] : null;
    const unique = given && new Set(given).size === given.length;
    if (language === meta.language && !unique) {
      const twice = names.find((name, i) => names.indexOf(name) !== i);
      throw syntax(stubStatement?.line ?? meta.one('HEADING')?.line ?? 1, `the variable “${twice}” is named twice`);
    }
    namesIn.set(language, unique ? given : null);
    if (unique) index.set(language, new Map(given.map((name, i) => [name, i])));
  }
  const byDefault = index.get(meta.language)!;
  return {
    names,
    stubCount: stub.length,
    namesIn,
    of: (statement) => {
      const name = statement.subkeys[0];
      if (name === undefined) return undefined;
      return index.get(statement.lang)?.get(name) ?? byDefault.get(name);
    },
  };
}

/** Per variable, the statements of a keyword with the variable as only subkey, by language (the first of each). */
function perVariable(meta: Metadata, variables: Variables, keyword: string): Map<number, Map<string, PxStatement & { lang: string }>> {
  const result = new Map<number, Map<string, PxStatement & { lang: string }>>();
  for (const statement of meta.all(keyword)) {
    if (statement.subkeys.length !== 1) continue;
    const variable = variables.of(statement);
    if (variable === undefined) continue;
    const byLanguage = result.get(variable) ?? new Map();
    if (!byLanguage.has(statement.lang)) byLanguage.set(statement.lang, statement);
    result.set(variable, byLanguage);
  }
  return result;
}

/** The default language's statement, else any. */
function preferred<T>(byLanguage: Map<string, T> | undefined, language: string): T | undefined {
  return byLanguage?.get(language) ?? byLanguage?.values().next().value;
}

interface ValueIndex {
  /** A value named by its text in a language (then the default language), or by its code. */
  find(variable: number, language: string, text: string): number | undefined;
  byText(variable: number): Map<string, number>;
  byCode(variable: number): Map<string, number>;
}

/** LAST-UPDATED as PX writes it (`CCYYMMDD hh:mm`, some files ISO) → ISO 8601 local time; undefined if it is neither. */
export function pxDateToIso(text: string | undefined): string | undefined {
  const match = text?.trim().match(/^(\d{4})-?(\d{2})-?(\d{2})(?:[ T]+(\d{2}):(\d{2})(?::\d{2})?)?$/);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match;
  return hour === undefined ? `${year}-${month}-${day}` : `${year}-${month}-${day}T${hour}:${minute}`;
}

function decimalsOf(text: string | undefined): number | undefined {
  const value = Number(text?.trim());
  return text !== undefined && text.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 15 ? value : undefined;
}

type Table = Omit<Cube, 'values' | 'statuses'> & { keys?: KeysLayout };

/** Everything of the cube but its cells, and the KEYS layout when DATA has one. */
function describeTable(meta: Metadata): Table {
  const variables = variablesOf(meta);
  const D = meta.language;
  const valueLists = perVariable(meta, variables, 'VALUES');
  const codeLists = perVariable(meta, variables, 'CODES');
  const timevals = perVariable(meta, variables, 'TIMEVAL');
  const eliminations = perVariable(meta, variables, 'ELIMINATION');
  const variableCodes = perVariable(meta, variables, 'VARIABLECODE');
  const contents = meta.one('CONTVARIABLE');
  const metric = contents ? variables.names.indexOf(textOf(contents)!) : -1;
  if (contents && metric < 0) throw syntax(contents.line, `CONTVARIABLE names “${textOf(contents)}”, which is neither in STUB nor in HEADING`);

  const textMaps: Map<string, Map<string, number>>[] = [];
  const codeMaps: Map<string, number>[] = [];
  const dimensions: CubeDimension[] = variables.names.map((name, d) => {
    const listed = valueLists.get(d)?.get(D);
    if (!listed) throw new StatFault({ code: 'px-keyword-missing', params: { keyword: `VALUES("${name}")` } });
    const texts = listOf(listed);
    if (texts.length === 0) throw syntax(listed.line, `VALUES("${name}") lists no values`);
    const codeStatement = preferred(codeLists.get(d), D);
    const codes = codeStatement ? listOf(codeStatement) : texts;
    if (codes.length !== texts.length) throw syntax(codeStatement!.line, `CODES("${name}") has ${codes.length} codes for ${texts.length} values`);
    const codeMap = new Map(codes.map((code, i) => [code, i]));
    if (codeMap.size !== codes.length) {
      const twice = codes.find((code, i) => codes.indexOf(code) !== i);
      throw syntax((codeStatement ?? listed).line, `the code “${twice}” is given twice for “${name}”`);
    }
    codeMaps[d] = codeMap;
    textMaps[d] = new Map();
    const labels = codes.map(() => ({}) as SourceText);
    for (const language of meta.languages) {
      const inLanguage = language === D ? texts : listOf(valueLists.get(d)?.get(language));
      if (inLanguage.length !== texts.length) continue;
      textMaps[d].set(language, new Map(inLanguage.map((text, i) => [text, i])));
      inLanguage.forEach((text, i) => (labels[i][language] = text));
    }
    const label: SourceText = {};
    for (const [language, names] of variables.namesIn) if (names) label[language] = names[d];
    const elimination = textOf(preferred(eliminations.get(d), D))?.trim();
    const dimension: CubeDimension = {
      code: textOf(preferred(variableCodes.get(d), D))?.trim() || name,
      label: meta.ordered(label),
      role: timevals.has(d) ? 'time' : d === metric ? 'metric' : null,
      values: codes.map((code, i) => ({ code, label: meta.ordered(labels[i]) })),
    };
    if (elimination) dimension.elimination = elimination.toUpperCase() !== 'NO';
    return dimension;
  });

  const values: ValueIndex = {
    find: (variable, language, text) => textMaps[variable].get(language)?.get(text) ?? textMaps[variable].get(D)?.get(text) ?? codeMaps[variable].get(text),
    byText: (variable) => textMaps[variable].get(D)!,
    byCode: (variable) => codeMaps[variable],
  };
  const updated = valueDetails(meta, variables, values, dimensions, metric);

  const table: Table = {
    id: textOf(meta.one('TABLEID'))?.trim() || textOf(meta.one('MATRIX'))?.trim() || '',
    title: titleOf(meta),
    languages: meta.languages,
    dimensions,
    notes: notesOf(meta),
  };
  const source = meta.texts('SOURCE');
  if (Object.keys(source).length > 0) table.source = source;
  const unit = meta.texts('UNITS');
  if (Object.keys(unit).length > 0) table.unit = unit;
  const decimals = decimalsOf(textOf(meta.one('DECIMALS')));
  if (decimals !== undefined) table.decimals = decimals;
  const lastUpdated = pxDateToIso(textOf(meta.one('LAST-UPDATED'))) ?? updated;
  if (lastUpdated) table.updated = lastUpdated;
  const statusLabels = statusLabelsOf(meta);
  if (statusLabels) table.statusLabels = statusLabels;
  const keys = keysOf(meta, variables, values, dimensions);
  if (keys) table.keys = keys;
  return table;
}

/**
 * Units and decimals of values: `UNITS[lang]("value")` (a value of the CONTVARIABLE) or
 * `UNITS[lang]("variable","value")`, and `PRECISION("variable","value")=n`. Returns the latest
 * per-value LAST-UPDATED, which stands for the table's when it has none of its own.
 */
function valueDetails(meta: Metadata, variables: Variables, values: ValueIndex, dimensions: CubeDimension[], metric: number): string | undefined {
  const target = (statement: PxStatement & { lang: string }): [number, number] | undefined => {
    const [variable, text] = statement.subkeys.length >= 2 ? [variables.of(statement), statement.subkeys[1]] : [metric, statement.subkeys[0]];
    if (variable === undefined || variable < 0 || text === undefined) return undefined;
    const value = values.find(variable, statement.lang, text);
    return value === undefined ? undefined : [variable, value];
  };
  for (const statement of meta.all('UNITS')) {
    const text = textOf(statement) ?? '';
    const at = statement.subkeys.length > 0 && text !== '' ? target(statement) : undefined;
    if (!at) continue;
    const value = dimensions[at[0]].values[at[1]];
    value.unit ??= {};
    value.unit.label ??= {};
    value.unit.label[statement.lang] ??= text;
  }
  for (const statement of meta.all('PRECISION')) {
    const decimals = decimalsOf(textOf(statement));
    const at = statement.subkeys.length === 2 && decimals !== undefined ? target(statement) : undefined;
    if (!at) continue;
    const value = dimensions[at[0]].values[at[1]];
    value.unit ??= {};
    value.unit.decimals ??= decimals;
  }
  for (const dimension of dimensions) for (const value of dimension.values) if (value.unit?.label) value.unit.label = meta.ordered(value.unit.label);
  let latest: string | undefined;
  for (const statement of meta.all('LAST-UPDATED')) {
    const iso = statement.subkeys.length > 0 ? pxDateToIso(textOf(statement)) : undefined;
    if (iso && (!latest || iso > latest)) latest = iso;
  }
  return latest;
}

function titleOf(meta: Metadata): SourceText {
  for (const keyword of ['TITLE', 'DESCRIPTION', 'CONTENTS']) {
    const title = meta.texts(keyword);
    if (Object.keys(title).length > 0) return title;
  }
  return {};
}

/**
 * The table's NOTEX and NOTE texts in the file's order. A language's k-th NOTE translates the
 * default language's k-th NOTE (each keyword counted apart), which is how files write them; an
 * empty text holds a place where a note has no translation.
 */
function notesOf(meta: Metadata): SourceText[] {
  const notes: { at: number; text: SourceText }[] = [];
  for (const keyword of ['NOTEX', 'NOTE']) {
    const entries: { at: number; text: SourceText }[] = [];
    const counts = new Map<string, number>();
    for (const statement of meta.all(keyword)) {
      if (statement.subkeys.length > 0) continue;
      const k = counts.get(statement.lang) ?? 0;
      counts.set(statement.lang, k + 1);
      entries[k] ??= { at: statement.index, text: {} };
      entries[k].at = Math.min(entries[k].at, statement.index);
      entries[k].text[statement.lang] = textOf(statement) ?? '';
    }
    notes.push(...entries);
  }
  return notes
    .sort((a, b) => a.at - b.at)
    .map((note) => meta.ordered(note.text))
    .filter((text) => Object.keys(text).length > 0);
}

function statusLabelsOf(meta: Metadata): Record<string, SourceText> | undefined {
  let labels: Record<string, SourceText> | undefined;
  for (const [keyword, symbol] of Object.entries(PX_SYMBOL_KEYWORDS)) {
    const text = meta.texts(keyword);
    if (Object.keys(text).length > 0) (labels ??= {})[symbol] = text;
  }
  return labels;
}

/** KEYS("var")=VALUES|CODES: every data row begins with the stub variables' keys (SCB: "for every variable in the stub"). */
function keysOf(meta: Metadata, variables: Variables, values: ValueIndex, dimensions: CubeDimension[]): KeysLayout | undefined {
  const statements = perVariable(meta, variables, 'KEYS');
  if (statements.size === 0) return undefined;
  for (const [variable, byLanguage] of statements) {
    if (variable >= variables.stubCount) throw syntax(preferred(byLanguage, meta.language)!.line, `KEYS names “${variables.names[variable]}”, which is not in STUB`);
  }
  const stub = dimensions.slice(0, variables.stubCount);
  if (stub.length === 0) throw syntax(meta.all('KEYS')[0].line, 'KEYS needs variables in STUB');
  return {
    keys: stub.map((_, d) => {
      // the declared kind first; the other as a fallback, for files that mix them up
      const byCodes = textOf(preferred(statements.get(d), meta.language))?.trim().toUpperCase() === 'CODES';
      const [primary, fallback] = byCodes ? [values.byCode(d), values.byText(d)] : [values.byText(d), values.byCode(d)];
      return new Map([...fallback, ...primary]);
    }),
    strides: strides(stub),
    rowCells: cellCount(dimensions.slice(variables.stubCount)),
  };
}
