import { isIP, type BlockList } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { APP_VERSION } from '../version.ts';
import type { HarvestReason } from '../../shared/problems.ts';
import { guardedLookup, isRefusedAddress, networkList, RefusedAddress } from './addresses.ts';
import { errorMessage, FetchFault } from './fetchFault.ts';

/**
 * The importers' HTTP client (harvest, statistics). Portals have bad days: they time out, answer
 * 502 from a proxy, rate-limit with 429, or cut a 40 MB listing short. The client retries what may
 * be transient (network errors, timeouts, 429, 5xx, a body that is cut short or is not JSON) with
 * doubling, jittered back-off, never retries what will not change (other 4xx, a body over the size
 * limit), and stops at once when its run is cancelled.
 */
export interface HttpClient {
  getJson(url: string, options?: RequestOptions): Promise<unknown>;
  /** The body as text, its content type, and the address it finally came from (after redirects). */
  getText(url: string, accept: string, options?: RequestOptions): Promise<Fetched>;
  /**
   * Sends `body` as JSON and reads the JSON answer: a query that only reads (a PxWeb table's data),
   * so it is retried as a GET is. A 307 or 308 redirect sends it again; 301, 302 and 303 fetch the
   * new address with GET, as browsers do.
   */
  postJson(url: string, body: unknown, options?: RequestOptions): Promise<unknown>;
  /**
   * One request whose answer the caller judges itself (a statistics server's refusal says what to
   * do next: split the query, or name a wrong value). Network failures, timeouts, 429 and 5xx are
   * retried as for the other calls; any other answer comes back as it is, its body unparsed,
   * whatever its status, and so does the last 429 or 5xx when the retries run out. Throws
   * HttpError only when no answer came (network, timeout, refused address, a body over the limit,
   * cancelled).
   */
  exchange(request: ExchangeRequest): Promise<Exchanged>;
  /**
   * A body read as it arrives (a PC-Axis file of many megabytes): the request is retried as a GET
   * is until an answer starts; the bytes are then the caller's to read, at most `maxBytes` of
   * them. Here `timeoutMs` is how long the server may stay silent, not the whole read.
   */
  stream(url: string, accept: string, options?: RequestOptions): Promise<Streamed>;
}

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Default `application/json`. */
  accept?: string;
  maxBytes?: number;
}

/** An answer as it came: its status, its body as text, and its Retry-After header as sent. */
export interface Exchanged extends Fetched {
  status: number;
  retryAfter: string | null;
}

export interface Streamed {
  contentType: string;
  /** The address the body comes from (after redirects). */
  url: string;
  /** The bytes as they arrive; read once. A failure while reading throws HttpError. */
  body: AsyncIterable<Uint8Array>;
  /** Stops reading and closes the connection (when the caller will not read the body to its end). */
  cancel(): Promise<void>;
}

/** What one call may change of the client's settings. */
export interface RequestOptions {
  /** The largest body this call reads (a statistics table's data may be larger than a listing's page). */
  maxBytes?: number;
}

