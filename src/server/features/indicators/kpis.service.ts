import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type { ActionIndicatorPut, BottleneckIndicatorPut, LinkedIndicator, LinkedIndicators } from '../../../shared/schemas/indicators.ts';
import type { IndicatorFrequency } from '../../../shared/statistics.ts';
import { findAction } from '../actions/actions.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findVisible, onMerge } from '../bottlenecks/bottlenecks.service.ts';
import { figuresOf, indicatorRow, regionsOf } from './indicators.read.ts';
import { latestOf, progressOf } from './indicators.service.ts';
import { periodOf } from './periods.ts';

/**
 * Indicators linked to the items they measure: an action's KPIs (a baseline and a target for one
 * region) and a bottleneck's evidence. The link tables name an indicator, so they are this
 * feature's; the action or bottleneck is found through its own feature's service.
 */

export type LinkKind = 'action' | 'bottleneck';
type PeriodValue = { value: number; period: string };
type KpiInput = { region: string; baseline?: PeriodValue; target?: PeriodValue; note?: LocalizedTextValue };

// A bottleneck merged into another takes its evidence with it, as its datasets go.
onMerge(async (trx, fromId, toId) => {
  await sql`insert into bottleneck_indicators (bottleneck_id, indicator_id, region_code, baseline_value, baseline_period, target_value, target_period, note)
    select ${toId}, indicator_id, region_code, baseline_value, baseline_period, target_value, target_period, note from bottleneck_indicators where bottleneck_id = ${fromId}
    on conflict (bottleneck_id, indicator_id) do nothing`.execute(trx);
  await trx.deleteFrom('bottleneck_indicators').where('bottleneck_id', '=', fromId).execute();
});

/** The action or bottleneck a link is of, as the caller may see it (404 otherwise). */
async function ownerOf(db: QueryBuilder, user: AuthUser | null, kind: LinkKind, idOrRef: string): Promise<{ id: string; ref: string; status: string }> {
  if (kind === 'action') {
    const action = await findAction(db, idOrRef);
    return { id: action.id, ref: action.ref, status: action.state };
  }
  const bottleneck = await findVisible(db, user, idOrRef);
  return { id: bottleneck.id, ref: bottleneck.ref, status: bottleneck.status };
}

const LINK_COLUMNS = ['i.slug', 'i.name', 'i.unit', 'i.frequency', 'i.decimals', 'i.demo', 'i.published', 'l.indicator_id', 'l.region_code', 'l.baseline_value', 'l.baseline_period', 'l.target_value', 'l.target_period', 'l.note'] as const;

function linkRows(db: QueryBuilder, kind: LinkKind, ownerId: string) {
  return kind === 'action'
    ? db.selectFrom('action_indicators as l').innerJoin('indicators as i', 'i.id', 'l.indicator_id').select(LINK_COLUMNS).where('l.action_id', '=', ownerId)
    : db.selectFrom('bottleneck_indicators as l').innerJoin('indicators as i', 'i.id', 'l.indicator_id').select(LINK_COLUMNS).where('l.bottleneck_id', '=', ownerId);
}
/** One link as the progress is read from: the indicator's columns and the link's region, baseline and target. */
export type LinkRow = Awaited<ReturnType<ReturnType<typeof linkRows>['execute']>>[number];

const nonEmpty = (text: LocalizedTextValue | null | undefined) => (text && Object.keys(text).length > 0 ? text : null);
const pair = (value: number | null, period: string | null): PeriodValue | null => (value !== null && period ? { value, period } : null);

/**
 * Each link as shown: baseline → the region's latest figure → target, and the share of the way gone.
 * Also what the framework's targets are read with (an indicator, a region, a baseline, a target).
 */
