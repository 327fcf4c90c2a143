import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { HarvestKind } from '../../../shared/catalog.ts';
import type { HarvestRunSummary, HarvestSource, HarvestSourceCreate, HarvestSourcePatch, HarvestSourceTestResult } from '../../../shared/schemas/catalog.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { createHttpClient, HttpError } from '../../lib/http.ts';
import { SourceUnreadable } from './harvest.types.ts';
import { READERS } from './sources/index.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { datasetCountsBySource } from '../catalog/catalog.service.ts';
import { requireInstitution } from '../institutions/institutions.service.ts';
import { executeRun, type HarvestSettings, type RunOutcome } from './harvest.engine.ts';
import { claimJob } from '../../lib/jobs/engine.ts';
import { jobApi } from '../../lib/jobs/api.ts';
import * as repo from './harvest.repository.ts';
import { hostOf } from '../../lib/names.ts';
import { hasCredentials, withoutCredentials } from '../../lib/credentials.ts';
import { englishOf } from './faults.ts';


const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The runs as the API serves them (`lib/jobs/api.ts`): summaries, errors, asking for a run and cancelling one. */
export const runApi = jobApi({
  runs: repo.runs,
  shown: repo.runs.kind.counts,
  entityType: 'harvest_source',
  runAction: 'harvest_run',
  runName: 'harvest run',
  requireSource: (db, id) => requireSource(db, id),
  activeDetail: 'This source is being harvested already; wait for that run to end.',
  audit: recordAudit,
});

export const toRunSummary = (row: repo.RunRow): HarvestRunSummary => runApi.summary(row);

function toSource(row: repo.SourceRow, lastRun: repo.RunRow | undefined, datasetCount: number): HarvestSource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: withoutCredentials(row.url),
    schedule: row.schedule,
    enabled: row.enabled,
    publisherId: row.publisher_id,
    nextRunAt: iso(row.next_run_at),
    datasetCount,
    lastRun: lastRun ? toRunSummary(lastRun) : null,
    demo: row.demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function withRuns(db: QueryBuilder, rows: repo.SourceRow[]): Promise<HarvestSource[]> {
  const ids = rows.map((row) => row.id);
  const [runs, counts] = await Promise.all([repo.latestRuns(db, ids), datasetCountsBySource(db, ids)]);
  const latest = new Map(runs.map((run) => [run.source_id, run]));
  return rows.map((row) => toSource(row, latest.get(row.id), counts.get(row.id) ?? 0));
}

export async function listSources(db: QueryBuilder, limit: number, offset: number) {
  const { items, total } = await repo.listSources(db, limit, offset);
  return { items: await withRuns(db, items), total, limit, offset };
}

export async function requireSource(db: QueryBuilder, id: string): Promise<repo.SourceRow> {
  const row = await repo.findSource(db, id);
  if (!row) throw problems.notFound('harvest source');
  return row;
}

export async function getSource(db: QueryBuilder, id: string): Promise<HarvestSource> {
  return (await withRuns(db, [await requireSource(db, id)]))[0];
}

/** A source's address is shown to everyone: a user name or password in it is refused. */
function refuseCredentials(url: string | undefined) {
  if (url !== undefined && hasCredentials(url)) {
    throw problems.badRequest('Give the address without a user name or password: a source\'s address is shown to everyone and quoted in run errors.', [
      { path: 'body/url', code: 'credentials', message: 'must not contain a user name or password' },
    ]);
  }
}

/** Items read at most when a source is checked: enough to see that it answers as its kind. */
const PROBE_ITEMS = 50;
const PROBE_SAMPLE = 3;
const PROBE_TIMEOUT_MS = 15_000;
/** A portal having a bad moment (a 502 from its proxy) is still saved; one that stays down is not. */
const PROBE_RETRIES = 2;

/** Why a request without an HTTP status failed although something answered: it is not what this kind of portal gives. */
const ANSWERED_WRONGLY: ReadonlySet<string> = new Set(['empty-body', 'not-json', 'too-large']);

type UnusableSourceCode = 'source-address-refused' | 'source-unreachable' | 'source-not-recognised';