export interface HttpClientOptions {
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Attempts after the first. */
  retries?: number;
  /** Wait before the first retry; doubled for each further one, plus up to half again at random. */
  backoffMs?: number;
  /** The largest body read, unless a call says otherwise. */
  maxBytes?: number;
  /** Cancels the request in flight and every retry still to come. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  userAgent?: string;
  /** The longest Retry-After the client waits for; a portal asking for more gets this. */
  maxRetryAfterMs?: number;
  /**
   * Private and local networks the client may reach (addresses or CIDR subnets, as
   * `TALSINKI_HARVEST_ALLOW_NETWORKS` gives them); every other such address is refused.
   */
  allowedNetworks?: readonly string[];
  /**
   * How the client waits before a retry: it must resolve once `ms` have passed, or at once when
   * `signal` aborts. Tests pass one that records the delays instead of waiting them out.
   */
  wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/**
 * A request that failed for good. `status` is null when no HTTP answer came (network, timeout);
 * `reason` says why as a registered code (`HARVEST_REASON_CODES`), for a run's errors.
 */
export class HttpError extends FetchFault {
  override name = 'HttpError';
  constructor(
    reason: HarvestReason,
    readonly status: number | null,
    readonly url: string,
  ) {
    super(reason);
  }
}

const DEFAULTS = { timeoutMs: 20_000, retries: 3, backoffMs: 500, maxBytes: 50 * 1024 * 1024, maxRetryAfterMs: 60_000 };
/** As many as fetch itself follows. */
const MAX_REDIRECTS = 20;

/** Why one attempt failed, and whether another attempt may go better. */
class AttemptFailed extends Error {
  constructor(
    readonly reason: HarvestReason,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(reason.code);
  }
}

export interface Fetched {
  body: string;
  contentType: string;
  /** The address the body finally came from (after redirects). */
  url: string;
}

/** One request as it is sent: its method, what it accepts, and its JSON body if it has one. */
interface Outgoing {
  method: 'GET' | 'POST';
  accept: string;
  json?: string;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  const wait = options.wait ?? sleep;
  const baseHeaders = { 'user-agent': options.userAgent ?? `Talsinki-harvester/${APP_VERSION}`, ...options.headers };
  const allowed = networkList(options.allowedNetworks ?? []);
  // undici's own fetch, for its dispatcher: every connection resolves its name through the check.
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(allowed) } });

  async function request<T>(url: string, outgoing: Outgoing, call: RequestOptions, read: (fetched: Fetched) => T): Promise<T> {
    const maxBytes = call.maxBytes ?? settings.maxBytes;
    return retrying(url, async () => read(await attemptOnce(url, outgoing, maxBytes)));
  }

  /** Runs `attempt` until it succeeds, fails for good, or the retries run out. */
  async function retrying<T>(url: string, attempt: (number: number, last: boolean) => Promise<T>): Promise<T> {
    assertWebUrl(url);
    const attempts = settings.retries + 1;
    for (let number = 1; ; number++) {
      throwIfCancelled(options.signal, url);
      try {
        return await attempt(number, number >= attempts);
      } catch (error) {
        throwIfCancelled(options.signal, url);
        const failure = asAttemptFailure(error);
        if (!failure.retryable || number >= attempts) throw new HttpError(failure.reason, failure.status, url);
        await wait(retryDelay(number, failure.retryAfterMs), options.signal);
      }
    }
  }

  /** An answer the caller judges: 429 and 5xx are retried while attempts remain, the rest returned. */
  function exchange(request: ExchangeRequest): Promise<Exchanged> {
    const outgoing: Outgoing = { method: request.method, accept: request.accept ?? 'application/json' };
    if (request.body !== undefined) outgoing.json = JSON.stringify(request.body);
    const maxBytes = request.maxBytes ?? settings.maxBytes;
    return retrying(request.url, async (_, last) => {
      const answer = await attemptOnce(request.url, outgoing, maxBytes, true);
      const transient = answer.status === 429 || answer.status >= 500;
      if (!transient || last) return answer;
      throw new AttemptFailed({ code: 'http-status', params: { status: answer.status } }, answer.status, true, parseRetryAfter(answer.retryAfter));
    });
  }

  function stream(url: string, accept: string, call: RequestOptions = {}): Promise<Streamed> {
    const maxBytes = call.maxBytes ?? settings.maxBytes;
    return retrying(url, () => openStream(url, accept, maxBytes));
  }

  async function openStream(url: string, accept: string, maxBytes: number): Promise<Streamed> {
    const idle = idleTimeout(settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
    let response: Response;
    let finalUrl: string;
    try {
      ({ response, url: finalUrl } = await fetchFollowing(url, { method: 'GET', accept }, signal));
      if (!response.ok) throw await statusFailure(response);
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge(maxBytes, response.status);
      }
    } catch (error) {
      idle.stop();
      throw attemptFailure(error, idle.signal.aborted);
    }
    const reader = response.body?.getReader();
    const cancel = async () => {
      idle.stop();
      await reader?.cancel().catch(() => {});
    };
    const status = response.status;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (!reader) return idle.stop();
      let total = 0;
      let ended = false;
      try {
        for (;;) {
          let next: ReadableStreamReadResult<Uint8Array>;
          try {
            next = await reader.read();
          } catch (error) {
            throwIfCancelled(options.signal, url);
            const failure = attemptFailure(error, idle.signal.aborted);
            throw new HttpError(failure.reason, failure.status, url);
          }
          if (next.done) {
            ended = true;
            return;
          }
          idle.touch();
          total += next.value.byteLength;
          if (total > maxBytes) throw new HttpError(tooLarge(maxBytes, status).reason, status, url);
          yield next.value;
        }
      } finally {
        if (ended) idle.stop();
        else await cancel();
      }
    }
    return { contentType: response.headers.get('content-type') ?? '', url: finalUrl, body: chunks(), cancel };
  }

  function retryDelay(attempt: number, retryAfterMs: number | null): number {
    const backoff = settings.backoffMs * 2 ** (attempt - 1);
    const jittered = backoff + Math.random() * backoff * 0.5;
    return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, settings.maxRetryAfterMs));
  }

  /** One attempt; `raw` returns a refusal as an answer instead of throwing it. */
  async function attemptOnce(url: string, outgoing: Outgoing, maxBytes: number, raw = false): Promise<Exchanged> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const { response, url: finalUrl } = await fetchFollowing(url, outgoing, signal);
      if (!response.ok && !raw) throw await statusFailure(response);
      const contentType = response.headers.get('content-type') ?? '';
      const body = await readBounded(response, maxBytes);
      return { body, contentType, url: finalUrl, status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      throw attemptFailure(error, timeout.aborted);
    }
  }

  /** What went wrong in an attempt, as a failure the retry loop understands. */
  function attemptFailure(error: unknown, timedOut: boolean): AttemptFailed {
    if (error instanceof AttemptFailed) return error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof RefusedAddress) return refused(`${cause.host} (${cause.address})`);
    if (timedOut) return new AttemptFailed({ code: 'timeout', params: { ms: settings.timeoutMs } }, null, true);
    const detail = networkDetail(error);
    return new AttemptFailed({ code: 'network', params: { detail } }, null, true);
  }

  /**
   * Follows redirects one by one, so that each address is checked (an IP here, a name as its
   * connection resolves it): a public portal must not redirect the server into its own network.
   */
  async function fetchFollowing(url: string, outgoing: Outgoing, signal: AbortSignal): Promise<{ response: Response; url: string }> {
    let current = url;
    let sending = outgoing;
    for (let hop = 0; ; hop++) {
      assertReachable(new URL(current), allowed);
      const response = await fetch(current, { ...init(sending), signal, redirect: 'manual', dispatcher });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (location === null) return { response, url: current };
      await response.body?.cancel().catch(() => {});
      // Only 307 and 308 ask for the same request again; the others for a GET (RFC 9110 §15.4).
      if (response.status !== 307 && response.status !== 308) sending = { method: 'GET', accept: sending.accept };
      if (hop >= MAX_REDIRECTS) throw new AttemptFailed({ code: 'too-many-redirects', params: { limit: MAX_REDIRECTS } }, response.status, false);
      current = new URL(location, current).href;
      if (!/^https?:$/.test(new URL(current).protocol)) {
        throw new AttemptFailed({ code: 'redirect-not-web', params: { address: current } }, response.status, false);
      }
    }
  }

  function init(outgoing: Outgoing): { method: string; headers: Record<string, string>; body?: string } {
    const headers = { ...baseHeaders, accept: outgoing.accept };
    if (outgoing.json === undefined) return { method: outgoing.method, headers };
    return { method: outgoing.method, headers: { ...headers, 'content-type': 'application/json' }, body: outgoing.json };
  }

  return {
    getJson: (url, call = {}) => request(url, { method: 'GET', accept: 'application/json' }, call, parseJson),
    getText: (url, accept, call = {}) => request(url, { method: 'GET', accept }, call, ({ body, contentType, url: from }) => ({ body, contentType, url: from })),
    postJson: (url, body, call = {}) => request(url, { method: 'POST', accept: 'application/json', json: JSON.stringify(body) }, call, parseJson),
    exchange,
    stream,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assertWebUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpError({ code: 'invalid-address', params: {} }, null, url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError({ code: 'invalid-address', params: {} }, null, url);
  }
}

