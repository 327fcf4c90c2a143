import { parse } from 'csv-parse/sync';
import { Unzip, UnzipInflate, unzipSync, zipSync, type Unzipped } from 'fflate';

/**
 * A table read from an uploaded file, CSV or XLSX, told apart by content, never by name: the
 * counterpart of `tabular.ts`, which writes them. Reading is bounded before any work is done on
 * the file: the upload's size is the caller's limit; a workbook's parts are unpacked only after
 * their declared sizes add up to less than a limit, and the bytes inflated are counted a small
 * step at a time, so a zip bomb that lies about its sizes is stopped at the limit; exceljs then
 * reads a copy of the parts stored without compression (it inflates nothing itself).
 */

export type SheetFormat = 'csv' | 'xlsx';
/** A cell as read: text, a number, a boolean, a date (a workbook's date cell), or nothing. */
export type SheetCell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: SheetCell[];
}

export interface Sheet {
  format: SheetFormat;
  header: string[];
  /** Rows with something in them; blank rows are skipped but keep their numbers. */
  rows: SheetRow[];
}

export type SpreadsheetFailure = 'not-a-table' | 'unreadable' | 'unpacks-too-large' | 'too-many-rows' | 'too-many-columns';

export class SpreadsheetError extends Error {
  constructor(
    readonly reason: SpreadsheetFailure,
    message: string,
    /** The first column past the limit (1 = A), for 'too-many-columns'. */
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface SheetLimits {
  maxRows: number;
  maxUnpackedBytes: number;
  /** The widest row read: a cell past it refuses the file before the rest is read. */
  maxColumns: number;
  /** The most characters in one CSV record: a single huge line is refused while it is read. */
  maxRecordChars: number;
}

const tooWide = (limits: SheetLimits, row: number, column: number) =>
  new SpreadsheetError('too-many-columns', `Row ${row} has a value in column ${column}; at most ${limits.maxColumns} columns are read.`, column);

/** At most this many parts in a workbook: ours has eight; a real one a few dozen. */
const MAX_PARTS = 1000;
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (content: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => content[i] === byte);

export async function readSheet(content: Uint8Array, limits: SheetLimits): Promise<Sheet> {
  const sheet = startsWith(content, ZIP) ? await readXlsx(content, limits) : readCsv(content, limits);
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c !== null && c !== ''));
  if (rows.length > limits.maxRows) throw new SpreadsheetError('too-many-rows', `The file has ${rows.length} rows; at most ${limits.maxRows} are read.`);
  return { ...sheet, rows };
}

// ---- CSV ----

/**
 * CSV in UTF-8 (a byte-order mark is allowed), RFC 4180 quoting. The separator is the header's:
 * a comma, or a semicolon where the header has no comma (what a spreadsheet in Finnish or
 * Estonian saves). Anything that is not UTF-8 text is not a table this reads.
 */
function readCsv(content: Uint8Array, limits: SheetLimits): Omit<Sheet, 'rows'> & { rows: SheetRow[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    throw new SpreadsheetError('not-a-table', 'The file is neither an XLSX workbook nor UTF-8 text.');
  }
  if (text.includes('\u0000')) throw new SpreadsheetError('not-a-table', 'The file is neither an XLSX workbook nor text.');
  const end = text.search(/[\r\n]/);
  const firstLine = end < 0 ? text : text.slice(0, end);
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  // Rows as the spreadsheet numbers them (the header is row 1); blank ones are dropped as they are read and the
  // others counted, so a file of ten million empty lines is neither kept in memory nor read to its end.
  const rows: SheetRow[] = [];
  let header: string[] | null = null;
  let row = 0;
  try {
    // A record wider than the limit stops the parse there, and so does a record longer than its limit in characters.
    parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: false,
      max_record_size: limits.maxRecordChars,
      on_record: (record: string[]) => {
        row += 1;
        // Blank records too are counted, with room for a spreadsheet's trailing empty rows: csv-parse takes microseconds over each.
        if (row > limits.maxRows * 4 + 1) throw new SpreadsheetError('too-many-rows', `The file has more than ${limits.maxRows * 4} lines; at most ${limits.maxRows} rows are read.`);
        if (record.length > limits.maxColumns) throw tooWide(limits, row, limits.maxColumns + 1);
        if (!header) header = record;
        else if (record.some((cell) => cell !== '')) {
          if (rows.length >= limits.maxRows) throw new SpreadsheetError('too-many-rows', `The file has more than ${limits.maxRows} rows; at most ${limits.maxRows} are read.`);
          rows.push({ row, cells: record });
        }
        return null;
      },
    });
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof SpreadsheetError) throw cause;
    throw new SpreadsheetError('unreadable', `The CSV could not be read: ${(error as Error).message}`);
  }
  return { format: 'csv', header: (header ?? ([] as string[])).map((h) => h.trim()), rows };
}

