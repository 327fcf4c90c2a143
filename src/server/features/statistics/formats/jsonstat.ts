import type { StatProblem } from '../../../../shared/problems.ts';
import type { Cube, CubeDimension, CubeValue, DimensionRole, SourceText } from '../cube.ts';
import { StatFault } from '../faults.ts';

/**
 * The JSON-stat reader (https://json-stat.org/full/): a 2.0 `dataset`, a 2.0 `collection` (its
 * embedded datasets read, its `href` items handed back), and the 1.x bundle `{"dataset": {…}}`
 * PxWeb v1 answers for "json-stat". Everything becomes a Cube.
 *
 * Strict where a figure could land in the wrong cell (ids, sizes, category order, value and status
 * positions, numbers): those throw a StatFault naming the path. Lenient about decoration (a stray
 * label, a note that is not text): that is read past and reported in the cube's `notes`.
 *
 * The document has already been parsed by JSON.parse, so its size is bounded by the HTTP client's;
 * what is guarded here is what the reader allocates from it (`maxCells`). No regular expression
 * touches the input.
 */

/** Eurostat refuses a synchronous extraction above 5,000,000 cells (research §6); nothing we read is larger. */
export const JSONSTAT_MAX_CELLS = 5_000_000;
/** How deep collections may nest inside each other before the reader stops. */
const MAX_COLLECTION_DEPTH = 4;
/** Longest path or detail quoted in a problem: the user reads it, and the input chooses its keys. */
const MAX_QUOTED = 200;

export interface JsonStatReadOptions {
  /** Refuse a dataset of more cells than this before allocating it (default JSONSTAT_MAX_CELLS). */
  maxCells?: number;
  /**
   * The language the document's texts are in (a JSON-stat document carries one), the key of every
   * SourceText. Default: the language the document declares in its extension (Eurostat `lang`,
   * PxWebApi `px.language`), else 'en'.
   */
  language?: string;
  /** The table's id when the document names none (Eurostat `extension.datasetId`, PxWeb `extension.px.tableid`). */
  id?: string;
}

export interface JsonStatCube {
  cube: Cube;
  /** What was read past in this dataset (an ignored label, a note that is not text). */
  notes: StatProblem[];
}

export interface JsonStatRead {
  cubes: JsonStatCube[];
  /** A collection's `href` items, unresolved and unfetched: the caller resolves them and checks they are on the same site. */
  links: string[];
  /**
   * Items of a collection that were not read (a dataset that fails validation, a `dimension`
   * item): where the item is (`link.item[3]`) and why. The good items beside them still arrive.
   */
  skipped: { at: string; problem: StatProblem }[];
}

type Json = Record<string, unknown>;

interface Context {
  language: string;
  maxCells: number;
  /** The id when the dataset names none. */
  fallbackId: string;
}

/** Read a parsed JSON-stat document. Throws StatFault when it holds no table or its one dataset is invalid. */
export function readJsonStat(document: unknown, options: JsonStatReadOptions = {}): JsonStatRead {
  if (!isObject(document)) throw invalid('', 'the document is not a JSON object');
  refuseError(document);
  const maxCells = options.maxCells ?? JSONSTAT_MAX_CELLS;
  const klass = document.class;
  if (klass === 'dataset' || (klass === undefined && isV2Dataset(document))) {
    const context = { language: languageOf(document, options.language), maxCells, fallbackId: options.id ?? '' };
    return { cubes: [readDataset(document, '', context)], links: [], skipped: [] };
  }
  if (klass === 'collection') {
    const read: JsonStatRead = { cubes: [], links: [], skipped: [] };
    readCollection(document, '', 0, { ...options, maxCells }, read);
    return read;
  }
  if (klass === undefined || klass === 'bundle') return readBundle(document, { ...options, maxCells });
  throw new StatFault({ code: 'jsonstat-class-unsupported', params: { class: quote(String(klass)) } });
}

// ---- document kinds ----

/** A JSON-stat 2.0 dataset that left out `class` (the spec asks for it; servers forget): its required members are there. */
function isV2Dataset(document: Json): boolean {
  return Array.isArray(document.id) && Array.isArray(document.size) && isObject(document.dimension);
}

