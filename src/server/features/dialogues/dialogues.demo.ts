import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { DialogueState } from '../../../shared/dialogues.ts';
import { nextRef } from '../../lib/refs.ts';
import { zonedToIso } from '../../../shared/zoned.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import * as recommendations from '../recommendations/recommendations.repository.ts';
import { DEMO_DIALOGUES, DEMO_GUIDE, DEMO_RECOMMENDATIONS } from './dialogues.demo-data.ts';
import * as repo from './dialogues.repository.ts';

const DAY = 24 * 60 * 60 * 1000;

/** `hour`:00 in Helsinki on the day `days` from today. */
function helsinkiTime(days: number, hour: number): Date {
  const day = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  return new Date(zonedToIso(`${day}T${String(hour).padStart(2, '0')}:00`, 'Europe/Helsinki'));
}

/** Demo bottlenecks by the start of a title in any language. */
async function bottleneckFinder(db: QueryBuilder) {
  const rows = await db.selectFrom('bottlenecks').select(['id', 'title']).where('is_demo', '=', true).execute();
  return (start: string) => {
    const found = rows.find((row) => Object.values(row.title).some((title) => title?.startsWith(start)));
    if (!found) throw new Error(`demo data names an unknown bottleneck: ${start}`);
    return found.id;
  };
}

async function institutionFinder(db: QueryBuilder) {
  const cache = new Map<string, string>();
  return async (slug: string) => {
    if (!cache.has(slug)) {
      const row = await findInstitution(db, slug);
      if (!row) throw new Error(`demo data names an unknown institution: ${slug}`);
      cache.set(slug, row.id);
    }
    return cache.get(slug)!;
  };
}

/** A year of dialogues and the recommendations that came of them (needs the demo bottlenecks). */
export async function loadDialogueDemo(db: QueryBuilder, editorId: string | null) {
  const bottleneck = await bottleneckFinder(db);
  const institution = await institutionFinder(db);
  const guideId = await repo.insertGuide(db, { title: JSON.stringify(DEMO_GUIDE.title), createdBy: editorId, questions: DEMO_GUIDE.questions.map((q) => JSON.stringify(q)), isDemo: true });
  const questions = await repo.listQuestions(db, [guideId]);
  const dialogueIds = new Map<string, string>();
  for (const item of DEMO_DIALOGUES) {
    const startsAt = helsinkiTime(item.day, item.startHour);
    const created = await repo.insertDialogue(db, {
      ref: await nextRef(db, 'DL', startsAt.getUTCFullYear()),
      type: item.type,
      title: JSON.stringify(item.title),
      description: JSON.stringify({ en: item.description }),
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + item.hours * 3_600_000),
      place: item.place ?? null,
      online_url: item.online ? 'https://meet.demo.talsinki.eu/' + item.key : null,
      organiser_id: await institution(item.organiser),
      domains: item.domains,
      language: 'en',
      visibility: item.visibility,
      state: item.state as DialogueState,
      minutes: item.minutes ?? null,
      outcomes: item.outcomes ?? [],
      guide_id: item.type === 'interview' ? guideId : null,
      created_by: editorId,
      is_demo: true,
    });
    dialogueIds.set(item.key, created.id);
    await repo.replaceBottlenecks(db, created.id, item.bottlenecks.map(bottleneck));
    await repo.replaceAgenda(db, created.id, item.agenda.map((title, i) => ({ title, bottleneckId: i > 0 && item.bottlenecks[i - 1] ? bottleneck(item.bottlenecks[i - 1]) : null })));
    await repo.replaceParticipants(
      db,
      created.id,
      await Promise.all(item.participants.map(async (p) => ({ institutionId: p.institution ? await institution(p.institution) : null, name: p.name ?? null, role: p.role, email: null, consentToBeNamed: p.consent }))),
    );
    if (item.answers) {
      await repo.replaceInterviewRecord(
        db,
        created.id,
        item.answers.map((answer, i) => ({ questionId: questions[i].id, answer })),
        (item.findings ?? []).map((f) => ({ text: f.text, code: f.code, domain: f.domain, bottleneckId: f.bottleneck ? bottleneck(f.bottleneck) : null })),
      );
    }
  }
  for (const item of DEMO_RECOMMENDATIONS) {
    const sources = item.dialogues.map((key) => DEMO_DIALOGUES.find((d) => d.key === key)!);
    // Proposed a week after its latest dialogue, each later step a month on, never in the future.
    const proposedDay = Math.min(-5, (sources.length ? Math.max(...sources.map((d) => d.day)) : -200) + 7);
    const at = (step: number) => new Date(Math.min(Date.now() - DAY, Date.now() + (proposedDay + step * 30) * DAY));
    const finalState = item.path.at(-1) ?? 'proposed';
    const created = await recommendations.insertRecommendation(db, {
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
    await recommendations.replaceLinks(db, created.id, {
      addressees: await Promise.all(item.addressees.map(institution)),
      bottlenecks: item.bottlenecks.map(bottleneck),
      dialogues: item.dialogues.map((key) => dialogueIds.get(key)!),
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
