import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { nextRef } from '../../lib/refs.ts';
import type { CommentLanguage, Relation, Side } from '../../../shared/schemas/consultations.ts';
import { checkCommentGeometry, type GeometryCheck } from '../../../shared/commentGeometry.ts';
import { TWIN_PLACES } from '../../../shared/twinRegion.ts';
import { DEMO_CONSULTATIONS, DEMO_PHRASES, DEMO_SURVEY, type DemoConsultation } from './consultations.demo-data.ts';

const DAY = 24 * 60 * 60 * 1000;

/** mulberry32: a small seeded generator, so the demo is the same on every load. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weighted choice: Finnish and Estonian most, then English, Russian and Swedish (as the bench skews them). */
const LANGUAGES: readonly [CommentLanguage, number][] = [['fi', 40], ['et', 30], ['en', 15], ['ru', 10], ['sv', 5]];
const SIDE_WEIGHTS: readonly [Side, number][] = [['lives_fi', 35], ['lives_ee', 30], ['commutes', 20], ['other', 5], ['unknown', 10]];

function weighted<T>(random: () => number, choices: readonly [T, number][]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)];

export interface GeneratedComment {
  index: number;
  parent: number | null;
  section: number;
  language: CommentLanguage;
  side: Side;
  body: string;
  day: number;
  supports: number;
  state: 'published' | 'pending' | 'rejected';
}

/** The comments of one demo consultation: about one in ten a reply, a few rejected as spam or waiting. */
export function generateComments(item: DemoConsultation): GeneratedComment[] {
  const random = seededRandom(item.seed);
  const out: GeneratedComment[] = [];
  for (let index = 0; index < item.comments; index++) {
    const language = weighted(random, LANGUAGES);
    const phrases = DEMO_PHRASES[language];
    const topLevel = out.filter((c) => c.parent === null && c.state === 'published');
    const parent = index > 5 && random() < 0.1 ? pick(random, topLevel) : null;
    const roll = random();
    const state = item.moderation === 'before' && roll < 0.08 ? 'pending' : roll > 0.98 ? 'rejected' : 'published';
    out.push({
      index,
      parent: parent?.index ?? null,
      section: parent?.section ?? Math.floor(random() * (item.sections.length - 1)),
      language,
      side: weighted(random, SIDE_WEIGHTS),
      body: `${pick(random, phrases.openings)} ${pick(random, phrases.points)}`,
      // Spread over the days it has been open so far, in order, so a reply comes after its comment.
      day: item.opensDay + (Math.min(item.closesDay, -0.05) - item.opensDay) * ((index + 0.5) / item.comments),
      supports: state === 'published' ? Math.floor(random() ** 3 * 12) : 0,
      state,
    });
  }
  return out;
}

type Place = Extract<GeometryCheck, { ok: true }>;

/**
 * A demo place near the centre of FI1B1 or EE001: a point (or, where areas are taken, now and then
 * a small square) a random step from the centroid, kept only once the server's own check accepts
 * it, so every demo place lies in the twin region.
 */
function demoPlace(random: () => number, areas: boolean): Place {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [lon, lat] = pick(random, TWIN_PLACES).centroid;
    const at = [lon + (random() - 0.5) * 0.9, lat + (random() - 0.5) * 0.4];
    const size = 0.02 + random() * 0.05;
    const geometry =
      areas && random() < 0.25
        ? { type: 'Polygon', coordinates: [[at, [at[0] + size * 2, at[1]], [at[0] + size * 2, at[1] + size], [at[0], at[1] + size], at]] }
        : { type: 'Point', coordinates: at };
    const checked = checkCommentGeometry(geometry);
    if (checked.ok) return checked;
  }
  const fallback = checkCommentGeometry({ type: 'Point', coordinates: [...TWIN_PLACES[0].centroid] });
  if (!fallback.ok) throw new Error('The twin region does not hold its own centroid');
  return fallback;
}

/** The places of a demo consultation's comments by index: a share of the top-level ones, from their own seeded stream (the comments stay as they were). */
export function demoPlaces(item: DemoConsultation, comments: readonly GeneratedComment[]): Map<number, Place> {
  const places = new Map<number, Place>();
  if (item.mapTools === 'none') return places;
  const random = seededRandom(item.seed + 7);
  for (const c of comments) if (c.parent === null && random() < item.placeShare) places.set(c.index, demoPlace(random, item.mapTools === 'point_and_area'));
  return places;
}

export interface GeneratedAnswer {
  /** The comment whose author answers (the same respondent key and side). */
  comment: number;
  question: number;
  optionKeys: string[] | null;
  scaleValue: number | null;
}

/**
 * The demo survey's answers: about six in ten authors of published comments answer, from their own
 * seeded stream (the comments stay as they were); each question answered as its kind takes it.
 */
export function generateAnswers(item: DemoConsultation, comments: readonly GeneratedComment[]): GeneratedAnswer[] {
  const random = seededRandom(item.seed + 13);
  const out: GeneratedAnswer[] = [];
  for (const c of comments) {
    if (c.parent !== null || c.state !== 'published' || random() >= 0.6) continue;
    for (const [question, q] of DEMO_SURVEY.entries()) {
      if (!q.required && random() < 0.2) continue;
      if (q.kind === 'scale') {
        const { min, max } = q.scale!;
        // Those who cross weekly lean towards "very", the rest spread out.
        const lean = c.side === 'commutes' ? 1.5 : 0;
        out.push({ comment: c.index, question, optionKeys: null, scaleValue: Math.min(max, Math.round(min + lean + random() * (max - min - lean))) });
      } else if (q.kind === 'single') {
        const keys = q.options!.map((o) => o.key);
        out.push({ comment: c.index, question, optionKeys: [c.side === 'commutes' && random() < 0.7 ? keys[0] : pick(random, keys)], scaleValue: null });
      } else {
        const keys = q.options!.map((o) => o.key);
        const first = pick(random, keys);
        const second = random() < 0.5 ? pick(random, keys.filter((k) => k !== first)) : null;
        out.push({ comment: c.index, question, optionKeys: second ? [first, second] : [first], scaleValue: null });
      }
    }
  }
  return out;
}

