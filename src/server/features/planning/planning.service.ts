import { sql } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type {
  Comparison,
  Correspondence,
  Instrument,
  InstrumentDetail,
  InstrumentList,
  InstrumentQuery,
  InstrumentRef,
  PlanDetail,
  PlanObjective,
  PlanList,
  PlanQuery,
  PlanSummary,
  PlanningSource,
} from '../../../shared/schemas/planning.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { problems } from '../../plugins/problems.ts';
import { glossaryIdsByKey } from '../glossary/glossary.service.ts';
import { citedTags } from './planning.cites.ts';

/**
 * The planning systems side by side and the plans (issue 19 §1): public reads of what the seed
 * wrote (planning.seed.ts). The tables are small (a dozen instruments, five plans), so each answer
 * reads what it needs whole and shapes it here.
 */

type InstrumentRow = Awaited<ReturnType<typeof instrumentRows>>[number];

function instrumentRows(db: QueryBuilder) {
  return db
    .selectFrom('planning_instruments')
    .select([
      'id', 'slug', 'country', 'tier', 'scope', 'own_language', 'name', 'legal_basis', 'prepared_by', 'approved_by', 'effect_on_plans', 'effect_on_permits',
      'participation', 'display_min_days', 'display_min_days_minor', 'typical_duration', 'notes', 'citations', 'glossary_key', 'position',
    ])
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

function refOf(row: InstrumentRow): InstrumentRef {
  return { slug: row.slug, country: row.country, tier: row.tier, scope: row.scope, ownLanguage: row.own_language, name: row.name };
}

function toInstrument(row: InstrumentRow, glossary: ReadonlyMap<string, string>): Instrument {
  return {
    ...refOf(row),
    legalBasis: row.legal_basis,
    preparedBy: row.prepared_by,
    approvedBy: row.approved_by,
    effectOnPlans: row.effect_on_plans,
    effectOnPermits: row.effect_on_permits,
    participation: row.participation,
    displayMinDays: row.display_min_days,
    displayMinDaysMinor: row.display_min_days_minor,
    typicalDuration: row.typical_duration,
    notes: row.notes,
    citations: row.citations,
    glossaryEntryId: (row.glossary_key && glossary.get(row.glossary_key)) ?? null,
  };
}

async function glossaryOf(db: QueryBuilder, rows: readonly InstrumentRow[]) {
  return glossaryIdsByKey(db, rows.map((r) => r.glossary_key).filter((k): k is string => k !== null));
}

export async function listInstruments(db: QueryBuilder, query: InstrumentQuery): Promise<InstrumentList> {
  const rows = (await instrumentRows(db)).filter((r) => (!query.country || r.country === query.country) && (!query.tier || r.tier === query.tier));
  const glossary = await glossaryOf(db, rows);
  return { items: rows.map((r) => toInstrument(r, glossary)), total: rows.length };
}

/** The sources of these tags, in the order given; a tag without a row is a seed error the seed test catches, left out here. */
async function sourcesOf(db: QueryBuilder, tags: readonly string[]): Promise<PlanningSource[]> {
  if (tags.length === 0) return [];
  const rows = await db.selectFrom('planning_sources').select(['tag', 'url', 'title', 'kind']).where('tag', 'in', [...tags]).execute();
  const byTag = new Map(rows.map((r) => [r.tag, r]));
  return tags.flatMap((tag) => (byTag.has(tag) ? [byTag.get(tag)!] : []));
}

async function correspondences(db: QueryBuilder, byId: ReadonlyMap<string, InstrumentRow>): Promise<Correspondence[]> {
  const rows = await db.selectFrom('planning_correspondences').select(['fi_instrument_id', 'ee_instrument_id', 'kind', 'aspect', 'differences']).orderBy('position').orderBy('key').execute();
  return rows.map((row) => {
    const fi = row.fi_instrument_id ? byId.get(row.fi_instrument_id) : undefined;
    const ee = row.ee_instrument_id ? byId.get(row.ee_instrument_id) : undefined;
    return { kind: row.kind, aspect: row.aspect, tier: (fi ?? ee)?.tier ?? null, fi: fi ? refOf(fi) : null, ee: ee ? refOf(ee) : null, differences: row.differences };
  });
}

export async function comparison(db: QueryBuilder): Promise<Comparison> {
  const rows = await instrumentRows(db);
  const pairs = await correspondences(db, new Map(rows.map((r) => [r.id, r])));
  // Unpaired: an instrument no pair names with a counterpart (the no-counterpart rows, and any instrument no row names).
  const paired = new Set(pairs.filter((p) => p.fi && p.ee).flatMap((p) => [p.fi!.slug, p.ee!.slug]));
  const unpaired = rows.filter((r) => !paired.has(r.slug)).map(refOf);
  return { pairs, unpaired, sources: await sourcesOf(db, citedTags(pairs.flatMap((p) => p.differences.map((d) => d.sources)))) };
}

async function findInstrument(db: QueryBuilder, slug: string): Promise<{ row: InstrumentRow; rows: InstrumentRow[] }> {
  const rows = await instrumentRows(db);
  const row = rows.find((r) => r.slug === slug);
  if (!row) throw problems.notFound('planning instrument');
  return { row, rows };
}

export async function getInstrument(db: QueryBuilder, slug: string): Promise<InstrumentDetail> {
  const { row, rows } = await findInstrument(db, slug);
  const instrument = toInstrument(row, await glossaryOf(db, [row]));
  const own = (await correspondences(db, new Map(rows.map((r) => [r.id, r])))).filter((p) => p.fi?.slug === slug || p.ee?.slug === slug);
  const plans = await db.selectFrom('plans').select(['slug', 'name', 'stage']).where('instrument_id', '=', row.id).orderBy('position').orderBy('slug').execute();
  const tags = citedTags([
    ...Object.values(instrument.citations),
    ...instrument.notes.map((n) => n.sources),
    ...own.flatMap((p) => p.differences.map((d) => d.sources)),
  ]);
  return { ...instrument, correspondences: own, plans: plans.map((p) => ({ slug: p.slug, name: p.name, stage: p.stage as PlanSummary['stage'] })), sources: await sourcesOf(db, tags) };
}

type PlanRow = Awaited<ReturnType<typeof planRows>>[number];

function planRows(db: QueryBuilder, where: { slug?: string; country?: string; instrumentId?: string }) {
  return db
    .selectFrom('plans as p')
    .select([
      'p.id', 'p.slug', 'p.name', 'p.kind', 'p.country', 'p.instrument_id', 'p.region_codes', 'p.stage', 'p.summary', 'p.notes', 'p.citations',
      // The latest event, the list's "last step": day and precision of the one with the latest date.
      sql<string | null>`(select e.on_date::text from plan_events e where e.plan_id = p.id order by e.on_date desc, e.position desc limit 1)`.as('latest_date'),
      sql<'day' | 'month' | 'year' | null>`(select e.precision from plan_events e where e.plan_id = p.id order by e.on_date desc, e.position desc limit 1)`.as('latest_precision'),
    ])
    .$if(where.slug !== undefined, (qb) => qb.where('p.slug', '=', where.slug!))
    .$if(where.country !== undefined, (qb) => qb.where('p.country', '=', where.country as 'FI'))
    .$if(where.instrumentId !== undefined, (qb) => qb.where('p.instrument_id', '=', where.instrumentId!))
    .orderBy('p.position')
    .orderBy('p.slug')
    .execute();
}

function toPlanSummary(row: PlanRow, instruments: ReadonlyMap<string, InstrumentRow>): PlanSummary {
  const instrument = row.instrument_id ? instruments.get(row.instrument_id) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    country: row.country,
    instrument: instrument ? refOf(instrument) : null,
    stage: row.stage as PlanSummary['stage'],
    regionCodes: row.region_codes,
    summary: row.summary,
    latest: row.latest_date && row.latest_precision ? { date: row.latest_date, precision: row.latest_precision } : null,
    citations: row.citations,
  };
}

