/**
 * The PC-Axis metadata syntax (PX file format 2013, research §5.1): where the metadata ends (the
 * `DATA=` that starts a statement, never one inside a quoted NOTE), and the statements before it,
 * `KEYWORD[lang]("subkey",…)=value(s);`.
 *
 * The statements are read from a *binary* string (one character per byte, `latin1`): every byte
 * the syntax cares about (`"`, `;`, `=`, `[`, `(`, `,`) is ASCII and never part of a UTF-8
 * multibyte sequence or a single-byte code page's upper half, so the syntax is read before the
 * encoding is known and each text is decoded afterwards, once the code page has been decided
 * from all of them (px.encoding.ts).
 */
import { StatFault } from '../faults.ts';

/**
 * Every keyword of the PX 2013 specification and those PCAxis.Core reads beside them. A keyword
 * outside this list is noted once (`px-keyword-ignored`); one inside it that a cube has no place
 * for (MATRIX's subject, DOMAIN, HIERARCHIES…) is skipped silently, as every PX file has some.
 */
export const PX_KEYWORDS: ReadonlySet<string> = new Set([
  'AGGREGALLOWED', 'ATTRIBUTE-ID', 'ATTRIBUTE-TEXT', 'ATTRIBUTES', 'AUTOPEN', 'AXIS-VERSION', 'BASEPERIOD', 'CELLNOTE', 'CELLNOTEX',
  'CFPRICES', 'CHARSET', 'CODEPAGE', 'CODES', 'CONFIDENTIAL', 'CONTACT', 'CONTENTS', 'CONTVARIABLE', 'COPYRIGHT', 'CREATION-DATE',
  'DATA', 'DATABASE', 'DATANOTE', 'DATANOTECELL', 'DATANOTESUM', 'DATASYMBOL1', 'DATASYMBOL2', 'DATASYMBOL3', 'DATASYMBOL4',
  'DATASYMBOL5', 'DATASYMBOL6', 'DATASYMBOL7', 'DATASYMBOLNIL', 'DATASYMBOLSUM', 'DAYADJ', 'DECIMALS', 'DEFAULT-GRAPH', 'DESCRIPTION',
  'DESCRIPTIONDEFAULT', 'DIRECTORY-PATH', 'DOMAIN', 'DOUBLECOLUMN', 'ELIMINATION', 'EXTENDEDPROPERTIES', 'FIRST-PUBLISHED',
  'GROUPING-ID', 'GROUPING-NAME', 'GROUPING-PRESENTATION', 'HEADING', 'HIERARCHIES', 'HIERARCHYLEVELS', 'HIERARCHYLEVELSOPEN',
  'HIERARCHYNAMES', 'INFO', 'INFOFILE', 'KEYS', 'LANGUAGE', 'LANGUAGES', 'LAST-UPDATED', 'LINK', 'MAINTABLE', 'MAP', 'MATRIX', 'META-ID',
  'NEXT-UPDATE', 'NOTE', 'NOTEX', 'OFFICIAL-STATISTICS', 'PARTITIONED', 'PRECISION', 'PRESTEXT', 'PX-SERVER', 'REFERENCE-ID', 'REFPERIOD',
  'ROUNDING', 'SEASADJ', 'SHOWDECIMALS', 'SOURCE', 'STOCKFA', 'STUB', 'SUBJECT-AREA', 'SUBJECT-CODE', 'SURVEY', 'SYNONYMS', 'TABLEID',
  'TIMEVAL', 'TITLE', 'UNITS', 'UPDATE-FREQUENCY', 'VALUE-TEXT-OPTION', 'VALUENOTE', 'VALUENOTEX', 'VALUES', 'VALUESET-ID',
  'VALUESET-NAME', 'VARIABLE-TYPE', 'VARIABLECODE',
]);

const QUOTE = 0x22;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;

const BETWEEN = 0; // before a statement's keyword
const KEYWORD = 1; // in the keyword
const AFTER_KEYWORD = 2; // blanks after the keyword
const BODY = 3; // language, subkeys or values, outside quotes
const QUOTED = 4; // inside a quoted text

