import { parse } from 'csv-parse/sync';

/**
 * An export read back by a strict, independent CSV reader (csv-parse), never by one written for
 * the test: a stray quote or a row with a cell too many or too few is an error, not a guess.
 * The UTF-8 byte-order mark our exports start with is required, then removed.
 */
export function readCsv(text: string, { bom = true } = {}): string[][] {
  if (bom && !text.startsWith('\uFEFF')) throw new Error(`no byte-order mark: ${JSON.stringify(text.slice(0, 40))}`);
  return parse(text, { bom: true, relax_quotes: false, relax_column_count: false, skip_empty_lines: false, record_delimiter: '\r\n' }) as string[][];
}
