import { parseArgs } from 'node:util';
import { demoValue, isDemoModel, type DemoModel } from './sta.demo.model.ts';

/**
 * The living demo (issue 20 point 6): `talsinki sta live` keeps the Baltic demo's streams going
 * while the server runs, as a pilot's gateway would, through the API: it finds the Datastreams
 * the demo marked (`properties.demoModel`), and every tick posts each one's values due since its
 * latest in one `CreateObservations`. A client of the server, not of its database: it runs
 * beside any instance, with an API token that may write (`--token`, or the demo editor's
 * published log-in, which makes one and revokes it on the way out).
 */

export const STA_LIVE_HELP = `  talsinki sta live [--url URL] [--every SECONDS] [--token TOKEN]
                                                     keep the Baltic demo's sensors posting observations through the API of a running
                                                     server (default http://localhost:8080, every 60 s); without --token (or
                                                     TALSINKI_STA_TOKEN) it logs in as the demo editor and makes a token it revokes at the end`;

const MINUTE = 60_000;
/** How far back a stream is caught up at most (a server that was off for a month gets the last week). */
const CATCH_UP = 7 * 24 * 60 * MINUTE;

export interface LiveStream {
  id: number;
  model: DemoModel;
  key: number;
  every: number;
  lifted: number[];
  /** The latest phenomenon time written, in ms. */
  last: number | null;
}

type Fetch = typeof fetch;

/** An API client with a bearer token. */
export interface LiveClient {
  base: string;
  token: string;
  fetch?: Fetch;
}

async function call<T>(client: LiveClient, path: string, init: RequestInit = {}): Promise<T> {
  const response = await (client.fetch ?? fetch)(`${client.base}${path}`, { ...init, headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

type StreamEntity = { '@iot.id': number; phenomenonTime?: string | null; properties?: Record<string, unknown> | null };

/** The demo's live streams (those of a completed pilot stay as they ended), with where each stopped. */
export async function liveStreams(client: LiveClient): Promise<LiveStream[]> {
  const streams: LiveStream[] = [];
  let path: string | null = `/sta/v1.1/Datastreams?$select=id,phenomenonTime,properties&$filter=${encodeURIComponent('properties/demo eq true')}&$top=1000`;
  while (path) {
    const page: { value: StreamEntity[]; '@iot.nextLink'?: string } = await call(client, path);
    for (const entity of page.value) {
      const properties = entity.properties ?? {};
      if (properties.ended === true || !isDemoModel(properties.demoModel) || typeof properties.demoKey !== 'number' || typeof properties.everyMinutes !== 'number') continue;
      const end = entity.phenomenonTime?.split('/')[1];
      streams.push({
        id: entity['@iot.id'],
        model: properties.demoModel,
        key: properties.demoKey,
        every: properties.everyMinutes,
        lifted: Array.isArray(properties.liftedMonths) ? (properties.liftedMonths as number[]) : [],
        last: end ? Date.parse(end) : null,
      });
    }
    const next = page['@iot.nextLink'];
    path = next ? next.slice(next.indexOf('/sta/v1.1/')) : null;
  }
  return streams;
}

/** The stream's times due after its latest up to `now` (the last week at most), at its cadence, outside its lifted months. */
export function dueTimes(stream: LiveStream, now: number): number[] {
  const step = stream.every * MINUTE;
  const from = Math.max(stream.last === null ? now - step : stream.last + 1, now - CATCH_UP);
  const times: number[] = [];
  for (let time = Math.ceil(from / step) * step; time <= now; time += step) {
    if (!stream.lifted.includes(new Date(time).getUTCMonth())) times.push(time);
  }
  return times;
}

/** Posts every stream's due values in one request; answers how many were written and refused. */
export async function postDue(client: LiveClient, streams: LiveStream[], now: number): Promise<{ written: number; refused: string[] }> {
  const envelopes = streams
    .map((stream) => ({ stream, times: dueTimes(stream, now) }))
    .filter((due) => due.times.length > 0)
    .map(({ stream, times }) => ({
      stream,
      times,
      body: { Datastream: { '@iot.id': stream.id }, components: ['phenomenonTime', 'resultTime', 'result'], dataArray: times.map((time) => [new Date(time).toISOString(), new Date(time).toISOString(), demoValue(stream.model, stream.key, time)]) },
    }));
  if (envelopes.length === 0) return { written: 0, refused: [] };
  const answer = await call<string[]>(client, '/sta/v1.1/CreateObservations', { method: 'POST', body: JSON.stringify(envelopes.map((e) => e.body)) });
  const refused = answer.filter((line) => line.startsWith('error'));
  for (const { stream, times } of envelopes) stream.last = times[times.length - 1];
  return { written: answer.length - refused.length, refused };
}

/** Logs in as the demo editor and makes a write token; answers it and how to revoke it. */
async function demoEditorToken(base: string): Promise<{ token: string; revoke: () => Promise<void> }> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@demo.talsinki.eu', password: 'demo-editor-2026' }) });
  if (!login.ok) throw new Error(`logging in as the demo editor: ${login.status} (is the demo loaded? else give --token)`);
  const cookie = login.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const made = await fetch(`${base}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'Demo live generator', scopes: ['read', 'write'] }) });
  if (!made.ok) throw new Error(`making a token: ${made.status} ${await made.text()}`);
  const { id, token } = (await made.json()) as { id: string; token: string };
  return { token, revoke: async () => void (await fetch(`${base}/api/tokens/${id}`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } })) };
}

export class LiveUsageError extends Error {}

/** `talsinki sta live`: posts until interrupted (or `signal` aborts); answers the exit code. */
export async function liveCommand(args: string[], log: (line: string) => void = console.log, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' }, every: { type: 'string' }, token: { type: 'string' } } });
  const base = (values.url ?? 'http://localhost:8080').replace(/\/$/, '');
  if (!/^https?:\/\//.test(base)) throw new LiveUsageError('--url must be an http(s) address');
  const every = Number(values.every ?? 60);
  if (!Number.isFinite(every) || every < 1 || every > 86_400) throw new LiveUsageError('--every must be a number of seconds from 1 to 86400');
  const given = values.token ?? process.env.TALSINKI_STA_TOKEN;
  const made = given ? null : await demoEditorToken(base);
  const client: LiveClient = { base, token: given ?? made!.token };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  try {
    const streams = await liveStreams(client);
    if (streams.length === 0) throw new LiveUsageError('the server has no Datastreams of the Baltic demo to keep going');
    log(`Posting to ${streams.length} demo Datastreams of ${base} every ${every} s; Ctrl-C stops.`);
    while (!stop.signal.aborted) {
      const { written, refused } = await postDue(client, streams, Date.now());
      log(`${new Date().toISOString()}  ${written} observations written${refused.length ? `, ${refused.length} refused: ${refused[0]}` : ''}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, every * 1000);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    await made?.revoke();
  }
}
