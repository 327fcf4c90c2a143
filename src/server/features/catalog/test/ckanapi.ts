/**
 * ckanapi (github.com/ckan/ckanapi: `remoteckan.py`, `common.py`, `errors.py`, `cli/dump.py`,
 * `cli/search.py`), reproduced for the tests from its code: how its library and command line
 * call a CKAN site, and how they read the answers. It is a Python package, not installable here.
 */

export class CkanApiError extends Error {
  constructor(
    readonly kind: 'NotFound' | 'ValidationError' | 'SearchQueryError' | 'SearchError' | 'NotAuthorized' | 'CKANAPIError' | 'ServerIncompatibleError',
    readonly detail: unknown,
  ) {
    super(`${kind}: ${JSON.stringify(detail)}`);
  }
}

const ERRORS_BY_TYPE: Record<string, CkanApiError['kind']> = {
  'Search Query Error': 'SearchQueryError',
  'Search Error': 'SearchError',
  'Validation Error': 'ValidationError',
  'Not Found Error': 'NotFound',
  'Authorization Error': 'NotAuthorized',
};

/** Python's `json.dumps` (ensure_ascii): every character beyond ASCII as a `\u` escape of four hex digits. */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `requests`' query string from a dict: lists as repeated keys, Python's booleans as True/False, None dropped. */
function requestsParams(data: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const text = (value: unknown) => (value === true ? 'True' : value === false ? 'False' : String(value));
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, text(item));
  }
  return params.toString();
}

/** `RemoteCKAN(address).call_action(action, data)`: POST JSON to /api/action/{action}, or GET with `get_only`. */
export async function callAction(address: string, action: string, data: Record<string, unknown> = {}, { getOnly = false } = {}): Promise<unknown> {
  const url = `${address}/api/action/${action}`;
  const headers = { 'user-agent': 'ckanapi/4.8 (+https://github.com/ckan/ckanapi)' };
  const response = getOnly
    ? await fetch(`${url}?${requestsParams(data)}`, { headers, redirect: 'manual' })
    : await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: asciiJson(data), redirect: 'manual' });
  // `allow_redirects=False`: a redirect is an answer it cannot read.
  const body = await response.text();
  // reverse_apicontroller_action: the status is ignored; the body decides.
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new CkanApiError('CKANAPIError', [url, response.status, body]);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new CkanApiError('CKANAPIError', [url, response.status, body]);
  const answer = parsed as { success?: boolean; result?: unknown; error?: unknown };
  if (answer.success) return answer.result;
  if (typeof answer.error !== 'object' || answer.error === null) throw new CkanApiError('ServerIncompatibleError', answer);
  const error = answer.error as { __type?: string; message?: string };
  const kind = ERRORS_BY_TYPE[error.__type ?? ''] ?? 'CKANAPIError';
  if (kind === 'ValidationError') throw new CkanApiError(kind, error);
  // It keeps the message after its first ": ".
  const message = typeof error.message === 'string' && error.message.includes(': ') ? error.message.slice(error.message.indexOf(': ') + 2) : error.message;
  throw new CkanApiError(kind, message ?? error);
}

/**
 * `ckanapi dump datasets --all`: one `package_list`, then `package_show` for each name by up to
 * three workers (a remote site), with the parameters it sends; a record it cannot read is logged,
 * not fatal. Answers the JSON lines it writes, by name.
 */
export async function dumpAllDatasets(address: string): Promise<{ lines: Map<string, string>; failed: string[] }> {
  const names = (await callAction(address, 'package_list', { include_private: false, include_drafts: false, include_deleted: false })) as string[];
  const lines = new Map<string, string>();
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      try {
        const pkg = await callAction(address, 'package_show', { id: name, include_datasets: false, include_password_hash: true, include_users: false });
        lines.set(name, JSON.stringify(pkg));
      } catch (error) {
        if (error instanceof CkanApiError && (error.kind === 'NotFound' || error.kind === 'NotAuthorized')) failed.push(name);
        else throw error;
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return { lines, failed };
}

/** `ckanapi search datasets k=v`: package_search pages of 1000 (no sort), `start` moved by what came, until an empty page. */
export async function searchAllDatasets(address: string, args: Record<string, unknown> = {}): Promise<{ id: string; name: string }[]> {
  const found: { id: string; name: string }[] = [];
  for (let start = 0; ; ) {
    const result = (await callAction(address, 'package_search', { ...args, start, rows: 1000 })) as { results: { id: string; name: string }[] };
    if (!result.results.length) return found;
    found.push(...result.results);
    start += result.results.length;
  }
}
