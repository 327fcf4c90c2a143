import type { Language } from '../../../shared/languages.ts';
import type { ProgressReport, ReportActionRef, ReportMilestone } from '../../../shared/schemas/reports.ts';
import { ACCENT, INK, MUTED, pageFooters, pdfTable, startPdf, type Doc } from '../../lib/pdf.ts';
import { reportAddress } from './reports.html.ts';
import { textsFor, type Texts } from './texts.ts';

/** The progress report printed (A4 portrait): the same parts, in the same order and words, as its HTML page. */

const MARGIN = 50;
const STATE_COLOURS: Record<string, string> = { planned: '#6b7b8c', ongoing: '#0b5394', delayed: '#b45f06', done: '#2e7d32', dropped: '#8e8e8e' };

function heading(doc: Doc, label: string, level: 2 | 3 = 2) {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.x = MARGIN;
  doc.moveDown(level === 2 ? 1 : 0.6).font('bold').fontSize(level === 2 ? 14 : 11.5).fillColor(level === 2 ? ACCENT : INK).text(label).moveDown(0.3).fillColor(INK).font('regular').fontSize(10);
}

const paragraph = (doc: Doc, text: string, colour = INK) => doc.font('regular').fontSize(10).fillColor(colour).text(text, MARGIN).fillColor(INK);

const actionName = (action: ReportActionRef, x: Texts) => `${x.text(action.title, action.ref)} (${action.ref})${action.isDemo ? ` [${x.t('demoBadge')}]` : ''}`;

/** The states as horizontal bars, each with its name and figure written beside it. */
function statesChart(doc: Doc, report: ProgressReport, x: Texts) {
  const max = Math.max(1, ...report.states.map((s) => s.count));
  const labelWidth = 120;
  const barMax = doc.page.width - 2 * MARGIN - labelWidth - 40;
  const top = doc.y + 4;
  report.states.forEach((s, i) => {
    const y = top + i * 18;
    doc.font('regular').fontSize(9).fillColor(INK).text(x.t(`actions:state.${s.state}`), MARGIN, y + 2, { width: labelWidth - 6, lineBreak: false });
    const width = Math.max(1, (s.count / max) * barMax);
    doc.rect(MARGIN + labelWidth, y, width, 13).fill(STATE_COLOURS[s.state]!);
    doc.fillColor(INK).text(String(s.count), MARGIN + labelWidth + width + 5, y + 2, { lineBreak: false });
  });
  doc.x = MARGIN;
  doc.y = top + report.states.length * 18 + 4;
  doc.fontSize(8.5).fillColor(MUTED).text(x.t('states.chart'), MARGIN).fillColor(INK).moveDown(0.4);
}

function milestoneRows(rows: readonly ReportMilestone[], x: Texts) {
  return rows.map((m) => [
    x.text(m.title),
    actionName(m.action, x),
    x.day(m.dueOn),
    m.doneOn ? `${x.day(m.doneOn)} (${x.t(m.late ? 'milestones.late' : 'milestones.onTime')})` : x.t('milestones.notDone'),
  ]);
}