export async function listPlans(db: QueryBuilder, query: PlanQuery): Promise<PlanList> {
  const instruments = await instrumentRows(db);
  let instrumentId: string | undefined;
  if (query.instrument) {
    // The filter's values are the seeded slugs (the schema refuses others); one missing from the table has no plans.
    instrumentId = instruments.find((r) => r.slug === query.instrument)?.id;
    if (!instrumentId) return { items: [], total: 0 };
  }
  const rows = await planRows(db, { country: query.country, instrumentId });
  const byId = new Map(instruments.map((r) => [r.id, r]));
  return { items: rows.map((r) => toPlanSummary(r, byId)), total: rows.length };
}

/**
 * The framework objectives a plan serves, as the framework's trace shows each (0040: the adopted
 * version that holds it, else the newest that left draft), by reference (O1.2 before O1.10).
 */
export async function objectivesOf(db: QueryBuilder, planId: string): Promise<PlanObjective[]> {
  const { rows } = await sql<{ node_key: string; ref: string; title: LocalizedTextValue; version_number: number; state: PlanObjective['versionState']; is_demo: boolean }>`
    select o.node_key, fw.ref, fw.title, fw.version_number, fw.state, o.is_demo
    from plan_objectives o join framework_trace_nodes fw on fw.node_key = o.node_key and fw.kind = 'objective'
    where o.plan_id = ${planId}`.execute(db);
  rows.sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true }));
  return rows.map((r) => ({ nodeKey: r.node_key, ref: r.ref, title: r.title, versionNumber: Number(r.version_number), versionState: r.state, isDemo: r.is_demo }));
}

