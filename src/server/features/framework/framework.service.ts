import { createHash, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import {
  FRAMEWORK_REGION_COUNTRY,
  PARENT_KIND,
  type Adoption,
  type AdoptingBodyCreate,
  type AdoptingBodyList,
  type AdoptionCreate,
  type FrameworkNode,
  type FrameworkNodeKind,
  type NodeCreate,
  type NodePatch,
  type VersionCreate,
  type VersionDetail,
  type VersionList,
  type VersionPatch,
} from '../../../shared/schemas/framework.ts';
import { cache } from '../../lib/cache.ts';
import type { DiffChange, VersionDiff } from '../../../shared/schemas/framework.ts';
import { findAction } from '../actions/actions.service.ts';
import { diffTrees, type DiffNode } from './framework.diff.ts';
import { answersOfVersion } from '../consultations/consultations.outcomes.ts';
import { treeOrderBy } from '../../lib/tree.ts';
import type { FrameworkNodesTable } from './framework.tables.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkedIndicatorTarget, linkedIndicatorsOf, type LinkRow } from '../indicators/kpis.service.ts';
import './framework.tables.ts';

/**
 * The joint strategic framework's versions and their trees (research §4.1). A draft is edited
 * node by node; `in_consultation` freezes it (its content hash is set and never moves);
 * adoptions are recorded per region, and the second region's makes the version `adopted` and the
 * one adopted before it `superseded`, in one transaction. Only one draft exists at a time.
 */

export type VersionRow = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

/** Arbitrary but fixed: making a new version queues on it, so two drafts cannot be made at once. */
const NEW_VERSION_LOCK = 7_384_019;

const seesDrafts = (user: AuthUser | null) => !!user && isStaffRole(user.role);
const canEdit = (user: AuthUser | null) => !!user && isEditorRole(user.role);
const iso = (date: Date | null) => (date ? date.toISOString() : null);

function versionQuery(db: QueryBuilder) {
  return db
    .selectFrom('framework_versions as v')
    .leftJoin('framework_versions as b', 'b.id', 'v.based_on')
    .select(['v.id', 'v.number', 'v.label', 'v.state', 'b.number as based_on_number', 'v.frozen_at', 'v.adopted_at', 'v.content_hash', 'v.created_at', 'v.updated_at', 'v.is_demo']);
}

/** The number a version's address names; 404 for anything that is not a version number. */
export function versionNumber(text: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) throw problems.notFound('framework version');
  return Number(text);
}

/** A version the asker may see: drafts are the staff's, and anyone else is told there is none (404). */
export async function visibleVersion(db: QueryBuilder, user: AuthUser | null, number: number): Promise<VersionRow> {
  const row = await versionQuery(db).where('v.number', '=', number).executeTakeFirst();
  if (!row || (row.state === 'draft' && !seesDrafts(user))) throw problems.notFound('framework version');
  return row;
}

/** The draft a change is made to, locked for the change; 409 `version-frozen` naming how to go on when it is not a draft. */
async function draftForChange(trx: QueryBuilder, number: number): Promise<VersionRow> {
  const locked = await trx.selectFrom('framework_versions').select('id').where('number', '=', number).forUpdate().executeTakeFirst();
  if (!locked) throw problems.notFound('framework version');
  const row = await versionQuery(trx).where('v.id', '=', locked.id).executeTakeFirstOrThrow();
  if (row.state !== 'draft') {
    throw problems.conflict('version-frozen', `Version ${row.number} is ${row.state.replace('_', ' ')}, so it cannot change. Make a new draft from it: POST /api/framework/versions {"basedOn": ${row.number}}.`);
  }
  return row;
}

async function adoptionsOf(db: QueryBuilder, versionIds: string[]): Promise<Map<string, Adoption[]>> {
  const byVersion = new Map<string, Adoption[]>();
  if (!versionIds.length) return byVersion;
  const rows = await db
    .selectFrom('framework_adoptions as a')
    .innerJoin('institutions as i', 'i.id', 'a.institution_id')
    .select(['a.version_id', 'a.region_code', 'i.id as institution_id', 'i.slug', 'i.name', sql<string>`a.decided_on::text`.as('decided_on'), 'a.decision_ref', 'a.decision_url', 'a.recorded_at'])
    .where('a.version_id', 'in', versionIds)
    .orderBy('a.decided_on')
    // Finland's first on the same day, as everywhere on the site.
    .orderBy('a.region_code', 'desc')
    .execute();
  for (const row of rows) {
    const list = byVersion.get(row.version_id) ?? [];
    list.push({
      region: row.region_code,
      institution: { id: row.institution_id, slug: row.slug, name: row.name as LocalizedTextValue },
      decidedOn: row.decided_on,
      decisionRef: row.decision_ref,
      decisionUrl: row.decision_url,
      recordedAt: row.recorded_at.toISOString(),
    });
    byVersion.set(row.version_id, list);
  }
  return byVersion;
}

