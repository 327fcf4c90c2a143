import { sql } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type {
  InstrumentDetail,
  InstrumentPatch,
  PlanDetail,
  PlanDocumentInput,
  PlanEventInput,
  PlanInput,
  PlanPatch,
  PlanningSource,
  PlanningSourceInput,
  PlanningSourceList,
  PlanningSourceQuery,
  PlanObjectivesInput,
} from '../../../shared/schemas/planning.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getInstrument, getPlan } from './planning.service.ts';

/**
 * Editors' writes to the planning systems and plans (issue 19 §1–2). The rule the seed keeps holds
 * here too: a fact without a source is refused, so what editors add (a Finnish name for an Estonian
 * instrument, a plan's new stage) is as traceable as what ships. An edited seeded row is marked
 * `edited` and the seed leaves it alone from then on; seeded events and documents cannot be
 * removed (the next start would bring them back), an editor's own can.
 */

const json = (value: unknown) => JSON.stringify(value);

/** Serialises editors' source numbering (`E1`, `E2`, …) and plan slugs. */
async function lockPlanning(db: QueryBuilder) {
  await sql`select pg_advisory_xact_lock(hashtext('talsinki.planning'))`.execute(db);
}

/** The sources, seeded first in tag order; `q` keeps those whose tag, title or address holds every word (a picker's search). */
export async function listSources(db: QueryBuilder, query: PlanningSourceQuery): Promise<PlanningSourceList> {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  const rows = await db
    .selectFrom('planning_sources')
    .select(['tag', 'url', 'title', 'kind'])
    .$if(words.length > 0, (qb) => qb.where((eb) => eb.and(words.map((word) => sql<boolean>`position(${word} in lower(tag || ' ' || title || ' ' || url)) > 0`))))
    .orderBy('seeded', 'desc')
    .orderBy(sql`length(tag)`)
    .orderBy('tag')
    .execute();
  const items = query.limit ? rows.slice(0, query.limit) : rows;
  return { items, total: rows.length };
}

export async function addSource(db: QueryBuilder, editor: AuthUser, input: PlanningSourceInput): Promise<PlanningSource> {
  return db.transaction().execute(async (trx) => {
    await lockPlanning(trx);
    const same = await trx.selectFrom('planning_sources').select('tag').where('url', '=', input.url).executeTakeFirst();
    if (same) throw problems.conflict('source-exists', `This address is already source ${same.tag}.`);
    const { n } = await trx.selectFrom('planning_sources').select((eb) => eb.fn.countAll<string>().as('n')).where('seeded', '=', false).executeTakeFirstOrThrow();
    const tag = `E${Number(n) + 1}`;
    await trx.insertInto('planning_sources').values({ tag, url: input.url, title: input.title, kind: input.kind, seeded: false, edited: true }).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.source.added', entityType: 'planning_source', details: { tag, ...input } });
    return { tag, ...input };
  });
}

type Cited = { value: unknown; sources: readonly string[] };

/** Facts by field name, their tags at `body/<field>/sources`. */
const byField = (facts: Record<string, Cited | undefined>) =>
  Object.entries(facts).flatMap(([field, fact]) => (fact ? [{ tagsPath: `body/${field}/sources`, ...fact }] : []));

/** Each fact's tags must name known sources, and a value needs at least one. */
async function refuseBadCitations(db: QueryBuilder, facts: readonly (Cited & { tagsPath: string })[]) {
  const tags = [...new Set(facts.flatMap((fact) => fact.sources))];
  const known = new Set(tags.length === 0 ? [] : (await db.selectFrom('planning_sources').select('tag').where('tag', 'in', tags).execute()).map((r) => r.tag));
  const errors: FieldError[] = [];
  for (const fact of facts) {
    fact.sources.forEach((tag, i) => {
      if (!known.has(tag)) errors.push({ path: `${fact.tagsPath}/${i}`, code: 'unknown-source', message: `No source has the tag ${tag}; add it first (POST /api/planning/sources).` });
    });
    if (fact.value !== null && fact.sources.length === 0) errors.push({ path: fact.tagsPath, code: 'uncited', message: 'A fact needs the tag of at least one source.' });
  }
  if (errors.length) throw problems.badRequest('Every fact needs a known source.', errors);
}

