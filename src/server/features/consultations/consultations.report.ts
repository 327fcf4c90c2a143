import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { COMMENT_LANGUAGES, SIDES, type ConsultationReport, type ConsultationText, type QuestionResult, type ReportPublished, type Side } from '../../../shared/schemas/consultations.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { dateFormat } from '../../lib/dates.ts';
import { ACCENT, INK, MUTED, pdfTable, startPdfStream, type Doc } from '../../lib/pdf.ts';
import { xlsxWorkbookStream, type Cell } from '../../lib/tabular.ts';
import { problems } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './consultations.repository.ts';
import { stateOf } from './consultations.service.ts';
import { sectionResults } from './consultations.surveys.ts';
import enTexts from '../../../web/locales/en/consultations.json' with { type: 'json' };
import fiTexts from '../../../web/locales/fi/consultations.json' with { type: 'json' };
import etTexts from '../../../web/locales/et/consultations.json' with { type: 'json' };
import svTexts from '../../../web/locales/sv/consultations.json' with { type: 'json' };
import ruTexts from '../../../web/locales/ru/consultations.json' with { type: 'json' };
import enCommon from '../../../web/locales/en/common.json' with { type: 'json' };
import fiCommon from '../../../web/locales/fi/common.json' with { type: 'json' };
import etCommon from '../../../web/locales/et/common.json' with { type: 'json' };
import svCommon from '../../../web/locales/sv/common.json' with { type: 'json' };
import ruCommon from '../../../web/locales/ru/common.json' with { type: 'json' };
import enOutcomes from '../../../web/locales/en/outcomes.json' with { type: 'json' };
import fiOutcomes from '../../../web/locales/fi/outcomes.json' with { type: 'json' };
import etOutcomes from '../../../web/locales/et/outcomes.json' with { type: 'json' };
import svOutcomes from '../../../web/locales/sv/outcomes.json' with { type: 'json' };
import ruOutcomes from '../../../web/locales/ru/outcomes.json' with { type: 'json' };
import { outcomesOf } from './consultations.outcomes.ts';
import type { CommentOutcome } from '../../../shared/schemas/consultationOutcomes.ts';

/**
 * The report of a closed consultation (issue 19 point 4, research §6, decision 7): its counts per
 * section and side of the gulf and per language, its survey results and every published comment
 * without a name, as data, as a workbook and as a PDF in any of the interface's languages (fi, et, en, sv, ru). The workbook and the PDF are
 * written as they are read: the comments come a batch at a time, so a consultation of tens of
 * thousands of comments costs the server no more memory than one of ten.
 */

/** Comments read at a time, and their replies with them. */
const BATCH = 500;

// ---- texts: the web page's own words (the `report` block of consultations.json) ----

const TEXTS = { en: enTexts, fi: fiTexts, et: etTexts, sv: svTexts, ru: ruTexts } as const satisfies Record<Language, unknown>;
const COMMON = { en: enCommon, fi: fiCommon, et: etCommon, sv: svCommon, ru: ruCommon } as const satisfies Record<Language, unknown>;
const OUTCOMES = { en: enOutcomes, fi: fiOutcomes, et: etOutcomes, sv: svOutcomes, ru: ruOutcomes } as const satisfies Record<Language, unknown>;
type ReportWords = (typeof enTexts)['report'];

export interface ReportTexts {
  language: Language;
  words: ReportWords;
  side(side: Side): string;
  languageName(code: string): string;
  text(value: ConsultationText | null | undefined): string;
  fill(template: string, params: Record<string, string | number>): string;
  instant(at: Date): string;
  day(at: Date): string;
  /** "you said, we did": what became of a comment, in words (empty when nothing is recorded). */
  outcome(value: CommentOutcome | null): string;
}

/** `{{name}}` replaced by its value: split on the braces, no pattern over the text. */
function fill(template: string, params: Record<string, string | number>): string {
  return template
    .split('{{')
    .map((part, i) => {
      if (i === 0) return part;
      const close = part.indexOf('}}');
      const name = close < 0 ? '' : part.slice(0, close).trim();
      return close < 0 || !(name in params) ? `{{${part}` : String(params[name]) + part.slice(close + 2);
    })
    .join('');
}