export async function linkedIndicatorsOf(db: QueryBuilder, rows: LinkRow[]): Promise<LinkedIndicator[]> {
  const regions = new Map((await regionsOf(db, rows.flatMap((row) => (row.region_code ? [row.region_code] : [])))).map((region) => [region.code, region.name]));
  const items: LinkedIndicator[] = [];
  for (const row of rows) {
    const figures = await figuresOf(db, { id: row.indicator_id, frequency: row.frequency });
    // The indicator's own figure for the region, not one split by a kept dimension (never summed).
    const series = figures.series.find((one) => one.region === row.region_code && Object.keys(one.kept).length === 0);
    const latest = series ? latestOf(series, figures.periods) : null;
    const baseline = pair(row.baseline_value, row.baseline_period);
    const target = pair(row.target_value, row.target_period);
    items.push({
      slug: row.slug,
      name: row.name,
      unit: nonEmpty(row.unit),
      frequency: row.frequency,
      decimals: row.decimals,
      demo: row.demo,
      published: row.published,
      region: { code: row.region_code ?? '', name: (row.region_code && regions.get(row.region_code)) || null },
      baseline,
      target,
      latest,
      progress: progressOf(baseline, target, latest),
      note: nonEmpty(row.note),
    });
  }
  return items;
}

/** The indicators linked to an action or a bottleneck; drafts only to staff. */
export async function listLinked(db: QueryBuilder, user: AuthUser | null, kind: LinkKind, idOrRef: string): Promise<LinkedIndicators> {
  const owner = await ownerOf(db, user, kind, idOrRef);
  const staff = !!user && isStaffRole(user.role);
  const rows = (await linkRows(db, kind, owner.id).orderBy(sql`i.name->>'en'`).orderBy('i.slug').execute()).filter((row) => staff || row.published);
  return { items: await linkedIndicatorsOf(db, rows), viewer: { canManage: !!user && isEditorRole(user.role) } };
}

/** How a period of each frequency is written, for the message that refuses another. */
const PERIOD_EXAMPLES: Record<IndicatorFrequency, string> = { A: '2023', Q: '2023-Q2', M: '2023-06' };

/**
 * What a schema cannot see in a link: a region without figures, a period not of the indicator's
 * frequency, a value that is not finite (JSON's 1e999), a target not after its baseline. Periods
 * come back written the indicator's way (`2023Q2` → `2023-Q2`).
 */
export function linkProblems(input: KpiInput, frequency: IndicatorFrequency, regions: readonly string[]): { errors: FieldError[]; baseline: PeriodValue | null; target: PeriodValue | null } {
  const errors: FieldError[] = [];
  if (!regions.includes(input.region)) {
    errors.push({ path: 'body/region', code: 'one-of', params: { allowedValues: regions.join(', ') }, message: 'is not a region the indicator has figures for' });
  }
  const read = (name: 'baseline' | 'target') => {
    const given = input[name];
    if (!given) return null;
    if (!Number.isFinite(given.value)) errors.push({ path: `body/${name}/value`, code: 'number', message: 'must be a finite number' });
    const period = periodOf(given.period, frequency);
    if (!period) errors.push({ path: `body/${name}/period`, code: 'wrong-period', params: { example: PERIOD_EXAMPLES[frequency] }, message: `must be a period of the indicator's frequency, such as ${PERIOD_EXAMPLES[frequency]}` });
    return period ? { value: given.value, period: period.code, start: period.start } : null;
  };
  const baseline = read('baseline');
  const target = read('target');
  if (baseline && target && target.start <= baseline.start) {
    errors.push({ path: 'body/target/period', code: 'target-before-baseline', message: 'must be after the baseline period' });
  }
  const plain = (one: typeof baseline) => (one ? { value: one.value, period: one.period } : null);
  return { errors, baseline: plain(baseline), target: plain(target) };
}

/** The indicator a link names, if it is published (a draft is no one's KPI yet); a field error (at `path`) otherwise. */
async function linkableIndicator(db: QueryBuilder, slug: string, path = 'params/slug') {
  const row = await indicatorRow(db, slug);
  if (!row) throw problems.badRequest('There is no such indicator.', [{ path, code: 'unknown-indicator', message: 'is not an indicator' }]);
  if (!row.published) throw problems.badRequest('The indicator is not published.', [{ path, code: 'unpublished-indicator', message: 'is not published' }]);
  return row;
}