export function isBlank(byte: number): boolean {
  // space, tab, LF, VT, FF, CR, and DOS's end-of-file mark (Ctrl-Z) that old files still end with
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte === 0x1a;
}

/**
 * Finds the `DATA=` that starts a statement, chunk by chunk, keeping track of quotes so that a
 * NOTE quoting "DATA=" does not end the metadata (pyaxis's `split('DATA=')` does).
 */
export class DataKeywordFinder {
  /** Line of the byte being read (1-based). */
  line = 1;
  /** Offset (in the whole stream) of the D of DATA, once found. */
  dataKeywordAt = -1;
  /** Offset (in the whole stream) of the first byte after `DATA=`, once found. */
  cellsAt = -1;
  private state = BETWEEN;
  private keywordStart = 0;
  private keywordLength = 0;
  /** The keyword so far spells a prefix of DATA (in any case). */
  private maybeData = false;
  private offset = 0;
  private found = false;

  /** Reads one chunk; true when `DATA=` has been found in it (then nothing more is read). */
  scan(chunk: Uint8Array): boolean {
    const base = this.offset;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === NEWLINE) this.line++;
      switch (this.state) {
        case QUOTED:
          if (byte === QUOTE) this.state = BODY;
          break;
        case BODY:
          if (byte === QUOTE) this.state = QUOTED;
          else if (byte === SEMICOLON) this.state = BETWEEN;
          break;
        case BETWEEN:
          if (isBlank(byte)) break;
          if (byte === 0) throw new StatFault({ code: 'px-truncated', params: { line: this.line } });
          this.state = KEYWORD;
          this.keywordStart = base + i;
          this.keywordLength = 0;
          this.maybeData = true;
          this.keyword(byte);
          break;
        case KEYWORD:
          if (isBlank(byte)) this.state = AFTER_KEYWORD;
          else this.keyword(byte);
          break;
        case AFTER_KEYWORD:
          if (!isBlank(byte)) this.keyword(byte, true);
          break;
      }
      if (this.found) {
        this.cellsAt = base + i + 1;
        this.offset = base + chunk.length;
        return true;
      }
    }
    this.offset = base + chunk.length;
    return false;
  }

  /** The whole stream has been read without `DATA=`. */
  fault(): StatFault {
    if (this.state === BETWEEN) return new StatFault({ code: 'px-keyword-missing', params: { keyword: 'DATA' } });
    return new StatFault({ code: 'px-truncated', params: { line: this.line } });
  }

  private keyword(byte: number, afterBlank = false): void {
    if (byte === EQUALS) {
      if (this.maybeData && this.keywordLength === 4) {
        this.dataKeywordAt = this.keywordStart;
        this.found = true;
      } else this.state = BODY;
      return;
    }
    if (afterBlank || byte === QUOTE || byte === SEMICOLON || byte === 0x5b /* [ */ || byte === 0x28 /* ( */) {
      this.state = byte === QUOTE ? QUOTED : byte === SEMICOLON ? BETWEEN : BODY;
      return;
    }
    this.maybeData = this.maybeData && this.keywordLength < 4 && (byte | 0x20) === 'data'.charCodeAt(this.keywordLength);
    this.keywordLength++;
  }
}

export type PxToken =
  | { kind: 'text'; value: string }
  | { kind: 'bare'; value: string }
  | { kind: ',' | '(' | ')' | '-' };

export interface PxStatement {
  keyword: string;
  /** The `[lang]`, null when none (the file's default language). */
  lang: string | null;
  subkeys: string[];
  tokens: PxToken[];
  line: number;
  /** Position in the file, for keeping the file's order of notes. */
  index: number;
}

function syntax(line: number, detail: string): StatFault {
  return new StatFault({ code: 'px-syntax', params: { line, detail } });
}

function isKeywordChar(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x5f;
}

/** A bare value runs until a blank or one of `,;"()`. */
function endsBare(code: number): boolean {
  return isBlank(code) || code === 0x2c || code === SEMICOLON || code === QUOTE || code === 0x28 || code === 0x29;
}