export function reportTexts(language: Language): ReportTexts {
  const all = TEXTS[language];
  const days = dateFormat(language, { dateStyle: language === 'en' ? 'medium' : 'short', timeZone: 'UTC' });
  const instants = dateFormat(language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  return {
    language,
    words: all.report,
    side: (side) => all.side[side],
    languageName: (code) => (COMMON[language].languages as Record<string, string>)[code] ?? code,
    text: (value) => pickLocalized(value, language)?.text ?? '',
    fill,
    instant: (at) => instants.format(at),
    day: (at) => days.format(at),
    outcome: (value) => outcomeText(value, language),
  };
}

/** "Changed → O2.4 in version 2; the editors' reply: …", in the report's language. */
function outcomeText(value: CommentOutcome | null, language: Language): string {
  if (!value) return '';
  const words = OUTCOMES[language];
  const state = words.state[value.outcome ?? 'unanswered'];
  const changes = value.changes.map((c) => fill(words.changedTo, { ref: c.ref, version: c.version }));
  const reply = pickLocalized(value.reply, language)?.text;
  return [[state, ...changes].join(' '), reply ? `${words.reply}: ${reply}` : ''].filter(Boolean).join('; ');
}

// ---- the data ----

/** Refused (409 `not-closed`) before the close: a report of an open consultation would change under its readers. */
export function requireClosed(row: repo.ConsultationRow) {
  if (stateOf(row) !== 'closed') throw problems.conflict('not-closed', `The report is made when the consultation closes at ${row.closes_at.toISOString()}.`);
}

const zeroSides = () => Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;

/** Published comments' supports, and the people who wrote one or answered a survey (each once). */
async function supportsAndRespondents(db: QueryBuilder, consultationId: string) {
  const { rows } = await sql<{ supports: string | number | null; respondents: string | number }>`
    select
      (select coalesce(sum(c.support_count), 0) from consultation_comments c
        left join consultation_comments p on p.id = c.parent_id
        where c.consultation_id = ${consultationId} and c.state = 'published' and (c.parent_id is null or p.state = 'published')) as supports,
      (select count(*) from (
        select c.respondent_key from consultation_comments c where c.consultation_id = ${consultationId} and c.state = 'published'
        union
        select a.respondent_key from consultation_answers a
          join consultation_questions q on q.id = a.question_id
          join consultation_sections s on s.id = q.section_id
          where s.consultation_id = ${consultationId}
      ) people) as respondents`.execute(db);
  return { supports: Number(rows[0]?.supports ?? 0), respondents: Number(rows[0]?.respondents ?? 0) };
}

/** Counts per section × side and per language (from the counts table: published comments, and replies under published ones). */
async function countsOf(db: QueryBuilder, consultationId: string) {
  return db
    .selectFrom('consultation_comment_counts as c')
    .innerJoin('consultation_sections as s', 's.id', 'c.section_id')
    .select(['c.section_id', 'c.language', 'c.side', 'c.n', 'c.replies'])
    .where('s.consultation_id', '=', consultationId)
    .execute();
}

/** The report's figures (the comments themselves are read by `commentBatches`). */
export async function buildReport(db: QueryBuilder, row: repo.ConsultationRow): Promise<ConsultationReport> {
  requireClosed(row);
  const [sections, counts, people] = await Promise.all([repo.sectionsOf(db, row.id), countsOf(db, row.id), supportsAndRespondents(db, row.id)]);
  const surveys = [];
  for (const s of sections) {
    const results = await sectionResults(db, null, row, s.id);
    if (results.questions.length) surveys.push({ sectionId: s.id, questions: results.questions });
  }
  const perLanguage = new Map<string, { comments: number; replies: number }>();
  const perSection = sections.map((s) => {
    const bySide = zeroSides();
    let comments = 0;
    let replies = 0;
    for (const c of counts.filter((c) => c.section_id === s.id)) {
      comments += c.n;
      replies += c.replies;
      bySide[c.side as Side] += c.n + c.replies;
      const language = perLanguage.get(c.language) ?? { comments: 0, replies: 0 };
      language.comments += c.n;
      language.replies += c.replies;
      perLanguage.set(c.language, language);
    }
    return { id: s.id, position: s.position, title: s.title, bySide, comments, replies };
  });
  const languages = COMMENT_LANGUAGES.filter((l) => perLanguage.has(l)).map((language) => ({ language, ...perLanguage.get(language)! }));
  return {
    id: row.id,
    ref: row.ref,
    slug: row.slug,
    title: row.title,
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    isDemo: row.is_demo,
    publishedAt: row.report_published_at?.toISOString() ?? null,
    totals: {
      comments: perSection.reduce((sum, s) => sum + s.comments, 0),
      replies: perSection.reduce((sum, s) => sum + s.replies, 0),
      ...people,
    },
    sections: perSection,
    languages,
    surveys,
  };
}

/** One published comment or reply as the report shows it: numbered, never named. */
export interface ReportComment {
  /** "12" for the twelfth comment, "12.3" for its third reply. */
  number: string;
  replyTo: string | null;
  sectionId: string;
  language: string;
  side: Side;
  createdAt: Date;
  supports: number;
  geometry: CommentGeometry | null;
  body: string;
  outcome: CommentOutcome | null;
}

type CommentRecord = Pick<repo.CommentRow, 'id' | 'section_id' | 'parent_id' | 'language' | 'side' | 'created_at' | 'support_count' | 'geometry' | 'body'>;
const COMMENT_COLUMNS = ['id', 'section_id', 'parent_id', 'language', 'side', 'created_at', 'support_count', 'geometry', 'body'] as const;

/**
 * Every published comment, oldest first, each followed by its published replies: a batch of
 * comments at a time by keyset (created_at, id), never the whole set. Pending and rejected ones,
 * and the names of the authors, are never read.
 */
export async function* commentBatches(db: QueryBuilder, consultationId: string): AsyncGenerator<ReportComment[]> {
  let after: { at: Date; id: string } | null = null;
  let number = 0;
  for (;;) {
    const cursor = after;
    const comments: CommentRecord[] = await db
      .selectFrom('consultation_comments')
      .select(COMMENT_COLUMNS)
      .where('consultation_id', '=', consultationId)
      .where('state', '=', 'published')
      .where('parent_id', 'is', null)
      .$if(cursor !== null, (q) => q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(cursor!.at, cursor!.id))))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!comments.length) return;
    const replies: CommentRecord[] = await db
      .selectFrom('consultation_comments')
      .select(COMMENT_COLUMNS)
      .where('parent_id', 'in', comments.map((c) => c.id))
      .where('state', '=', 'published')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const outcomes = await outcomesOf(db, [...comments, ...replies].map((c) => c.id));
    const out: ReportComment[] = [];
    for (const c of comments) {
      number += 1;
      out.push(reportComment(c, String(number), null, outcomes.get(c.id) ?? null));
      let k = 0;
      for (const r of replies.filter((r) => r.parent_id === c.id)) out.push(reportComment(r, `${number}.${++k}`, String(number), outcomes.get(r.id) ?? null));
    }
    yield out;
    if (comments.length < BATCH) return;
    const last = comments[comments.length - 1]!;
    after = { at: last.created_at, id: last.id };
  }
}

