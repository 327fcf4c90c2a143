import type { StatProblem } from '../../../../shared/problems.ts';
import { FetchFault } from '../../../lib/fetchFault.ts';
import type { Exchanged } from '../../../lib/http.ts';
import { StatFault } from '../faults.ts';
import type { ServerAnswer, Verdict } from '../protocols/answer.ts';
import { hostOf } from '../protocols/pacer.ts';
import { DATA_MAX_BYTES, type ReaderContext } from './types.ts';

/** One request to a statistics server, as a vintage records it. */
export interface StatRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** What the caller acts on: the JSON (and the address it finally came from), or the server's "too many cells". */
export type Asked = { action: 'ok'; json: unknown; url: string } | { action: 'split'; problem: StatProblem };

export const DEFAULT_RETRIES = 2;
export const DEFAULT_BACKOFF_MS = 2000;

/**
 * Asks a statistics server once, as its protocol's classifier judges the answer: waits for the
 * host's turn (the pacer), sends the request (the client retries network failures, 429 after
 * its Retry-After, and 5xx), and reads the verdict. An answer that came whole but is no data (a
 * maintenance page with 200, a body cut short) is asked again, waiting on the pacer's clock;
 * a refusal, or a bad answer that stays bad, throws a StatFault naming it.
 */
export async function ask(context: ReaderContext, request: StatRequest, classify: (answer: ServerAnswer) => Verdict): Promise<Asked> {
  const host = hostOf(request.url);
  const retries = context.retries ?? DEFAULT_RETRIES;
  const backoff = context.backoffMs ?? DEFAULT_BACKOFF_MS;
  for (let attempt = 0; ; attempt++) {
    await context.pacer.wait(host, context.signal);
    let answer: Exchanged;
    try {
      answer = await context.http.exchange({ ...request, maxBytes: context.maxBytes ?? DATA_MAX_BYTES });
    } catch (error) {
      throw asFault(error, request.url, context.signal);
    }
    const verdict = classify({ status: answer.status, contentType: answer.contentType, body: answer.body, retryAfter: answer.retryAfter });
    if (verdict.action === 'ok') return { action: 'ok', json: verdict.json, url: answer.url };
    if (verdict.action === 'split') return verdict;
    if (verdict.action === 'fail') throw new StatFault(verdict.problem);
    // The client has retried 429 and 5xx already; Eurostat prepares a big extract for minutes, so
    // the next scheduled run asks again rather than this one.
    const askAgain = answer.status < 300 && attempt < retries && verdict.problem.code !== 'eurostat-not-ready';
    if (!askAgain) throw new StatFault(verdict.problem);
    context.pacer.pause(host, verdict.retryAfterMs ?? backoff * 2 ** attempt);
  }
}

/**
 * An error while reading as the problem to report: a StatFault as it is, a failed request as
 * `source-unreadable` with its reason. Once the run is cancelled, the error itself (the engine
 * knows why); any other error too (a program error is not the source's).
 */
export function asFault(error: unknown, address: string, signal: AbortSignal): unknown {
  if (signal.aborted || error instanceof StatFault) return error;
  if (error instanceof FetchFault) return new StatFault({ code: 'source-unreadable', params: { address, reason: error.reason } }, { cause: error });
  return error;
}
