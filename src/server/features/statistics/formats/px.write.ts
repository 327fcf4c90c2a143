/**
 * PC-Axis writer: a Cube as a PX 2013 file in UTF-8 (`CODEPAGE="utf-8"`, with `CHARSET="ANSI"`
 * so that readers following the old rule do not take it for DOS text), which readPx reads back to
 * the same cube. Used by the PxWeb read API's `px` format and by tests and benches to make files.
 *
 * The last dimension is the HEADING, the others the STUB (PC-Axis's usual shape: one row per
 * series, periods across), which keeps the cube's row-major cell order.
 *
 * What PX cannot hold is written as near as it can be, so a cube that has any of these reads
 * back different:
 * - `"` inside a text (PX has no escape) becomes `'`; line breaks become spaces;
 * - a variable or value without a text in a language gets the default language's text, then the
 *   code (PX needs every name in every language); a note without a translation gets an empty
 *   one, which the reader drops;
 * - a status on a cell that has a value (PX cells are a number or a symbol), the 'geo' role (PX
 *   has none), units of values outside the metric dimension, and status labels of symbols other
 *   than PX's dots and dash are left out; a missing cell without a status is written `".."`;
 * - DECIMALS, UNITS and TITLE are written only when the cube has them, so give a cube them
 *   when the file is for other PX readers, which require them.
 */
import type { Cube, CubeDimension, SourceText } from '../cube.ts';
import { strides } from '../cube.ts';
import { PX_SYMBOL_KEYWORDS } from './px.ts';

export interface WritePxOptions {
  /** The file's default language (LANGUAGE); texts in it are written without `[lang]`. */
  language: string;
  /** The languages to write, the default first; the cube's languages when not given. */
  languages?: string[];
  /** Write DATA sparse, one row per stub combination keyed by VALUES or CODES, all-zero rows left out. */
  keys?: 'VALUES' | 'CODES';
}

const EOL = '\r\n';
/** The format's traditional line length; longer texts continue on the next line. */
const LINE = 200;

/** A text as a quoted PX string, continued over lines when long (never split inside a surrogate pair). */
function quoted(text: string, wrap = true): string {
  const clean = text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
  if (!wrap || clean.length <= LINE) return `"${clean}"`;
  const parts: string[] = [];
  let at = 0;
  while (at < clean.length) {
    let end = Math.min(at + LINE, clean.length);
    const code = clean.charCodeAt(end - 1);
    if (end < clean.length && code >= 0xd800 && code <= 0xdbff) end--;
    parts.push(`"${clean.slice(at, end)}"`);
    at = end;
  }
  return parts.join(EOL);
}

/** A list of quoted texts, a new line after a comma when the line grows long. */
function quotedList(texts: readonly string[]): string {
  let out = '';
  let lineLength = 0;
  texts.forEach((text, i) => {
    const item = quoted(text, false);
    if (i > 0) {
      out += ',';
      if (lineLength + item.length > LINE) {
        out += EOL;
        lineLength = 0;
      }
    }
    out += item;
    lineLength += item.length + 1;
  });
  return out;
}

/** The cell as PX writes it: the shortest exact decimal, or the quoted symbol. */
function cell(value: number, status: string | undefined): string {
  if (Number.isFinite(value)) return Object.is(value, -0) ? '-0' : String(value);
  return quoted(status ?? '..', false);
}

/** TIMEVAL in TLIST form when every code is one frequency's format (A1 CCYY, H1 CCYYH, Q1 CCYYQ, M1 CCYYMM, W1 CCYYWW), else a plain list. */
function timeval(codes: readonly string[]): string {
  const forms: [string, RegExp, (match: RegExpMatchArray) => string][] = [
    ['A1', /^(\d{4})$/, (m) => m[1]],
    ['H1', /^(\d{4})[-_]?H([12])$/, (m) => m[1] + m[2]],
    ['Q1', /^(\d{4})[-_]?Q([1-4])$/, (m) => m[1] + m[2]],
    ['M1', /^(\d{4})[-_]?M?(0[1-9]|1[0-2])$/, (m) => m[1] + m[2]],
    ['W1', /^(\d{4})[-_]?W([0-4]\d|5[0-3])$/, (m) => m[1] + m[2]],
  ];
  for (const [frequency, pattern, format] of forms) {
    const matches = codes.map((code) => code.match(pattern));
    if (matches.every((match) => match !== null)) return `TLIST(${frequency}),${quotedList(matches.map((match) => format(match!)))}`;
  }
  return quotedList(codes);
}