function unusableSource(code: UnusableSourceCode, title: string, detail: string, path: string, kind: string) {
  if (code === 'source-not-recognised') return new HttpProblem(422, code, title, detail, { params: { kind }, errors: [{ path, code, params: { kind }, message: detail }] });
  return new HttpProblem(422, code, title, detail, { errors: [{ path, code, message: detail } as FieldError] });
}

/**
 * Checks that an address answers as the chosen kind of portal, without storing anything: the
 * same client as a harvest (http and https only, no private or local network but those allowed),
 * two retries at most, the first page or two. Answers with what it found (the number of datasets the
 * source announces, the first titles), or a 422 naming why the address cannot be harvested:
 * `source-address-refused` (a private or local network), `source-unreachable` (no answer, or an
 * HTTP error), `source-not-recognised` (an answer, but not one this kind of portal gives).
 */
export async function probeSource(settings: HarvestSettings, kind: HarvestKind, url: string, path = 'body/url'): Promise<HarvestSourceTestResult> {
  refuseCredentials(url);
  const abort = new AbortController();
  const http = createHttpClient({ timeoutMs: Math.min(settings.timeoutMs, PROBE_TIMEOUT_MS), retries: Math.min(settings.retries, PROBE_RETRIES), backoffMs: settings.backoffMs, allowedNetworks: settings.allowedNetworks, signal: abort.signal });
  let total: number | null = null;
  const reader = READERS[kind]({ url, http, known: new Map(), announce: (n) => (total = n), signal: abort.signal });
  const sample: string[] = [];
  let firstError: string | null = null;
  let records = 0;
  let ended = false;
  try {
    for (let items = 0; items < PROBE_ITEMS && sample.length < PROBE_SAMPLE; items++) {
      const step = await reader.next();
      if (step.done) {
        ended = true;
        break;
      }
      const item = step.value;
      if (item.type === 'record') {
        records += 1;
        const title = pickLocalized(item.record.title, 'en')?.text ?? item.record.sourceIdentifier;
        sample.push(title.slice(0, 200));
      } else if (item.type === 'unchanged') records += 1;
      else firstError ??= withoutCredentials(englishOf(item.problem));
    }
  } catch (error) {
    const cause = error instanceof SourceUnreadable ? error.cause : error;
    const reason = withoutCredentials((error as Error).message);
    if (cause instanceof HttpError && cause.reason.code === 'address-refused') {
      throw unusableSource('source-address-refused', 'Address refused', `The address is in a private or local network, which sources may not be in: ${reason}`, path, kind);
    }
    // No answer at all, or a server error: the portal is down or not there. A client error (404,
    // 400 "action not known") or an answer that is not what this kind gives: it is another thing.
    if (cause instanceof HttpError && (cause.status === null ? !ANSWERED_WRONGLY.has(cause.reason.code) : cause.status >= 500)) {
      throw unusableSource('source-unreachable', 'Source did not answer', `The address did not answer as a portal: ${reason}`, path, kind);
    }
    throw unusableSource('source-not-recognised', 'Not this kind of source', `The address answered, but not as a ${kind} source: ${reason}`, path, kind);
  } finally {
    abort.abort();
    await reader.return?.({ complete: false }).catch(() => {});
  }
  if (records === 0 && firstError) {
    throw unusableSource('source-not-recognised', 'Not this kind of source', `The address answered, but no dataset in it could be read as a ${kind} record: ${firstError}`, path, kind);
  }
  return { kind, url: withoutCredentials(url), total: total ?? (ended ? records : null), sample };
}

export async function createSource(db: QueryBuilder, admin: AuthUser, input: HarvestSourceCreate, settings: HarvestSettings): Promise<HarvestSource> {
  refuseCredentials(input.url);
  if (input.publisherId) await requireInstitution(db, input.publisherId, 'body/publisherId');
  await probeSource(settings, input.kind, input.url);
  const row = await db.transaction().execute(async (trx) => {
    if (input.publisherId) await requireInstitution(trx, input.publisherId, 'body/publisherId');
    if (await repo.findSourceByUrl(trx, input.kind, input.url)) throw problems.conflict('source-exists', 'A source of this kind with this address exists already.');
    const created = await repo.insertSource(trx, input);
    await recordAudit(trx, { actorId: admin.id, action: 'harvest_source.created', entityType: 'harvest_source', entityId: created.id, details: { ...input } });
    return created;
  });
  return (await withRuns(db, [row]))[0];
}