function placeColumns(place: Place | undefined) {
  if (!place) return {};
  const { geometry, bbox } = place;
  return { geometry: JSON.stringify(geometry), min_lon: bbox.minLon, min_lat: bbox.minLat, max_lon: bbox.maxLon, max_lat: bbox.maxLat };
}

/** The demo consultations, their sections and generated comments, supports and counts (all labelled demo). */
export async function loadConsultationDemo(db: QueryBuilder, editorId: string | null) {
  const now = Date.now();
  for (const item of DEMO_CONSULTATIONS) {
    const opensAt = new Date(now + item.opensDay * DAY);
    const created = await db
      .insertInto('consultations')
      .values({
        ref: await nextRef(db, 'CN', opensAt.getUTCFullYear()),
        slug: item.slug,
        title: JSON.stringify(item.title),
        summary: JSON.stringify(item.summary),
        subject: 'text',
        opens_at: opensAt,
        closes_at: new Date(now + item.closesDay * DAY),
        commenting: 'open',
        support: 'open',
        moderation: item.moderation,
        map_tools: item.mapTools,
        published: true,
        is_demo: true,
        created_by: editorId,
        created_at: new Date(opensAt.getTime() - 7 * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sections = [];
    for (const [position, s] of item.sections.entries()) {
      sections.push(
        await db
          .insertInto('consultation_sections')
          .values({ consultation_id: created.id, position, kind: s.kind, title: JSON.stringify(s.title), abstract: s.abstract ? JSON.stringify(s.abstract) : null, body: JSON.stringify(s.body) })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
    }
    const generated = generateComments(item);
    const places = demoPlaces(item, generated);
    const ids: string[] = [];
    const counts = new Map<string, { section_id: string; language: string; side: string; n: number; replies: number }>();
    const relations = new Map<string, Relation>();
    for (const c of generated) {
      const respondent = `a:demo-${item.seed}-${c.index}`;
      if (c.side !== 'unknown') relations.set(respondent, c.side);
      const row = await db
        .insertInto('consultation_comments')
        .values({
          consultation_id: created.id,
          section_id: sections[c.section].id,
          parent_id: c.parent === null ? null : ids[c.parent],
          body: c.body,
          language: c.language,
          respondent_key: respondent,
          side: c.side,
          state: c.state,
          reason: c.state === 'rejected' ? 'spam' : null,
          moderated_at: c.state === 'rejected' ? new Date(now + c.day * DAY + 3_600_000) : null,
          support_count: c.supports,
          created_at: new Date(now + c.day * DAY),
          ...placeColumns(places.get(c.index)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
      if (c.supports) {
        await db
          .insertInto('consultation_supports')
          .values(Array.from({ length: c.supports }, (_, v) => ({ comment_id: row.id, voter_key: `a:demo-voter-${v}` })))
          .execute();
      }
      if (c.state !== 'published') continue;
      const key = `${c.section}|${c.language}|${c.side}`;
      const entry = counts.get(key) ?? { section_id: sections[c.section].id, language: c.language, side: c.side, n: 0, replies: 0 };
      if (c.parent === null) entry.n++;
      else entry.replies++;
      counts.set(key, entry);
    }
    if (counts.size) await db.insertInto('consultation_comment_counts').values([...counts.values()]).execute();
    await loadSurveyDemo(db, item, sections[0].id, generated, now);
    if (relations.size) {
      await db
        .insertInto('consultation_respondents')
        .values([...relations].map(([respondent_key, relation]) => ({ consultation_id: created.id, respondent_key, relation })))
        .execute();
    }
  }
}

/** The demo survey on the first section, and its generated answers with each author's side. */
async function loadSurveyDemo(db: QueryBuilder, item: DemoConsultation, sectionId: string, comments: readonly GeneratedComment[], now: number) {
  const questions: { id: string }[] = [];
  for (const [position, q] of DEMO_SURVEY.entries()) {
    questions.push(
      await db
        .insertInto('consultation_questions')
        .values({
          section_id: sectionId,
          position,
          kind: q.kind,
          prompt: JSON.stringify(q.prompt),
          options: JSON.stringify(q.options ?? []),
          scale_min: q.scale?.min ?? null,
          scale_max: q.scale?.max ?? null,
          scale_labels: q.scale ? JSON.stringify(q.scale.labels) : null,
          max_choices: q.maxChoices ?? null,
          required: q.required ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
  }
  const answers = generateAnswers(item, comments);
  for (let at = 0; at < answers.length; at += 200) {
    await db
      .insertInto('consultation_answers')
      .values(
        answers.slice(at, at + 200).map((a) => {
          const c = comments[a.comment];
          return {
            question_id: questions[a.question].id,
            respondent_key: `a:demo-${item.seed}-${c.index}`,
            option_keys: a.optionKeys ? sql<string[]>`${a.optionKeys}::text[]` : null,
            scale_value: a.scaleValue,
            side: c.side,
            created_at: new Date(now + c.day * DAY),
            updated_at: new Date(now + c.day * DAY),
          };
        }),
      )
      .execute();
  }
}