const INSTRUMENT_COLUMNS = {
  name: 'name',
  legalBasis: 'legal_basis',
  preparedBy: 'prepared_by',
  approvedBy: 'approved_by',
  effectOnPlans: 'effect_on_plans',
  effectOnPermits: 'effect_on_permits',
  participation: 'participation',
  displayMinDays: 'display_min_days',
  displayMinDaysMinor: 'display_min_days_minor',
  typicalDuration: 'typical_duration',
} as const satisfies Record<keyof InstrumentPatch, string>;

export async function patchInstrument(db: QueryBuilder, editor: AuthUser, slug: string, patch: InstrumentPatch): Promise<InstrumentDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('planning_instruments').select(['id', 'own_language', 'citations']).where('slug', '=', slug).forUpdate().executeTakeFirst();
    if (!row) throw problems.notFound('instrument');
    if (patch.name && !patch.name.value[row.own_language]) {
      throw problems.badRequest('An instrument keeps its name in its own language.', [{ path: `body/name/value/${row.own_language}`, code: 'required', message: `The name in ${row.own_language} is required: it is the instrument’s own name.` }]);
    }
    await refuseBadCitations(trx, byField(patch));
    const citations = { ...row.citations };
    const values: Record<string, string | number | null> = {};
    for (const [field, column] of Object.entries(INSTRUMENT_COLUMNS) as [keyof InstrumentPatch, string][]) {
      const fact = patch[field];
      if (!fact) continue;
      const value = fact.value as LocalizedTextValue | number | null;
      values[column] = typeof value === 'number' || value === null ? value : json(value);
      if (value === null) delete citations[field];
      else citations[field] = [...fact.sources];
    }
    await trx.updateTable('planning_instruments').set({ ...values, citations: json(citations), edited: true }).where('id', '=', row.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.instrument.updated', entityType: 'planning_instrument', entityId: row.id, details: { slug, changes: patch } });
  });
  return getInstrument(db, slug);
}

async function instrumentIdOf(db: QueryBuilder, slug: string | null | undefined): Promise<string | null> {
  if (!slug) return null;
  const row = await db.selectFrom('planning_instruments').select('id').where('slug', '=', slug).executeTakeFirst();
  // The schema allows only the seeded slugs, and seeded rows are never deleted.
  if (!row) throw problems.badRequest('No such instrument.', [{ path: 'body/instrument/value', code: 'invalid', message: `No instrument ${slug}.` }]);
  return row.id;
}

async function refuseUnknownRegions(db: QueryBuilder, codes: readonly string[] | undefined) {
  if (!codes || codes.length === 0) return;
  const known = new Set((await db.selectFrom('stat_regions').select('code').where('code', 'in', [...codes]).execute()).map((r) => r.code));
  const errors: FieldError[] = codes.flatMap((code, i) => (known.has(code) ? [] : [{ path: `body/regionCodes/${i}`, code: 'unknown-region' as const, message: `No region ${code}.` }]));
  if (errors.length) throw problems.badRequest('Unknown regions.', errors);
}

type PlanFacts = Pick<PlanInput, 'name' | 'stage' | 'instrument' | 'summary'>;

function planCitations(current: Record<string, string[]>, facts: Partial<PlanFacts>): Record<string, string[]> {
  const citations = { ...current };
  for (const field of ['name', 'stage', 'instrument', 'summary'] as const) {
    const fact = facts[field];
    if (!fact) continue;
    if (fact.value === null) delete citations[field];
    else citations[field] = [...fact.sources];
  }
  return citations;
}

