import { cellCount, type Cube, type CubeDimension, type SourceText } from '../cube.ts';

/**
 * The JSON-stat writer: a Cube as a JSON-stat 2.0 dataset, or as the 1.x bundle `{"dataset": …}`
 * PxWeb v1 answers for "json-stat" (the `pxweb` R package asserts that exact top-level name).
 * `readJsonStat` reads both back into the same cube; `jsonstat-toolkit` reads both too.
 *
 * Where a Cube holds what JSON-stat has no member for, the writer uses the extensions real servers
 * use: `extension.px` {tableid, decimals} as PxWebApi 2.0, `extension.status.label` as Eurostat,
 * a dimension's `extension.elimination` as PxWebApi 2.0; and `extension.unit` for a table-wide
 * unit (PC-Axis UNITS without a contents variable), which is ours.
 */

export interface JsonStatWriteOptions {
  /** The one language of the document. A text the cube lacks in it falls back to the cube's languages in order. */
  language: string;
  /** 2: a JSON-stat 2.0 dataset; 1: PxWeb v1's `{"dataset": {…}}`. */
  version: 2 | 1;
  /** Members merged into the dataset's `extension` (ours win for `px.tableid`, `px.decimals`, `status`, `unit`). */
  extension?: Record<string, unknown>;
  link?: Record<string, unknown>;
  href?: string;
}

type Json = Record<string, unknown>;

/** The document as an object (for a reply that a framework serialises, or a test). */
export function writeJsonStat(cube: Cube, options: JsonStatWriteOptions): Json {
  const frame = frameOf(cube, options);
  const statuses = statusEntries(cube);
  frame.value = Array.from(cube.values, (value) => (Number.isNaN(value) ? null : value));
  if (statuses.length > 0) frame.status = Object.fromEntries(statuses.map(([cell, symbol]) => [String(cell), symbol]));
  return options.version === 1 ? { dataset: frame } : frame;
}

/**
 * The document as JSON text, the `value` and `status` members written straight into the text:
 * a million-cell table never becomes a million-element array of boxed numbers first.
 */
export function writeJsonStatString(cube: Cube, options: JsonStatWriteOptions): string {
  const frame = JSON.stringify(frameOf(cube, options));
  const statuses = statusEntries(cube);
  // `frame` is a non-empty object, so it ends in "}" and the cells can go before it.
  let text = `${frame.slice(0, -1)},"value":[${valueText(cube.values)}]`;
  if (statuses.length > 0) {
    // A table has a handful of symbols over many cells: quote each once.
    const quoted = new Map<string, string>();
    const quote = (symbol: string) => quoted.get(symbol) ?? quoted.set(symbol, JSON.stringify(symbol)).get(symbol)!;
    text += `,"status":{${statuses.map(([cell, symbol]) => `"${cell}":${quote(symbol)}`).join(',')}}`;
  }
  text += '}';
  return options.version === 1 ? `{"dataset":${text}}` : text;
}

/** Numbers as JSON writes them (String(n) is JSON.stringify(n) for a finite number), null for NaN; joined a block at a time. */
function valueText(values: Float64Array): string {
  const BLOCK = 8192;
  const blocks: string[] = [];
  const parts = new Array<string>(BLOCK);
  for (let start = 0; start < values.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, values.length);
    parts.length = end - start;
    for (let cell = start; cell < end; cell++) {
      const value = values[cell];
      parts[cell - start] = Number.isNaN(value) ? 'null' : String(value);
    }
    blocks.push(parts.join(','));
  }
  return blocks.join(',');
}

/** The statuses of real cells in cell order (JSON-stat does not ask for it; people reading the document do). */
function statusEntries(cube: Cube): [number, string][] {
  const entries: [number, string][] = [];
  let ordered = true;
  for (const [cell, symbol] of cube.statuses) {
    if (!Number.isInteger(cell) || cell < 0 || cell >= cube.values.length || symbol === '') continue;
    if (entries.length > 0 && entries[entries.length - 1][0] > cell) ordered = false;
    entries.push([cell, symbol]);
  }
  return ordered ? entries : entries.sort((a, b) => a[0] - b[0]);
}