/** JSON-stat 1.x: every top-level member is a dataset by name, its `id`/`size`/`role` inside `dimension` (PxWeb v1's `{"dataset": …}`). */
function readBundle(document: Json, options: JsonStatReadOptions & { maxCells: number }): JsonStatRead {
  const names = Object.keys(document).filter((name) => name !== 'class' && name !== 'version');
  const datasets = names.filter((name) => isObject(document[name]) && isObject((document[name] as Json).dimension));
  if (datasets.length === 0) throw invalid('', 'neither a JSON-stat 2.0 class nor a 1.x dataset with a dimension');
  const cubes = datasets.map((name) => {
    const dataset = document[name] as Json;
    // PxWeb always names its one dataset "dataset": that is no table id.
    const fallbackId = options.id ?? (name === 'dataset' ? '' : name);
    return readDataset(dataset, `${name}.`, { language: languageOf(dataset, options.language), maxCells: options.maxCells, fallbackId });
  });
  return { cubes, links: [], skipped: [] };
}

function readCollection(collection: Json, at: string, depth: number, options: JsonStatReadOptions & { maxCells: number }, read: JsonStatRead): void {
  if (depth > MAX_COLLECTION_DEPTH) throw invalid(at, `collections nest deeper than ${MAX_COLLECTION_DEPTH}`);
  const link = collection.link;
  if (link === undefined || link === null) return;
  if (!isObject(link)) throw invalid(`${at}link`, 'is not an object');
  const items = link.item;
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) throw invalid(`${at}link.item`, 'is not an array');
  items.forEach((item: unknown, index) => {
    const itemAt = `${at}link.item[${index}]`;
    try {
      readItem(item, itemAt, depth, index, options, read);
    } catch (error) {
      if (!(error instanceof StatFault)) throw error;
      read.skipped.push({ at: itemAt, problem: error.problem });
    }
  });
}

/** One item of a collection: an embedded dataset or collection is read, a bare reference handed back. */
function readItem(item: unknown, at: string, depth: number, index: number, options: JsonStatReadOptions & { maxCells: number }, read: JsonStatRead): void {
  if (!isObject(item)) throw invalid(at, 'is not an object');
  refuseError(item);
  const href = item.href;
  if (href !== undefined && href !== null && typeof href !== 'string') throw invalid(`${at}.href`, 'is not text');
  const embedded = isObject(item.dimension) || (item.class === 'collection' && isObject(item.link));
  if (!embedded) {
    if (item.class === 'dimension') throw new StatFault({ code: 'jsonstat-class-unsupported', params: { class: 'dimension' } });
    if (typeof href !== 'string' || href === '') throw invalid(at, 'neither embeds a dataset nor links to one (no href)');
    if (!read.links.includes(href)) read.links.push(href);
    return;
  }
  if (item.class === 'collection') return readCollection(item, `${at}.`, depth + 1, options, read);
  if (item.class !== undefined && item.class !== 'dataset') {
    throw new StatFault({ code: 'jsonstat-class-unsupported', params: { class: quote(String(item.class)) } });
  }
  // An embedded dataset without an id of its own is known by its address, else by its place.
  const fallbackId = typeof href === 'string' && href !== '' ? href : `${options.id ?? ''}#${index}`;
  const context = { language: languageOf(item, options.language), maxCells: options.maxCells, fallbackId };
  read.cubes.push(readDataset(item, `${at}.`, context));
}

/**
 * A JSON-stat error answer holds no table: the 2.0 `error` array, Eurostat's `class: "error"`, or
 * a lone `error` object. Its own words become the problem.
 */
function refuseError(document: Json): void {
  const errors = document.error;
  const isError = document.class === 'error' || Array.isArray(errors) || (isObject(errors) && !isObject(errors.dimension));
  if (!isError) return;
  const said = (Array.isArray(errors) ? errors : [errors ?? document])
    .map((error: unknown) => (isObject(error) ? [error.status, error.id, error.label].filter((part) => typeof part === 'string' || typeof part === 'number').join(' ') : ''))
    .filter((words) => words !== '')
    .join('; ');
  throw new StatFault({ code: 'jsonstat-error', params: { detail: quote(said || 'no detail given') } });
}

// ---- a dataset ----