function versionFields(row: VersionRow, adoptions: Adoption[]) {
  return {
    id: row.id,
    number: row.number,
    label: row.label,
    state: row.state,
    basedOn: row.based_on_number,
    frozenAt: iso(row.frozen_at),
    adoptedAt: iso(row.adopted_at),
    contentHash: row.content_hash,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    demo: row.is_demo,
    adoptions,
  };
}

// ---- reading ----

type NodeRow = Awaited<ReturnType<typeof nodeRows>>[number];

function nodeRows(db: QueryBuilder, versionId: string) {
  return db
    .selectFrom('framework_nodes as l')
    .leftJoin('indicators as i', 'i.id', 'l.indicator_id')
    .select([
      'l.node_key', 'l.kind', 'l.parent_key', 'l.position', 'l.ref', 'l.title', 'l.body',
      'l.indicator_id', 'l.region_code', 'l.baseline_value', 'l.baseline_period', 'l.target_value', 'l.target_period',
      'i.slug', 'i.name', 'i.unit', 'i.frequency', 'i.decimals', 'i.demo', 'i.published',
    ])
    .where('l.version_id', '=', versionId)
    .orderBy('l.position')
    .orderBy('l.ref')
    .execute();
}

async function actionsOf(db: QueryBuilder, versionId: string) {
  const rows = await db
    .selectFrom('framework_target_actions as t')
    .innerJoin('actions as a', 'a.id', 't.action_id')
    .select(['t.node_key', 'a.id', 'a.ref', 'a.title', 'a.state'])
    .where('t.version_id', '=', versionId)
    .orderBy('a.ref')
    .execute();
  const byNode = new Map<string, { id: string; ref: string; title: LocalizedTextValue; state: string }[]>();
  for (const row of rows) {
    const action = { id: row.id, ref: row.ref, title: row.title, state: row.state };
    const list = byNode.get(row.node_key);
    if (list) list.push(action);
    else byNode.set(row.node_key, [action]);
  }
  return byNode;
}

/**
 * The version's tree as answered: each target with its indicator's progress (read as a KPI's is),
 * and every other node with the mean progress of the targets beneath it that have one.
 */
export async function treeOf(db: QueryBuilder, versionId: string): Promise<FrameworkNode[]> {
  const [nodes, actions] = await Promise.all([nodeRows(db, versionId), actionsOf(db, versionId)]);
  const rows = treeOrderBy(nodes, (row) => row.node_key, (row) => row.parent_key);
  const targets = rows.filter((row) => row.kind === 'target' && row.indicator_id);
  const links = await linkedIndicatorsOf(db, targets.map((row) => ({
    slug: row.slug!, name: row.name!, unit: row.unit!, frequency: row.frequency!, decimals: row.decimals!, demo: row.demo!, published: row.published!,
    indicator_id: row.indicator_id!, region_code: row.region_code, baseline_value: row.baseline_value, baseline_period: row.baseline_period,
    target_value: row.target_value, target_period: row.target_period, note: {},
  }) satisfies LinkRow));
  const progress = new Map<string, FrameworkNode['target']>();
  targets.forEach((row, index) => {
    const link = links[index];
    progress.set(row.node_key, {
      indicator: { slug: link.slug, name: link.name, unit: link.unit, decimals: link.decimals, frequency: link.frequency, demo: link.demo },
      region: { code: link.region.code, name: link.region.name },
      baseline: link.baseline,
      target: link.target!,
      latest: link.latest,
      progress: link.progress,
      actions: actions.get(row.node_key) ?? [],
    });
  });
  return withRollups(rows, progress, await plansServing(db, rows.filter((row) => row.kind === 'objective').map((row) => row.node_key)));
}

/** The plans that say they serve each objective (planning's links, read here by the objective's key). */
async function plansServing(db: QueryBuilder, objectiveKeys: readonly string[]) {
  const byKey = new Map<string, FrameworkNode['plans']>();
  if (!objectiveKeys.length) return byKey;
  const rows = await db
    .selectFrom('plan_objectives as o')
    .innerJoin('plans as p', 'p.id', 'o.plan_id')
    .select(['o.node_key', 'p.slug', 'p.name', 'o.is_demo'])
    .where('o.node_key', 'in', objectiveKeys)
    .orderBy('p.slug')
    .execute();
  for (const row of rows) {
    const plan = { slug: row.slug, name: row.name as LocalizedTextValue, demo: row.is_demo };
    const list = byKey.get(row.node_key);
    if (list) list.push(plan);
    else byKey.set(row.node_key, [plan]);
  }
  return byKey;
}

