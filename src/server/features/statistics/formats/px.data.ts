/**
 * The cells after `DATA=`, parsed from byte chunks as they arrive: no string of the whole DATA is
 * ever built, memory is the cube's own Float64Array plus the statuses of its symbol cells.
 *
 * Cells are separated by blanks, commas or semicolons (SCB: "the delimiters comma, space,
 * semicolon, tabulator are synonyms and can be mixed"; INE's files end every line with `;`); the
 * last one must be followed by `;`, so that a file cut short is told from a complete one.
 * Quoted tokens are symbols (`".."`, `"-"`, any producer's `"x"`); unquoted dots and dashes are
 * taken as the same symbols; anything else that is not a number stops the table.
 */
import { StatFault } from '../faults.ts';
import { isBlank } from './px.syntax.ts';

export interface KeysLayout {
  /** Per stub dimension, in stub order: the key text (VALUES or CODES, as KEYS says) → position. */
  keys: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Row-major strides of the stub dimensions among themselves. */
  strides: readonly number[];
  /** Cells in a row: the product of the heading dimensions' sizes. */
  rowCells: number;
}

const BETWEEN = 0;
const BARE = 1;
const QUOTED = 2;
/** Longer tokens are no cell: a symbol is a few characters, a number at most a few dozen. */
const MAX_TOKEN = 4096;
/** Powers of ten a double holds exactly: a mantissa below 2^53 divided by one is correctly rounded. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * A number as the format writes it, parsed from bytes: `[+-]digits[.digits][(e|E)[+-]digits]`.
 * Up to 15 significant digits it is computed exactly here (one correctly rounded operation),
 * longer ones go through Number(); `undefined` when the token is no number.
 */
export function parseNumber(bytes: Uint8Array, length: number): number | undefined {
  let at = 0;
  let negative = false;
  if (bytes[0] === 0x2d || bytes[0] === 0x2b) {
    negative = bytes[0] === 0x2d;
    at = 1;
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  for (; at < length; at++) {
    const byte = bytes[at];
    if (byte >= 0x30 && byte <= 0x39) {
      digits++;
      if (dot) fraction++;
      if (significant > 0 || byte !== 0x30) {
        significant++;
        mantissa = mantissa * 10 + (byte - 0x30);
      }
    } else if (byte === 0x2e && !dot) dot = true;
    else break;
  }
  if (digits === 0) return undefined;
  let exponent = 0;
  if (at < length && (bytes[at] | 0x20) === 0x65 /* e */) {
    at++;
    let exponentNegative = false;
    if (bytes[at] === 0x2d || bytes[at] === 0x2b) exponentNegative = bytes[at++] === 0x2d;
    const start = at;
    for (; at < length && bytes[at] >= 0x30 && bytes[at] <= 0x39; at++) exponent = Math.min(exponent * 10 + (bytes[at] - 0x30), 100_000);
    if (at === start) return undefined;
    if (exponentNegative) exponent = -exponent;
  }
  if (at !== length) return undefined;
  const scale = exponent - fraction;
  let value: number;
  if (significant <= 15 && scale >= -22 && scale <= 22) value = scale < 0 ? mantissa / EXACT_POWERS[-scale] : mantissa * EXACT_POWERS[scale];
  else value = Number(String.fromCharCode(...bytes.subarray(negative || bytes[0] === 0x2b ? 1 : 0, length)));
  // 1e999 is a number to Number() but no figure
  return Number.isFinite(value) ? (negative ? -value : value) : undefined;
}

function isDotsOrDash(bytes: Uint8Array, length: number): boolean {
  if (length === 1 && bytes[0] === 0x2d) return true;
  if (length > 7) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== 0x2e) return false;
  return true;
}

export class DataParser {
  readonly values: Float64Array;
  readonly statuses = new Map<number, string>();
  private readonly token = new Uint8Array(MAX_TOKEN);
  private tokenLength = 0;
  private state = BETWEEN;
  /** The last thing read was the `;` that ends DATA (cells may follow a `;` in INE's files). */
  private ended = false;
  /** Cells read (without KEYS: also the next cell's index). */
  private cells = 0;
  /** Symbols by their bytes (binary string), decoded once. */
  private readonly symbols = new Map<string, string>();
  // KEYS rows: position in the row (keys first, then cells) and the row's first cell
  private inRow = 0;
  private rowStart = 0;
  private rows = 0;

  constructor(
    readonly cellCount: number,
    private line: number,
    private readonly decode: (binary: string) => string,
    private readonly keys?: KeysLayout,
  ) {
    this.values = new Float64Array(cellCount);
  }

