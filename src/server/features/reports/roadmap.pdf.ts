import type { Language } from '../../../shared/languages.ts';
import { addDays, quarterOf } from '../../../shared/periods.ts';
import type { Roadmap, RoadmapBar } from '../../../shared/schemas/roadmap.ts';
import type { RoadmapPdfQuery } from '../../../shared/schemas/reports.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { INK, MUTED, pageFooters, startPdf, type Doc } from '../../lib/pdf.ts';
import { findBody } from '../actions/actions.repository.ts';
import { filterRoadmap, planVersion, wholeRoadmap } from '../actions/roadmap.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import { textsFor, type Texts } from './texts.ts';

/**
 * The roadmap as a printable Gantt chart (A3 landscape), drawn with pdfkit's vectors from what
 * `GET /api/roadmap` gives: one row per action in tree order, indented by depth; a grid of
 * quarters under their years; a bar per action from its first to its last day, its progress the
 * darker part; milestones as diamonds on their due day; a line for today; finish-to-start
 * dependencies as arrows between bars on the same page. Every state and every overdue action or
 * milestone is said in words or a sign beside the colour. Rows that do not fit go on further
 * pages, each with the title, the grid's header and the legend again.
 */

const WIDTH = 1190.55;
const HEIGHT = 841.89;
const MARGIN = 36;
const LABEL_WIDTH = 340;
const STATE_WIDTH = 195;
const ROW = 16;
const BAR = 9;
const HEADER = 92;
const LEGEND = 46;
const CHART_LEFT = MARGIN + LABEL_WIDTH;
const CHART_RIGHT = WIDTH - MARGIN - STATE_WIDTH;
const ROWS_TOP = MARGIN + HEADER;
const ROWS_BOTTOM = HEIGHT - MARGIN - 14 - LEGEND;
const ROWS_PER_PAGE = Math.floor((ROWS_BOTTOM - ROWS_TOP) / ROW);

const COLOURS: Record<string, { light: string; dark: string }> = {
  planned: { light: '#d5dde6', dark: '#6b7b8c' },
  ongoing: { light: '#bcd4ee', dark: '#0b5394' },
  delayed: { light: '#f6d7b0', dark: '#b45f06' },
  done: { light: '#c3e0c5', dark: '#2e7d32' },
  dropped: { light: '#e6e6e6', dark: '#8e8e8e' },
};
const OVERDUE = '#b3261e';

/** The plan's version: the PDF is kept per version and day (overdue follows the calendar). */
export const roadmapPdfVersion = planVersion;

interface Scale {
  from: string;
  /** The day after the last quarter. */
  to: string;
  x(day: string): number;
}

function scaleOf(roadmap: Roadmap): Scale {
  const from = quarterOf(roadmap.from!).from;
  const to = addDays(quarterOf(roadmap.to!).to, 1);
  const span = Date.parse(to) - Date.parse(from);
  return { from, to, x: (day) => CHART_LEFT + ((Date.parse(day) - Date.parse(from)) / span) * (CHART_RIGHT - CHART_LEFT) };
}

