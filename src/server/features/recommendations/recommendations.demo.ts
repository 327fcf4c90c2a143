import type { QueryBuilder } from '../../db/tables.ts';
import { nextRef } from '../../lib/refs.ts';
import type { FieldError } from '../../plugins/problems.ts';
import { resolveLessonIds } from '../regions/regions.citations.ts';
import { DEMO_DIALOGUES } from '../dialogues/dialogues.demo-data.ts';
import { demoBottleneckFinder, institutionFinder } from '../dialogues/dialogues.demo.ts';
import { DEMO_RECOMMENDATIONS } from './recommendations.demo-data.ts';
import * as repo from './recommendations.repository.ts';

const DAY = 24 * 60 * 60 * 1000;

/** The demo dialogues by their `key`, found by their English demo titles. */
async function demoDialogueFinder(db: QueryBuilder) {
  const rows = await db.selectFrom('dialogues').select(['id', 'title']).where('is_demo', '=', true).execute();
  return (key: string) => {
    const dialogue = DEMO_DIALOGUES.find((d) => d.key === key);
    const found = dialogue && rows.find((row) => row.title.en === dialogue.title.en);
    if (!dialogue || !found) throw new Error(`demo data names an unknown dialogue: ${key}`);
    return { id: found.id, day: dialogue.day };
  };
}

/** The seeded lessons (real, from the benchmark regions) a demo recommendation cites, by reference. */
async function lessonIds(db: QueryBuilder, refs: readonly string[]) {
  const errors: FieldError[] = [];
  const ids = await resolveLessonIds(db, refs, 'lessons', errors);
  if (errors.length) throw new Error(`demo data cites an unknown lesson: ${errors.map((e) => refs[Number(e.path.split('/')[1])]).join(', ')}`);
  return ids;
}

/** The recommendations that came of the demo dialogues (needs the demo bottlenecks and dialogues). */
export async function loadRecommendationDemo(db: QueryBuilder, editorId: string | null) {
  const bottleneck = await demoBottleneckFinder(db);
  const institution = await institutionFinder(db);
  const dialogue = await demoDialogueFinder(db);
  for (const item of DEMO_RECOMMENDATIONS) {
    const sources = item.dialogues.map(dialogue);
    // Proposed a week after its latest dialogue, each later step a month on, never in the future.
    const proposedDay = Math.min(-5, (sources.length ? Math.max(...sources.map((d) => d.day)) : -200) + 7);
    const at = (step: number) => new Date(Math.min(Date.now() - DAY, Date.now() + (proposedDay + step * 30) * DAY));
    const finalState = item.path.at(-1) ?? 'proposed';
    const created = await repo.insertRecommendation(db, {
      ref: await nextRef(db, 'RC', at(0).getUTCFullYear()),
      title: JSON.stringify(item.title),
      rationale: JSON.stringify({ en: item.rationale }),
      change_kind: item.changeKind,
      priority: item.priority,
      effort: item.effort,
      state: finalState,
      rejection_reason: item.rejectionReason ?? null,
      created_by: editorId,
      is_demo: true,
      created_at: at(0),
      updated_at: at(item.path.length),
    });
    await repo.replaceLinks(db, created.id, {
      addressees: await Promise.all(item.addressees.map(institution)),
      bottlenecks: item.bottlenecks.map(bottleneck),
      dialogues: sources.map((d) => d.id),
      lessons: await lessonIds(db, item.lessons ?? []),
    });
    const states = ['proposed' as const, ...item.path];
    for (const [i, state] of states.entries()) {
      await db
        .insertInto('recommendation_events')
        .values({ recommendation_id: created.id, at: at(i), from_state: i ? states[i - 1] : null, to_state: state, note: state === 'rejected' ? (item.rejectionReason ?? null) : null, actor_id: editorId })
        .execute();
    }
    for (const [i, response] of (item.responses ?? []).entries()) {
      await db
        .insertInto('recommendation_responses')
        .values({ recommendation_id: created.id, institution_id: await institution(response.institution), body: JSON.stringify({ [response.language]: response.text }), created_at: at(Math.min(i + 1, states.length - 1)) })
        .execute();
    }
  }
}