  push(chunk: Uint8Array): void {
    const token = this.token;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.state === QUOTED) {
        if (byte === 0x22) {
          this.state = BETWEEN;
          this.take(true);
        } else if (byte === 0x0a || byte === 0x0d || byte === 0) {
          throw new StatFault({ code: 'px-data-token', params: { line: this.line, token: `"${this.tokenText()}` } });
        } else if (this.tokenLength < MAX_TOKEN) token[this.tokenLength++] = byte;
        else throw this.tooLong();
        continue;
      }
      if (isBlank(byte) || byte === 0x2c || byte === 0x3b) {
        if (this.state === BARE) {
          this.state = BETWEEN;
          this.take(false);
        }
        if (byte === 0x0a) this.line++;
        else if (byte === 0x3b) this.ended = true;
        continue;
      }
      if (byte === 0) throw new StatFault({ code: 'px-truncated', params: { line: this.line } });
      this.ended = false;
      if (byte === 0x22) {
        if (this.state === BARE) this.take(false);
        this.state = QUOTED;
        this.tokenLength = 0;
        continue;
      }
      if (this.state === BETWEEN) {
        this.state = BARE;
        this.tokenLength = 0;
      }
      if (this.tokenLength < MAX_TOKEN) token[this.tokenLength++] = byte;
      else throw this.tooLong();
    }
  }

  /** The stream has ended: checks that DATA was complete and held every cell once. */
  finish(): { values: Float64Array; statuses: Map<number, string> } {
    if (this.state === QUOTED) throw new StatFault({ code: 'px-truncated', params: { line: this.line } });
    if (this.state === BARE) {
      this.state = BETWEEN;
      this.take(false);
    }
    if (!this.ended) throw new StatFault({ code: 'px-truncated', params: { line: this.line } });
    if (this.keys) {
      if (this.inRow !== 0) {
        const rowCells = this.keys.rowCells;
        const inLastRow = Math.max(0, this.inRow - this.keys.keys.length);
        throw new StatFault({ code: 'px-data-count', params: { expected: (this.rows + 1) * rowCells, found: this.rows * rowCells + inLastRow } });
      }
    } else if (this.cells !== this.cellCount) {
      throw new StatFault({ code: 'px-data-count', params: { expected: this.cellCount, found: this.cells } });
    }
    return { values: this.values, statuses: this.statuses };
  }

  /** One token has been read into `token`. */
  private take(quoted: boolean): void {
    const length = this.tokenLength;
    if (this.keys && this.inRow < this.keys.keys.length) {
      this.key(this.inRow);
      this.inRow++;
      return;
    }
    let value = length > 0 ? parseNumber(this.token, length) : undefined;
    let status: string | undefined;
    if (value === undefined) {
      if (length === 0 || (!quoted && !isDotsOrDash(this.token, length))) {
        throw new StatFault({ code: 'px-data-token', params: { line: this.line, token: quoted ? `"${this.tokenText()}"` : this.tokenText() } });
      }
      value = Number.NaN;
      status = this.symbol();
    }
    const index = this.keys ? this.rowStart + this.inRow - this.keys.keys.length : this.cells;
    this.cells++;
    if (this.keys) {
      this.values[index] = value;
      if (status === undefined) this.statuses.delete(index);
      else this.statuses.set(index, status);
      if (++this.inRow === this.keys.keys.length + this.keys.rowCells) {
        this.inRow = 0;
        this.rowStart = 0;
        this.rows++;
      }
      return;
    }
    // cells past the last are counted for the error, not stored
    if (index < this.cellCount) {
      this.values[index] = value;
      if (status !== undefined) this.statuses.set(index, status);
    }
  }

  /** A KEYS row's key for the stub dimension at `position`. */
  private key(position: number): void {
    const keys = this.keys!;
    const text = this.decode(this.binary());
    const at = keys.keys[position].get(text);
    if (at === undefined) throw new StatFault({ code: 'px-data-token', params: { line: this.line, token: `"${text}"` } });
    if (position === 0) this.rowStart = 0;
    this.rowStart += at * keys.strides[position] * keys.rowCells;
  }

  private symbol(): string {
    const binary = this.binary();
    let symbol = this.symbols.get(binary);
    if (symbol === undefined) {
      symbol = this.decode(binary);
      this.symbols.set(binary, symbol);
    }
    return symbol;
  }

  private binary(): string {
    let text = '';
    for (let i = 0; i < this.tokenLength; i++) text += String.fromCharCode(this.token[i]);
    return text;
  }

  private tokenText(): string {
    const text = this.decode(this.binary());
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  }

  private tooLong(): StatFault {
    return new StatFault({ code: 'px-data-token', params: { line: this.line, token: `${this.tokenText()}` } });
  }
}