/** An address written as an IP is checked here; a name, by the lookup its connection makes. */
function assertReachable(url: URL, allowed: BlockList): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isRefusedAddress(host, allowed)) throw refused(host);
}

/** A private or local network's address, refused for good. */
function refused(host: string): AttemptFailed {
  return new AttemptFailed({ code: 'address-refused', params: { host: host.replace(/^\[|\]$/g, '') } }, null, false);
}

function throwIfCancelled(signal: AbortSignal | undefined, url: string): void {
  if (signal?.aborted) throw new HttpError({ code: 'cancelled', params: {} }, null, url);
}

function asAttemptFailure(error: unknown): AttemptFailed {
  if (error instanceof AttemptFailed) return error;
  return new AttemptFailed({ code: 'unexpected', params: { detail: errorMessage(error) } }, null, true);
}

/** 429 and 5xx may pass; any other refusal will be the same next time. */
async function statusFailure(response: Response): Promise<AttemptFailed> {
  const detail = await errorDetail(response);
  const reason: HarvestReason = detail ? { code: 'http-status-said', params: { status: response.status, detail } } : { code: 'http-status', params: { status: response.status } };
  const retryable = response.status === 429 || response.status >= 500;
  return new AttemptFailed(reason, response.status, retryable, retryable ? retryAfter(response) : null);
}