/** The quarters as columns under their years, with the grid's lines over the rows. */
function grid(doc: Doc, scale: Scale, x: Texts, rowsBottom: number) {
  const yearTop = ROWS_TOP - 30;
  const quarterTop = ROWS_TOP - 15;
  let quarter = quarterOf(scale.from);
  const narrow = scale.x(quarterOf(scale.from).to) - scale.x(scale.from) < 18;
  while (quarter.from < scale.to) {
    const left = scale.x(quarter.from);
    const right = scale.x(addDays(quarter.to, 1));
    const yearStart = quarter.quarter === 1 || quarter.from === scale.from;
    if (yearStart) {
      const yearEnd = Math.min(scale.x(`${quarter.year + 1}-01-01`), CHART_RIGHT);
      doc.font('bold').fontSize(9).fillColor(INK).text(String(quarter.year), left, yearTop, { width: yearEnd - left, align: 'center', lineBreak: false });
    }
    if (!narrow) doc.font('regular').fontSize(7.5).fillColor(MUTED).text(x.t('roadmap.quarter', { quarter: quarter.quarter }), left, quarterTop, { width: right - left, align: 'center', lineBreak: false });
    doc.moveTo(left, yearStart ? yearTop : quarterTop).lineTo(left, rowsBottom).lineWidth(yearStart ? 0.8 : 0.3).strokeColor(yearStart ? '#888888' : '#cccccc').stroke();
    quarter = quarterOf(quarter.from, 1);
  }
  doc.moveTo(CHART_RIGHT, yearTop).lineTo(CHART_RIGHT, rowsBottom).lineWidth(0.8).strokeColor('#888888').stroke();
  doc.moveTo(MARGIN, ROWS_TOP - 1).lineTo(WIDTH - MARGIN, ROWS_TOP - 1).lineWidth(0.8).strokeColor('#888888').stroke();
  doc.font('bold').fontSize(9).fillColor(INK).text(x.t('roadmap.action'), MARGIN, quarterTop, { width: LABEL_WIDTH, lineBreak: false });
  doc.text(x.t('roadmap.state'), CHART_RIGHT + 6, quarterTop, { width: STATE_WIDTH - 6, lineBreak: false });
}

function diamond(doc: Doc, cx: number, cy: number, size: number) {
  return doc.moveTo(cx, cy - size).lineTo(cx + size, cy).lineTo(cx, cy + size).lineTo(cx - size, cy).closePath();
}

function arrow(doc: Doc, fromX: number, fromY: number, toX: number, toY: number) {
  const bend = fromX + 5;
  doc.moveTo(fromX, fromY).lineTo(bend, fromY).lineTo(bend, toY).lineTo(toX - 3, toY).lineWidth(0.6).strokeColor('#444444').stroke();
  doc.moveTo(toX, toY).lineTo(toX - 4, toY - 2.5).lineTo(toX - 4, toY + 2.5).closePath().fill('#444444');
}

function bar(doc: Doc, item: RoadmapBar, y: number, scale: Scale, x: Texts) {
  const colours = COLOURS[item.state]!;
  const left = scale.x(item.startsOn);
  const right = Math.max(left + 1, scale.x(addDays(item.endsOn, 1)));
  const top = y + (ROW - BAR) / 2;
  doc.rect(left, top, right - left, BAR).fill(colours.light);
  if (item.progress > 0) doc.rect(left, top, ((right - left) * Math.min(100, item.progress)) / 100, BAR).fill(colours.dark);
  if (item.overdue) doc.rect(left, top, right - left, BAR).lineWidth(1.2).strokeColor(OVERDUE).stroke();
  const indent = Math.min(item.depth, 6) * 12;
  doc.font(item.depth === 0 ? 'bold' : 'regular').fontSize(8.5).fillColor(INK);
  doc.text(`${item.ref}  ${x.text(item.title, item.ref)}`, MARGIN + indent, y + 3.5, { width: LABEL_WIDTH - indent - 6, height: 11, ellipsis: true, lineBreak: false });
  const status = [x.t(`actions:state.${item.state}`), x.percent(item.progress), item.isDemo ? x.t('demoBadge') : null].filter(Boolean).join(' · ');
  doc.font('regular').fontSize(8).fillColor(INK).text(status, CHART_RIGHT + 6, y + 4, { width: STATE_WIDTH - 6, continued: item.overdue, lineBreak: false });
  if (item.overdue) doc.font('bold').fillColor(OVERDUE).text(` · ${x.t('roadmap.overdue')} !`, { lineBreak: false });
}

function milestoneMark(doc: Doc, milestone: Roadmap['milestones'][number], y: number, scale: Scale) {
  const cx = scale.x(milestone.dueOn) + 0.5;
  const cy = y + ROW / 2;
  if (milestone.doneOn) diamond(doc, cx, cy, 4).fillAndStroke(COLOURS.done!.dark, '#1a1a1a');
  else if (milestone.overdue) {
    diamond(doc, cx, cy, 4).fillAndStroke(OVERDUE, '#1a1a1a');
    doc.font('bold').fontSize(7).fillColor(OVERDUE).text('!', cx + 5, cy - 4, { lineBreak: false });
  } else diamond(doc, cx, cy, 4).fillAndStroke('#ffffff', '#1a1a1a');
}