function readDataset(dataset: Json, at: string, context: Context): JsonStatCube {
  const notes: StatProblem[] = [];
  // JSON-stat 1.x keeps id, size and role inside `dimension`; 2.0 at the top.
  const block = dataset.dimension;
  if (!isObject(block)) throw invalid(`${at}dimension`, 'is missing or not an object');
  const v1 = dataset.id === undefined && block.id !== undefined;
  const base = v1 ? `${at}dimension.` : at;
  const ids = readIds(v1 ? block.id : dataset.id, `${base}id`);
  const sizes = readSizes(v1 ? block.size : dataset.size, `${base}size`, ids.length);
  const cells = guardCells(sizes, context.maxCells);
  const roles = readRoles(v1 ? block.role : dataset.role, `${base}role`, ids, notes);

  const dimensions = ids.map((id, k) => {
    if (v1 && (id === 'id' || id === 'size' || id === 'role')) throw invalid(`${base}id[${k}]`, `"${quote(id)}" is a reserved name in JSON-stat 1.x`);
    const dimension = own(block, id);
    const path = `${at}dimension.${quote(id)}`;
    if (!isObject(dimension)) throw invalid(path, 'is missing or not an object');
    return readDimension(dimension, id, path, sizes[k], roles.get(id) ?? null, context.language, notes);
  });

  const values = readValues(dataset.value, `${at}value`, cells);
  const statuses = readStatuses(dataset.status, `${at}status`, cells);
  const extension = isObject(dataset.extension) ? dataset.extension : {};
  const px = isObject(extension.px) ? extension.px : {};

  const cube: Cube = {
    id: firstText(px.tableid, extension.datasetId, extension.id) ?? context.fallbackId,
    title: text(dataset.label, `${at}label`, context.language, notes) ?? {},
    languages: [context.language],
    dimensions,
    values,
    statuses,
    notes: readNotes(dataset.note, `${at}note`, context.language, notes),
  };
  const statusLabels = readStatusLabels(extension.status, `${at}extension.status`, context.language, notes);
  if (statusLabels) cube.statusLabels = statusLabels;
  const source = text(dataset.source, `${at}source`, context.language, notes);
  if (source) cube.source = source;
  const updated = text(dataset.updated, `${at}updated`, context.language, notes);
  if (updated) cube.updated = updated[context.language];
  const decimals = readDecimals(px.decimals, `${at}extension.px.decimals`, notes);
  if (decimals !== undefined) cube.decimals = decimals;
  // Our own writer's place for a table-wide unit when no metric dimension carries one (PC-Axis UNITS).
  const unit = text(extension.unit, `${at}extension.unit`, context.language, notes);
  if (unit) cube.unit = unit;
  return { cube, notes };
}

function readIds(ids: unknown, at: string): string[] {
  if (!Array.isArray(ids)) throw invalid(at, 'is missing or not an array');
  const seen = new Set<string>();
  return ids.map((id: unknown, k) => {
    if (typeof id !== 'string' || id === '') throw invalid(`${at}[${k}]`, 'is not a dimension id (non-empty text)');
    if (seen.has(id)) throw invalid(`${at}[${k}]`, `repeats the dimension id "${quote(id)}"`);
    seen.add(id);
    return id;
  });
}

function readSizes(sizes: unknown, at: string, count: number): number[] {
  if (!Array.isArray(sizes)) throw invalid(at, 'is missing or not an array');
  if (sizes.length !== count) throw invalid(at, `holds ${sizes.length} sizes for ${count} dimension ids`);
  return sizes.map((size: unknown, k) => {
    if (!Number.isSafeInteger(size) || (size as number) < 0) throw invalid(`${at}[${k}]`, 'is not a whole number of categories');
    return size as number;
  });
}

/** The cells the sizes multiply to, refused above the limit before anything that large is allocated. */
function guardCells(sizes: number[], limit: number): number {
  const cells = sizes.reduce((product, size) => product * size, 1);
  if (cells > limit) {
    throw new StatFault({ code: 'jsonstat-too-large', params: { cells: Math.min(cells, Number.MAX_SAFE_INTEGER), limit } });
  }
  return cells;
}

const ROLES: readonly DimensionRole[] = ['time', 'geo', 'metric'];

function readRoles(role: unknown, at: string, ids: string[], notes: StatProblem[]): Map<string, DimensionRole> {
  const roles = new Map<string, DimensionRole>();
  if (role === undefined || role === null) return roles;
  if (!isObject(role)) throw invalid(at, 'is not an object');
  for (const [name, members] of Object.entries(role)) {
    if (!ROLES.includes(name as DimensionRole)) {
      notes.push(invalid(`${at}.${quote(name)}`, 'is not a JSON-stat role (time, geo, metric); ignored').problem);
      continue;
    }
    if (members === null) continue;
    if (!Array.isArray(members)) throw invalid(`${at}.${name}`, 'is not an array of dimension ids');
    members.forEach((id: unknown, k) => {
      if (typeof id !== 'string' || !ids.includes(id)) throw invalid(`${at}.${name}[${k}]`, `names no dimension of this dataset`);
      const earlier = roles.get(id);
      if (earlier === undefined) roles.set(id, name as DimensionRole);
      else if (earlier !== name) notes.push(invalid(`${at}.${name}[${k}]`, `"${quote(id)}" already has the role ${earlier}; this one is ignored`).problem);
    });
  }
  return roles;
}