/** The portal's own one-line reason (CKAN `error.message`, NestJS `message`), if it gave one. */
async function errorDetail(response: Response): Promise<string | null> {
  let text: string;
  try {
    text = await readBounded(response, 64 * 1024);
  } catch {
    return null;
  }
  let reason: unknown = null;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown } | string | null;
    reason = typeof json === 'string' ? json : json?.error?.message ?? json?.message;
  } catch {
    return null;
  }
  return typeof reason === 'string' && reason.trim() ? oneLine(reason, 200) : null;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
function retryAfter(response: Response): number | null {
  return parseRetryAfter(response.headers.get('retry-after'));
}

function parseRetryAfter(header: string | null): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Reads the body chunk by chunk, so an endless or oversized answer is stopped at the limit. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, response.status);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number, status: number): AttemptFailed {
  return new AttemptFailed({ code: 'too-large', params: { megabytes: Number((maxBytes / 1024 / 1024).toPrecision(3)) } }, status, false);
}

/** A body that is cut short or is an HTML error page is often a proxy's bad moment: retried. */
function parseJson(fetched: Fetched): unknown {
  try {
    return JSON.parse(fetched.body);
  } catch (error) {
    if (fetched.body.trim() === '') throw new AttemptFailed({ code: 'empty-body', params: {} }, null, true);
    const detail = `${(error as Error).message}${describeType(fetched.contentType)}`;
    throw new AttemptFailed({ code: 'not-json', params: { detail } }, null, true);
  }
}

function describeType(contentType: string): string {
  const type = contentType.split(';')[0].trim();
  return type && type !== 'application/json' ? `; content type ${type}` : '';
}

/** The network's reason in one line: the system's error code (ECONNREFUSED) where there is one. */
function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return oneLine(reason, 200);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * A timeout that starts again whenever `touch` is called: a stream may take as long as it needs
 * while bytes keep coming. Its timer does not keep the process alive.
 */
function idleTimeout(ms: number): { signal: AbortSignal; touch(): void; stop(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  const start = () => {
    timer = setTimeout(() => controller.abort(new DOMException('The server stopped sending', 'TimeoutError')), ms);
    timer.unref();
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  start();
  return {
    signal: controller.signal,
    touch() {
      if (!timer) return;
      stop();
      start();
    },
    stop,
  };
}

/** Waits, but wakes at once when the run is cancelled (the next check then throws). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
