import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { problems } from '../../plugins/problems.ts';
import { cache } from '../../lib/cache.ts';
import { readyAnswer, readySize, type ReadyAnswer } from '../../lib/ready.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type {
  Indicator,
  IndicatorList,
  IndicatorPeriod,
  IndicatorQuery,
  IndicatorRegionList,
  IndicatorSeries,
  IndicatorTarget,
  IndicatorViewQuery,
  Measure,
  StatRegion,
} from '../../../shared/schemas/indicators.ts';
import { baseIndexOf, figuresOf, indicatorRow, inMeasure, regionsOf, sourcesOf, type IndicatorRow } from './indicators.read.ts';
import { listItemsOf } from './indicators.list.ts';
import { periodOf } from './periods.ts';

const nonEmpty = (text: LocalizedTextValue | null | undefined) => (text && Object.keys(text).length > 0 ? text : null);
const seesUnpublished = (user: AuthUser | null) => !!user && isStaffRole(user.role);

/** What every kept answer of an indicator was computed from: the figures and mappings, and the titles of what it measures. */
export async function answerVersion(db: QueryBuilder): Promise<string> {
  const row = await db
    .selectFrom('statistics_version as s')
    .crossJoin('link_graph_version as l')
    .select(['s.version as figures', 'l.version as links'])
    .executeTakeFirstOrThrow();
  return `${row.figures}|${row.links}`;
}

/** The indicator's row when the viewer may see it; 404 otherwise (a draft is the staff's). */
export const visibleIndicator = (db: QueryBuilder, user: AuthUser | null, slug: string) => visibleRow(db, user, slug);

async function visibleRow(db: QueryBuilder, user: AuthUser | null, slug: string): Promise<IndicatorRow> {
  const row = await indicatorRow(db, slug);
  if (!row || (!row.published && !seesUnpublished(user))) throw problems.notFound('indicator');
  return row;
}

/** The newest figure of a series and its period. */
export function latestOf(series: IndicatorSeries, periods: IndicatorPeriod[]): { value: number; period: string } | null {
  for (let index = series.values.length - 1; index >= 0; index--) {
    const value = series.values[index];
    if (value !== null) return { value, period: periods[index].code };
  }
  return null;
}

/**
 * One indicator with its figures in the measure asked for: both sides' series on one axis of
 * periods, where each figure came from, and the actions and bottlenecks it measures.
 */
export async function getIndicator(db: QueryBuilder, user: AuthUser | null, slug: string, view: IndicatorViewQuery = {}): Promise<Indicator> {
  const row = await visibleRow(db, user, slug);
  const figures = await figuresOf(db, row);
  const measure: Measure = view.measure ?? 'absolute';
  const measures: Measure[] = ['absolute', ...(row.per_capita_slug ? (['per-capita'] as const) : []), 'index'];
  if (!measures.includes(measure)) throw problems.badRequest('This indicator has no per-capita view.', [{ path: 'measure', message: 'no per-capita view', code: 'one-of', params: { allowedValues: measures.join(', ') } }]);
  let base: string | null = null;
  let series = figures.series;
  if (measure === 'index') {
    const baseIndex = baseIndexOf(figures.periods, figures.series, view.base);
    if (baseIndex < 0) throw problems.badRequest('The base period is not one of the indicator\'s periods with figures.', [{ path: 'base', message: 'unknown period', code: 'one-of', params: { allowedValues: figures.periods.map((p) => p.code).slice(-20).join(', ') } }]);
    base = figures.periods[baseIndex].code;
    series = inMeasure('index', series, { periods: figures.periods, scale: 1, baseIndex });
  } else if (measure === 'per-capita') {
    const population = await indicatorRow(db, row.per_capita_slug!);
    const divisor = population ? await figuresOf(db, population) : { series: [], periods: [] };
    series = inMeasure('per-capita', series, { population: divisor.series, populationPeriods: divisor.periods, periods: figures.periods, scale: row.per_capita_scale, baseIndex: -1 });
  }
  const regions = await regionsOf(db, series.map((one) => one.region));
  const updated = figures.definitions.reduce<Date | null>((newest, one) => (one.retrieved_at && (!newest || one.retrieved_at > newest) ? one.retrieved_at : newest), null);
  return {
    id: row.slug,
    name: row.name,
    unit: nonEmpty(row.unit),
    domain: row.domain,
    frequency: row.frequency,
    decimals: measure === 'absolute' ? row.decimals : Math.max(row.decimals, 1),
    headline: row.headline_position,
    demo: row.demo,
    published: row.published,
    updated: updated?.toISOString() ?? null,
    definition: nonEmpty(row.definition),
    notes: nonEmpty(row.notes),
    measure,
    base,
    measures,
    perCapita: row.per_capita_slug ? { of: row.per_capita_slug, scale: row.per_capita_scale } : null,
    regions,
    periods: figures.periods,
    dimensions: figures.dimensions,
    series,
    sources: sourcesOf(figures.definitions),
    targets: await targetsOf(db, row, figures.series, figures.periods),
  };
}