export async function getPlan(db: QueryBuilder, slug: string): Promise<PlanDetail> {
  const [row] = await planRows(db, { slug });
  if (!row) throw problems.notFound('plan');
  const instruments = await instrumentRows(db);
  const summary = toPlanSummary(row, new Map(instruments.map((r) => [r.id, r])));
  const events = await db
    .selectFrom('plan_events')
    .select(['id', 'seeded', sql<string>`on_date::text`.as('on_date'), 'precision', sql<string | null>`until_date::text`.as('until_date'), 'stage', 'body', 'decision_ref', 'unconfirmed', 'sources'])
    .where('plan_id', '=', row.id)
    .orderBy('on_date')
    .orderBy('position')
    .execute();
  const documents = await db.selectFrom('plan_documents').select(['id', 'seeded', 'title', 'url', 'kind', 'source']).where('plan_id', '=', row.id).orderBy('position').execute();
  const tags = citedTags([...Object.values(summary.citations), ...row.notes.map((n) => n.sources), ...events.map((e) => e.sources), ...documents.map((d) => [d.source])]);
  return {
    ...summary,
    objectives: await objectivesOf(db, row.id),
    notes: row.notes,
    events: events.map((e) => ({
      id: e.id,
      seeded: e.seeded,
      date: e.on_date,
      precision: e.precision,
      until: e.until_date,
      stage: e.stage as PlanSummary['stage'] | null,
      body: e.body as LocalizedTextValue,
      decisionRef: e.decision_ref,
      unconfirmed: e.unconfirmed,
      sources: e.sources,
    })),
    documents,
    sources: await sourcesOf(db, tags),
  };
}

// ---------------------------------------------------------------------------------------------
// The seed

const json = (value: unknown) => JSON.stringify(value);
const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** `(t.a, t.b) is distinct from (excluded.a, excluded.b)`: an upsert writes only what changed (no write, no moved timestamps, at each start). */
function changed(table: string, columns: readonly string[]) {
  return sql<boolean>`(${sql.join(columns.map((c) => sql.ref(`${table}.${c}`)))}) is distinct from (${sql.join(columns.map((c) => sql.ref(`excluded.${c}`)))})`;
}

/**
 * The reference facts every installation has (planning.seed.ts), written at each start: sources by
 * tag, instruments and plans by slug, correspondences, events and documents by their seed key.
 * A row an editor changed (`edited`) is left as it is; unchanged rows are not written. A tag the
 * seed cites without a source, or a fact without a tag, stops the start: the facts are the point.
 */