// ---- a dimension ----

function readDimension(
  dimension: Json, id: string, at: string, size: number, role: DimensionRole | null, language: string, notes: StatProblem[],
): CubeDimension {
  const category = dimension.category;
  if (!isObject(category)) throw invalid(`${at}.category`, 'is missing or not an object');
  const codes = readIndex(category, `${at}.category`);
  if (codes.length !== size) throw invalid(`${at}.category`, `has ${codes.length} categories, but size says ${size}`);
  const labels = isObject(category.label) ? category.label : {};
  if (category.label !== undefined && category.label !== null && !isObject(category.label)) throw invalid(`${at}.category.label`, 'is not an object');
  reportStrays(labels, codes, `${at}.category.label`, notes);

  const values: CubeValue[] = codes.map((code) => {
    const label = own(labels, code);
    if (label !== undefined && label !== null && typeof label !== 'string') throw invalid(`${at}.category.label.${quote(code)}`, 'is not text');
    return { code, label: typeof label === 'string' ? { [language]: label } : {} };
  });
  readUnits(category.unit, `${at}.category.unit`, codes, values, language, notes);
  readChildren(category.child, `${at}.category.child`, codes, values, notes);
  readCategoryNotes(category.note, `${at}.category.note`, codes, values, language, notes);

  const result: CubeDimension = { code: id, label: text(dimension.label, `${at}.label`, language, notes) ?? {}, role, values };
  const dimensionNotes = readNotes(dimension.note, `${at}.note`, language, notes);
  if (dimensionNotes.length > 0) result.notes = dimensionNotes;
  // PxWebApi 2.0 says in the dimension's extension whether a query may leave it out.
  const extension = dimension.extension;
  if (isObject(extension) && typeof extension.elimination === 'boolean') result.elimination = extension.elimination;
  return result;
}

/**
 * The categories in order: `index` as an array of ids or an object id → position; left out only
 * for a single category, named by its one label. Several labels without an index have no order
 * we could trust (an object's own key order puts "2023" before "A"), so they are refused.
 */
function readIndex(category: Json, at: string): string[] {
  const index = category.index;
  if (Array.isArray(index)) {
    const seen = new Set<string>();
    return index.map((code: unknown, position) => {
      if (typeof code !== 'string') throw invalid(`${at}.index[${position}]`, 'is not a category id (text)');
      if (seen.has(code)) throw invalid(`${at}.index[${position}]`, `repeats the category id "${quote(code)}"`);
      seen.add(code);
      return code;
    });
  }
  if (isObject(index)) {
    const entries = Object.entries(index);
    const codes = new Array<string>(entries.length);
    for (const [code, position] of entries) {
      if (!Number.isSafeInteger(position) || (position as number) < 0 || (position as number) >= entries.length) {
        throw invalid(`${at}.index.${quote(code)}`, `is not a position from 0 to ${entries.length - 1}`);
      }
      if (codes[position as number] !== undefined) throw invalid(`${at}.index.${quote(code)}`, `repeats the position ${position as number}`);
      codes[position as number] = code;
    }
    return codes;
  }
  if (index !== undefined && index !== null) throw invalid(`${at}.index`, 'is neither an array nor an object');
  const label = category.label;
  if (!isObject(label)) throw invalid(`${at}.index`, 'is missing, and there is no label to name the single category');
  const codes = Object.keys(label);
  if (codes.length !== 1) throw invalid(`${at}.index`, `is missing, and the label names ${codes.length} categories whose order is then unknown`);
  return codes;
}

function readUnits(unit: unknown, at: string, codes: string[], values: CubeValue[], language: string, notes: StatProblem[]): void {
  if (unit === undefined || unit === null) return;
  if (!isObject(unit)) throw invalid(at, 'is not an object');
  reportStrays(unit, codes, at, notes);
  codes.forEach((code, position) => {
    const entry = own(unit, code);
    if (entry === undefined || entry === null) return;
    const path = `${at}.${quote(code)}`;
    if (!isObject(entry)) return void notes.push(invalid(path, 'is not an object; ignored').problem);
    const read: NonNullable<CubeValue['unit']> = {};
    // 2.0 says `label`; 1.x, and PxWeb in both versions, `base`.
    const label = text(entry.label ?? entry.base, `${path}.label`, language, notes);
    if (label) read.label = label;
    const decimals = readDecimals(entry.decimals, `${path}.decimals`, notes);
    if (decimals !== undefined) read.decimals = decimals;
    if (typeof entry.symbol === 'string') read.symbol = entry.symbol;
    if (Object.keys(read).length > 0) values[position].unit = read;
  });
}