/**
 * The actions this indicator measures and the bottlenecks it is evidence of, each with how far
 * the latest figure of its region has come from the baseline toward the target.
 */
async function targetsOf(db: QueryBuilder, row: IndicatorRow, series: IndicatorSeries[], periods: IndicatorPeriod[]): Promise<IndicatorTarget[]> {
  const [actions, bottlenecks] = await Promise.all([
    db
      .selectFrom('action_indicators as l')
      .innerJoin('actions as a', 'a.id', 'l.action_id')
      .select(['a.id', 'a.ref', 'a.title', 'l.region_code', 'l.baseline_value', 'l.baseline_period', 'l.target_value', 'l.target_period', 'l.note'])
      .where('l.indicator_id', '=', row.id)
      .orderBy('a.ref')
      .execute(),
    db
      .selectFrom('bottleneck_indicators as l')
      .innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id')
      .select(['b.id', 'b.ref', 'b.title', 'l.region_code', 'l.baseline_value', 'l.baseline_period', 'l.target_value', 'l.target_period', 'l.note'])
      .where('l.indicator_id', '=', row.id)
      .where('b.status', 'in', PUBLIC_STATUSES)
      .orderBy('b.ref')
      .execute(),
  ]);
  const target = (kind: IndicatorTarget['kind'], link: (typeof actions)[number]): IndicatorTarget => {
    const regionSeries = series.find((one) => one.region === link.region_code && Object.keys(one.kept).length === 0);
    const latest = regionSeries ? latestOf(regionSeries, periods) : null;
    const baseline = link.baseline_value !== null && link.baseline_period ? { value: link.baseline_value, period: link.baseline_period } : null;
    const goal = link.target_value !== null && link.target_period ? { value: link.target_value, period: link.target_period } : null;
    return { kind, id: link.id, ref: link.ref, title: link.title, region: link.region_code, baseline, target: goal, latest, progress: progressOf(baseline, goal, latest), note: nonEmpty(link.note) };
  };
  return [...actions.map((link) => target('action', link)), ...bottlenecks.map((link) => target('bottleneck', link))];
}

/** (latest − baseline) / (target − baseline), clamped to 0–1; null without all three or with no distance to go. */
export function progressOf(baseline: { value: number } | null, target: { value: number } | null, latest: { value: number } | null): number | null {
  if (!baseline || !target || !latest || target.value === baseline.value) return null;
  return Math.min(1, Math.max(0, (latest.value - baseline.value) / (target.value - baseline.value)));
}

/**
 * Every statistical region, parents first within each country, with the number of indicators the
 * asker may read that have figures for it (a series' one region or a target of its region map).
 */
export async function listIndicatorRegions(db: QueryBuilder, user: AuthUser | null): Promise<IndicatorRegionList> {
  const published = seesUnpublished(user) ? sql`true` : sql`i.published`;
  const rows = await sql<{ code: string; name: StatRegion['name']; scheme: StatRegion['scheme']; country: StatRegion['country']; level: number; parent_code: string | null; indicators: number }>`
    with mapped as (
      select s.indicator_id, s.region_code as region from indicator_series s join indicators i on i.id = s.indicator_id where ${published} and s.region_code is not null
      union
      select s.indicator_id, m.value from indicator_series s join indicators i on i.id = s.indicator_id cross join lateral jsonb_each_text(s.region_map) m where ${published}
    )
    select r.code, r.name, r.scheme, r.country, r.level, r.parent_code, count(distinct mapped.indicator_id)::int as indicators
    from stat_regions r left join mapped on mapped.region = r.code
    group by r.code, r.name, r.scheme, r.country, r.level, r.parent_code
    order by r.country, r.level, r.code`.execute(db);
  return { items: rows.rows.map((row) => ({ code: row.code, name: row.name, scheme: row.scheme, country: row.country, level: row.level, parent: row.parent_code, indicators: row.indicators })) };
}