function reportComment(c: CommentRecord, number: string, replyTo: string | null, outcome: CommentOutcome | null): ReportComment {
  return { number, replyTo, sectionId: c.section_id, language: c.language, side: c.side, createdAt: c.created_at, supports: c.support_count, geometry: (c.geometry ?? null) as CommentGeometry | null, body: c.body, outcome };
}

const coordinate = (value: number) => value.toFixed(5);

/** A comment's place as text: a point's latitude and longitude, an area's corners. */
export function placeText(geometry: CommentGeometry | null, x: ReportTexts): string {
  if (!geometry) return '';
  if (geometry.type === 'Point') return x.fill(x.words.placePoint, { lat: coordinate(geometry.coordinates[1]!), lon: coordinate(geometry.coordinates[0]!) });
  const ring = geometry.coordinates[0] ?? [];
  // The ring's last corner repeats its first.
  const corners = ring.slice(0, -1).map((p) => `${coordinate(p[1]!)} ${coordinate(p[0]!)}`);
  return x.fill(x.words.placeArea, { points: corners.join('; ') });
}

// ---- survey results as rows (shared by the workbook and the PDF) ----

/** An option's label, or a scale point with its words at the ends. */
function valueLabel(q: QuestionResult, value: string, x: ReportTexts): string {
  if (q.kind === 'scale') {
    const end = value === String(q.scaleMin) ? q.scaleLabels?.min : value === String(q.scaleMax) ? q.scaleLabels?.max : null;
    const word = end ? x.text(end) : '';
    return word ? `${value} (${word})` : value;
  }
  return x.text(q.options.find((o) => o.key === value)?.label) || value;
}

