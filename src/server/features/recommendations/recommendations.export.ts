import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import { csvStream, xlsxStream, type Cell } from '../../lib/tabular.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import * as repo from './recommendations.repository.ts';

const BATCH = 500;

/** The open-data columns of the recommendations, in order. */
export const EXPORT_COLUMNS = [
  'ref',
  'title',
  'title_fi',
  'title_et',
  'title_en',
  'rationale',
  'change_kind',
  'priority',
  'effort',
  'state',
  'rejection_reason',
  'addressees',
  'bottlenecks',
  'dialogues',
  'responses',
  'created_at',
  'updated_at',
  'is_demo',
] as const;

/** Every recommendation with its links spelt out by reference, a batch at a time. */
async function* records(db: QueryBuilder): AsyncGenerator<Cell[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await repo.exportBatch(db, after, BATCH);
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [addressees, bottlenecks, dialogues] = await Promise.all([
      repo.addresseesOf(db, ids),
      db.selectFrom('recommendation_bottlenecks as l').innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id').select(['l.recommendation_id', 'b.ref']).where('l.recommendation_id', 'in', ids).where('b.status', 'in', [...PUBLIC_STATUSES]).orderBy('b.ref').execute(),
      db.selectFrom('recommendation_dialogues as l').innerJoin('dialogues as d', 'd.id', 'l.dialogue_id').select(['l.recommendation_id', 'd.ref']).where('l.recommendation_id', 'in', ids).where('d.visibility', '=', 'public').orderBy('d.ref').execute(),
    ]);
    const institutions = await institutionRefs(db, addressees.map((a) => a.institution_id));
    const joined = (list: { recommendation_id: string; ref: string }[], id: string) => list.filter((l) => l.recommendation_id === id).map((l) => l.ref).join(';');
    for (const row of rows) {
      const names = addressees
        .filter((a) => a.recommendation_id === row.id)
        .map((a) => institutions.get(a.institution_id))
        .map((i) => (i ? `${i.country}:${i.name.en ?? i.name.fi ?? i.name.et ?? ''}` : ''))
        .join(';');
      yield [
        row.ref,
        row.title.en ?? row.title.fi ?? row.title.et ?? '',
        row.title.fi ?? null,
        row.title.et ?? null,
        row.title.en ?? null,
        row.rationale.en ?? row.rationale.fi ?? row.rationale.et ?? '',
        row.change_kind,
        row.priority,
        row.effort,
        row.state,
        row.rejection_reason,
        names,
        joined(bottlenecks, row.id),
        joined(dialogues, row.id),
        row.response_count,
        row.created_at,
        row.updated_at,
        row.is_demo,
      ];
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].ref;
  }
}

export const recommendationsCsv = (db: QueryBuilder) => csvStream(EXPORT_COLUMNS, records(db));
export const recommendationsXlsx = (db: QueryBuilder) => xlsxStream('Recommendations', EXPORT_COLUMNS, records(db));
