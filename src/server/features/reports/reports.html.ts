import { createHash } from 'node:crypto';
import type { Language } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { ProgressReport, ReportActionRef, ReportMilestone } from '../../../shared/schemas/reports.ts';
import { textsFor, type Texts } from './texts.ts';

/**
 * The progress report as one self-contained HTML page (no script, no file beside it, its style
 * inline and allowed by its hash), to read, print or archive: headings in order, every table with
 * its caption and its headers' scope, the chart beside the table of its figures, `lang` on the page
 * and on every text shown in another language than the page's.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: string) => value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

const STYLE = `
:root { color: #1a1a1a; background: #fff; font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; color: #0b5394; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.site { color: #555; margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.demo { border-left: 4px solid #8a5a00; background: #fff5e0; padding: 0.5rem 1rem; }
.badge { display: inline-block; border: 1px solid #555; border-radius: 0.25rem; padding: 0 0.3rem; font-size: 0.85em; margin-left: 0.3rem; }
.late { font-weight: bold; color: #8a1c1c; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; min-width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ccc; }
td.number, th.number { text-align: right; }
.depth-1 { padding-left: 1.5rem; } .depth-2 { padding-left: 2.5rem; } .depth-3 { padding-left: 3.5rem; }
figure { margin: 0.5rem 0; }
figure svg { max-width: 36rem; }
figcaption { color: #555; font-size: 0.9em; }
svg text { font-size: 12px; fill: #1a1a1a; }
.note { color: #555; }
footer { margin-top: 2rem; color: #555; font-size: 0.9em; }
@media print { .table-wrap { overflow: visible; } a { color: inherit; } }
`;

/** The page's Content-Security-Policy: nothing but its own inline style, by hash. */
export const REPORT_HTML_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const STATE_COLOURS: Record<string, string> = { planned: '#6b7b8c', ongoing: '#0b5394', delayed: '#b45f06', done: '#2e7d32', dropped: '#8e8e8e' };

/** Localised content in the page's language, or in the one it falls back to, marked as such. */
function localized(value: LocalizedTextValue | null | undefined, language: Language, fallback = ''): string {
  const picked = pickLocalized(value, language);
  if (!picked) return escape(fallback);
  return picked.lang === language ? escape(picked.text) : `<span lang="${picked.lang}">${escape(picked.text)}</span>`;
}

function table(id: string, caption: string, headers: string[], rows: string[][], numeric: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="number"' : '');
  return `<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption id="${id}">${escape(caption)}</caption>
<thead><tr>${headers.map((h, i) => `<th scope="col"${cls(i)}>${escape(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((cells) => `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${cls(i)}>${cell}</td>`)).join('')}</tr>`).join('\n')}</tbody>
</table></div>`;
}

function part(id: string, level: 2 | 3, heading: string, body: string): string {
  return `<section aria-labelledby="${id}"><h${level} id="${id}">${escape(heading)}</h${level}>\n${body}</section>\n`;
}

const none = (x: Texts, key = 'changes.none') => `<p>${escape(x.t(key))}</p>`;

function actionCell(action: ReportActionRef, x: Texts, publicUrl: string): string {
  const demo = action.isDemo ? `<span class="badge">${escape(x.t('demoBadge'))}</span>` : '';
  return `<a href="${escape(`${publicUrl}/actions/${action.ref}`)}">${localized(action.title, x.language, action.ref)}</a> (${escape(action.ref)})${demo}`;
}