/** Writes a cube as a PC-Axis file (a string; encode it as UTF-8). */
export function writePx(cube: Cube, options: WritePxOptions): string {
  const D = options.language;
  const languages = [...new Set([D, ...(options.languages ?? cube.languages)])];
  const lines: string[] = [];
  const statement = (keyword: string, lang: string | null, subkeys: readonly string[], value: string) => {
    const language = lang === null || lang === D ? '' : `[${lang}]`;
    const keys = subkeys.length > 0 ? `(${subkeys.map((key) => quoted(key, false)).join(',')})` : '';
    lines.push(`${keyword}${language}${keys}=${value};`);
  };
  const perLanguage = (keyword: string, text: SourceText | undefined) => {
    for (const language of languages) if (text?.[language]) statement(keyword, language, [], quoted(text[language]));
  };
  if (cube.dimensions.some((dimension) => dimension.values.length === 0)) throw new Error('writePx: a PX variable needs at least one value');

  const stub = cube.dimensions.length > 1 ? cube.dimensions.slice(0, -1) : cube.dimensions;
  const heading = cube.dimensions.length > 1 ? cube.dimensions.slice(-1) : [];
  const names = new Map(languages.map((language) => [language, variableNames(cube.dimensions, language, D)]));
  const nameOf = (d: number, language: string) => names.get(language)![d];
  const valueText = (dimension: CubeDimension, i: number, language: string) => {
    const value = dimension.values[i];
    return value.label[language] || value.label[D] || value.code;
  };

  statement('CHARSET', null, [], '"ANSI"');
  statement('AXIS-VERSION', null, [], '"2013"');
  statement('CODEPAGE', null, [], '"utf-8"');
  statement('LANGUAGE', null, [], quoted(D));
  if (languages.length > 1) statement('LANGUAGES', null, [], quotedList(languages));
  if (cube.decimals !== undefined) statement('DECIMALS', null, [], String(cube.decimals));
  if (cube.id) statement('MATRIX', null, [], quoted(cube.id));
  perLanguage('TITLE', cube.title);
  perLanguage('CONTENTS', cube.title);
  perLanguage('UNITS', cube.unit);
  for (const language of languages) {
    if (stub.length > 0) statement('STUB', language, [], quotedList(stub.map((_, d) => nameOf(d, language))));
    if (heading.length > 0) statement('HEADING', language, [], quotedList(heading.map((_, h) => nameOf(stub.length + h, language))));
  }
  const metric = cube.dimensions.findIndex((dimension) => dimension.role === 'metric');
  if (metric >= 0) for (const language of languages) statement('CONTVARIABLE', language, [], quoted(nameOf(metric, language)));

  cube.dimensions.forEach((dimension, d) => {
    for (const language of languages) statement('VALUES', language, [nameOf(d, language)], quotedList(dimension.values.map((_, i) => valueText(dimension, i, language))));
    const codes = dimension.values.map((value) => value.code);
    if (dimension.role === 'time') statement('TIMEVAL', null, [nameOf(d, D)], timeval(codes));
    statement('CODES', null, [nameOf(d, D)], quotedList(codes));
    if (dimension.code !== nameOf(d, D)) statement('VARIABLECODE', null, [nameOf(d, D)], quoted(dimension.code));
    if (dimension.elimination !== undefined) statement('ELIMINATION', null, [nameOf(d, D)], dimension.elimination ? 'YES' : 'NO');
    if (options.keys && d < stub.length && heading.length > 0) statement('KEYS', null, [nameOf(d, D)], options.keys);
  });
  cube.dimensions.forEach((dimension, d) => {
    dimension.values.forEach((value, i) => {
      if (d === metric) {
        for (const language of languages) {
          const unit = value.unit?.label?.[language];
          if (unit) statement('UNITS', language, [valueText(dimension, i, language)], quoted(unit));
        }
      }
      if (value.unit?.decimals !== undefined) statement('PRECISION', null, [nameOf(d, D), valueText(dimension, i, D)], String(value.unit.decimals));
    });
  });
  if (cube.updated) {
    const match = cube.updated.match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/);
    if (match) statement('LAST-UPDATED', null, [], quoted(`${match[1]}${match[2]}${match[3]}${match[4] ? ` ${match[4]}:${match[5]}` : ''}`));
  }
  perLanguage('SOURCE', cube.source);
  for (const note of cube.notes) {
    if (!languages.some((language) => note[language])) continue;
    // every language, an empty text where there is no translation, keeps the k-th notes together
    for (const language of languages) statement('NOTE', language, [], quoted(note[language] ?? ''));
  }
  for (const [keyword, symbol] of Object.entries(PX_SYMBOL_KEYWORDS)) perLanguage(keyword, cube.statusLabels?.[symbol]);

  lines.push('DATA=');
  const rowCells = heading.length > 0 ? heading[0].values.length : 1;
  const rows = cube.values.length / rowCells;
  const stubStrides = strides(stub);
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    let zero = true;
    for (let i = row * rowCells; i < (row + 1) * rowCells; i++) {
      const status = cube.statuses.get(i);
      cells.push(cell(cube.values[i], status));
      zero &&= Object.is(cube.values[i], 0);
    }
    if (options.keys && heading.length > 0) {
      if (zero) continue;
      const keys = stub.map((dimension, d) => {
        const i = Math.floor(row / stubStrides[d]) % dimension.values.length;
        return quoted(options.keys === 'CODES' ? dimension.values[i].code : valueText(dimension, i, D), false);
      });
      lines.push(`${keys.join(',')},${cells.join(' ')}`);
    } else lines.push(cells.join(' '));
  }
  lines.push(';');
  return lines.join(EOL) + EOL;
}

/** Variable names in a language, unique as PX needs them (a repeated name gets its code added). */
function variableNames(dimensions: readonly CubeDimension[], language: string, fallback: string): string[] {
  const names: string[] = [];
  for (const dimension of dimensions) {
    let name = (dimension.label[language] || dimension.label[fallback] || dimension.code).replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
    if (names.includes(name)) name = `${name} (${dimension.code})`;
    names.push(name);
  }
  return names;
}
