/**
 * The tokens of a SensorThings `$filter`/`$orderby`/`$select` text, read one at a time by hand
 * (no regular expression runs over the text, so nothing can backtrack), each with its offset so
 * that a 400 can say where. Literals are read whole here, values included: a datetime is checked
 * against the calendar as it is read, so `2024-02-30` fails at its own position.
 */
import { QuerySyntaxError, type LiteralValue } from './ast.ts';

export type SyntaxCode = QuerySyntaxError['code'];

/** Longer option texts are refused before reading: the parser is linear, but nothing needs more. */
export const MAX_LENGTH = 10_000;
/** Parentheses, calls, unary operators and nested `$expand`s deeper than this are refused, long before the stack would overflow. */
export const MAX_DEPTH = 64;

export type Punct = '(' | ')' | ',' | '/' | ':' | '-';

interface TokenBase {
  pos: number;
  end: number;
  /** Whitespace came right before it: a path's `/` and a call's `(` must touch what they follow. */
  space: boolean;
}

export type Token =
  | (TokenBase & { kind: 'ident'; text: string })
  /** `[3]` after a path segment (an index into a JSON array), its digits as a number's text. */
  | (TokenBase & { kind: 'index'; text: string })
  | (TokenBase & { kind: 'literal'; text: string; literal: LiteralValue })
  | (TokenBase & { kind: 'punct'; text: Punct })
  | (TokenBase & { kind: 'eof'; text: '' });

export function fail(code: SyntaxCode, option: string, message: string, position: number, found: string, expected: readonly string[] = []): never {
  throw new QuerySyntaxError(code, option, message, position, found, expected);
}

/** A token as a message shows it: quoted text, or "the end". */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'the end';
  return `'${token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text}'`;
}

/** The character at `pos` as a message shows it. */
export function describeChar(text: string, pos: number): string {
  if (pos >= text.length) return 'the end';
  const cp = text.codePointAt(pos)!;
  return `'${String.fromCodePoint(cp)}'`;
}

/** A letter, digit or mark outside ASCII; one code point at a time, so linear. */
const UNICODE_WORD = /^[\p{L}\p{M}\p{N}]$/u;
const UNICODE_LETTER = /^\p{L}$/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Where an identifier starting at `pos` ends (letters, digits, `_`; a letter or `_` first), or `pos` when none starts there. */
export function identifierEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const first = i === pos;
    let ok: boolean;
    if (cp < 128) ok = isAsciiLetter(cp) || cp === 95 || (!first && isDigit(cp));
    else ok = first ? UNICODE_LETTER.test(String.fromCodePoint(cp)) : UNICODE_WORD.test(String.fromCodePoint(cp));
    if (!ok) break;
    i += width;
  }
  return i;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** The words that stand before a quoted text as its type. */
const TYPED_LITERALS = new Set(['duration', 'geography', 'geometry']);

export class Lexer {
  private pos = 0;
  private ahead: Token | null = null;

  constructor(
    readonly text: string,
    readonly option: string,
    readonly code: SyntaxCode,
  ) {}

  peek(): Token {
    this.ahead ??= this.read();
    return this.ahead;
  }

  next(): Token {
    const token = this.peek();
    this.ahead = null;
    return token;
  }

  private fail(message: string, position: number, expected: readonly string[] = [], found = describeChar(this.text, position)): never {
    return fail(this.code, this.option, message, position, found, expected);
  }

  private at(i: number): number {
    return i < this.text.length ? this.text.charCodeAt(i) : -1;
  }