function todayLine(doc: Doc, scale: Scale, day: string, x: Texts, rowsBottom: number) {
  if (day < scale.from || day >= scale.to) return;
  const at = scale.x(day);
  doc.save().moveTo(at, ROWS_TOP - 4).lineTo(at, rowsBottom).lineWidth(1).dash(3, { space: 2 }).strokeColor(OVERDUE).stroke().restore();
  doc.font('bold').fontSize(7.5).fillColor(OVERDUE).text(x.t('roadmap.today'), at + 2, ROWS_TOP - 42, { lineBreak: false });
}

function legend(doc: Doc, x: Texts) {
  const top = HEIGHT - MARGIN - 14 - LEGEND + 10;
  doc.font('bold').fontSize(8).fillColor(INK).text(`${x.t('roadmap.legend')}:`, MARGIN, top, { lineBreak: false });
  let left = MARGIN + 60;
  const item = (draw: (cx: number, cy: number) => void, label: string, width: number) => {
    draw(left, top + 4);
    doc.font('regular').fontSize(8).fillColor(INK).text(label, left + 20, top, { lineBreak: false });
    left += width;
  };
  for (const [state, colours] of Object.entries(COLOURS)) {
    item((cx, cy) => {
      doc.rect(cx, cy - 4, 8, 8).fill(colours.light);
      doc.rect(cx + 8, cy - 4, 8, 8).fill(colours.dark);
    }, x.t(`actions:state.${state}`), 95);
  }
  item((cx, cy) => doc.rect(cx, cy - 4, 16, 8).lineWidth(1.2).strokeColor(OVERDUE).stroke(), `${x.t('roadmap.overdue')} !`, 95);
  item((cx, cy) => doc.save().moveTo(cx + 8, cy - 6).lineTo(cx + 8, cy + 6).lineWidth(1).dash(3, { space: 2 }).strokeColor(OVERDUE).stroke().restore(), x.t('roadmap.today'), 70);
  left = MARGIN + 60;
  const second = top + 16;
  const row2 = (draw: (cx: number, cy: number) => void, label: string, width: number) => {
    draw(left, second + 4);
    doc.font('regular').fontSize(8).fillColor(INK).text(label, left + 20, second, { lineBreak: false });
    left += width;
  };
  row2((cx, cy) => diamond(doc, cx + 8, cy, 4).fillAndStroke(COLOURS.done!.dark, '#1a1a1a'), x.t('roadmap.milestoneDone'), 150);
  row2((cx, cy) => diamond(doc, cx + 8, cy, 4).fillAndStroke('#ffffff', '#1a1a1a'), x.t('roadmap.milestoneOpen'), 150);
  row2((cx, cy) => diamond(doc, cx + 8, cy, 4).fillAndStroke(OVERDUE, '#1a1a1a'), x.t('roadmap.milestoneOverdue'), 170);
  row2((cx, cy) => arrow(doc, cx, cy, cx + 16, cy), x.t('roadmap.dependency'), 250);
  row2((cx, cy) => {
    doc.rect(cx, cy - 4, 16, 8).fill(COLOURS.ongoing!.light);
    doc.rect(cx, cy - 4, 7, 8).fill(COLOURS.ongoing!.dark);
  }, x.t('roadmap.progress'), 200);
}

/** The filters in words: "Domain: Mobility and transport · State: Ongoing". */
async function filterLine(db: QueryBuilder, filters: Omit<RoadmapPdfQuery, 'lang'>, x: Texts): Promise<string> {
  const parts: string[] = [];
  if (filters.domain) parts.push(`${x.t('roadmap.domain')}: ${x.t(`bottlenecks:domain.${filters.domain}`)}`);
  if (filters.institution) parts.push(`${x.t('roadmap.institution')}: ${x.text((await institutionRefs(db, [filters.institution])).get(filters.institution)?.name, filters.institution)}`);
  if (filters.body) parts.push(`${x.t('roadmap.body')}: ${x.text((await findBody(db, filters.body))?.name, filters.body)}`);
  if (filters.state) parts.push(`${x.t('roadmap.state')}: ${x.t(`actions:state.${filters.state}`)}`);
  return parts.length ? `${x.t('roadmap.filters')}: ${parts.join(' · ')}` : '';
}

