import { STAT_FILE_MAX_MEGABYTES } from '../../../shared/schemas/statistics.ts';
import type { StatSourceKind } from '../../../shared/statistics.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import type { FileRule, FormLimits, Upload } from '../attachments/attachments.service.ts';

/**
 * Statistics files people upload (`POST /api/statistics/files`) or the command line imports: a
 * PC-Axis file or a JSON-stat document, told apart by their first bytes, never by the name. Only
 * the start is looked at here; the readers judge the rest, and name what is wrong in the run.
 */

const BOM = [0xef, 0xbb, 0xbf];
/** How far into a file its first statement or brace must begin. */
const HEAD = 4096;
const LONGEST_KEYWORD = 40;

const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const isKeywordByte = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d;

/** Where the content starts: after a UTF-8 byte order mark and blanks; -1 when it is all blank within the head. */
function firstByte(content: Uint8Array): number {
  let at = BOM.every((byte, i) => content[i] === byte) ? BOM.length : 0;
  const end = Math.min(content.length, HEAD);
  while (at < end && isBlank(content[at])) at++;
  return at < end ? at : -1;
}

/**
 * A PC-Axis file begins with a statement: an upper-case keyword (`CHARSET`, `AXIS-VERSION`,
 * `LANGUAGE`…), maybe a language in brackets and a variable in parentheses, then `=`.
 */
function startsWithPxStatement(content: Uint8Array, at: number): boolean {
  let i = at;
  while (i < content.length && i - at < LONGEST_KEYWORD && isKeywordByte(content[i])) i++;
  if (i === at || content[at] < 0x41 || content[at] > 0x5a) return false;
  if (content[i] === 0x5b) {
    const close = content.indexOf(0x5d, i);
    if (close < 0 || close - i > 10) return false;
    i = close + 1;
  }
  if (content[i] === 0x28) {
    const close = content.indexOf(0x29, i);
    if (close < 0 || close - i > 1000) return false;
    i = close + 1;
  }
  return content[i] === 0x3d;
}

/** The kind of a statistics file from its first bytes, or null for anything else. */
export function statFileKind(content: Uint8Array): 'px' | 'jsonstat' | null {
  const at = firstByte(content);
  if (at < 0) return null;
  if (content[at] === 0x7b) return 'jsonstat';
  return startsWithPxStatement(content, at) ? 'px' : null;
}

const TYPES: Record<'px' | 'jsonstat', { mediaType: string; extension: string }> = {
  // PC-Axis names no media type of its own; its text may be in any of several encodings.
  px: { mediaType: 'application/octet-stream', extension: 'px' },
  jsonstat: { mediaType: 'application/json', extension: 'json' },
};

export const STAT_FILE_BYTES = STAT_FILE_MAX_MEGABYTES * 1024 * 1024;

/** The uploads' rule (attachments' `FileRule`): at most 64 MB, a PC-Axis file or a JSON-stat document by its content. */
export const STAT_FILES: FileRule = {
  maxBytes: STAT_FILE_BYTES,
  sniff: (content) => {
    const kind = statFileKind(content);
    return kind && TYPES[kind];
  },
  unsupported: () => new HttpProblem(415, 'statistics-file-type', 'Not a statistics file', 'Upload a PC-Axis (.px) file or a JSON-stat document; the file was checked by its content.'),
};

/** The upload's form: the file, and its source's name and language. */
export const UPLOAD_FORM: FormLimits = { files: 1, fields: 2, fieldSize: 1000 };
const FIELDS = new Set(['name', 'language']);
const LANGUAGE = /^[a-z]{2,3}$/;

/**
 * The upload's fields checked as a schema would check them, each refusal naming its field: one
 * file (`body/file`), a name of 2–200 characters (the file's name when left out), a language of
 * two or three lower-case letters (`en` when left out; a file that names its own is read in that).
 */
export function readUploadForm(form: { fields: Record<string, string | string[]>; files: Upload[] }): { source: { name: string; kind: StatSourceKind; language: string }; file: Upload } {
  const errors: FieldError[] = [];
  for (const name of Object.keys(form.fields)) if (!FIELDS.has(name)) errors.push({ path: `body/${name}`, code: 'not-allowed', message: 'is not an allowed field' });
  const one = (name: string) => {
    const value = form.fields[name];
    if (Array.isArray(value)) errors.push({ path: `body/${name}`, code: 'too-many', params: { limit: 1 }, message: 'must be given once' });
    return typeof value === 'string' ? value.trim() : undefined;
  };
  const name = one('name');
  const language = one('language') || 'en';
  const [file] = form.files;
  if (!file) errors.push({ path: 'body/file', code: 'required', message: 'is required' });
  if (name !== undefined && name !== '' && (name.length < 2 || name.length > 200)) {
    errors.push(name.length < 2 ? { path: 'body/name', code: 'too-short', params: { limit: 2 }, message: 'must be at least 2 characters' } : { path: 'body/name', code: 'too-long', params: { limit: 200 }, message: 'must be at most 200 characters' });
  }
  if (!LANGUAGE.test(language)) errors.push({ path: 'body/language', code: 'pattern', message: 'must be two or three lower-case letters (fi, et, en…)' });
  if (errors.length) throw problems.badRequest('The upload is not complete or not valid.', errors);
  return { source: { name: name || file.filename, kind: statFileKind(file.content)!, language }, file };
}
