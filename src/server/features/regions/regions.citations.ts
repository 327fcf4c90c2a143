import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { CitedLesson, CitingType, LessonCitation } from '../../../shared/schemas/regions.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { isUuid } from '../../lib/refs.ts';
import type { FieldError } from '../../plugins/problems.ts';

/**
 * Lessons learned in the benchmark regions, cited from actions and recommendations (issue 17 §1).
 * The features that cite keep their own link tables (`action_lessons`, `recommendation_lessons`)
 * and use this file to check what they are given and to show what they cite. Which of them cite a
 * lesson, its "cited by", is read through the readers they register here when loaded, as the
 * register's merge learns its hooks (`onMerge`): this feature imports neither.
 */

/** The actions or recommendations citing each of `lessonIds`, as "cited by" lists them. */
export type CitationReader = (db: QueryBuilder, lessonIds: readonly string[]) => Promise<{ lessonId: string; id: string; ref: string; title: LocalizedTextValue; state: string }[]>;

const readers = new Map<CitingType, CitationReader>();

/** Called by a feature that cites lessons, once, when it is loaded. */
export function registerLessonCitations(type: CitingType, reader: CitationReader) {
  readers.set(type, reader);
}

/** What cites each lesson, actions first, each by reference. */
export async function citationsOf(db: QueryBuilder, lessonIds: readonly string[]): Promise<Map<string, LessonCitation[]>> {
  const byLesson = new Map<string, LessonCitation[]>();
  if (lessonIds.length === 0) return byLesson;
  for (const [type, read] of [...readers].sort(([a], [b]) => a.localeCompare(b))) {
    for (const row of (await read(db, lessonIds)).sort((a, b) => a.ref.localeCompare(b.ref))) {
      const list = byLesson.get(row.lessonId) ?? [];
      list.push({ type, id: row.id, ref: row.ref, title: row.title, state: row.state });
      byLesson.set(row.lessonId, list);
    }
  }
  return byLesson;
}

/**
 * The lessons named (each by id or `LS-` reference) as ids, each once; an unknown one is a field
 * error at `path/i` (`unknown-lesson`), for the caller to refuse the whole write with the others.
 */
export async function resolveLessonIds(db: QueryBuilder, values: readonly string[], path: string, errors: FieldError[]): Promise<string[]> {
  if (values.length === 0) return [];
  const ids = values.filter(isUuid);
  const refs = values.filter((v) => !isUuid(v)).map((v) => v.trim().toUpperCase());
  const rows = await db
    .selectFrom('region_lessons')
    .select(['id', 'ref'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(refs.length ? [eb('ref', 'in', refs)] : [])]))
    .execute();
  const found: string[] = [];
  values.forEach((value, i) => {
    const row = rows.find((r) => r.id === value || r.ref === value.trim().toUpperCase());
    if (row) found.push(row.id);
    else errors.push({ path: `${path}/${i}`, code: 'unknown-lesson', message: 'is not a known lesson (LS-0001…)' });
  });
  return [...new Set(found)];
}

/** The lessons of these ids as a citing item shows them, by reference. */
export async function citedLessons(db: QueryBuilder, lessonIds: readonly string[]): Promise<CitedLesson[]> {
  if (lessonIds.length === 0) return [];
  const rows = await db
    .selectFrom('region_lessons as l')
    .innerJoin('regions as r', 'r.id', 'l.region_id')
    .select(['l.id', 'l.ref', 'l.text', 'l.themes', 'l.year', 'r.id as region_id', 'r.slug', 'r.name'])
    .where('l.id', 'in', [...lessonIds])
    .orderBy('l.ref')
    .execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, text: r.text, themes: r.themes, year: r.year, regionId: r.region_id, regionSlug: r.slug, regionName: r.name }));
}
