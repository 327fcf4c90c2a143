/**
 * Which code page a PC-Axis file's texts are in (research §5.4). DATA is ASCII (digits, dots,
 * quotes), so only the metadata's texts decide; they are decoded with iconv-lite, because Node
 * 20's TextDecoder reads windows-1252 0x80–0x9F as C1 controls (0x9A is `š`, 0x9E `ž`, 0x80 `€`:
 * exactly Estonian's letters) and has no cp437 or cp850 at all.
 *
 * The decision, in order:
 *  1. a UTF-8 byte order mark: UTF-8, whatever CODEPAGE says;
 *  2. no byte above 0x7F: nothing to decide (every supported code page is ASCII below 0x80), so
 *     even an unknown CODEPAGE does no harm;
 *  3. every text with such bytes is strictly valid UTF-8: UTF-8, noted when the file declares
 *     something else. Text in a single-byte code page practically never forms valid multibyte
 *     sequences (`ä` alone is 0xE4, which UTF-8 requires two continuation bytes after), while a
 *     UTF-8 file labelled iso-8859-1 — the common mistake of tools that copy an old header — is
 *     always valid; so validity is the stronger evidence than the label;
 *  4. the declared CODEPAGE, iso-8859-1 read as windows-1252 as browsers do (WHATWG: the C1 range
 *     is never meant as controls in such files); a UTF-8 label on invalid UTF-8 falls back to
 *     windows-1252, noted; an unknown label stops the table (`px-encoding-unknown`);
 *  5. no CODEPAGE: `CHARSET="ANSI"` means a Windows code page (windows-1252), no CHARSET the DOS
 *     one (cp437), as PC-Axis and pxR read them. Because undeclared files are old and come from
 *     both sides of the gulf, windows-1257 (Estonian Windows) is tried too, and cp437 or
 *     windows-1252 against each other: the one that yields strictly more letters of the region's
 *     languages (ä ö å ü õ š ž é) wins, noted; a tie keeps the CHARSET rule.
 */
import iconv from 'iconv-lite';
import type { StatProblem } from '../../../../shared/problems.ts';
import { StatFault } from '../faults.ts';
import { textOf, type PxStatement } from './px.syntax.ts';

export interface PxEncoding {
  /** The encoding used (iconv-lite's name). */
  name: string;
  /** Decodes a binary string (one character per byte) of the file. */
  decode(binary: string): string;
  /** When the encoding used is not the declared one. */
  note?: StatProblem;
}

const UTF8 = 'utf-8';
const REGION_LETTERS = new Set('äöåüõšžéÄÖÅÜÕŠŽÉ');
/** Labels iconv-lite knows but this reader cannot tokenise byte by byte (ASCII bytes inside characters). */
const MULTIBYTE = /^(utf-?(16|32|7)|ucs-?[24]|unicode)/;

export function hasHighBytes(binary: string): boolean {
  for (let i = 0; i < binary.length; i++) if (binary.charCodeAt(i) > 0x7f) return true;
  return false;
}

function bytesOf(binary: string): Buffer {
  return Buffer.from(binary, 'latin1');
}

/** iconv-lite's name for a CODEPAGE label as files write it, or null when unknown. */
export function encodingOfLabel(label: string): string | null {
  const name = label.trim().toLowerCase();
  if (['utf-8', 'utf8', '65001'].includes(name)) return UTF8;
  // WHATWG reads these as windows-1252; iso-8859-1's C1 controls are never meant in a PX file
  if (['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', '8859-1', '28591', 'ascii', 'us-ascii', 'ansi', '1252'].includes(name)) {
    return 'windows-1252';
  }
  if (/^\d{3,4}$/.test(name)) return iconv.encodingExists(`cp${name}`) ? `cp${name}` : null;
  if (MULTIBYTE.test(name)) return null;
  return iconv.encodingExists(name) ? name : null;
}

function decoderFor(name: string): (binary: string) => string {
  if (name === UTF8) return (binary) => (hasHighBytes(binary) ? bytesOf(binary).toString('utf8') : binary);
  return (binary) => (hasHighBytes(binary) ? iconv.decode(bytesOf(binary), name) : binary);
}

function isUtf8(binary: string): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(binary));
    return true;
  } catch {
    return false;
  }
}

/** The metadata's texts that hold bytes above 0x7F: subkeys, quoted texts and bare words. */
function highTexts(statements: readonly PxStatement[]): string[] {
  const texts: string[] = [];
  for (const statement of statements) {
    for (const subkey of statement.subkeys) if (hasHighBytes(subkey)) texts.push(subkey);
    for (const token of statement.tokens) if ((token.kind === 'text' || token.kind === 'bare') && hasHighBytes(token.value)) texts.push(token.value);
  }
  return texts;
}

function regionLetters(texts: readonly string[], name: string): number {
  let count = 0;
  for (const text of texts) for (const char of iconv.decode(bytesOf(text), name)) if (REGION_LETTERS.has(char)) count++;
  return count;
}

function chosen(name: string, declared?: string): PxEncoding {
  const encoding: PxEncoding = { name, decode: decoderFor(name) };
  if (declared !== undefined) encoding.note = { code: 'px-encoding-guessed', params: { declared, used: name } };
  return encoding;
}

/** Decides the encoding of a file from its metadata statements (binary) and whether it began with a UTF-8 byte order mark. */
export function chooseEncoding(statements: readonly PxStatement[], byteOrderMark: boolean): PxEncoding {
  const label = textOf(statements.find((statement) => statement.keyword === 'CODEPAGE'))?.trim();
  const declared = label ? encodingOfLabel(label) : null;
  if (byteOrderMark) return chosen(UTF8, label && declared !== UTF8 ? label : undefined);

  const texts = highTexts(statements);
  if (texts.length === 0) return chosen(declared ?? UTF8);
  if (texts.every(isUtf8)) return chosen(UTF8, declared === UTF8 ? undefined : (label ?? charsetName(statements)));

  if (label) {
    if (declared === null) throw new StatFault({ code: 'px-encoding-unknown', params: { codepage: label } });
    return declared === UTF8 ? chosen('windows-1252', label) : chosen(declared);
  }
  const byCharset = charsetName(statements) === 'ANSI' ? 'windows-1252' : 'cp437';
  let best = byCharset;
  let bestScore = regionLetters(texts, byCharset);
  for (const candidate of ['windows-1252', 'windows-1257', 'cp437']) {
    const score = candidate === byCharset ? -1 : regionLetters(texts, candidate);
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return chosen(best, best === byCharset ? undefined : charsetName(statements));
}

/** What CHARSET declares, in the format's words: ANSI (a Windows code page) or DOS (none given). */
function charsetName(statements: readonly PxStatement[]): string {
  const charset = textOf(statements.find((statement) => statement.keyword === 'CHARSET'))?.trim().toUpperCase();
  return charset === 'ANSI' ? 'ANSI' : 'DOS';
}