/** `child` {parent: [children]} becomes each child's `parent`; a second parent is reported and ignored. */
function readChildren(child: unknown, at: string, codes: string[], values: CubeValue[], notes: StatProblem[]): void {
  if (child === undefined || child === null) return;
  if (!isObject(child)) throw invalid(at, 'is not an object');
  const positions = new Map(codes.map((code, position) => [code, position]));
  for (const [parent, children] of Object.entries(child)) {
    const path = `${at}.${quote(parent)}`;
    if (!positions.has(parent)) {
      notes.push(invalid(path, 'names no category of this dimension; ignored').problem);
      continue;
    }
    if (!Array.isArray(children)) {
      notes.push(invalid(path, 'is not an array of category ids; ignored').problem);
      continue;
    }
    children.forEach((code: unknown, k) => {
      const position = typeof code === 'string' ? positions.get(code) : undefined;
      if (position === undefined) return void notes.push(invalid(`${path}[${k}]`, 'names no category of this dimension; ignored').problem);
      const value = values[position];
      if (value.parent === undefined && code !== parent) value.parent = parent;
      else notes.push(invalid(`${path}[${k}]`, `"${quote(code as string)}" already has a parent; ignored`).problem);
    });
  }
}

function readCategoryNotes(note: unknown, at: string, codes: string[], values: CubeValue[], language: string, notes: StatProblem[]): void {
  if (note === undefined || note === null) return;
  if (!isObject(note)) return void notes.push(invalid(at, 'is not an object; ignored').problem);
  reportStrays(note, codes, at, notes);
  codes.forEach((code, position) => {
    const entry = own(note, code);
    if (entry === undefined) return;
    const read = readNotes(entry, `${at}.${quote(code)}`, language, notes);
    if (read.length > 0) values[position].notes = read;
  });
}

// ---- cells ----

/** `value` as an array of Π size numbers or nulls, or as a sparse object {"position": number}. */
function readValues(value: unknown, at: string, cells: number): Float64Array {
  if (Array.isArray(value)) {
    if (value.length !== cells) throw new StatFault({ code: 'jsonstat-size-mismatch', params: { expected: cells, found: value.length } });
    const values = new Float64Array(cells);
    for (let cell = 0; cell < cells; cell++) values[cell] = number(value[cell], at, cell);
    return values;
  }
  if (isObject(value)) {
    const values = new Float64Array(cells).fill(Number.NaN);
    for (const [key, figure] of Object.entries(value)) {
      const cell = position(key, () => `${at}.${quote(key)}`, cells);
      values[cell] = typeof figure === 'number' && Number.isFinite(figure) ? figure : number(figure, `${at}.${quote(key)}`);
    }
    return values;
  }
  throw invalid(at, 'is missing, or neither an array nor an object');
}

/** A cell's figure; the path is only put together when it is wrong (a million cells, one template each, would show). */
function number(figure: unknown, at: string, cell?: number): number {
  if (typeof figure === 'number' && Number.isFinite(figure)) return figure;
  if (figure === null) return Number.NaN;
  throw invalid(cell === undefined ? at : `${at}[${cell}]`, 'is not a number or null');
}

/** `status` as one string for every cell, an array (of Π size, or of one for all), or a sparse object. */
function readStatuses(status: unknown, at: string, cells: number): Map<number, string> {
  const statuses = new Map<number, string>();
  if (status === undefined || status === null) return statuses;
  const put = (cell: number, symbol: unknown, path: () => string) => {
    if (symbol === null || symbol === '') return;
    if (typeof symbol !== 'string') throw invalid(path(), 'is not a status (text)');
    statuses.set(cell, symbol);
  };
  if (typeof status === 'string' || (Array.isArray(status) && status.length === 1 && cells !== 1)) {
    const symbol: unknown = Array.isArray(status) ? status[0] : status;
    for (let cell = 0; cell < cells; cell++) put(cell, symbol, () => at);
  } else if (Array.isArray(status)) {
    if (status.length !== cells) throw invalid(at, `holds ${status.length} statuses, but the sizes multiply to ${cells} cells`);
    status.forEach((symbol: unknown, cell) => put(cell, symbol, () => `${at}[${cell}]`));
  } else if (isObject(status)) {
    for (const [key, symbol] of Object.entries(status)) {
      const path = () => `${at}.${quote(key)}`;
      put(position(key, path, cells), symbol, path);
    }
  } else {
    throw invalid(at, 'is neither text, an array nor an object');
  }
  return statuses;
}

