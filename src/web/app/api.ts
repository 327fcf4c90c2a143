/** A problem+json answer (RFC 9457) from the server. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status() {
    return this.problem.status;
  }
  /** Field errors keyed by field name ("body/email" → "email"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) out[error.path.split('/').slice(1).join('.') || error.path] ??= error.message;
    return out;
  }
}

let csrfToken: string | undefined;
/** The session's CSRF token, sent with every write (the server refuses cookie writes without it). */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const isForm = options.body instanceof FormData;
  // A FormData body sets its own multipart content type, boundary included.
  if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const body = options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body);
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: '/problems/network', title: 'Network error', status: 0 });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(data?.status ? data : { type: 'about:blank', title: response.statusText, status: response.status });
  return data as T;
}