/**
 * A page of the list ready to send, kept per statistics version (which moves with any indicator,
 * definition, table or region), viewer kind (staff see drafts) and query: the list is read far
 * more often than its figures change, and a page of 100 reads 100 indicators' largest series.
 */
const lists = cache.section<ReadyAnswer>('indicator-lists', readySize);

export async function listAnswer(db: QueryBuilder, user: AuthUser | null, query: IndicatorQuery): Promise<{ answer: ReadyAnswer; shared: boolean }> {
  const shared = !seesUnpublished(user);
  const key = JSON.stringify([shared, query.limit ?? 20, query.offset ?? 0, query.domain ?? null, query.headline ?? null, query.q ?? null, query.region ?? null]);
  const answer = await lists.fetch(db, await answerVersion(db), key, async () => readyAnswer(JSON.stringify(await listIndicators(db, user, query))));
  return { answer, shared };
}

/** Indicators, filtered and paged, each with the newest figure of each side's largest region. */
export async function listIndicators(db: QueryBuilder, user: AuthUser | null, query: IndicatorQuery): Promise<IndicatorList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  let rows = db.selectFrom('indicators as i');
  if (!seesUnpublished(user)) rows = rows.where('i.published', '=', true);
  if (query.domain) rows = rows.where('i.domain', '=', query.domain);
  if (query.headline) rows = rows.where('i.headline_position', 'is not', null);
  if (query.q?.trim()) {
    const words = `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    rows = rows.where((eb) => eb.or([sql<boolean>`lower(i.name::text) like ${words}`, sql<boolean>`lower(i.definition::text) like ${words}`, eb('i.slug', 'like', words)]));
  }
  if (query.region) {
    const region = query.region;
    rows = rows.where((eb) =>
      eb.exists(
        eb
          .selectFrom('indicator_series as s')
          .select(sql`1`.as('one'))
          .whereRef('s.indicator_id', '=', 'i.id')
          .where((inner) => inner.or([inner('s.region_code', '=', region), sql<boolean>`exists (select 1 from jsonb_each_text(s.region_map) m where m.value = ${region})`])),
      ),
    );
  }
  const [{ total }, page] = await Promise.all([
    rows.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    rows
      .select(['i.id', 'i.slug', 'i.name', 'i.unit', 'i.domain', 'i.frequency', 'i.decimals', 'i.headline_position', 'i.demo', 'i.published'])
      .orderBy(query.headline ? sql`i.headline_position` : sql`i.name->>'en'`)
      .orderBy('i.slug')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  return { items: await listItemsOf(db, page), total, limit, offset };
}

export { periodOf };

/** The regions every installation has (parents first), written again at each start so a corrected name or source reaches every database. */
export async function seedStatRegions(db: QueryBuilder): Promise<void> {
  const { STAT_REGIONS } = await import('./regions.seed.ts');
  await db.transaction().execute(async (trx) => {
    for (const region of STAT_REGIONS) {
      const values = { scheme: region.scheme, country: region.country, level: region.level, parent_code: region.parent, name: JSON.stringify(region.name), source: region.source };
      await trx.insertInto('stat_regions').values({ code: region.code, ...values }).onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet(values)
            // Unchanged rows are left alone: an update would move the statistics version, and every cache with it, at each start.
            .where(sql<boolean>`(stat_regions.scheme, stat_regions.country, stat_regions.level, stat_regions.parent_code, stat_regions.name, stat_regions.source) is distinct from (excluded.scheme, excluded.country, excluded.level, excluded.parent_code, excluded.name, excluded.source)`),
        )
        .execute();
    }
  });
}