/** A sparse key: a cell position written as JSON-stat writes it (decimal digits, no sign, no leading zero). */
function position(key: string, at: () => string, cells: number): number {
  let digits = key.length > 0 && key.length <= 16 && (key === '0' || key.charCodeAt(0) !== 48);
  for (let i = 0; digits && i < key.length; i++) digits = key.charCodeAt(i) >= 48 && key.charCodeAt(i) <= 57;
  if (!digits) throw invalid(at(), 'is not a cell position');
  const cell = Number(key);
  if (cell >= cells) throw invalid(at(), `is past the last cell (${cells - 1})`);
  return cell;
}

// ---- texts ----

/** The language the document says it is in, when the caller does not say. */
function languageOf(dataset: Json, given: string | undefined): string {
  if (given) return given;
  const extension = isObject(dataset.extension) ? dataset.extension : {};
  const px = isObject(extension.px) ? extension.px : {};
  for (const declared of [extension.lang, px.language]) {
    if (typeof declared === 'string' && declared.length >= 2 && declared.length <= 3 && [...declared].every((char) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z'))) {
      return declared.toLowerCase();
    }
  }
  return 'en';
}

/** A text member as a SourceText; anything else is reported and left out. */
function text(value: unknown, at: string, language: string, notes: StatProblem[]): SourceText | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    notes.push(invalid(at, 'is not text; ignored').problem);
    return undefined;
  }
  return { [language]: value };
}

/** `note`: an array of texts (2.0), one text, or an object of texts by position (seen in 1.x answers). */
function readNotes(note: unknown, at: string, language: string, notes: StatProblem[]): SourceText[] {
  if (note === undefined || note === null) return [];
  const entries: [string, unknown][] = typeof note === 'string' ? [['', note]]
    : Array.isArray(note) ? note.map((entry: unknown, k) => [`[${k}]`, entry])
    : isObject(note) ? Object.entries(note).map(([key, entry]) => [`.${quote(key)}`, entry])
    : [];
  if (entries.length === 0 && !Array.isArray(note) && !isObject(note)) notes.push(invalid(at, 'is not text; ignored').problem);
  return entries.flatMap(([where, entry]) => {
    const read = text(entry, `${at}${where}`, language, notes);
    return read ? [read] : [];
  });
}

/** Eurostat's `extension.status.label` {symbol: meaning}. */
function readStatusLabels(status: unknown, at: string, language: string, notes: StatProblem[]): Record<string, SourceText> | undefined {
  if (!isObject(status) || !isObject(status.label)) return undefined;
  const entries = Object.entries(status.label).flatMap(([symbol, label]) => {
    const read = text(label, `${at}.label.${quote(symbol)}`, language, notes);
    return read ? [[symbol, read] as const] : [];
  });
  // fromEntries, not assignment: a symbol named "__proto__" stays a symbol.
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function readDecimals(decimals: unknown, at: string, notes: StatProblem[]): number | undefined {
  if (decimals === undefined || decimals === null) return undefined;
  if (Number.isSafeInteger(decimals) && (decimals as number) >= 0 && (decimals as number) <= 20) return decimals as number;
  notes.push(invalid(at, 'is not a number of decimals (0–20); ignored').problem);
  return undefined;
}

/** Labels, units and notes for categories the index does not have: reported once per member. */
function reportStrays(members: Json, codes: string[], at: string, notes: StatProblem[]): void {
  const known = new Set(codes);
  const strays = Object.keys(members).filter((code) => !known.has(code));
  if (strays.length > 0) notes.push(invalid(at, `names ${strays.length} categories not in the index (first "${quote(strays[0])}"); ignored`).problem);
}

// ---- helpers ----

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member of a parsed object, never one inherited from Object.prototype ("constructor" is a fine category id). */
function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function firstText(...candidates: unknown[]): string | undefined {
  return candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function invalid(path: string, detail: string): StatFault {
  return new StatFault({ code: 'jsonstat-invalid', params: { path: quote(path.endsWith('.') ? path.slice(0, -1) : path) || '(document)', detail } });
}
