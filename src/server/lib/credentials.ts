/**
 * No user names or passwords in the addresses importers read (harvest and statistics sources). A
 * source's address is public (the sources list, run summaries) and quoted in run errors and logs, so `https://user:secret@host/` is refused
 * when a source is written, and the user name and password are taken out of any address shown
 * (rows from before the refusal, a portal redirecting to such an address). They never worked
 * anyway: fetch refuses to send a request to an address that carries them.
 */

/**
 * Characters that end an address's authority (RFC 3986, and `\` as browsers read http) or an
 * address in a text. Not `'`: the URL class leaves it as it is in a password.
 */
const ENDS_AUTHORITY = new Set(['/', '?', '#', '\\', '"', '<', '>', '`']);
const isWhitespace = (char: string) => char.trim() === '';
const isLetter = (char: string) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');
const isSchemeChar = (char: string) => isLetter(char) || (char >= '0' && char <= '9') || char === '+' || char === '-' || char === '.';

/**
 * Whether the `://` at `separator` ends a scheme (RFC 3986: a letter, then letters, digits, `+`,
 * `-`, `.`): `http://host/://@x` holds one address, whose path merely contains `://`. The walk
 * back stops at the first character no scheme has, `:` and `/` among them, so the walks of all
 * separators in a text never overlap.
 */
function endsScheme(text: string, separator: number): boolean {
  let start = separator;
  while (start > 0 && isSchemeChar(text[start - 1])) start--;
  return start < separator && isLetter(text[start]);
}

/**
 * The text with the user name and password taken out of every address in it: what lies between
 * `://` and the last `@` of the authority, `@` included. One pass over the text, no pattern that
 * could backtrack.
 */
export function withoutCredentials(text: string): string {
  let out = '';
  let copied = 0;
  for (let separator = text.indexOf('://'); separator !== -1; separator = text.indexOf('://', separator + 3)) {
    if (!endsScheme(text, separator)) continue;
    const authority = separator + 3;
    let at = -1;
    let end = authority;
    for (; end < text.length && !ENDS_AUTHORITY.has(text[end]) && !isWhitespace(text[end]); end++) if (text[end] === '@') at = end;
    if (at === -1) continue;
    out += text.slice(copied, authority);
    copied = at + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether an address carries a user name or password (an empty one, `https://@host`, included). */
export function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '' || parsed.password !== '') return true;
  } catch {
    // Not an address the URL class reads: the text decides below.
  }
  return withoutCredentials(url) !== url;
}

/** An error for a log, with any address in its message and stack written without credentials. */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? withoutCredentials(error) : error;
  const copy = new Error(withoutCredentials(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : withoutCredentials(error.stack);
  return copy;
}

/** A registered problem or reason: a code and its parameters, a `reason` among them being one too. */
export interface CodedProblem {
  code: string;
  params: Record<string, unknown>;
}

/** A problem as it may be stored and shown: no user name or password in any text of it (addresses are quoted). */
export function problemWithoutCredentials<P extends CodedProblem>(problem: P): P {
  return { ...problem, params: paramsWithoutCredentials(problem.params) };
}

/** Parameters (a reason's among them) with every text written without user names or passwords, and at most 2,000 long. */
function paramsWithoutCredentials(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') out[name] = withoutCredentials(value).slice(0, 2000);
    else if (typeof value === 'object' && value !== null && 'params' in value) out[name] = { ...value, params: paramsWithoutCredentials((value as CodedProblem).params) };
    else out[name] = value;
  }
  return out;
}