export async function seedPlanning(db: QueryBuilder): Promise<void> {
  const { PLANNING_SOURCES, INSTRUMENTS, CORRESPONDENCES, PLANS, instrumentFacts, dayOf } = await import('./planning.seed.ts');
  const { uncitedInstrumentFields } = await import('./planning.cites.ts');
  const known = (tags: readonly string[], where: string) => {
    for (const tag of tags) if (!PLANNING_SOURCES[tag]) throw new Error(`planning seed: ${where} cites ${tag}, which has no source`);
    if (tags.length === 0) throw new Error(`planning seed: ${where} has no source`);
    return [...tags];
  };
  const note = (n: { text: LocalizedTextValue; sources: string[]; unconfirmed?: boolean }, where: string) => ({ text: n.text, sources: known(n.sources, where), unconfirmed: n.unconfirmed ?? false });

  await db.transaction().execute(async (trx) => {
    const sourceColumns = ['url', 'title', 'kind'] as const;
    await trx
      .insertInto('planning_sources')
      .values(Object.entries(PLANNING_SOURCES).map(([tag, s]) => ({ tag, url: s.url, title: s.title, kind: s.kind, seeded: true })))
      .onConflict((oc) =>
        oc
          .column('tag')
          .doUpdateSet((eb) => Object.fromEntries(sourceColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('planning_sources.edited', '=', false)
          .where(changed('planning_sources', sourceColumns)),
      )
      .execute();

    const instrumentColumns = [
      'country', 'tier', 'scope', 'own_language', 'name', 'legal_basis', 'prepared_by', 'approved_by', 'effect_on_plans', 'effect_on_permits', 'participation',
      'display_min_days', 'display_min_days_minor', 'typical_duration', 'notes', 'citations', 'glossary_key', 'position',
    ] as const;
    const instrumentValues = INSTRUMENTS.map((seed, position) => {
      const citations = Object.fromEntries(Object.entries(instrumentFacts(seed)).map(([field, fact]) => [field, known(fact.sources, `${seed.slug}.${field}`)]));
      const row = {
        slug: seed.slug,
        country: seed.country,
        tier: seed.tier,
        scope: seed.scope,
        own_language: seed.ownLanguage,
        name: json(seed.name.text),
        legal_basis: jsonOrNull(seed.legalBasis?.text),
        prepared_by: jsonOrNull(seed.preparedBy?.text),
        approved_by: jsonOrNull(seed.approvedBy?.text),
        effect_on_plans: jsonOrNull(seed.effectOnPlans?.text),
        effect_on_permits: jsonOrNull(seed.effectOnPermits?.text),
        participation: jsonOrNull(seed.participation?.text),
        display_min_days: seed.displayMinDays?.value ?? null,
        display_min_days_minor: seed.displayMinDaysMinor?.value ?? null,
        typical_duration: jsonOrNull(seed.typicalDuration?.text),
        notes: json((seed.notes ?? []).map((n, i) => note(n, `${seed.slug}.notes.${i}`))),
        citations: json(citations),
        glossary_key: seed.glossaryKey,
        position,
        seeded: true,
      };
      const uncited = uncitedInstrumentFields({ ...seed, citations });
      if (uncited.length > 0) throw new Error(`planning seed: ${seed.slug} has facts without a source: ${uncited.join(', ')}`);
      return row;
    });
    await trx
      .insertInto('planning_instruments')
      .values(instrumentValues)
      .onConflict((oc) =>
        oc
          .column('slug')
          .doUpdateSet((eb) => Object.fromEntries(instrumentColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('planning_instruments.edited', '=', false)
          .where(changed('planning_instruments', instrumentColumns)),
      )
      .execute();
    const instrumentIds = new Map((await trx.selectFrom('planning_instruments').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));
    const idOf = (slug: string | null) => (slug === null ? null : (instrumentIds.get(slug) ?? null));

    const pairColumns = ['fi_instrument_id', 'ee_instrument_id', 'kind', 'aspect', 'differences', 'position'] as const;
    await trx
      .insertInto('planning_correspondences')
      .values(
        CORRESPONDENCES.map((pair, position) => ({
          key: pair.key,
          fi_instrument_id: idOf(pair.fi),
          ee_instrument_id: idOf(pair.ee),
          kind: pair.kind,
          aspect: pair.aspect ?? null,
          differences: json(pair.differences.map((d, i) => ({ ...d, sources: known(d.sources, `${pair.key}.differences.${i}`) }))),
          position,
          seeded: true,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => Object.fromEntries(pairColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('planning_correspondences.seeded', '=', true)
          .where(changed('planning_correspondences', pairColumns)),
      )
      .execute();

    const planColumns = ['name', 'kind', 'instrument_id', 'country', 'region_codes', 'stage', 'summary', 'notes', 'citations', 'position'] as const;
    await trx
      .insertInto('plans')
      .values(
        PLANS.map((plan, position) => ({
          slug: plan.slug,
          name: json(plan.name.text),
          kind: plan.kind,
          instrument_id: idOf(plan.instrument?.slug ?? null),
          country: plan.country,
          region_codes: plan.regionCodes,
          stage: plan.stage.value,
          summary: jsonOrNull(plan.summary?.text),
          notes: json((plan.notes ?? []).map((n, i) => note(n, `${plan.slug}.notes.${i}`))),
          citations: json({
            name: known(plan.name.sources, `${plan.slug}.name`),
            stage: known(plan.stage.sources, `${plan.slug}.stage`),
            ...(plan.instrument ? { instrument: known(plan.instrument.sources, `${plan.slug}.instrument`) } : {}),
            ...(plan.summary ? { summary: known(plan.summary.sources, `${plan.slug}.summary`) } : {}),
          }),
          position,
          seeded: true,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('slug')
          .doUpdateSet((eb) => Object.fromEntries(planColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('plans.edited', '=', false)
          .where(changed('plans', planColumns)),
      )
      .execute();
    const planIds = new Map((await trx.selectFrom('plans').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));

    const events = PLANS.flatMap((plan) =>
      plan.events.map((event, position) => {
        const { day, precision } = dayOf(event.on);
        const until = event.until === undefined ? null : dayOf(event.until);
        if (until && until.precision !== precision) throw new Error(`planning seed: ${plan.slug} ${event.on}: a span's ends must be as precise as each other`);
        return {
          key: `${plan.slug}#${position}`,
          plan_id: planIds.get(plan.slug)!,
          on_date: day,
          precision,
          until_date: until?.day ?? null,
          stage: event.stage ?? null,
          body: json({ en: event.text }),
          decision_ref: event.decisionRef ?? null,
          unconfirmed: event.unconfirmed ?? false,
          sources: known(event.sources, `${plan.slug} ${event.on}`),
          position,
          seeded: true,
        };
      }),
    );
    const eventColumns = ['plan_id', 'on_date', 'precision', 'until_date', 'stage', 'body', 'decision_ref', 'unconfirmed', 'sources', 'position'] as const;
    await trx
      .insertInto('plan_events')
      .values(events)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => Object.fromEntries(eventColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('plan_events.seeded', '=', true)
          .where(changed('plan_events', eventColumns)),
      )
      .execute();

    const documents = PLANS.flatMap((plan) =>
      plan.documents.map((doc, position) => ({
        key: `${plan.slug}#${doc.source}`,
        plan_id: planIds.get(plan.slug)!,
        title: json({ en: doc.title }),
        url: PLANNING_SOURCES[known([doc.source], `${plan.slug} document`)[0]].url,
        kind: doc.kind,
        source: doc.source,
        position,
        seeded: true,
      })),
    );
    const documentColumns = ['plan_id', 'title', 'url', 'kind', 'source', 'position'] as const;
    await trx
      .insertInto('plan_documents')
      .values(documents)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => Object.fromEntries(documentColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('plan_documents.seeded', '=', true)
          .where(changed('plan_documents', documentColumns)),
      )
      .execute();
  });
}
