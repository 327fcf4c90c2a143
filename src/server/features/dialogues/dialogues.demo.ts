import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { DialogueState } from '../../../shared/dialogues.ts';
import { nextRef } from '../../lib/refs.ts';
import { zonedToIso } from '../../../shared/zoned.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import { DEMO_DIALOGUES, DEMO_GUIDE } from './dialogues.demo-data.ts';
import * as repo from './dialogues.repository.ts';

const DAY = 24 * 60 * 60 * 1000;

/** `hour`:00 in Helsinki on the day `days` from today. */
function helsinkiTime(days: number, hour: number): Date {
  const day = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  return new Date(zonedToIso(`${day}T${String(hour).padStart(2, '0')}:00`, 'Europe/Helsinki'));
}

/** Demo bottlenecks by the start of a title in any language (also used by the recommendations' demo). */
export async function demoBottleneckFinder(db: QueryBuilder) {
  const rows = await db.selectFrom('bottlenecks').select(['id', 'title']).where('is_demo', '=', true).execute();
  return (start: string) => {
    const found = rows.find((row) => Object.values(row.title).some((title) => title?.startsWith(start)));
    if (!found) throw new Error(`demo data names an unknown bottleneck: ${start}`);
    return found.id;
  };
}

/** Institutions of the directory by slug (also used by the recommendations' demo). */
export async function institutionFinder(db: QueryBuilder) {
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

/** A year of dialogues (needs the demo bottlenecks); the recommendations' demo follows it. */
export async function loadDialogueDemo(db: QueryBuilder, editorId: string | null) {
  const bottleneck = await demoBottleneckFinder(db);
  const institution = await institutionFinder(db);
  const guideId = await repo.insertGuide(db, { title: JSON.stringify(DEMO_GUIDE.title), createdBy: editorId, questions: DEMO_GUIDE.questions.map((q) => JSON.stringify(q)), isDemo: true });
  const questions = await repo.listQuestions(db, [guideId]);
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
}