export async function createPlan(db: QueryBuilder, editor: AuthUser, input: PlanInput): Promise<PlanDetail> {
  await db.transaction().execute(async (trx) => {
    await lockPlanning(trx);
    if (await trx.selectFrom('plans').select('id').where('slug', '=', input.slug).executeTakeFirst()) throw problems.conflict('slug-taken', `A plan already has the slug ${input.slug}.`);
    await refuseBadCitations(trx, byField({ name: input.name, stage: input.stage, instrument: input.instrument, summary: input.summary }));
    await refuseUnknownRegions(trx, input.regionCodes);
    const { last } = await trx.selectFrom('plans').select((eb) => eb.fn.max('position').as('last')).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('plans')
      .values({
        slug: input.slug,
        name: json(input.name.value),
        kind: input.kind,
        instrument_id: await instrumentIdOf(trx, input.instrument?.value),
        country: input.country,
        region_codes: input.regionCodes,
        stage: input.stage.value,
        summary: input.summary?.value ? json(input.summary.value) : null,
        notes: json([]),
        citations: json(planCitations({}, input)),
        position: Number(last ?? 0) + 1,
        seeded: false,
        edited: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.plan.created', entityType: 'plan', entityId: inserted.id, details: { ...input } });
  });
  return getPlan(db, input.slug);
}

async function lockedPlan(db: QueryBuilder, slug: string) {
  const row = await db.selectFrom('plans').select(['id', 'citations']).where('slug', '=', slug).forUpdate().executeTakeFirst();
  if (!row) throw problems.notFound('plan');
  return row;
}

export async function patchPlan(db: QueryBuilder, editor: AuthUser, slug: string, patch: PlanPatch): Promise<PlanDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await lockedPlan(trx, slug);
    await refuseBadCitations(trx, byField({ name: patch.name, stage: patch.stage, instrument: patch.instrument, summary: patch.summary }));
    await refuseUnknownRegions(trx, patch.regionCodes);
    await trx
      .updateTable('plans')
      .set({
        ...(patch.name ? { name: json(patch.name.value) } : {}),
        ...(patch.kind ? { kind: patch.kind } : {}),
        ...(patch.country ? { country: patch.country } : {}),
        ...(patch.instrument ? { instrument_id: await instrumentIdOf(trx, patch.instrument.value) } : {}),
        ...(patch.regionCodes ? { region_codes: patch.regionCodes } : {}),
        ...(patch.stage ? { stage: patch.stage.value } : {}),
        ...(patch.summary ? { summary: patch.summary.value ? json(patch.summary.value) : null } : {}),
        citations: json(planCitations(row.citations, patch)),
        edited: true,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.plan.updated', entityType: 'plan', entityId: row.id, details: { slug, changes: patch } });
  });
  return getPlan(db, slug);
}

/**
 * A dated step in a plan's history. The newest step that names a stage moves the plan to it,
 * cited by the step's own sources: recording "adopted on 24 Jan" is how the stage changes.
 */
export async function addEvent(db: QueryBuilder, editor: AuthUser, slug: string, input: PlanEventInput): Promise<PlanDetail> {
  await db.transaction().execute(async (trx) => {
    const plan = await lockedPlan(trx, slug);
    if (input.until && input.until < input.date) {
      throw problems.badRequest('A span ends after it starts.', [{ path: 'body/until', code: 'end-before-start', message: 'The end is before the start.' }]);
    }
    await refuseBadCitations(trx, [{ tagsPath: 'body/sources', value: input.body, sources: input.sources }]);
    const { last } = await trx.selectFrom('plan_events').select((eb) => eb.fn.max('position').as('last')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('plan_events')
      .values({
        key: `${slug}#e-${crypto.randomUUID()}`,
        plan_id: plan.id,
        on_date: input.date,
        precision: input.precision,
        until_date: input.until ?? null,
        stage: input.stage ?? null,
        body: json(input.body),
        decision_ref: input.decisionRef ?? null,
        unconfirmed: input.unconfirmed ?? false,
        sources: input.sources,
        position: Number(last ?? -1) + 1,
        seeded: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.stage) {
      const later = await trx.selectFrom('plan_events').select('id').where('plan_id', '=', plan.id).where('stage', 'is not', null).where('on_date', '>', input.date).executeTakeFirst();
      if (!later) {
        await trx.updateTable('plans').set({ stage: input.stage, citations: json({ ...plan.citations, stage: [...input.sources] }), edited: true }).where('id', '=', plan.id).execute();
      }
    }
    await recordAudit(trx, { actorId: editor.id, action: 'planning.event.added', entityType: 'plan', entityId: plan.id, details: { slug, eventId: inserted.id, ...input } });
  });
  return getPlan(db, slug);
}

export async function addDocument(db: QueryBuilder, editor: AuthUser, slug: string, input: PlanDocumentInput): Promise<PlanDetail> {
  await db.transaction().execute(async (trx) => {
    const plan = await lockedPlan(trx, slug);
    if (!(await trx.selectFrom('planning_sources').select('tag').where('tag', '=', input.source).executeTakeFirst())) {
      throw problems.badRequest('Every fact needs a known source.', [{ path: 'body/source', code: 'unknown-source', message: `No source has the tag ${input.source}; add it first (POST /api/planning/sources).` }]);
    }
    const { last } = await trx.selectFrom('plan_documents').select((eb) => eb.fn.max('position').as('last')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('plan_documents')
      .values({ key: `${slug}#d-${crypto.randomUUID()}`, plan_id: plan.id, title: json(input.title), url: input.url, kind: input.kind, source: input.source, position: Number(last ?? -1) + 1, seeded: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.document.added', entityType: 'plan', entityId: plan.id, details: { slug, documentId: inserted.id, ...input } });
  });
  return getPlan(db, slug);
}

/** Removes an editor's event or document; a seeded one is a fact every installation has, and is refused. */
export async function removePlanItem(db: QueryBuilder, editor: AuthUser, slug: string, table: 'plan_events' | 'plan_documents', id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const plan = await lockedPlan(trx, slug);
    const row = await trx.selectFrom(table).select(['id', 'seeded']).where('id', '=', id).where('plan_id', '=', plan.id).executeTakeFirst();
    if (!row) throw problems.notFound(table === 'plan_events' ? 'event' : 'document');
    if (row.seeded) throw problems.conflict('seeded-fact', 'This entry is one of the sourced facts every installation has; it cannot be removed. Add a newer entry instead.');
    await trx.deleteFrom(table).where('id', '=', id).execute();
    await recordAudit(trx, { actorId: editor.id, action: table === 'plan_events' ? 'planning.event.removed' : 'planning.document.removed', entityType: 'plan', entityId: plan.id, details: { slug, id } });
  });
}

/**
 * The framework objectives a plan serves, replaced whole: each key an objective that has left
 * draft (a draft's nodes are work in progress, not yet anyone's to serve).
 */
export async function setPlanObjectives(db: QueryBuilder, editor: AuthUser, slug: string, input: PlanObjectivesInput): Promise<PlanDetail> {
  await db.transaction().execute(async (trx) => {
    const plan = await lockedPlan(trx, slug);
    const keys = input.nodeKeys;
    const known = keys.length
      ? new Set((await sql<{ node_key: string }>`select node_key from framework_trace_nodes where kind = 'objective' and node_key in (${sql.join(keys)})`.execute(trx)).rows.map((r) => r.node_key))
      : new Set<string>();
    const errors = keys.flatMap((key, i) => (known.has(key) ? [] : [{ path: `body/nodeKeys/${i}`, code: 'unknown-objective' as const, message: 'is not an objective of the framework that has left draft' }]));
    if (errors.length) throw problems.badRequest('Every key must name an objective of the framework.', errors);
    const before = (await trx.selectFrom('plan_objectives').select('node_key').where('plan_id', '=', plan.id).execute()).map((r) => r.node_key);
    await trx.deleteFrom('plan_objectives').where('plan_id', '=', plan.id).$if(keys.length > 0, (q) => q.where('node_key', 'not in', keys)).execute();
    const added = keys.filter((key) => !before.includes(key));
    if (added.length) await trx.insertInto('plan_objectives').values(added.map((node_key) => ({ plan_id: plan.id, node_key, linked_by: editor.id }))).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'planning.plan.objectives', entityType: 'plan', entityId: plan.id, details: { slug, before, after: keys } });
  });
  return getPlan(db, slug);
}
