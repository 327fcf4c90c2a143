/**
 * Text trimming that regular expressions do in quadratic time on hostile input (`/-+$/` tries
 * every start of a long run of dashes): each of these reads the text once.
 */

/** `text` without any `char` at its end. */
export function trimEndOf(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end -= 1;
  return text.slice(0, end);
}

/** `text` without any `char` at either end. */
export function trimOf(text: string, char: string): string {
  let start = 0;
  while (start < text.length && text[start] === char) start += 1;
  return trimEndOf(text.slice(start), char);
}

/** `text` up to the first of `chars` (all of it when none is there). */
export function beforeAny(text: string, chars: string): string {
  for (let i = 0; i < text.length; i += 1) if (chars.includes(text[i])) return text.slice(0, i);
  return text;
}

const WHITESPACE = /\s/;

/** The text before its last word and the last word, when whitespace separates them; else null. */
export function splitLastWord(text: string): [head: string, word: string] | null {
  let wordStart = text.length;
  while (wordStart > 0 && !WHITESPACE.test(text[wordStart - 1])) wordStart -= 1;
  let headEnd = wordStart;
  while (headEnd > 0 && WHITESPACE.test(text[headEnd - 1])) headEnd -= 1;
  if (headEnd === wordStart || wordStart === text.length) return null;
  return [text.slice(0, headEnd), text.slice(wordStart)];
}

/** A LIKE pattern matching any text that contains `text` as written (its `%`, `_` and `\\` escaped). */
export function containingPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