const sectionTitle = (report: ConsultationReport, id: string, x: ReportTexts) => x.text(report.sections.find((s) => s.id === id)?.title);

// ---- the workbook ----

function summaryRows(report: ConsultationReport, x: ReportTexts): Cell[][] {
  const w = x.words;
  return [
    [w.heading, x.text(report.title)],
    [w.reference, report.ref],
    [w.summary, x.fill(w.window, { opens: x.instant(new Date(report.opensAt)), closes: x.instant(new Date(report.closesAt)) })],
    [w.comments, report.totals.comments],
    [w.replies, report.totals.replies],
    [w.supports, report.totals.supports],
    [w.respondents, report.totals.respondents],
    ['', w.noNames],
    ...(report.isDemo ? [['', w.demo]] : []),
  ];
}

const sideColumns = (x: ReportTexts) => SIDES.map((side) => x.side(side));

function sectionRows(report: ConsultationReport, x: ReportTexts): Cell[][] {
  return report.sections.map((s) => [x.text(s.title), ...SIDES.map((side) => s.bySide[side]), s.comments, s.replies, s.comments + s.replies]);
}

function surveyRows(report: ConsultationReport, x: ReportTexts): Cell[][] {
  const rows: Cell[][] = [];
  for (const survey of report.surveys) {
    for (const q of survey.questions) {
      const head = [sectionTitle(report, survey.sectionId, x), x.text(q.prompt)];
      rows.push([...head, x.words.answers, q.answers.total, ...SIDES.map((side) => q.answers.bySide[side])]);
      for (const v of q.values) rows.push([...head, valueLabel(q, v.value, x), v.total, ...SIDES.map((side) => v.bySide[side])]);
    }
  }
  return rows;
}

function commentCells(c: ReportComment, sections: Map<string, string>, x: ReportTexts): Cell[] {
  return [c.number, sections.get(c.sectionId) ?? '', c.replyTo, x.languageName(c.language), x.side(c.side), c.createdAt, c.supports, placeText(c.geometry, x) || null, c.body, x.outcome(c.outcome) || null];
}

async function* commentRecords(db: QueryBuilder, report: ConsultationReport, x: ReportTexts): AsyncGenerator<Cell[]> {
  const sections = new Map(report.sections.map((s) => [s.id, x.text(s.title)]));
  for await (const batch of commentBatches(db, report.id)) for (const c of batch) yield commentCells(c, sections, x);
}

/** Written answers to the survey's text questions, a batch at a time (no names: answers carry none). */
async function* writtenAnswers(db: QueryBuilder, report: ConsultationReport, x: ReportTexts): AsyncGenerator<Cell[]> {
  const questions = report.surveys.flatMap((s) => s.questions.filter((q) => q.kind === 'text').map((q) => ({ q, section: sectionTitle(report, s.sectionId, x) })));
  for (const { q, section } of questions) {
    let after: { at: Date; key: string } | null = null;
    for (;;) {
      const cursor: { at: Date; key: string } | null = after;
      const rows: { respondent_key: string; side: Side; text_value: string | null; created_at: Date }[] = await db
        .selectFrom('consultation_answers')
        .select(['respondent_key', 'side', 'text_value', 'created_at'])
        .where('question_id', '=', q.id)
        .where('text_value', 'is not', null)
        .$if(cursor !== null, (qb) => qb.where((eb) => eb(eb.refTuple('created_at', 'respondent_key'), '>', eb.tuple(cursor!.at, cursor!.key))))
        .orderBy('created_at')
        .orderBy('respondent_key')
        .limit(BATCH)
        .execute();
      for (const r of rows) yield [section, x.text(q.prompt), x.side(r.side), r.text_value];
      if (rows.length < BATCH) break;
      const last: { created_at: Date; respondent_key: string } = rows[rows.length - 1]!;
      after = { at: last.created_at, key: last.respondent_key };
    }
  }
}