  private read(): Token {
    const { text } = this;
    const before = this.pos;
    while (this.pos < text.length && isWhitespace(text.charCodeAt(this.pos))) this.pos++;
    const space = this.pos > before;
    const pos = this.pos;
    if (pos >= text.length) return { kind: 'eof', text: '', pos, end: pos, space };
    const c = text.charCodeAt(pos);

    if (c === 39 /* ' */) {
      const value = this.quoted(pos);
      return { kind: 'literal', text: text.slice(pos, this.pos), literal: { type: 'string', value }, pos, end: this.pos, space };
    }
    if (isDigit(c)) return this.numberOrTemporal(pos, space);
    if (c === 45 /* - */) {
      if (isDigit(this.at(pos + 1))) return this.numberOrTemporal(pos, space);
      this.pos++;
      return { kind: 'punct', text: '-', pos, end: this.pos, space };
    }
    if (c === 40 || c === 41 || c === 44 || c === 47 || c === 58) {
      this.pos++;
      return { kind: 'punct', text: text[pos] as Punct, pos, end: this.pos, space };
    }
    if (c === 91 /* [ */) return this.index(pos, space);
    if (c === 64 /* @ */) return this.annotation(pos, space);

    const end = identifierEnd(text, pos);
    if (end === pos) this.fail(`Unexpected character ${describeChar(text, pos)}`, pos);
    this.pos = end;
    // `geo.distance`: a qualified name, which only a function may have; the parser says so otherwise.
    for (let partEnd = identifierEnd(text, this.pos + 1); this.at(this.pos) === 46 /* . */ && partEnd > this.pos + 1; partEnd = identifierEnd(text, this.pos + 1)) {
      this.pos = partEnd;
    }
    const word = text.slice(pos, this.pos);
    if (this.at(this.pos) === 39 /* ' */) return this.typedLiteral(word, pos, space);
    return { kind: 'ident', text: word, pos, end: this.pos, space };
  }