export async function updateSource(db: QueryBuilder, admin: AuthUser, id: string, patch: HarvestSourcePatch, settings: HarvestSettings): Promise<HarvestSource> {
  refuseCredentials(patch.url);
  // A new address or kind is checked as a new source is; the rest of a change needs no network.
  const current = await requireSource(db, id);
  const kind = patch.kind ?? current.kind;
  const url = patch.url ?? current.url;
  if (kind !== current.kind || url !== current.url) await probeSource(settings, kind, url, patch.url !== undefined ? 'body/url' : 'body/kind');
  const row = await db.transaction().execute(async (trx) => {
    const before = await requireSource(trx, id);
    if (patch.publisherId) await requireInstitution(trx, patch.publisherId, 'body/publisherId');
    const kind = patch.kind ?? before.kind;
    const url = patch.url ?? before.url;
    const clash = await repo.findSourceByUrl(trx, kind, url);
    if (clash && clash.id !== id) throw problems.conflict('source-exists', 'A source of this kind with this address exists already.');
    const updated = await repo.updateSource(trx, id, patch);
    await recordAudit(trx, { actorId: admin.id, action: 'harvest_source.updated', entityType: 'harvest_source', entityId: id, details: { changes: patch } });
    return updated!;
  });
  return (await withRuns(db, [row]))[0];
}

/**
 * Deletes a source with its runs. A run under way is cancelled first, in the same transaction,
 * so no dataset write of it lands after; the source's datasets are kept as the catalogue's own.
 */
export async function deleteSource(db: QueryBuilder, admin: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Cancelled without a message: the run is deleted with the source below.
    const cancelled = await repo.cancelRun(trx, id, null, null);
    const deleted = await repo.deleteSource(trx, id);
    if (!deleted) throw problems.notFound('harvest source');
    const { source, datasetsKept } = deleted;
    await recordAudit(trx, {
      actorId: admin.id,
      action: 'harvest_source.deleted',
      entityType: 'harvest_source',
      entityId: id,
      details: { name: source.name, kind: source.kind, url: withoutCredentials(source.url), datasetsKept, runsCancelled: cancelled.map((run) => run.id) },
    });
  });
}

/**
 * Claims a run (a given one, or the oldest waiting) and carries it out in this process; a run
 * started too often is given up (`claimJob`). A source deleted since takes its runs with it: null.
 */
export function claimAndRun(db: QueryBuilder, settings: HarvestSettings, runId?: string, onProgress?: Parameters<typeof executeRun>[4], signal?: AbortSignal): Promise<{ run: repo.RunRow; outcome: RunOutcome } | null> {
  return claimJob(db, repo.runs, runId, (run) => repo.findSource(db, run.source_id), (run, source) => executeRun(db, run, source, settings, onProgress, signal));
}

/** Runs a source now in this process (the command line): claimed at once, so no worker takes it first. */
export async function runHere(db: QueryBuilder, settings: HarvestSettings, sourceId: string, onProgress?: Parameters<typeof executeRun>[4], signal?: AbortSignal) {
  const source = await requireSource(db, sourceId);
  const run = await repo.startRun(db, sourceId, 'command');
  if (!run) throw problems.conflict('run-active', 'This source is being harvested already; wait for that run to end.');
  await recordAudit(db, { actorId: null, action: 'harvest_run.requested', entityType: 'harvest_source', entityId: sourceId, details: { runId: run.id, trigger: 'command' } });
  return { run, outcome: await executeRun(db, run, source, settings, onProgress, signal) };
}

/** The source of a kind and address, made for the command line when it is not registered yet. */
export async function sourceForCommand(db: QueryBuilder, kind: HarvestKind, url: string): Promise<repo.SourceRow> {
  if (hasCredentials(url)) throw problems.badRequest('Give the address without a user name or password.', [{ path: 'url', code: 'credentials', message: 'must not contain a user name or password' }]);
  const existing = await repo.findSourceByUrl(db, kind, url);
  if (existing) return existing;
  return repo.insertSource(db, { name: `${hostOf(url) ?? url} (${kind})`.slice(0, 200), kind, url, schedule: 'manual', enabled: true });
}

export const queueDueRuns = repo.queueDueRuns;