function statesChart(report: ProgressReport, x: Texts): string {
  const max = Math.max(1, ...report.states.map((s) => s.count));
  const rowHeight = 26;
  const labelWidth = 140;
  const width = 560;
  const scale = (width - labelWidth - 50) / max;
  const bars = report.states.map((s, i) => {
    const y = i * rowHeight + 4;
    const name = escape(x.t(`actions:state.${s.state}`));
    return `<text x="0" y="${y + 15}">${name}</text><rect x="${labelWidth}" y="${y}" width="${Math.max(1, s.count * scale)}" height="18" fill="${STATE_COLOURS[s.state]}"/><text x="${labelWidth + s.count * scale + 6}" y="${y + 15}">${s.count}</text>`;
  });
  // The chart is a picture of the table that follows it (aria-hidden): the figures are read there.
  return `<figure><svg aria-hidden="true" focusable="false" width="100%" viewBox="0 0 ${width} ${report.states.length * rowHeight + 8}" preserveAspectRatio="xMinYMin meet">${bars.join('')}</svg>
<figcaption>${escape(x.t('states.chart'))}</figcaption></figure>`;
}

function milestoneRows(rows: readonly ReportMilestone[], x: Texts, publicUrl: string): string[][] {
  return rows.map((m) => [
    localized(m.title, x.language),
    actionCell(m.action, x, publicUrl),
    escape(x.day(m.dueOn)),
    m.doneOn ? `${escape(x.day(m.doneOn))} ${m.late ? `<span class="late">(${escape(x.t('milestones.late'))})</span>` : `(${escape(x.t('milestones.onTime'))})`}` : escape(x.t('milestones.notDone')),
  ]);
}

/** The address of the report for the same period on the web, and in each of its files. */
export function reportAddress(publicUrl: string, report: ProgressReport, extra = '') {
  return `${publicUrl}/reports/progress?from=${report.period.from}&to=${report.period.to}${extra}`;
}