// ---- XLSX ----

const tooLarge = (limits: SheetLimits, what: string) => new SpreadsheetError('unpacks-too-large', `The workbook ${what}; at most ${MAX_PARTS} parts and ${limits.maxUnpackedBytes} bytes are read.`);
/** Compressed bytes inflated at a time: DEFLATE expands at most about 1,032 times, so one step adds at most ~16 MB. */
const STEP = 16 * 1024;

/**
 * The parts of a workbook, unpacked within the limits. The directory's declared sizes refuse an
 * honest large workbook before anything is inflated; the bytes are then counted as they are
 * inflated, a small step at a time, so a part that lies about its size stops at the limit.
 */
function unpack(content: Uint8Array, limits: SheetLimits): Unzipped {
  let declared = 0;
  let parts = 0;
  try {
    // The first pass reads only the directory: nothing is inflated.
    unzipSync(content, {
      filter(file) {
        parts += 1;
        declared += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    throw new SpreadsheetError('unreadable', `The workbook could not be unpacked: ${(error as Error).message}`);
  }
  if (parts > MAX_PARTS || declared > limits.maxUnpackedBytes) throw tooLarge(limits, `declares ${parts} parts and ${declared} bytes unpacked`);
  const files: Unzipped = {};
  let inflated = 0;
  let failure: SpreadsheetError | null = null;
  const unzip = new Unzip((file) => {
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new SpreadsheetError('unreadable', `The workbook could not be unpacked: ${error.message}`);
        return;
      }
      inflated += chunk.length;
      if (inflated > limits.maxUnpackedBytes) {
        failure = tooLarge(limits, `unpacks to more than ${limits.maxUnpackedBytes} bytes (more than it declares)`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) files[file.name] = concat(chunks);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < content.length && !failure; at += STEP) unzip.push(content.subarray(at, at + STEP), at + STEP >= content.length);
  } catch (error) {
    failure ??= new SpreadsheetError('unreadable', `The workbook could not be unpacked: ${(error as Error).message}`);
  }
  if (failure) throw failure;
  return files;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A cell of exceljs's model as a plain value: rich text as its text, a link as its text, a formula as its last result. */
function plainCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const object = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: string };
  if (Array.isArray(object.richText)) return object.richText.map((run) => run.text).join('');
  if ('formula' in object || 'sharedFormula' in object) return plainCell(object.result);
  if ('text' in object) return plainCell(object.text);
  if (typeof object.error === 'string') return object.error;
  return null;
}

async function readXlsx(content: Uint8Array, limits: SheetLimits): Promise<Sheet> {
  const stored = zipSync(unpack(content, limits), { level: 0 });
  // Loaded on first use: the server starts without it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(stored as unknown as ArrayBuffer);
  } catch (error) {
    throw new SpreadsheetError('unreadable', `The workbook could not be read: ${(error as Error).message}`);
  }
  const worksheet = workbook.worksheets[0];
  if (!worksheet) return { format: 'xlsx', header: [], rows: [] };
  // The header and the row limit, counted before any row is read.
  if (worksheet.actualRowCount > limits.maxRows + 1) throw new SpreadsheetError('too-many-rows', `The workbook has ${worksheet.actualRowCount - 1} rows; at most ${limits.maxRows} are read.`);
  const read: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // Only the cells that are there: a row whose one cell is in column XFD is not 16,384 empty ones.
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > limits.maxColumns) throw tooWide(limits, rowNumber, column);
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = plainCell(cell.value);
    });
    read.push({ row: rowNumber, cells });
  });
  const [first, ...rest] = read;
  if (!first) return { format: 'xlsx', header: [], rows: [] };
  return { format: 'xlsx', header: first.cells.map((c) => (c === null ? '' : String(c).trim())), rows: rest };
}