  /** A quoted text from the quote at `open`, `''` standing for one quote; leaves `pos` after the closing quote. */
  private quoted(open: number): string {
    const { text } = this;
    let value = '';
    let from = open + 1;
    let i = from;
    for (;;) {
      if (i >= text.length) this.fail(`The text opened by the quote at ${open} has no closing quote`, open, ["'"]);
      if (text.charCodeAt(i) === 39) {
        if (this.at(i + 1) === 39) {
          value += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        value += text.slice(from, i);
        this.pos = i + 1;
        return value;
      }
      i++;
    }
  }

  private typedLiteral(word: string, pos: number, space: boolean): Token {
    const { text } = this;
    if (!TYPED_LITERALS.has(word)) {
      this.fail(`Unexpected quote after '${word}': a quoted value may only be prefixed by duration, geography or geometry (operators need a space after them)`, this.pos);
    }
    const open = this.pos;
    const close = text.indexOf("'", open + 1);
    if (close < 0) this.fail(`The ${word} value opened by the quote at ${open} has no closing quote`, open, ["'"]);
    const content = text.slice(open + 1, close);
    this.pos = close + 1;
    const raw = text.slice(pos, this.pos);
    if (word === 'duration') {
      const literal = this.duration(content, open + 1);
      return { kind: 'literal', text: raw, literal, pos, end: this.pos, space };
    }
    if (content.trim() === '') this.fail(`The ${word} value at ${pos} is empty; expected a WKT text such as POINT(24.9 60.1)`, open + 1);
    return { kind: 'literal', text: raw, literal: { type: 'geography', wkt: content }, pos, end: this.pos, space };
  }

  /** An ISO 8601 duration (`P1Y2M3W4DT5H6M7.5S`, optionally signed `-`); `at` is its offset in the option text. */
  private duration(content: string, at: number): LiteralValue {
    let i = 0;
    let sign = 1;
    if (content[0] === '-' || content[0] === '+') {
      sign = content[0] === '-' ? -1 : 1;
      i = 1;
    }
    if (content[i] !== 'P') this.fail(`Expected an ISO 8601 duration starting with 'P' (such as P1DT2H), found ${describeChar(content, i)}`, at + i, ['P']);
    i++;
    const dateUnits = ['Y', 'M', 'W', 'D'];
    const timeUnits = ['H', 'M', 'S'];
    const amounts: Record<string, number> = {};
    let inTime = false;
    let last = -1;
    let parts = 0;
    let timeParts = 0;
    while (i < content.length) {
      if (content[i] === 'T') {
        if (inTime) this.fail("A duration has only one 'T'", at + i);
        inTime = true;
        last = -1;
        i++;
        continue;
      }
      const start = i;
      while (i < content.length && isDigit(content.charCodeAt(i))) i++;
      if (i === start) this.fail(`Expected a number in the duration, found ${describeChar(content, i)}`, at + i);
      let fraction = false;
      if (content[i] === '.') {
        fraction = true;
        i++;
        const fractionStart = i;
        while (i < content.length && isDigit(content.charCodeAt(i))) i++;
        if (i === fractionStart) this.fail('Expected digits after the decimal point in the duration', at + i);
      }
      if (i - start > 15) this.fail('A number in the duration is too long', at + start);
      const units = inTime ? timeUnits : dateUnits;
      const unit = content[i];
      const index = unit === undefined ? -1 : units.indexOf(unit);
      if (index < 0) {
        this.fail(`Expected one of ${units.join(', ')} after the number in the duration, found ${describeChar(content, i)}`, at + i, units);
      }
      if (index <= last) this.fail(`The parts of a duration go in the order ${units.join(', ')}; '${unit}' is out of place`, at + i);
      if (fraction && !(inTime && unit === 'S')) this.fail('Only the seconds of a duration may have a fraction', at + start);
      amounts[(inTime ? 'T' : '') + unit] = Number(content.slice(start, i));
      last = index;
      parts++;
      if (inTime) timeParts++;
      i++;
    }
    if (parts === 0) this.fail('A duration needs at least one part (such as P1D or PT1H)', at + i);
    if (inTime && timeParts === 0) this.fail("Expected hours, minutes or seconds after the duration's 'T'", at + i);
    const n = (key: string) => amounts[key] ?? 0;
    const months = n('Y') * 12 + n('M');
    const milliseconds = Math.round((((n('W') * 7 + n('D')) * 24 + n('TH')) * 60 + n('TM')) * 60_000 + n('TS') * 1000);
    if (!Number.isSafeInteger(months) || !Number.isSafeInteger(milliseconds)) this.fail('The duration is too long', at);
    // `-0` would differ from 0 under deep equality for no reason.
    return { type: 'duration', months: sign * months || 0, milliseconds: sign * milliseconds || 0, text: content };
  }

  private index(pos: number, space: boolean): Token {
    let i = pos + 1;
    while (isDigit(this.at(i))) i++;
    if (i === pos + 1) this.fail(`Expected the digits of an array index after '[', found ${describeChar(this.text, i)}`, i, ['a digit']);
    if (this.at(i) !== 93 /* ] */) this.fail(`Expected ']' to close the array index opened at ${pos}, found ${describeChar(this.text, i)}`, i, [']']);
    if (i - pos - 1 > 9) this.fail('The array index is too large', pos + 1);
    this.pos = i + 1;
    return { kind: 'index', text: `[${Number(this.text.slice(pos + 1, i))}]`, pos, end: this.pos, space };
  }

  /** `@iot.id` and the like: one path segment; the parser or compiler decides which are known. */
  private annotation(pos: number, space: boolean): Token {
    let i = pos + 1;
    let end = identifierEnd(this.text, i);
    if (end === i) this.fail("Expected a name after '@' (such as @iot.id)", i);
    for (let partEnd = identifierEnd(this.text, end + 1); this.at(end) === 46 && partEnd > end + 1; partEnd = identifierEnd(this.text, end + 1)) end = partEnd;
    i = end;
    this.pos = i;
    return { kind: 'ident', text: this.text.slice(pos, i), pos, end: i, space };
  }

  private digitsAt(i: number, count: number): number | null {
    for (let k = 0; k < count; k++) if (!isDigit(this.at(i + k))) return null;
    if (isDigit(this.at(i + count))) return null;
    return Number(this.text.slice(i, i + count));
  }

  private numberOrTemporal(pos: number, space: boolean): Token {
    const { text } = this;
    const negative = text.charCodeAt(pos) === 45;
    let i = negative ? pos + 1 : pos;
    const digitsStart = i;
    while (isDigit(this.at(i))) i++;
    const run = i - digitsStart;
    let token: Token;
    if (!negative && run === 4 && this.at(i) === 45 && isDigit(this.at(i + 1))) {
      token = this.dateOrDatetime(pos, space);
    } else if (!negative && run === 2 && this.at(i) === 58 /* : */) {
      const end = this.time(pos);
      this.pos = end;
      token = { kind: 'literal', text: text.slice(pos, end), literal: { type: 'time', value: text.slice(pos, end) }, pos, end, space };
    } else {
      if (this.at(i) === 46 /* . */) {
        i++;
        const fractionStart = i;
        while (isDigit(this.at(i))) i++;
        if (i === fractionStart) this.fail(`Expected digits after the decimal point, found ${describeChar(text, i)}`, i, ['a digit']);
      }
      if (this.at(i) === 101 || this.at(i) === 69 /* e E */) {
        i++;
        if (this.at(i) === 43 || this.at(i) === 45) i++;
        const exponentStart = i;
        while (isDigit(this.at(i))) i++;
        if (i === exponentStart) this.fail(`Expected the digits of the exponent, found ${describeChar(text, i)}`, i, ['a digit']);
      }
      const raw = text.slice(pos, i);
      const value = Number(raw);
      if (!Number.isFinite(value)) this.fail(`The number ${raw.length > 20 ? `${raw.slice(0, 20)}…` : raw} is out of range`, pos);
      this.pos = i;
      token = { kind: 'literal', text: raw, literal: { type: 'number', value: value === 0 ? 0 : value, text: raw }, pos, end: i, space };
    }
    // `12abc`, `2024-01-01T00:00:00Zx`: a literal must end where a word could not go on.
    const after = this.at(this.pos);
    if (after === 46 || after === 95 || isDigit(after) || (after >= 0 && identifierEnd(text, this.pos) > this.pos)) {
      this.fail(`Unexpected ${describeChar(text, this.pos)} right after the value ${text.slice(pos, this.pos)}`, this.pos);
    }
    return token;
  }

  /** `hh:mm[:ss[.fff]]` at `pos`; returns where it ends, with its parts checked. */
  private time(pos: number): number {
    const hour = this.digitsAt(pos, 2);
    if (hour === null || hour > 23) this.fail('Expected an hour 00–23 in the time', pos);
    if (this.at(pos + 2) !== 58) this.fail(`Expected ':' after the hour, found ${describeChar(this.text, pos + 2)}`, pos + 2, [':']);
    const minute = this.digitsAt(pos + 3, 2);
    if (minute === null || minute > 59) this.fail('Expected minutes 00–59 in the time', pos + 3);
    let i = pos + 5;
    if (this.at(i) === 58) {
      const second = this.digitsAt(i + 1, 2);
      if (second === null || second > 59) this.fail('Expected seconds 00–59 in the time', i + 1);
      i += 3;
      if (this.at(i) === 46) {
        i++;
        const fractionStart = i;
        while (isDigit(this.at(i))) i++;
        if (i === fractionStart) this.fail('Expected the digits of the fraction of a second', i, ['a digit']);
      }
    }
    return i;
  }

  /** `yyyy-mm-dd` at `pos`, checked against the calendar; returns [year, month, day]. */
  private date(pos: number): [number, number, number] {
    const year = this.digitsAt(pos, 4);
    if (year === null) this.fail('Expected a four-digit year', pos);
    if (this.at(pos + 4) !== 45) this.fail(`Expected '-' after the year, found ${describeChar(this.text, pos + 4)}`, pos + 4, ['-']);
    const month = this.digitsAt(pos + 5, 2);
    if (month === null) this.fail('Expected a two-digit month in the date (yyyy-mm-dd)', pos + 5);
    if (this.at(pos + 7) !== 45) this.fail(`Expected '-' after the month, found ${describeChar(this.text, pos + 7)}`, pos + 7, ['-']);
    const day = this.digitsAt(pos + 8, 2);
    if (day === null) this.fail('Expected a two-digit day in the date (yyyy-mm-dd)', pos + 8);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      this.fail(`${this.text.slice(pos, pos + 10)} is not a date in the calendar`, pos, ['a date'], `'${this.text.slice(pos, pos + 10)}'`);
    }
    return [year, month, day];
  }