export function progressReportHtml(report: ProgressReport, language: Language, publicUrl: string): string {
  const x = textsFor(language);
  const period = x.t('periodText', { from: x.day(report.period.from), to: x.day(report.period.to) });
  const previous = x.t('periodText', { from: x.day(report.previous.from), to: x.day(report.previous.to) });
  const state = (value: string) => escape(x.t(`actions:state.${value}`));
  const milestoneHeaders = [x.t('milestones.milestone'), x.t('milestones.action'), x.t('milestones.due'), x.t('milestones.done')];
  const c = report.changes;

  const parts = [
    part('states', 2, x.t('states.heading'), statesChart(report, x) + table('states-caption', x.t('states.caption'), [x.t('states.state'), x.t('states.count'), x.t('states.previous')], report.states.map((s) => [state(s.state), String(s.count), String(s.previousCount)]), [1, 2])),
    part('actions', 2, x.t('actions.heading'), report.actions.length
      ? table('actions-caption', x.t('actions.caption'), [x.t('actions.ref'), x.t('actions.title'), x.t('actions.state'), x.t('actions.progress'), x.t('actions.runs')], report.actions.map((a) => [
        escape(a.ref),
        `<span class="depth-${Math.min(a.depth, 3)}">${localized(a.title, language, a.ref)}${a.isDemo ? `<span class="badge">${escape(x.t('demoBadge'))}</span>` : ''}</span>`,
        state(a.state),
        escape(x.percent(a.progress)),
        escape(x.t('periodText', { from: x.day(a.startsOn), to: x.day(a.endsOn) })),
      ]), [3])
      : none(x, 'actions.none')),
    part('met', 2, x.t('milestones.met'), report.milestones.met.length ? table('met-caption', x.t('milestones.metCaption'), milestoneHeaders, milestoneRows(report.milestones.met, x, publicUrl)) : none(x, 'milestones.none')),
    part('missed', 2, x.t('milestones.missed'), (report.milestones.missed.length ? table('missed-caption', x.t('milestones.missedCaption'), milestoneHeaders, milestoneRows(report.milestones.missed, x, publicUrl)) : none(x, 'milestones.none')) + `<p class="note">${escape(x.t('milestones.rule'))}</p>`),
    part('changes', 2, x.t('changes.heading'), [
      `<p>${escape(x.t('changes.intro', { from: x.day(report.previous.from), to: x.day(report.previous.to) }))}</p>`,
      part('added', 3, x.t('changes.added'), c.added.length ? table('added-caption', x.t('changes.added'), [x.t('actions.title'), x.t('changes.on'), x.t('actions.state'), x.t('actions.progress')], c.added.map((a) => [actionCell(a, x, publicUrl), escape(x.day(a.on)), state(a.state), escape(x.percent(a.progress))])) : none(x)),
      part('dropped', 3, x.t('changes.dropped'), c.dropped.length ? table('dropped-caption', x.t('changes.dropped'), [x.t('actions.title'), x.t('changes.on'), x.t('changes.reason')], c.dropped.map((d) => [actionCell(d.action, x, publicUrl), escape(x.day(d.on)), escape(d.reason ?? '—')])) : none(x)),
      part('state-changes', 3, x.t('changes.states'), c.states.length ? table('state-changes-caption', x.t('changes.states'), [x.t('actions.title'), x.t('changes.on'), x.t('changes.from'), x.t('changes.to'), x.t('changes.note')], c.states.map((s) => [actionCell(s.action, x, publicUrl), escape(x.day(s.on)), state(s.from), state(s.to), escape(s.note ?? '')])) : none(x)),
      part('progress', 3, x.t('changes.progress'), c.progress.length ? table('progress-caption', x.t('changes.progress'), [x.t('actions.title'), x.t('changes.from'), x.t('changes.to')], c.progress.map((p) => [actionCell(p.action, x, publicUrl), escape(x.percent(p.from)), escape(x.percent(p.to))]), [1, 2]) : none(x)),
      part('slipped', 3, x.t('changes.slipped'), c.slipped.length ? table('slipped-caption', x.t('changes.slipped'), [x.t('milestones.milestone'), x.t('milestones.action'), x.t('changes.on'), x.t('changes.from'), x.t('changes.to')], c.slipped.map((s) => [localized(s.title, language), actionCell(s.action, x, publicUrl), escape(x.day(s.on)), escape(x.day(s.from)), escape(x.day(s.to))])) : none(x)),
    ].join('\n')),
    part('bottlenecks', 2, x.t('bottlenecks.heading'), report.bottlenecks.length
      ? table('bottlenecks-caption', x.t('bottlenecks.caption'), [x.t('bottlenecks.bottleneck'), x.t('bottlenecks.resolved'), x.t('bottlenecks.outcome'), x.t('bottlenecks.actions')], report.bottlenecks.map((b) => [
        `<a href="${escape(`${publicUrl}/bottlenecks/${b.ref}`)}">${localized(b.title, language, b.ref)}</a> (${escape(b.ref)})${b.isDemo ? `<span class="badge">${escape(x.t('demoBadge'))}</span>` : ''}`,
        escape(x.day(b.resolvedOn)),
        b.outcome ? escape(x.t(`bottlenecks:outcome.${b.outcome}`)) : '—',
        b.actions.map((a) => actionCell(a, x, publicUrl)).join('<br>'),
      ]))
      : none(x, 'bottlenecks.none')),
  ];

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escape(`${x.t('title')}: ${period}`)} · Talsinki</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="site">Talsinki</p>
<h1>${escape(x.t('title'))}: ${escape(period)}</h1>
<dl>
<dt>${escape(x.t('facts.period'))}</dt><dd>${escape(period)}</dd>
<dt>${escape(x.t('facts.previous'))}</dt><dd>${escape(previous)}</dd>
<dt>${escape(x.t('facts.version'))}</dt><dd>${report.planVersion}</dd>
<dt>${escape(x.t('facts.judged'))}</dt><dd>${escape(x.day(report.today))}</dd>
</dl>
${report.isDemo ? `<p class="demo">${escape(x.t('demo'))}</p>` : ''}
${parts.join('\n')}
<footer><p><a href="${escape(reportAddress(publicUrl, report))}">${escape(reportAddress(publicUrl, report))}</a></p></footer>
</main>
</body>
</html>
`;
}