export async function progressReportPdf(report: ProgressReport, language: Language, publicUrl: string): Promise<Buffer> {
  const x = textsFor(language);
  const period = x.t('periodText', { from: x.day(report.period.from), to: x.day(report.period.to) });
  const { doc, done } = await startPdf({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: `${x.t('title')}: ${period}`, Creator: 'Talsinki' }, lang: language });
  const state = (value: string) => x.t(`actions:state.${value}`);
  const none = (key = 'changes.none') => paragraph(doc, x.t(key), MUTED);
  const c = report.changes;

  doc.fontSize(9).fillColor(MUTED).text(`Talsinki${report.isDemo ? ` · ${x.t('demoBadge')}` : ''}`);
  doc.moveDown(0.3).font('bold').fontSize(18).fillColor(INK).text(`${x.t('title')}: ${period}`);
  doc.moveDown(0.5).fontSize(10);
  const facts: [string, string][] = [
    [x.t('facts.period'), period],
    [x.t('facts.previous'), x.t('periodText', { from: x.day(report.previous.from), to: x.day(report.previous.to) })],
    [x.t('facts.version'), String(report.planVersion)],
    [x.t('facts.judged'), x.day(report.today)],
  ];
  for (const [label, value] of facts) doc.font('bold').text(`${label}: `, MARGIN, undefined, { continued: true }).font('regular').text(value);
  if (report.isDemo) doc.moveDown(0.5).font('bold').fillColor('#8a5a00').text(x.t('demo')).fillColor(INK).font('regular');

  heading(doc, x.t('states.heading'));
  statesChart(doc, report, x);
  pdfTable(doc, [{ header: x.t('states.state'), width: 2 }, { header: x.t('states.count'), width: 1, align: 'right' }, { header: x.t('states.previous'), width: 1, align: 'right' }], report.states.map((s) => [state(s.state), String(s.count), String(s.previousCount)]));

  heading(doc, x.t('actions.heading'));
  if (report.actions.length) {
    pdfTable(doc, [{ header: x.t('actions.ref'), width: 1.75 }, { header: x.t('actions.title'), width: 4 }, { header: x.t('actions.state'), width: 1.1 }, { header: x.t('actions.progress'), width: 1, align: 'right' }, { header: x.t('actions.runs'), width: 2 }],
      report.actions.map((a) => [a.ref, `${'   '.repeat(a.depth)}${x.text(a.title, a.ref)}${a.isDemo ? ` [${x.t('demoBadge')}]` : ''}`, state(a.state), x.percent(a.progress), x.t('periodText', { from: x.day(a.startsOn), to: x.day(a.endsOn) })]));
  } else none('actions.none');

  const milestoneColumns = [{ header: x.t('milestones.milestone'), width: 3 }, { header: x.t('milestones.action'), width: 3 }, { header: x.t('milestones.due'), width: 1.2 }, { header: x.t('milestones.done'), width: 1.6 }];
  heading(doc, x.t('milestones.met'));
  if (report.milestones.met.length) pdfTable(doc, milestoneColumns, milestoneRows(report.milestones.met, x));
  else none('milestones.none');
  heading(doc, x.t('milestones.missed'));
  if (report.milestones.missed.length) pdfTable(doc, milestoneColumns, milestoneRows(report.milestones.missed, x));
  else none('milestones.none');
  doc.fontSize(8.5).fillColor(MUTED).text(x.t('milestones.rule'), MARGIN).fillColor(INK);

  heading(doc, x.t('changes.heading'));
  paragraph(doc, x.t('changes.intro', { from: x.day(report.previous.from), to: x.day(report.previous.to) }));
  heading(doc, x.t('changes.added'), 3);
  if (c.added.length) pdfTable(doc, [{ header: x.t('actions.title'), width: 4 }, { header: x.t('changes.on'), width: 1.3 }, { header: x.t('actions.state'), width: 1.2 }, { header: x.t('actions.progress'), width: 1, align: 'right' }], c.added.map((a) => [actionName(a, x), x.day(a.on), state(a.state), x.percent(a.progress)]));
  else none();
  heading(doc, x.t('changes.dropped'), 3);
  if (c.dropped.length) pdfTable(doc, [{ header: x.t('actions.title'), width: 3 }, { header: x.t('changes.on'), width: 1.2 }, { header: x.t('changes.reason'), width: 3 }], c.dropped.map((d) => [actionName(d.action, x), x.day(d.on), d.reason ?? '—']));
  else none();
  heading(doc, x.t('changes.states'), 3);
  if (c.states.length) pdfTable(doc, [{ header: x.t('actions.title'), width: 3 }, { header: x.t('changes.on'), width: 1.2 }, { header: x.t('changes.from'), width: 1.1 }, { header: x.t('changes.to'), width: 1.1 }, { header: x.t('changes.note'), width: 2 }], c.states.map((s) => [actionName(s.action, x), x.day(s.on), state(s.from), state(s.to), s.note ?? '']));
  else none();
  heading(doc, x.t('changes.progress'), 3);
  if (c.progress.length) pdfTable(doc, [{ header: x.t('actions.title'), width: 4 }, { header: x.t('changes.from'), width: 1, align: 'right' }, { header: x.t('changes.to'), width: 1, align: 'right' }], c.progress.map((p) => [actionName(p.action, x), x.percent(p.from), x.percent(p.to)]));
  else none();
  heading(doc, x.t('changes.slipped'), 3);
  if (c.slipped.length) pdfTable(doc, [{ header: x.t('milestones.milestone'), width: 3 }, { header: x.t('milestones.action'), width: 3 }, { header: x.t('changes.on'), width: 1.2 }, { header: x.t('changes.from'), width: 1.2 }, { header: x.t('changes.to'), width: 1.2 }], c.slipped.map((s) => [x.text(s.title), actionName(s.action, x), x.day(s.on), x.day(s.from), x.day(s.to)]));
  else none();

  heading(doc, x.t('bottlenecks.heading'));
  if (report.bottlenecks.length) {
    pdfTable(doc, [{ header: x.t('bottlenecks.bottleneck'), width: 3 }, { header: x.t('bottlenecks.resolved'), width: 1.2 }, { header: x.t('bottlenecks.outcome'), width: 1.6 }, { header: x.t('bottlenecks.actions'), width: 3 }],
      report.bottlenecks.map((b) => [`${x.text(b.title, b.ref)} (${b.ref})${b.isDemo ? ` [${x.t('demoBadge')}]` : ''}`, x.day(b.resolvedOn), b.outcome ? x.t(`bottlenecks:outcome.${b.outcome}`) : '—', b.actions.map((a) => actionName(a, x)).join('\n')]));
  } else none('bottlenecks.none');

  pageFooters(doc, MARGIN, reportAddress(publicUrl, report), x.t('page'));
  doc.end();
  return done;
}
