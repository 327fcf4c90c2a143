import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../lib/addresses.ts';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../lib/http.ts';

/**
 * The loopback server every importer's tests read instead of the internet: a feature describes
 * its portal (the answers and error bodies it gives, `PortalSpec`), and this serves it on
 * 127.0.0.1 and can be told to have a bad day (`BadDay`): fail, stall, cut a body short, answer
 * HTML, answer something raw, or hold an answer until the test lets it go. The harvest's CKAN,
 * Estonian and DCAT portals (`features/harvest/test/portals.ts`) are built on it.
 */

/** A set of paths (with or without the query), or a rule of the path and how often it was asked. */
export type PathRule<T> = ReadonlySet<string> | ((path: string, hit: number) => T | undefined | null | false);

export interface BadDay {
  /** Answer this status (500, 503, 429, 404…) instead; a set of paths answers 500. */
  failPaths?: PathRule<number>;
  /** Wait this many milliseconds before answering (to cause timeouts). */
  delayMs?: number | ((path: string, hit: number) => number | undefined);
  /** Send only the first half of the body. */
  truncate?: PathRule<boolean>;
  /** Answer 200 with an HTML page, as a misconfigured proxy does. */
  garbage?: PathRule<boolean>;
  /** Answer exactly this instead (fuzzing). */
  rawBody?: (path: string, hit: number) => RawAnswer | undefined;
  /** Retry-After sent with 429 and 503. */
  retryAfterSeconds?: number;
  /** Answer only once this promise settles: a signal the test controls, rather than a timer. */
  hold?: (path: string, hit: number) => Promise<unknown> | undefined;
}

export interface RawAnswer {
  status?: number;
  contentType?: string;
  body: string | Uint8Array;
}

export interface Portal<Options> {
  /** The address to give the reader. */
  url: string;
  /** Every path asked, with its query, in the order asked. */
  requests: string[];
  /** Changes the portal's options (merged into the current ones); hit counts start again. */
  set(options: Partial<Options>): void;
  close(): Promise<void>;
}

/** A promise and the function that settles it: what a `hold` waits on, or a test waits for. */
export function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
}

/** Only the first `times` hits of `path` fail with `status` (a transient failure). */
export function failTimes(path: string, status: number, times: number): (requested: string, hit: number) => number | undefined {
  return (requested, hit) => (matchesPath(requested, path) && hit <= times ? status : undefined);
}

function matchesPath(requested: string, wanted: string): boolean {
  return requested === wanted || requested.split('?')[0] === wanted;
}

function applies<T>(rule: PathRule<T> | undefined, path: string, hit: number, whenInSet: T): T | undefined {
  if (!rule) return undefined;
  if (typeof rule === 'function') return rule(path, hit) || undefined;
  return rule.has(path) || rule.has(path.split('?')[0]) ? whenInSet : undefined;
}

/** What a fake server sends: a status, a content type and a body. */
export interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

/** A request as the fake server read it. */
export interface Asked {
  method: string;
  /** The request's body as text ('' for GET). */
  body: string;
}

/** What makes a fake server one portal or another: its options, error bodies, answers and entry address. */
export interface PortalSpec<Options extends BadDay> {
  options: Options;
  /** The portal's own error body for a status. */
  errorBody(status: number, path: string): Answer;
  /** The answer to a request (`asked` has its method and body, for portals queried by POST). */
  answer(path: URL, options: Options, portalUrl: string, asked: Asked): Answer | Promise<Answer>;
  /** The address the reader is given, from the server's origin. */
  entry(origin: string): string;
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

/**
 * Starts a fake server on 127.0.0.1 that answers as `spec` says, unless its options (a `BadDay`)
 * say to fail, stall, cut the body short, answer HTML or answer something raw instead.
 */
export async function startPortal<Options extends BadDay>(spec: PortalSpec<Options>): Promise<Portal<Options>> {
  const requests: string[] = [];
  let hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let options = spec.options;
  let url = '';

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/';
    const asked: Asked = { method: request.method ?? 'GET', body: await readBody(request) };
    requests.push(path);
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const delay = typeof options.delayMs === 'function' ? options.delayMs(path, hit) : options.delayMs;
    if (delay) await wait(delay);
    const held = options.hold?.(path, hit);
    if (held) await held;
    if (response.destroyed) return;

    const failStatus = applies(options.failPaths, path, hit, 500);
    const raw = options.rawBody?.(path, hit);
    let answer: Answer;
    if (failStatus) answer = spec.errorBody(failStatus, path);
    else if (raw) answer = { status: raw.status ?? 200, contentType: raw.contentType ?? 'application/json', body: raw.body };
    else if (applies(options.garbage, path, hit, true)) answer = { status: 200, contentType: 'text/html; charset=utf-8', body: HTML_PAGE };
    else answer = await spec.answer(new URL(path, url), options, url, asked);

    const headers: Record<string, string> = { 'content-type': answer.contentType };
    if ((answer.status === 429 || answer.status === 503) && options.retryAfterSeconds !== undefined) headers['retry-after'] = String(options.retryAfterSeconds);
    let body = typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.from(answer.body);
    if (applies(options.truncate, path, hit, true)) body = body.subarray(0, Math.floor(body.length / 2));
    response.writeHead(answer.status, headers);
    response.end(body);
  }

  const server = createServer((request, response) => {
    respond(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`portal failed: ${error.message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = spec.entry(origin);

  return {
    url,
    requests,
    set(changes) {
      options = { ...options, ...changes };
      hits = new Map();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON answer. */
export function json(status: number, value: unknown): Answer {
  return { status, contentType: 'application/json;charset=utf-8', body: JSON.stringify(value) };
}

/** Hostile strings portals have been seen to carry, or that an attacker would put there. */
export const HOSTILE = {
  script: '<script>alert("harvest")</script><img src=x onerror=alert(1)>',
  nul: 'Pyöräily\u0000laskenta',
  emoji: 'Kaupunkipyörät 🚲🚌 👩‍👩‍👧 asemat',
  rtl: 'Raportti \u202Efdp.exe',
  loneSurrogate: 'Pyöräily \uD83D laskenta',
  javascriptUrl: 'javascript:alert(document.cookie)',
  dataUrl: 'data:text/html,<script>alert(1)</script>',
  controls: 'Rivi\u0007\u001B[31m punainen',
  longWord: 'x'.repeat(5000),
} as const;

/** An HTTP client for tests: short timeouts and back-off, so bad days pass quickly; loopback allowed. */
export function testHttpClient(options: HttpClientOptions = {}): HttpClient {
  return createHttpClient({ timeoutMs: 2_000, retries: 2, backoffMs: 5, allowedNetworks: LOOPBACK, ...options });
}
