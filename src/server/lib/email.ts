import { domainToASCII } from 'node:url';

/**
 * Internationalised e-mail addresses (RFC 6531): `jüri@näide.ee`, `user@bücher.example`. The local
 * part is dot-separated atoms of ASCII `atext` or any non-ASCII letter, mark, number, symbol or
 * punctuation (no spaces, controls or invisible formatting); the domain is a host name whose
 * ASCII form (IDNA, as `domainToASCII` gives it) has at least two labels of letters, digits and
 * inner hyphens, and a top-level label that is not all digits. Checked character by character,
 * so the time is linear in the text. The schema format `idn-email` is this check.
 */
export function isInternationalEmail(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.lastIndexOf('@');
  if (at < 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (new TextEncoder().encode(local).length > 64) return false;
  if (!local.split('.').every((atom) => atom.length > 0 && [...atom].every(isLocalChar))) return false;
  if (!domain.split('.').every((label) => label.length > 0 && !label.startsWith('-') && !label.endsWith('-'))) return false;
  const ascii = domainToASCII(domain);
  if (!ascii || ascii.length > 253) return false;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every(isHostLabel)) return false;
  return ![...labels[labels.length - 1]].every((c) => c >= '0' && c <= '9');
}

const ATEXT = new Set("!#$%&'*+-/=?^_`{|}~");
const VISIBLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

function isLocalChar(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9') || ATEXT.has(char);
  return VISIBLE.test(char);
}

function isHostLabel(label: string): boolean {
  if (label.length < 1 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
  return [...label].every((c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-');
}