function header(doc: Doc, roadmap: Roadmap, x: Texts, filters: string) {
  const demo = roadmap.bars.some((b) => b.isDemo);
  doc.font('bold').fontSize(18).fillColor(INK).text(x.t('roadmap.title'), MARGIN, MARGIN, { lineBreak: false });
  doc.font('regular').fontSize(9.5).fillColor(MUTED).text(`Talsinki · ${x.t('roadmap.version', { version: roadmap.version, day: x.day(roadmap.today) })}${filters ? ` · ${filters}` : ''}`, MARGIN, MARGIN + 24, { width: WIDTH - 2 * MARGIN, lineBreak: false, ellipsis: true, height: 12 });
  if (demo) doc.font('bold').fontSize(9.5).fillColor('#8a5a00').text(x.t('roadmap.demo'), MARGIN, MARGIN + 38, { lineBreak: false });
}

export async function roadmapPdf(db: QueryBuilder, version: number, day: string, filters: Omit<RoadmapPdfQuery, 'lang'>, language: Language, publicUrl: string): Promise<Buffer> {
  const x = textsFor(language);
  const roadmap = filterRoadmap(await wholeRoadmap(db, version, day), filters);
  const filtersText = await filterLine(db, filters, x);
  const { doc, done } = await startPdf({ size: 'A3', layout: 'landscape', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: x.t('roadmap.title'), Creator: 'Talsinki' }, lang: language });

  if (!roadmap.bars.length) {
    header(doc, roadmap, x, filtersText);
    doc.font('regular').fontSize(11).fillColor(INK).text(x.t('roadmap.none'), MARGIN, ROWS_TOP);
  } else {
    const scale = scaleOf(roadmap);
    const barOf = new Map(roadmap.bars.map((b) => [b.id, b]));
    const milestonesOf = new Map<string, Roadmap['milestones']>();
    for (const milestone of roadmap.milestones) milestonesOf.set(milestone.actionId, [...(milestonesOf.get(milestone.actionId) ?? []), milestone]);
    for (let start = 0; start < roadmap.bars.length; start += ROWS_PER_PAGE) {
      if (start > 0) doc.addPage();
      const bars = roadmap.bars.slice(start, start + ROWS_PER_PAGE);
      const rowsBottom = ROWS_TOP + bars.length * ROW;
      header(doc, roadmap, x, filtersText);
      grid(doc, scale, x, rowsBottom);
      const rowOf = new Map(bars.map((b, i) => [b.id, ROWS_TOP + i * ROW]));
      bars.forEach((item, i) => {
        const y = ROWS_TOP + i * ROW;
        if (i % 2 === 1) doc.rect(MARGIN, y, WIDTH - 2 * MARGIN, ROW).fillOpacity(0.35).fill('#eef1f5').fillOpacity(1);
        bar(doc, item, y, scale, x);
      });
      for (const dependency of roadmap.dependencies) {
        const from = barOf.get(dependency.from);
        const to = barOf.get(dependency.to);
        const fromY = rowOf.get(dependency.from);
        const toY = rowOf.get(dependency.to);
        if (from && to && fromY !== undefined && toY !== undefined) arrow(doc, scale.x(addDays(from.endsOn, 1)), fromY + ROW / 2, scale.x(to.startsOn), toY + ROW / 2);
      }
      for (const item of bars) for (const milestone of milestonesOf.get(item.id) ?? []) milestoneMark(doc, milestone, rowOf.get(item.id)!, scale);
      todayLine(doc, scale, day, x, rowsBottom);
      legend(doc, x);
    }
  }
  pageFooters(doc, MARGIN, `${publicUrl}/actions/roadmap`, x.t('page'));
  doc.end();
  return done;
}