/**
 * An indicator with a region, baseline and target checked as a KPI's are (the framework's
 * targets): the indicator's id and the periods written its way; a 400 naming each wrong field
 * (`body/indicator`, `body/region`, `body/baseline/…`, `body/target/…`) otherwise.
 */
export async function checkedIndicatorTarget(db: QueryBuilder, slug: string, input: KpiInput): Promise<{ indicatorId: string; baseline: PeriodValue | null; target: PeriodValue | null }> {
  const indicator = await linkableIndicator(db, slug, 'body/indicator');
  const figures = await figuresOf(db, indicator);
  const regions = [...new Set(figures.series.map((one) => one.region))].sort();
  const checked = linkProblems(input, indicator.frequency, regions);
  if (checked.errors.length) throw problems.badRequest('The target is not valid.', checked.errors);
  return { indicatorId: indicator.id, baseline: checked.baseline, target: checked.target };
}

/**
 * Links an indicator to an action (a KPI) or a bottleneck (evidence), or replaces the link's
 * region, baseline, target and note; audited. Refused whole, with every field named, when any
 * part is wrong.
 */
export async function putLink(db: QueryBuilder, editor: AuthUser, kind: LinkKind, idOrRef: string, slug: string, input: ActionIndicatorPut | BottleneckIndicatorPut): Promise<LinkedIndicator> {
  return db.transaction().execute(async (trx) => {
    const owner = await ownerOf(trx, editor, kind, idOrRef);
    if (owner.status === 'merged') throw problems.conflict('merged', 'The bottleneck was merged into another: link the indicator to that one.');
    const indicator = await linkableIndicator(trx, slug);
    const figures = await figuresOf(trx, indicator);
    const regions = [...new Set(figures.series.map((one) => one.region))].sort();
    const checked = linkProblems(input, indicator.frequency, regions);
    if (checked.errors.length) throw problems.badRequest('The link is not valid.', checked.errors);
    const values = {
      region_code: input.region,
      baseline_value: checked.baseline?.value ?? null,
      baseline_period: checked.baseline?.period ?? null,
      target_value: checked.target?.value ?? null,
      target_period: checked.target?.period ?? null,
      note: JSON.stringify(input.note ?? {}),
    };
    if (kind === 'action') {
      await trx.insertInto('action_indicators').values({ action_id: owner.id, indicator_id: indicator.id, ...values })
        .onConflict((oc) => oc.columns(['action_id', 'indicator_id']).doUpdateSet(values)).execute();
    } else {
      await trx.insertInto('bottleneck_indicators').values({ bottleneck_id: owner.id, indicator_id: indicator.id, ...values })
        .onConflict((oc) => oc.columns(['bottleneck_id', 'indicator_id']).doUpdateSet(values)).execute();
    }
    await recordAudit(trx, {
      actorId: editor.id,
      action: `${kind}.indicator_linked`,
      entityType: kind,
      entityId: owner.id,
      details: { indicator: indicator.slug, region: input.region, baseline: checked.baseline, target: checked.target },
    });
    const [linked] = await linkedIndicatorsOf(trx, await linkRows(trx, kind, owner.id).where('l.indicator_id', '=', indicator.id).execute());
    return linked;
  });
}

/** Unlinks an indicator; 404 when it was not linked. Audited. */
export async function deleteLink(db: QueryBuilder, editor: AuthUser, kind: LinkKind, idOrRef: string, slug: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const owner = await ownerOf(trx, editor, kind, idOrRef);
    const indicator = await indicatorRow(trx, slug);
    if (!indicator) throw problems.notFound('indicator link');
    const deleted = kind === 'action'
      ? await trx.deleteFrom('action_indicators').where('action_id', '=', owner.id).where('indicator_id', '=', indicator.id).executeTakeFirst()
      : await trx.deleteFrom('bottleneck_indicators').where('bottleneck_id', '=', owner.id).where('indicator_id', '=', indicator.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw problems.notFound('indicator link');
    await recordAudit(trx, { actorId: editor.id, action: `${kind}.indicator_unlinked`, entityType: kind, entityId: owner.id, details: { indicator: indicator.slug } });
  });
}