  /** A full instant with its offset at `pos`; returns its epoch milliseconds and end. */
  private datetime(pos: number): { value: number; end: number } {
    const [year, month, day] = this.date(pos);
    if (this.text[pos + 10] !== 'T') this.fail(`Expected 'T' and a time after the date, found ${describeChar(this.text, pos + 10)}`, pos + 10, ['T']);
    return this.instantAfterDate(pos, year, month, day);
  }

  private instantAfterDate(pos: number, year: number, month: number, day: number): { value: number; end: number } {
    const timeStart = pos + 11;
    let i = this.time(timeStart);
    const hour = Number(this.text.slice(timeStart, timeStart + 2));
    const minute = Number(this.text.slice(timeStart + 3, timeStart + 5));
    const second = i > timeStart + 5 ? Number(this.text.slice(timeStart + 6, timeStart + 8)) : 0;
    const fraction = i > timeStart + 9 ? this.text.slice(timeStart + 9, i) : '';
    const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
    let offsetMinutes = 0;
    const c = this.at(i);
    if (c === 90 || c === 122 /* Z z */) {
      i++;
    } else if (c === 43 || c === 45) {
      const offsetHours = this.digitsAt(i + 1, 2);
      if (offsetHours === null || offsetHours > 23) this.fail('Expected offset hours 00–23 after the sign', i + 1);
      if (this.at(i + 3) !== 58) this.fail(`Expected ':' in the offset (±hh:mm), found ${describeChar(this.text, i + 3)}`, i + 3, [':']);
      const offsetMins = this.digitsAt(i + 4, 2);
      if (offsetMins === null || offsetMins > 59) this.fail('Expected offset minutes 00–59', i + 4);
      offsetMinutes = (c === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
      i += 6;
    } else {
      // `+02:00` sent unencoded in a URL arrives as ` 02:00`: say so.
      const hint = c === 32 && this.digitsAt(i + 1, 2) !== null ? " (a '+' in a URL is written %2B)" : '';
      this.fail(`A datetime needs its offset ('Z' or ±hh:mm), found ${describeChar(this.text, i)}${hint}`, i, ['Z', '+hh:mm', '-hh:mm']);
    }
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, millis);
    return { value: date.getTime() - offsetMinutes * 60_000, end: i };
  }

  private dateOrDatetime(pos: number, space: boolean): Token {
    const { text } = this;
    const [year, month, day] = this.date(pos);
    if (text[pos + 10] !== 'T') {
      this.pos = pos + 10;
      return { kind: 'literal', text: text.slice(pos, pos + 10), literal: { type: 'date', value: text.slice(pos, pos + 10) }, pos, end: this.pos, space };
    }
    const start = this.instantAfterDate(pos, year, month, day);
    // A `/` right after an instant and before a digit makes an interval; nothing else may follow a literal.
    if (this.at(start.end) === 47 && isDigit(this.at(start.end + 1))) {
      const endStart = start.end + 1;
      const end = this.datetime(endStart);
      if (end.value < start.value) this.fail('The interval ends before it starts', pos, [], `'${text.slice(pos, end.end)}'`);
      this.pos = end.end;
      const raw = text.slice(pos, end.end);
      return { kind: 'literal', text: raw, literal: { type: 'interval', start: start.value, end: end.value, text: raw }, pos, end: this.pos, space };
    }
    this.pos = start.end;
    const raw = text.slice(pos, start.end);
    return { kind: 'literal', text: raw, literal: { type: 'datetime', value: start.value, text: raw }, pos, end: this.pos, space };
  }
}