/** Everything but `value` and `status`, in the member order PxWeb and Eurostat use. */
function frameOf(cube: Cube, options: JsonStatWriteOptions): Json {
  const cells = cellCount(cube.dimensions);
  if (cells !== cube.values.length) throw new Error(`The cube ${cube.id} has ${cube.values.length} values for ${cells} cells`);
  const pick = picker(cube, options.language);
  const v1 = options.version === 1;

  const dimension: Json = Object.fromEntries(cube.dimensions.map((d) => [d.code, dimensionOf(d, pick, v1)]));
  const id = cube.dimensions.map((d) => d.code);
  const size = cube.dimensions.map((d) => d.values.length);
  const roles = (['time', 'geo', 'metric'] as const).flatMap((role) => {
    const members = cube.dimensions.filter((d) => d.role === role).map((d) => d.code);
    return members.length > 0 ? [[role, members] as const] : [];
  });
  const role = roles.length > 0 ? Object.fromEntries(roles) : undefined;

  const frame: Json = v1 ? {} : { version: '2.0', class: 'dataset' };
  if (options.href !== undefined) frame.href = options.href;
  const label = pick(cube.title);
  if (label !== undefined) frame.label = label;
  const source = pick(cube.source);
  if (source !== undefined) frame.source = source;
  if (cube.updated !== undefined) frame.updated = cube.updated;
  const notes = notesOf(cube.notes, pick);
  if (notes) frame.note = notes;
  if (v1) {
    // 1.x keeps id, size and role inside `dimension`, after the dimensions, as PxWeb writes them.
    Object.assign(dimension, role ? { id, size, role } : { id, size });
    frame.dimension = dimension;
  } else {
    Object.assign(frame, { id, size });
    if (role) frame.role = role;
    frame.dimension = dimension;
  }
  const extension = extensionOf(cube, options, pick);
  if (extension) frame.extension = extension;
  if (options.link !== undefined) frame.link = options.link;
  return frame;
}

function dimensionOf(dimension: CubeDimension, pick: Picker, v1: boolean): Json {
  const codes = dimension.values.map((value) => value.code);
  // 2.0 readers take the index as an array; PxWeb's 1.x answers give it as an object.
  const category: Json = { index: v1 ? Object.fromEntries(codes.map((code, position) => [code, position])) : codes };

  const labels = dimension.values.flatMap((value) => {
    const label = pick(value.label);
    return label === undefined ? [] : [[value.code, label] as const];
  });
  if (labels.length > 0) category.label = Object.fromEntries(labels);

  const units = dimension.values.flatMap((value) => {
    if (!value.unit) return [];
    const unit: Json = {};
    const label = pick(value.unit.label);
    // 2.0 names the unit `label`; 1.x (and PxWeb in both) `base`.
    if (label !== undefined) unit[v1 ? 'base' : 'label'] = label;
    if (value.unit.decimals !== undefined) unit.decimals = value.unit.decimals;
    if (value.unit.symbol !== undefined) unit.symbol = value.unit.symbol;
    return Object.keys(unit).length > 0 ? [[value.code, unit] as const] : [];
  });
  if (units.length > 0) category.unit = Object.fromEntries(units);

  const children = new Map<string, string[]>();
  for (const value of dimension.values) {
    if (value.parent === undefined) continue;
    const siblings = children.get(value.parent);
    if (siblings) siblings.push(value.code);
    else children.set(value.parent, [value.code]);
  }
  if (children.size > 0) category.child = Object.fromEntries(children);

  const valueNotes = dimension.values.flatMap((value) => {
    const notes = notesOf(value.notes, pick);
    return notes ? [[value.code, notes] as const] : [];
  });
  if (valueNotes.length > 0) category.note = Object.fromEntries(valueNotes);

  const result: Json = {};
  const label = pick(dimension.label);
  if (label !== undefined) result.label = label;
  const notes = notesOf(dimension.notes, pick);
  if (notes) result.note = notes;
  result.category = category;
  if (dimension.elimination !== undefined) result.extension = { elimination: dimension.elimination };
  return result;
}

function extensionOf(cube: Cube, options: JsonStatWriteOptions, pick: Picker): Json | undefined {
  const extension: Json = { ...options.extension };
  const given = extension.px;
  const px: Json = typeof given === 'object' && given !== null && !Array.isArray(given) ? { ...(given as Json) } : {};
  if (cube.id !== '') px.tableid = cube.id;
  if (cube.decimals !== undefined) px.decimals = cube.decimals;
  if (Object.keys(px).length > 0) extension.px = px;
  const unit = pick(cube.unit);
  if (unit !== undefined) extension.unit = unit;
  const statusLabels = Object.entries(cube.statusLabels ?? {}).flatMap(([symbol, label]) => {
    const text = pick(label);
    return text === undefined ? [] : [[symbol, text] as const];
  });
  if (statusLabels.length > 0) extension.status = { label: Object.fromEntries(statusLabels) };
  return Object.keys(extension).length > 0 ? extension : undefined;
}

function notesOf(notes: SourceText[] | undefined, pick: Picker): string[] | undefined {
  const texts = (notes ?? []).flatMap((note) => {
    const text = pick(note);
    return text === undefined ? [] : [text];
  });
  return texts.length > 0 ? texts : undefined;
}

type Picker = (text: SourceText | undefined) => string | undefined;

/** A text in the document's language, else in the cube's languages in order; undefined when it has none. */
function picker(cube: Cube, language: string): Picker {
  const order = [language, ...cube.languages.filter((other) => other !== language)];
  return (text) => {
    if (!text) return undefined;
    for (const candidate of order) if (Object.hasOwn(text, candidate)) return text[candidate];
    return undefined;
  };
}