/** Each node answered; a non-target's roll-up is the mean progress of the targets under it that have one ("mean of N targets"). */
function withRollups(rows: NodeRow[], targets: Map<string, FrameworkNode['target']>, plans: Map<string, FrameworkNode['plans']>): FrameworkNode[] {
  const childrenOf = new Map<string, NodeRow[]>();
  for (const row of rows) {
    if (!row.parent_key) continue;
    const siblings = childrenOf.get(row.parent_key);
    if (siblings) siblings.push(row);
    else childrenOf.set(row.parent_key, [row]);
  }
  const targetsUnder = (key: string): string[] =>
    (childrenOf.get(key) ?? []).flatMap((child) => (child.kind === 'target' ? [child.node_key] : targetsUnder(child.node_key)));
  return rows.map((row) => {
    let rollup: FrameworkNode['rollup'] = null;
    if (row.kind !== 'target') {
      const under = targetsUnder(row.node_key);
      const known = under.map((key) => targets.get(key)?.progress).filter((value): value is number => typeof value === 'number');
      rollup = { progress: known.length ? known.reduce((sum, value) => sum + value, 0) / known.length : null, counted: known.length, targets: under.length };
    }
    return {
      key: row.node_key,
      kind: row.kind,
      ref: row.ref,
      parentKey: row.parent_key,
      position: row.position,
      title: row.title,
      body: row.body,
      target: row.kind === 'target' ? (targets.get(row.node_key) ?? null) : null,
      plans: plans.get(row.node_key) ?? [],
      rollup,
    };
  });
}

export async function getVersion(db: QueryBuilder, user: AuthUser | null, number: number): Promise<VersionDetail> {
  const row = await visibleVersion(db, user, number);
  return detailOf(db, user, row);
}

async function detailOf(db: QueryBuilder, user: AuthUser | null, row: VersionRow): Promise<VersionDetail> {
  const adoptions = (await adoptionsOf(db, [row.id])).get(row.id) ?? [];
  return { ...versionFields(row, adoptions), nodes: await treeOf(db, row.id), viewer: { canEdit: canEdit(user) && row.state === 'draft', canManage: canEdit(user) } };
}

/** The framework in force: the newest adopted version; 404 `no-adopted-framework` before the first adoption. */
export async function getCurrent(db: QueryBuilder, user: AuthUser | null): Promise<VersionDetail> {
  const row = await versionQuery(db).where('v.state', '=', 'adopted').orderBy('v.number', 'desc').limit(1).executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'no-adopted-framework', 'No adopted framework', 'No version of the framework has been adopted by both regions yet; see GET /api/framework/versions.');
  return detailOf(db, user, row);
}

/** Every version the asker may see, newest first, with its adoptions and how many goals, objectives and targets it has. */
export async function listVersions(db: QueryBuilder, user: AuthUser | null): Promise<VersionList> {
  let query = versionQuery(db).orderBy('v.number', 'desc');
  if (!seesDrafts(user)) query = query.where('v.state', '<>', 'draft');
  const rows = await query.execute();
  const ids = rows.map((row) => row.id);
  const adoptions = await adoptionsOf(db, ids);
  const counts = ids.length
    ? await db.selectFrom('framework_nodes').select(['version_id', 'kind', sql<number>`count(*)::int`.as('n')]).where('version_id', 'in', ids).groupBy(['version_id', 'kind']).execute()
    : [];
  const count = (id: string, kind: FrameworkNodeKind) => counts.find((one) => one.version_id === id && one.kind === kind)?.n ?? 0;
  return {
    items: rows.map((row) => ({
      ...versionFields(row, adoptions.get(row.id) ?? []),
      counts: { goals: count(row.id, 'goal'), objectives: count(row.id, 'objective'), targets: count(row.id, 'target') },
    })),
    viewer: { canEdit: canEdit(user) },
  };
}

// ---- versions ----

/**
 * A new draft, empty or a copy of `basedOn`'s nodes with the same keys (so the two can be
 * compared); 409 `draft-exists` while another draft exists. Audited.
 */