/** The workbook: Summary, Sections (section × side), Languages, Surveys, Comments and Written answers; data tables, no native charts (decision 7). */
export function reportXlsx(db: QueryBuilder, report: ConsultationReport, x: ReportTexts): Promise<Readable> {
  const w = x.words;
  const c = w.columns;
  return xlsxWorkbookStream(
    [
      { name: w.sheets.summary, columns: [c.item, c.value], records: summaryRows(report, x) },
      { name: w.sheets.sections, columns: [c.section, ...sideColumns(x), w.comments, w.replies, w.total], records: sectionRows(report, x) },
      { name: w.sheets.languages, columns: [c.language, w.comments, w.replies], records: report.languages.map((l) => [x.languageName(l.language), l.comments, l.replies]) },
      { name: w.sheets.surveys, columns: [c.section, c.question, c.option, w.total, ...sideColumns(x)], records: surveyRows(report, x) },
      { name: w.sheets.comments, columns: [c.ref, c.section, c.replyTo, c.language, c.side, c.created, c.supports, c.place, c.body, c.outcome], records: commentRecords(db, report, x) },
      { name: w.sheets.texts, columns: [c.section, c.question, c.side, c.answer], records: writtenAnswers(db, report, x) },
    ],
    { title: x.fill(w.title, { title: x.text(report.title) }) },
  );
}

// ---- the PDF ----

const MARGIN = 50;
const BAR_HEIGHT = 12;