/** Reads the statements of the metadata (everything before `DATA=`) from its binary string; texts stay binary. */
export function parseStatements(binary: string): PxStatement[] {
  const statements: PxStatement[] = [];
  const end = binary.length;
  let at = 0;
  let line = 1;

  const skipBlanks = () => {
    while (at < end && isBlank(binary.charCodeAt(at))) {
      if (binary.charCodeAt(at) === NEWLINE) line++;
      at++;
    }
  };
  const quoted = (): string => {
    const close = binary.indexOf('"', at + 1);
    if (close < 0) throw new StatFault({ code: 'px-truncated', params: { line } });
    const text = binary.slice(at + 1, close);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === NEWLINE) line++;
    at = close + 1;
    return text;
  };

  while (true) {
    skipBlanks();
    if (at >= end) return statements;
    const first = line;
    const keywordStart = at;
    while (at < end && isKeywordChar(binary.charCodeAt(at))) at++;
    if (at === keywordStart) throw syntax(line, `a keyword was expected, not “${binary.charAt(at)}”`);
    const keyword = binary.slice(keywordStart, at).toUpperCase();
    skipBlanks();

    let lang: string | null = null;
    if (binary.charAt(at) === '[') {
      const close = binary.indexOf(']', at);
      const inner = close < 0 ? ';' : binary.slice(at + 1, close);
      // a ] missing here would be found in a later statement: a language never holds these
      if (/[;=\n]/.test(inner)) throw syntax(line, `${keyword}[ has no closing ]`);
      lang = inner.trim().replace(/^"|"$/g, '').trim();
      at = close + 1;
      skipBlanks();
    }

    const subkeys: string[] = [];
    if (binary.charAt(at) === '(') {
      at++;
      while (true) {
        skipBlanks();
        const char = binary.charAt(at);
        if (char === ')' && subkeys.length === 0) break;
        if (char === '"') subkeys.push(quoted());
        else {
          const start = at;
          while (at < end && !endsBare(binary.charCodeAt(at))) at++;
          if (at === start) throw syntax(line, `${keyword}( holds “${binary.charAt(at)}” where a name was expected`);
          subkeys.push(binary.slice(start, at));
        }
        skipBlanks();
        if (binary.charAt(at) === ',') {
          at++;
          continue;
        }
        if (binary.charAt(at) === ')') break;
        throw syntax(line, `${keyword}( has no closing )`);
      }
      at++;
      skipBlanks();
    }

    if (binary.charAt(at) !== '=') throw syntax(line, `${keyword} is not followed by =`);
    at++;

    const tokens: PxToken[] = [];
    while (true) {
      skipBlanks();
      if (at >= end) throw new StatFault({ code: 'px-truncated', params: { line } });
      const code = binary.charCodeAt(at);
      if (code === SEMICOLON) {
        at++;
        break;
      }
      if (code === QUOTE) {
        tokens.push({ kind: 'text', value: quoted() });
        continue;
      }
      if (code === 0x2c || code === 0x28 || code === 0x29) {
        tokens.push({ kind: binary.charAt(at) as ',' | '(' | ')' });
        at++;
        continue;
      }
      if (code === 0x2d /* - */ && binary.charAt(at + 1) === '"') {
        tokens.push({ kind: '-' });
        at++;
        continue;
      }
      const start = at;
      while (at < end && !endsBare(binary.charCodeAt(at))) at++;
      tokens.push({ kind: 'bare', value: binary.slice(start, at) });
    }
    statements.push({ keyword, lang, subkeys, tokens, line: first, index: statements.length });
  }
}

/**
 * The comma-separated values of a statement. Quoted texts with nothing but blanks between them
 * are one text continued over lines (`"…by product group and"` / `"period"`), as the format
 * defines; TLIST's parentheses are dropped.
 */
export function listOf(statement: PxStatement | undefined): string[] {
  if (!statement) return [];
  const items: string[] = [];
  let current: string | null = null;
  for (const token of statement.tokens) {
    if (token.kind === ',') {
      if (current !== null) items.push(current);
      current = null;
    } else if (token.kind === 'text' || token.kind === 'bare') current = (current ?? '') + token.value;
  }
  if (current !== null) items.push(current);
  return items;
}

/** A statement's single value; a list's values joined (a text keyword should not have several). */
export function textOf(statement: PxStatement | undefined): string | undefined {
  return statement ? listOf(statement).join(', ') : undefined;
}