export async function createVersion(db: QueryBuilder, editor: AuthUser, input: VersionCreate, options: { demo?: boolean } = {}): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${NEW_VERSION_LOCK})`.execute(trx);
    const draft = await trx.selectFrom('framework_versions').select('number').where('state', '=', 'draft').executeTakeFirst();
    if (draft) throw problems.conflict('draft-exists', `Version ${draft.number} is a draft already: edit it, or send it to consultation before making another.`);
    let basedOn: { id: string; label: LocalizedTextValue } | undefined;
    if (input.basedOn !== undefined) {
      basedOn = await trx.selectFrom('framework_versions').select(['id', 'label']).where('number', '=', input.basedOn).executeTakeFirst();
      if (!basedOn) throw problems.badRequest('There is no such version to start from.', [{ path: 'body/basedOn', code: 'invalid', message: 'is not a version of the framework' }]);
    }
    const last = await trx.selectFrom('framework_versions').select(sql<number>`coalesce(max(number), 0)::int`.as('n')).executeTakeFirstOrThrow();
    const number = last.n + 1;
    const created = await trx
      .insertInto('framework_versions')
      .values({ number, label: JSON.stringify(input.label ?? {}), based_on: basedOn?.id ?? null, created_by: editor.id, is_demo: options.demo ?? false })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (basedOn) {
      await sql`insert into framework_nodes (version_id, node_key, kind, parent_key, position, ref, title, body, indicator_id, region_code, baseline_value, baseline_period, target_value, target_period)
        select ${created.id}, node_key, kind, parent_key, position, ref, title, body, indicator_id, region_code, baseline_value, baseline_period, target_value, target_period
        from framework_nodes where version_id = ${basedOn.id}`.execute(trx);
      await sql`insert into framework_target_actions (version_id, node_key, action_id)
        select ${created.id}, node_key, action_id from framework_target_actions where version_id = ${basedOn.id}`.execute(trx);
    }
    await recordAudit(trx, { actorId: editor.id, action: 'framework.version_created', entityType: 'framework_version', entityId: created.id, details: { number, basedOn: input.basedOn ?? null } });
    return number;
  });
}

export async function patchVersion(db: QueryBuilder, editor: AuthUser, number: number, input: VersionPatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await draftForChange(trx, number);
    await trx.updateTable('framework_versions').set({ label: JSON.stringify(input.label), updated_at: sql`now()` }).where('id', '=', version.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'framework.version_changed', entityType: 'framework_version', entityId: version.id, details: { label: input.label } });
  });
}

/** What a version's content hash is taken over: its nodes and their actions, in a fixed order. */
async function contentHash(db: QueryBuilder, versionId: string): Promise<string> {
  const nodes = await db
    .selectFrom('framework_nodes')
    .select(['node_key', 'kind', 'parent_key', 'position', 'ref', 'title', 'body', 'indicator_id', 'region_code', 'baseline_value', 'baseline_period', 'target_value', 'target_period'])
    .where('version_id', '=', versionId)
    .orderBy('node_key')
    .execute();
  const actions = await db.selectFrom('framework_target_actions').select(['node_key', 'action_id']).where('version_id', '=', versionId).orderBy('node_key').orderBy('action_id').execute();
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
      : Array.isArray(value) ? value.map(canonical) : value;
  return createHash('sha256').update(JSON.stringify(canonical({ nodes, actions }))).digest('hex');
}

/** A draft goes to consultation: frozen from now on, its content hash set. Anything else is 409. Audited. */
export async function sendToConsultation(db: QueryBuilder, editor: AuthUser, number: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await draftForChange(trx, number);
    const hash = await contentHash(trx, version.id);
    await trx.updateTable('framework_versions').set({ state: 'in_consultation', frozen_at: sql`now()`, content_hash: hash, updated_at: sql`now()` }).where('id', '=', version.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'framework.version_frozen', entityType: 'framework_version', entityId: version.id, details: { number, contentHash: hash } });
  });
}

// ---- adoptions ----

/**
 * One region's adoption of a version in consultation, by a body listed for that region (422
 * `body-not-of-region` otherwise; 409 `already-adopted` for a second one). The second region's
 * makes the version `adopted` and the one adopted before it `superseded`, in the same transaction.
 */
export async function recordAdoption(db: QueryBuilder, editor: AuthUser, number: number, input: AdoptionCreate): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Shown as a link: only a web address, never javascript: or data:.
    if (input.decisionUrl !== undefined && !/^https?:\/\//i.test(input.decisionUrl)) {
      throw problems.badRequest('The decision\'s address is not a web address.', [{ path: 'body/decisionUrl', code: 'url', message: 'must be an http or https address' }]);
    }
    const locked = await trx.selectFrom('framework_versions').select(['id', 'state']).where('number', '=', number).forUpdate().executeTakeFirst();
    if (!locked) throw problems.notFound('framework version');
    const listed = await trx.selectFrom('framework_adopting_bodies').select('institution_id').where('region_code', '=', input.region).where('institution_id', '=', input.institutionId).executeTakeFirst();
    if (!listed) {
      const detail = `The institution is not a body that adopts the framework for ${input.region}; see GET /api/framework/bodies.`;
      throw new HttpProblem(422, 'body-not-of-region', 'Body not of the region', detail, { errors: [{ path: 'body/institutionId', code: 'body-not-of-region', message: detail }] });
    }
    const already = await trx.selectFrom('framework_adoptions').select('decided_on').where('version_id', '=', locked.id).where('region_code', '=', input.region).executeTakeFirst();
    if (already) throw problems.conflict('already-adopted', `${input.region} has already adopted version ${number}.`);
    if (locked.state !== 'in_consultation') {
      throw problems.conflict('invalid-transition', `Only a version in consultation can be adopted; version ${number} is ${locked.state.replace('_', ' ')}.`, { from: locked.state, to: 'adopted' });
    }
    await trx.insertInto('framework_adoptions').values({
      version_id: locked.id, region_code: input.region, institution_id: input.institutionId, decided_on: input.decidedOn,
      decision_ref: input.decisionRef, decision_url: input.decisionUrl ?? null, recorded_by: editor.id,
    }).execute();
    const regions = await trx.selectFrom('framework_adoptions').select('region_code').where('version_id', '=', locked.id).execute();
    const adopted = Object.keys(FRAMEWORK_REGION_COUNTRY).every((region) => regions.some((one) => one.region_code === region));
    if (adopted) {
      await trx.updateTable('framework_versions').set({ state: 'superseded', updated_at: sql`now()` }).where('state', '=', 'adopted').execute();
      await trx.updateTable('framework_versions').set({ state: 'adopted', adopted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', locked.id).execute();
    }
    await recordAudit(trx, {
      actorId: editor.id, action: 'framework.adoption_recorded', entityType: 'framework_version', entityId: locked.id,
      details: { region: input.region, institutionId: input.institutionId, decidedOn: input.decidedOn, decisionRef: input.decisionRef, adopted },
    });
  });
}

/** The two signatories of the 2022 MoU (REFERENCE.md l.14), one per region; written at each start if missing. */
const SEEDED_BODIES: readonly [keyof typeof FRAMEWORK_REGION_COUNTRY, string][] = [['FI1B1', 'uudenmaan-liitto'], ['EE001', 'harjumaa-omavalitsuste-liit']];

export async function seedAdoptingBodies(db: QueryBuilder): Promise<void> {
  for (const [region, slug] of SEEDED_BODIES) {
    await sql`insert into framework_adopting_bodies (region_code, institution_id) select ${region}, id from institutions where slug = ${slug} on conflict do nothing`.execute(db);
  }
}

export async function listAdoptingBodies(db: QueryBuilder): Promise<AdoptingBodyList> {
  const rows = await db
    .selectFrom('framework_adopting_bodies as b')
    .innerJoin('institutions as i', 'i.id', 'b.institution_id')
    .select(['b.region_code', 'i.id', 'i.slug', 'i.name', 'i.country'])
    .orderBy('b.region_code', 'desc')
    .orderBy('i.slug')
    .execute();
  return { items: rows.map((row) => ({ region: row.region_code, institution: { id: row.id, slug: row.slug, name: row.name as LocalizedTextValue, country: row.country } })) };
}

/** Lists another body of the region's own country as one that adopts for it (never one of the other country). Audited. */
export async function addAdoptingBody(db: QueryBuilder, editor: AuthUser, input: AdoptingBodyCreate): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const institution = await trx.selectFrom('institutions').select(['id', 'country']).where('id', '=', input.institutionId).executeTakeFirst();
    if (!institution) throw problems.badRequest('There is no such institution.', [{ path: 'body/institutionId', code: 'unknown-institution', message: 'is not an institution' }]);
    const expected = FRAMEWORK_REGION_COUNTRY[input.region];
    if (institution.country !== expected) {
      throw problems.badRequest('The institution is of the other country.', [{ path: 'body/institutionId', code: 'institution-wrong-country', params: { country: institution.country, expected }, message: `is an institution of ${institution.country}, not of ${expected}` }]);
    }
    await trx.insertInto('framework_adopting_bodies').values({ region_code: input.region, institution_id: institution.id }).onConflict((oc) => oc.doNothing()).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'framework.body_listed', entityType: 'institution', entityId: institution.id, details: { region: input.region } });
  });
}

// ---- nodes ----

/** A node's target columns, as the table has them. */
type NodeValues = Pick<Selectable<FrameworkNodesTable>, 'indicator_id' | 'region_code' | 'baseline_value' | 'baseline_period' | 'target_value' | 'target_period'>;
const NO_TARGET: NodeValues = { indicator_id: null, region_code: null, baseline_value: null, baseline_period: null, target_value: null, target_period: null };
const TARGET_FIELDS = ['indicator', 'region', 'baseline', 'target', 'actions'] as const;

/** A target's indicator, region, baseline and target, checked as a KPI's are; a field error for each missing part. */
async function targetValues(trx: QueryBuilder, input: { indicator?: string; region?: string; baseline?: { value: number; period: string } | null; target?: { value: number; period: string } }): Promise<NodeValues> {
  const errors: FieldError[] = [];
  if (!input.indicator) errors.push({ path: 'body/indicator', code: 'target-without-indicator', message: 'a target needs an indicator' });
  if (!input.region) errors.push({ path: 'body/region', code: 'required', message: 'a target needs the region its indicator is read for' });
  if (!input.target) errors.push({ path: 'body/target', code: 'required', message: 'a target needs a target value and period' });
  if (errors.length) throw problems.badRequest('The target is not complete.', errors);
  const checked = await checkedIndicatorTarget(trx, input.indicator!, { region: input.region!, baseline: input.baseline ?? undefined, target: input.target });
  return {
    indicator_id: checked.indicatorId,
    region_code: input.region!,
    baseline_value: checked.baseline?.value ?? null,
    baseline_period: checked.baseline?.period ?? null,
    target_value: checked.target!.value,
    target_period: checked.target!.period,
  };
}

/** The actions named (id or reference), as ids; a field error for each unknown one. */
async function actionIds(trx: QueryBuilder, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  const errors: FieldError[] = [];
  for (const [index, ref] of refs.entries()) {
    try {
      ids.push((await findAction(trx, ref)).id);
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 404) throw error;
      errors.push({ path: `body/actions/${index}`, code: 'unknown-action', message: 'is not an action' });
    }
  }
  if (errors.length) throw problems.badRequest('An action is unknown.', errors);
  return [...new Set(ids)];
}

/** The parent a node of `kind` may hang under, checked: the kind above it, in the same version. */
async function checkedParent(trx: QueryBuilder, versionId: string, kind: FrameworkNodeKind, parentKey: string | undefined | null): Promise<string | null> {
  const expected = PARENT_KIND[kind];
  if (expected === null) {
    if (parentKey) throw problems.badRequest('The vision is the root.', [{ path: 'body/parentKey', code: 'not-allowed', message: 'the vision has no parent' }]);
    const vision = await trx.selectFrom('framework_nodes').select('node_key').where('version_id', '=', versionId).where('kind', '=', 'vision').executeTakeFirst();
    if (vision) throw problems.badRequest('The version has a vision already.', [{ path: 'body/kind', code: 'duplicate', message: 'a version has one vision' }]);
    return null;
  }
  const parent = parentKey ? await trx.selectFrom('framework_nodes').select('kind').where('version_id', '=', versionId).where('node_key', '=', parentKey).executeTakeFirst() : undefined;
  if (!parent || parent.kind !== expected) {
    throw problems.badRequest(`A ${kind} is placed under a ${expected}.`, [{ path: 'body/parentKey', code: 'parent-kind', params: { expected }, message: `must be the key of a ${expected} of this version` }]);
  }
  return parentKey!;
}

async function refFree(trx: QueryBuilder, versionId: string, ref: string, except?: string) {
  let query = trx.selectFrom('framework_nodes').select('node_key').where('version_id', '=', versionId).where('ref', '=', ref);
  if (except) query = query.where('node_key', '<>', except);
  if (await query.executeTakeFirst()) throw problems.badRequest('Another node has this reference.', [{ path: 'body/ref', code: 'duplicate', message: 'is the reference of another node of this version' }]);
}

/** Puts `key` at `position` among its siblings (the end when not given) and numbers them 0, 1, 2… again. */
async function placeAmongSiblings(trx: QueryBuilder, versionId: string, key: string, parentKey: string | null, position: number | undefined) {
  let query = trx.selectFrom('framework_nodes').select('node_key').where('version_id', '=', versionId).where('node_key', '<>', key);
  query = parentKey === null ? query.where('parent_key', 'is', null) : query.where('parent_key', '=', parentKey);
  const siblings = (await query.orderBy('position').orderBy('ref').execute()).map((row) => row.node_key);
  siblings.splice(Math.min(position ?? siblings.length, siblings.length), 0, key);
  for (const [index, sibling] of siblings.entries()) {
    await trx.updateTable('framework_nodes').set({ position: index }).where('version_id', '=', versionId).where('node_key', '=', sibling).where('position', '<>', index).execute();
  }
}

async function touch(trx: QueryBuilder, versionId: string) {
  await trx.updateTable('framework_versions').set({ updated_at: sql`now()` }).where('id', '=', versionId).execute();
}

async function nodeAnswer(db: QueryBuilder, versionId: string, key: string): Promise<FrameworkNode> {
  return (await treeOf(db, versionId)).find((node) => node.key === key)!;
}

function refuseTargetFields(kind: FrameworkNodeKind, input: NodeCreate | NodePatch) {
  if (kind === 'target') return;
  const given = TARGET_FIELDS.filter((field) => input[field] !== undefined);
  if (given.length) throw problems.badRequest(`Only a target has ${given.join(', ')}.`, given.map((field) => ({ path: `body/${field}`, code: 'not-allowed' as const, message: 'only a target has this' })));
}

/** Adds a node to a draft; 409 `version-frozen` when the version is not a draft. Audited. */
export async function createNode(db: QueryBuilder, editor: AuthUser, number: number, input: NodeCreate): Promise<FrameworkNode> {
  const { versionId, key } = await db.transaction().execute(async (trx) => {
    const version = await draftForChange(trx, number);
    refuseTargetFields(input.kind, input);
    const parentKey = await checkedParent(trx, version.id, input.kind, input.parentKey);
    await refFree(trx, version.id, input.ref);
    const values = input.kind === 'target' ? await targetValues(trx, input) : NO_TARGET;
    const actions = input.kind === 'target' ? await actionIds(trx, input.actions ?? []) : [];
    const key = randomUUID();
    await trx.insertInto('framework_nodes').values({
      version_id: version.id, node_key: key, kind: input.kind, parent_key: parentKey, position: 1_000_000, ref: input.ref,
      title: JSON.stringify(input.title), body: JSON.stringify(input.body ?? {}), ...values,
    }).execute();
    await placeAmongSiblings(trx, version.id, key, parentKey, input.position);
    if (actions.length) await trx.insertInto('framework_target_actions').values(actions.map((action_id) => ({ version_id: version.id, node_key: key, action_id }))).execute();
    await touch(trx, version.id);
    await recordAudit(trx, { actorId: editor.id, action: 'framework.node_added', entityType: 'framework_version', entityId: version.id, details: { key, kind: input.kind, ref: input.ref } });
    return { versionId: version.id, key };
  });
  return nodeAnswer(db, versionId, key);
}

/** Changes, moves or reorders a node of a draft (its kind stays). Audited. */
export async function patchNode(db: QueryBuilder, editor: AuthUser, number: number, key: string, input: NodePatch): Promise<FrameworkNode> {
  const versionId = await db.transaction().execute(async (trx) => {
    const version = await draftForChange(trx, number);
    const node = await trx.selectFrom('framework_nodes').selectAll().where('version_id', '=', version.id).where('node_key', '=', key).executeTakeFirst();
    if (!node) throw problems.notFound('framework node');
    refuseTargetFields(node.kind, input);
    const parentKey = input.parentKey !== undefined ? await checkedParent(trx, version.id, node.kind, input.parentKey) : node.parent_key;
    if (input.ref !== undefined) await refFree(trx, version.id, input.ref, key);
    const changes: Record<string, unknown> = {};
    if (input.ref !== undefined) changes.ref = input.ref;
    if (input.title !== undefined) changes.title = JSON.stringify(input.title);
    if (input.body !== undefined) changes.body = JSON.stringify(input.body);
    if (node.kind === 'target' && (input.indicator !== undefined || input.region !== undefined || input.baseline !== undefined || input.target !== undefined)) {
      // The target is checked whole: what is not sent stays as it was.
      const indicator = input.indicator ?? (node.indicator_id ? (await trx.selectFrom('indicators').select('slug').where('id', '=', node.indicator_id).executeTakeFirst())?.slug : undefined);
      Object.assign(changes, await targetValues(trx, {
        indicator,
        region: input.region ?? node.region_code ?? undefined,
        baseline: input.baseline !== undefined ? input.baseline : node.baseline_value !== null && node.baseline_period ? { value: node.baseline_value, period: node.baseline_period } : null,
        target: input.target ?? (node.target_value !== null && node.target_period ? { value: node.target_value, period: node.target_period } : undefined),
      }));
    }
    if (parentKey !== node.parent_key) changes.parent_key = parentKey;
    if (Object.keys(changes).length) await trx.updateTable('framework_nodes').set(changes).where('version_id', '=', version.id).where('node_key', '=', key).execute();
    if (parentKey !== node.parent_key || input.position !== undefined) await placeAmongSiblings(trx, version.id, key, parentKey, input.position);
    if (input.actions !== undefined) {
      const actions = await actionIds(trx, input.actions);
      await trx.deleteFrom('framework_target_actions').where('version_id', '=', version.id).where('node_key', '=', key).execute();
      if (actions.length) await trx.insertInto('framework_target_actions').values(actions.map((action_id) => ({ version_id: version.id, node_key: key, action_id }))).execute();
    }
    await touch(trx, version.id);
    await recordAudit(trx, { actorId: editor.id, action: 'framework.node_changed', entityType: 'framework_version', entityId: version.id, details: { key, fields: Object.keys(input) } });
    return version.id;
  });
  return nodeAnswer(db, versionId, key);
}

/** Removes a node of a draft with everything under it. Audited. */
export async function deleteNode(db: QueryBuilder, editor: AuthUser, number: number, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await draftForChange(trx, number);
    const node = await trx.selectFrom('framework_nodes').select(['ref', 'parent_key']).where('version_id', '=', version.id).where('node_key', '=', key).executeTakeFirst();
    if (!node) throw problems.notFound('framework node');
    await trx.deleteFrom('framework_nodes').where('version_id', '=', version.id).where('node_key', '=', key).execute();
    await touch(trx, version.id);
    await recordAudit(trx, { actorId: editor.id, action: 'framework.node_removed', entityType: 'framework_version', entityId: version.id, details: { key, ref: node.ref } });
  });
}

// ---- the diff of two versions ----

/** The changes of two frozen versions, kept by their content hashes: neither ever changes again. */
const frozenDiffs = cache.section<DiffChange[]>('framework-diffs');

async function diffNodesOf(db: QueryBuilder, versionId: string): Promise<DiffNode[]> {
  const rows = await db
    .selectFrom('framework_nodes as n')
    .leftJoin('indicators as i', 'i.id', 'n.indicator_id')
    .select(['n.node_key', 'n.kind', 'n.ref', 'n.parent_key', 'n.position', 'n.title', 'n.body', 'i.slug', 'n.region_code', 'n.baseline_value', 'n.baseline_period', 'n.target_value', 'n.target_period'])
    .where('n.version_id', '=', versionId)
    .execute();
  const actions = await actionsOf(db, versionId);
  const pair = (value: number | null, period: string | null) => (value !== null && period !== null ? { value, period } : null);
  return rows.map((row) => ({
    key: row.node_key, kind: row.kind, ref: row.ref, parentKey: row.parent_key, position: row.position, title: row.title, body: row.body,
    indicator: row.slug, region: row.region_code, baseline: pair(row.baseline_value, row.baseline_period), target: pair(row.target_value, row.target_period),
    actions: (actions.get(row.node_key) ?? []).map((action) => action.ref).sort(),
  }));
}

/**
 * The changes from version a to version b, any two the asker may see, each with the published
 * comments it answers ("you said, we did": comments linked to the node in b, whole or this
 * change's field). With both frozen the changes are kept for good; the answer is tagged with both
 * content hashes and a digest of the answers (`etag`), which move only with the links. With a draft
 * it is made each time and untagged.
 */
export async function diffVersions(db: QueryBuilder, user: AuthUser | null, a: number, b: number): Promise<{ answer: VersionDiff; etag: string | null }> {
  const [from, to] = [await visibleVersion(db, user, a), await visibleVersion(db, user, b)];
  const make = async () => diffTrees({ number: from.number, nodes: await diffNodesOf(db, from.id) }, { number: to.number, nodes: await diffNodesOf(db, to.id) });
  const frozen = Boolean(from.content_hash && to.content_hash);
  const [changes, links] = await Promise.all([
    frozen ? frozenDiffs.fetch(db, 'frozen', `${from.number}:${from.content_hash}|${to.number}:${to.content_hash}`, make) : make(),
    answersOfVersion(db, to.id, seesDrafts(user)),
  ]);
  const answer: VersionDiff = {
    a: { number: from.number, contentHash: from.content_hash },
    b: { number: to.number, contentHash: to.content_hash },
    changes: changes.map((change) => {
      const comments = links.filter((link) => link.node_key === change.nodeKey && (link.field === '' || link.field === change.field));
      const unique = [...new Map(comments.map((c) => [c.id, { id: c.id, consultation: c.slug, sectionId: c.section_id }])).values()];
      return { ...change, answers: { count: unique.length, comments: unique } };
    }),
  };
  if (!frozen) return { answer, etag: null };
  const answered = createHash('sha256').update(JSON.stringify(links.map((l) => [l.node_key, l.field, l.id]))).digest('base64url').slice(0, 12);
  return { answer, etag: `"fw-${from.number}-${from.content_hash!.slice(0, 16)}-${to.number}-${to.content_hash!.slice(0, 16)}-${answered}"` };
}