function heading(doc: Doc, text: string, size = 14) {
  if (doc.y + size * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(size).fillColor(ACCENT).text(text, MARGIN).fillColor(INK).font('regular').fontSize(10).moveDown(0.3);
}

/** One question's results: a bar per option or point, its figure beside it, then the same figures as a table. */
function questionChart(doc: Doc, q: QuestionResult, x: ReportTexts) {
  doc.font('bold').fontSize(10).fillColor(INK).text(`${x.text(q.prompt)} (${x.words.answers}: ${q.answers.total})`, MARGIN);
  doc.moveDown(0.3).font('regular').fontSize(9);
  const labelWidth = 170;
  const barLeft = MARGIN + labelWidth + 6;
  const barRoom = doc.page.width - MARGIN - barLeft - 40;
  const max = Math.max(1, ...q.values.map((v) => v.total));
  for (const v of q.values) {
    if (doc.y + BAR_HEIGHT + 6 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc.fillColor(INK).text(valueLabel(q, v.value, x), MARGIN, top, { width: labelWidth, height: BAR_HEIGHT + 4, ellipsis: true, lineBreak: false });
    const width = (barRoom * v.total) / max;
    if (width > 0) doc.rect(barLeft, top, width, BAR_HEIGHT).fill(ACCENT);
    doc.fillColor(INK).text(String(v.total), barLeft + width + 4, top, { lineBreak: false });
    doc.x = MARGIN;
    doc.y = top + BAR_HEIGHT + 5;
  }
  doc.moveDown(0.3);
  pdfTable(
    doc,
    [{ header: x.words.columns.option, width: 3 }, { header: x.words.total, width: 1, align: 'right' }, ...SIDES.map((side) => ({ header: x.side(side), width: 1.2, align: 'right' as const }))],
    q.values.map((v) => [valueLabel(q, v.value, x), String(v.total), ...SIDES.map((side) => String(v.bySide[side]))]),
    { fontSize: 8 },
  );
}

/**
 * The PDF, written as it is read: the summary, the counts, each question's bars and table, then
 * every published comment a batch at a time. Pages leave the server as they are done (no
 * buffered pages), and the writer waits while the client has not read them.
 */
export async function reportPdf(db: QueryBuilder, report: ConsultationReport, x: ReportTexts, publicUrl: string): Promise<Readable> {
  const w = x.words;
  const title = x.fill(w.title, { title: x.text(report.title) });
  const { doc, stream, room } = await startPdfStream(
    { size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: title, Creator: 'Talsinki' }, lang: x.language },
    { left: `${publicUrl}/consultations/${report.slug}/report`, pageLabel: w.page, margin: MARGIN },
  );
  const write = async () => {
    doc.font('bold').fontSize(18).fillColor(INK).text(title);
    doc.font('regular').fontSize(10).fillColor(MUTED).text(`${report.ref} · ${x.fill(w.window, { opens: x.instant(new Date(report.opensAt)), closes: x.instant(new Date(report.closesAt)) })}`);
    doc.fillColor(INK).moveDown(0.5);
    if (report.isDemo) doc.font('bold').text(w.demo).font('regular');
    doc.text(report.publishedAt ? x.fill(w.published, { date: x.day(new Date(report.publishedAt)) }) : w.notPublished);

    heading(doc, w.summary);
    pdfTable(doc, [{ header: w.columns.item, width: 3 }, { header: w.columns.value, width: 1, align: 'right' }], [
      [w.comments, String(report.totals.comments)],
      [w.replies, String(report.totals.replies)],
      [w.supports, String(report.totals.supports)],
      [w.respondents, String(report.totals.respondents)],
    ]);
    doc.fontSize(8).fillColor(MUTED).text(w.respondentsHint, MARGIN).fillColor(INK);

    heading(doc, w.sectionsTitle);
    pdfTable(
      doc,
      [{ header: w.section, width: 3 }, ...SIDES.map((side) => ({ header: x.side(side), width: 1.2, align: 'right' as const })), { header: w.total, width: 1, align: 'right' }],
      report.sections.map((s) => [x.text(s.title), ...SIDES.map((side) => String(s.bySide[side])), String(s.comments + s.replies)]),
      { fontSize: 8 },
    );
    heading(doc, w.languagesTitle);
    pdfTable(doc, [{ header: w.language, width: 2 }, { header: w.comments, width: 1, align: 'right' }, { header: w.replies, width: 1, align: 'right' }], report.languages.map((l) => [x.languageName(l.language), String(l.comments), String(l.replies)]));

    heading(doc, w.surveysTitle);
    if (!report.surveys.length) doc.text(w.noSurveys, MARGIN);
    for (const survey of report.surveys) {
      heading(doc, sectionTitle(report, survey.sectionId, x), 12);
      for (const q of survey.questions) {
        if (q.kind === 'text') doc.font('bold').fontSize(10).text(`${x.text(q.prompt)} (${w.writtenAnswers}: ${q.answers.total})`, MARGIN).font('regular').moveDown(0.5);
        else questionChart(doc, q, x);
      }
    }

    heading(doc, w.commentsTitle);
    doc.fontSize(9).fillColor(MUTED).text(w.noNames, MARGIN).fillColor(INK).moveDown(0.5);
    const sections = new Map(report.sections.map((s) => [s.id, x.text(s.title)]));
    let any = false;
    for await (const batch of commentBatches(db, report.id)) {
      any = true;
      pdfTable(
        doc,
        [
          { header: w.columns.ref, width: 0.7 },
          { header: w.columns.section, width: 1.6 },
          { header: `${w.columns.language} · ${w.columns.side}`, width: 1.6 },
          { header: w.columns.created, width: 1.4 },
          { header: w.columns.supports, width: 0.9, align: 'right' },
          { header: w.columns.body, width: 5 },
        ],
        batch.map((c) => [
          c.replyTo ? `${c.number} (→ ${c.replyTo})` : c.number,
          sections.get(c.sectionId) ?? '',
          `${x.languageName(c.language)} · ${x.side(c.side)}`,
          x.instant(c.createdAt),
          String(c.supports),
          [c.body, c.geometry ? `[${w.columns.place}: ${placeText(c.geometry, x)}]` : '', c.outcome ? `[${w.columns.outcome}: ${x.outcome(c.outcome)}]` : ''].filter(Boolean).join('\n'),
        ]),
        { fontSize: 8 },
      );
      if (!(await room())) return;
    }
    if (!any) doc.text(w.noComments, MARGIN);
    doc.end();
  };
  write().catch((error: Error) => stream.destroy(error));
  return stream;
}

// ---- publishing ----

/** Marks the report published (the followers' mail reads `report_published_at`); once: a second call keeps the first date. */
export async function publishReport(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow): Promise<ReportPublished> {
  requireClosed(row);
  const updated = await db
    .updateTable('consultations')
    .set({ report_published_at: new Date() })
    .where('id', '=', row.id)
    .where('report_published_at', 'is', null)
    .returning('report_published_at')
    .executeTakeFirst();
  if (updated?.report_published_at) {
    await recordAudit(db, { actorId: editor.id, action: 'consultation.report_published', entityType: 'consultation', entityId: row.id, details: {} });
    return { publishedAt: updated.report_published_at.toISOString() };
  }
  const current = await db.selectFrom('consultations').select('report_published_at').where('id', '=', row.id).executeTakeFirstOrThrow();
  return { publishedAt: current.report_published_at!.toISOString() };
}
