import type { PxwebConfig } from './pxweb.ts';
import type { Pxweb2Config } from './pxweb2.ts';

/**
 * A per-host pacer: PxWeb servers allow so many calls per time window per client (v1 `maxCalls`
 * per `timeWindow` seconds, v2 `maxCallsPerTimeWindow`) and answer 429 above it. Rather than be
 * refused and wait, the importer waits *before* a call until the host's window has room, so a
 * big split query runs at the pace the server asked for. One pacer serves the whole process
 * (`sharedPacer`): two runs against the same host share its window.
 *
 * The window slides: a call may go when fewer than `calls` calls went in the last `windowMs`.
 * Calls to one host take their turns in the order they asked, so concurrent callers never both
 * take the last free place. (pxweb (R) sleeps `maxCalls` seconds where `timeWindow` was meant,
 * and keeps its stack per R session: research §2.5.)
 */

export interface CallWindow {
  /** Calls allowed per window. */
  calls: number;
  windowMs: number;
}

export interface PacerClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface PacerOptions {
  clock?: PacerClock;
  /** Added to every computed wait: the server's clock starts its window when a call arrives, not when it left. */
  marginMs?: number;
  /** The window of a host no one configured; none (no pacing) unless given. */
  defaultWindow?: CallWindow;
}

export interface Pacer {
  /** Sets a host's window (from its `?config` or `/config`), keeping the calls already made. */
  configure(host: string, window: CallWindow): void;
  /** Resolves when a call to `host` may go, and counts that call; the milliseconds it waited. Rejects when `signal` aborts. */
  wait(host: string, signal?: AbortSignal): Promise<number>;
  /** The host answered 429 with Retry-After: no call to it before `ms` from now. */
  pause(host: string, ms: number): void;
}

/** The window a PxWeb v1 `?config` asks for. */
export function pxwebWindow(config: Pick<PxwebConfig, 'maxCalls' | 'timeWindow'>): CallWindow {
  return { calls: config.maxCalls, windowMs: config.timeWindow * 1000 };
}

/** The window a PxWebApi 2.0 `/config` asks for. */
export function pxweb2Window(config: Pick<Pxweb2Config, 'maxCallsPerTimeWindow' | 'timeWindow'>): CallWindow {
  return { calls: config.maxCallsPerTimeWindow, windowMs: config.timeWindow * 1000 };
}

/** The pacer's key for an address: its host with the port, as servers count per address. */
export function hostOf(url: string): string {
  return new URL(url).host;
}

export const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    }),
};

interface HostState {
  window: CallWindow | null;
  /** Start times of the calls still inside the window, oldest first. */
  calls: number[];
  pausedUntil: number;
  /** The last caller's turn: the next one starts after it. */
  turn: Promise<unknown>;
}

/** Call times kept for a host without a window, so that a window set later counts them. */
const UNCONFIGURED_KEPT = 1000;

export function createPacer(options: PacerOptions = {}): Pacer {
  const clock = options.clock ?? systemClock;
  const margin = options.marginMs ?? 0;
  const hosts = new Map<string, HostState>();

  function state(host: string): HostState {
    let found = hosts.get(host);
    if (!found) {
      found = { window: options.defaultWindow ?? null, calls: [], pausedUntil: 0, turn: Promise.resolve() };
      hosts.set(host, found);
    }
    return found;
  }

  /** How long the next call must wait now (0: it may go). */
  function delay(host: HostState, now: number): number {
    const paused = Math.max(0, host.pausedUntil - now);
    const window = host.window;
    if (!window) return paused;
    while (host.calls.length > 0 && host.calls[0] + window.windowMs <= now) host.calls.shift();
    if (host.calls.length < window.calls) return paused;
    const frees = host.calls[host.calls.length - window.calls] + window.windowMs;
    return Math.max(paused, frees - now + margin);
  }

  async function take(host: HostState, signal: AbortSignal | undefined): Promise<number> {
    let waited = 0;
    for (;;) {
      signal?.throwIfAborted();
      const ms = delay(host, clock.now());
      if (ms <= 0) break;
      await clock.sleep(ms, signal);
      waited += ms;
    }
    host.calls.push(clock.now());
    // A host no one configured keeps its recent calls for when it is (a process runs for months).
    host.calls.splice(0, Math.max(0, host.calls.length - (host.window?.calls ?? UNCONFIGURED_KEPT)));
    return waited;
  }

  return {
    configure(host, window) {
      if (!(window.calls >= 1) || !(window.windowMs > 0)) throw new RangeError(`A call window needs at least one call in a positive time: ${JSON.stringify(window)}`);
      state(host).window = { ...window };
    },
    wait(host, signal) {
      const current = state(host);
      const mine = current.turn.then(() => take(current, signal));
      // The next caller waits for this one whether it went or was cancelled.
      current.turn = mine.catch(() => undefined);
      return mine;
    },
    pause(host, ms) {
      const current = state(host);
      current.pausedUntil = Math.max(current.pausedUntil, clock.now() + ms);
    },
  };
}

/** The process's pacer: every import run asks it before calling a statistics server. */
export const sharedPacer: Pacer = createPacer({ marginMs: 250 });
