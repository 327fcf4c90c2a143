import type { Language } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { DialogueDetail } from '../../../shared/schemas/dialogues.ts';
import { parseMarkdown } from '../../lib/markdown.ts';
import { cache } from '../../lib/cache.ts';
import { ACCENT, INK, MUTED, pageFooters, startPdf, type Doc } from '../../lib/pdf.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { formatWhen } from './when.ts';

const LABELS: Record<Language, Record<string, string>> = {
  en: { minutes: 'Minutes', when: 'When', where: 'Where', organiser: 'Organiser', participants: 'Participants', agenda: 'Agenda', outcomes: 'Outcomes', bottlenecks: 'Bottlenecks discussed', recommendations: 'Recommendations', page: 'Page', demo: 'Demo data', participant: 'Participant', online: 'Online' },
  fi: { minutes: 'Muistio', when: 'Aika', where: 'Paikka', organiser: 'Järjestäjä', participants: 'Osallistujat', agenda: 'Asialista', outcomes: 'Tulokset', bottlenecks: 'Käsitellyt rajaesteet', recommendations: 'Suositukset', page: 'Sivu', demo: 'Esittelysisältö', participant: 'Osallistuja', online: 'Verkossa' },
  et: { minutes: 'Protokoll', when: 'Aeg', where: 'Koht', organiser: 'Korraldaja', participants: 'Osalejad', agenda: 'Päevakord', outcomes: 'Tulemused', bottlenecks: 'Arutatud takistused', recommendations: 'Soovitused', page: 'Lehekülg', demo: 'Näidisandmed', participant: 'Osaleja', online: 'Veebis' },
  sv: { minutes: 'Promemoria', when: 'Tid', where: 'Plats', organiser: 'Arrangör', participants: 'Deltagare', agenda: 'Dagordning', outcomes: 'Resultat', bottlenecks: 'Behandlade gränshinder', recommendations: 'Rekommendationer', page: 'Sida', demo: 'Demoinnehåll', participant: 'Deltagare', online: 'Distansmöte' },
  ru: { minutes: 'Протокол', when: 'Когда', where: 'Где', organiser: 'Организатор', participants: 'Участники', agenda: 'Повестка дня', outcomes: 'Результаты', bottlenecks: 'Рассмотренные препятствия', recommendations: 'Рекомендации', page: 'Страница', demo: 'Демонстрационные материалы', participant: 'Участник', online: 'Онлайн' },
};
const TYPES: Record<Language, Record<string, string>> = {
  en: { roundtable: 'Roundtable', interview: 'Interview', workshop: 'Workshop', forum_session: 'Forum session', site_visit: 'Site visit' },
  fi: { roundtable: 'Pyöreän pöydän keskustelu', interview: 'Haastattelu', workshop: 'Työpaja', forum_session: 'Foorumin istunto', site_visit: 'Tutustumiskäynti' },
  et: { roundtable: 'Ümarlaud', interview: 'Intervjuu', workshop: 'Töötuba', forum_session: 'Foorumi istung', site_visit: 'Kohapealne külastus' },
  sv: { roundtable: 'Rundabordssamtal', interview: 'Intervju', workshop: 'Workshop', forum_session: 'Forummöte', site_visit: 'Studiebesök' },
  ru: { roundtable: 'Круглый стол', interview: 'Интервью', workshop: 'Семинар', forum_session: 'Сессия форума', site_visit: 'Ознакомительный визит' },
};

const MARGIN = 64;

type Token = ReturnType<typeof parseMarkdown>[number];

const text = (value: LocalizedTextValue | null | undefined, language: Language, fallback = '') => pickLocalized(value, language)?.text ?? fallback;

function heading(doc: Doc, label: string) {
  doc.moveDown(1.1).font('bold').fontSize(13).fillColor(ACCENT).text(label).moveDown(0.3).fillColor(INK).font('regular').fontSize(10.5);
}

/** Inline Markdown (emphasis, code, links) as runs of one paragraph. */
function inline(doc: Doc, children: Token[], options: { indent: number; prefix?: string }) {
  let bold = false;
  let italic = false;
  let link: string | null = null;
  const runs: { text: string; font: string; link: string | null }[] = [];
  if (options.prefix) runs.push({ text: options.prefix, font: 'regular', link: null });
  for (const child of children) {
    if (child.type === 'strong_open') bold = true;
    else if (child.type === 'strong_close') bold = false;
    else if (child.type === 'em_open') italic = true;
    else if (child.type === 'em_close') italic = false;
    else if (child.type === 'link_open') link = child.attrGet('href');
    else if (child.type === 'link_close') link = null;
    else if (child.type === 'code_inline') runs.push({ text: child.content, font: 'mono', link });
    else if (child.type === 'softbreak') runs.push({ text: ' ', font: 'regular', link: null });
    else if (child.type === 'hardbreak') runs.push({ text: '\n', font: 'regular', link: null });
    else if (child.type === 'text') runs.push({ text: child.content, font: bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular', link });
  }
  if (runs.length === 0) return;
  runs.forEach((run, i) => {
    doc.font(run.font).fillColor(run.link ? ACCENT : INK);
    doc.text(run.text, i === 0 ? MARGIN + options.indent : undefined, undefined, { continued: i < runs.length - 1, link: run.link ?? undefined, underline: Boolean(run.link), lineGap: 2 });
  });
  doc.fillColor(INK).font('regular');
}

/** Block Markdown: headings, paragraphs, nested lists, quotes, code and rules. */
function markdownBlocks(doc: Doc, source: string) {
  const tokens = parseMarkdown(source);
  const lists: { ordered: boolean; next: number }[] = [];
  let pendingPrefix: string | undefined;
  let quoteDepth = 0;
  let inHeading = false;
  for (const token of tokens) {
    const indent = lists.length * 16 + quoteDepth * 14;
    switch (token.type) {
      case 'heading_open':
        inHeading = true;
        doc.moveDown(0.6).font('bold').fontSize(token.tag === 'h1' ? 13 : token.tag === 'h2' ? 12 : 11);
        break;
      case 'heading_close':
        inHeading = false;
        doc.fontSize(10.5).font('regular');
        break;
      case 'bullet_list_open':
        lists.push({ ordered: false, next: 1 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        doc.moveDown(0.3);
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1];
        pendingPrefix = list.ordered ? `${list.next++}. ` : '•  ';
        break;
      }
      case 'blockquote_open':
        quoteDepth++;
        doc.fillColor(MUTED);
        break;
      case 'blockquote_close':
        quoteDepth--;
        doc.fillColor(INK);
        break;
      case 'paragraph_open':
        if (!lists.length) doc.moveDown(0.4);
        break;
      case 'inline': {
        if (inHeading) doc.text(token.content, MARGIN + indent);
        else inline(doc, token.children ?? [], { indent: pendingPrefix ? indent - 16 + 4 : indent, prefix: pendingPrefix });
        pendingPrefix = undefined;
        break;
      }
      case 'fence':
      case 'code_block':
        doc.moveDown(0.3).font('mono').fontSize(9).fillColor('#333333').text(token.content.replace(/\n$/, ''), MARGIN + indent + 8).font('regular').fontSize(10.5).fillColor(INK);
        break;
      case 'hr':
        doc.moveDown(0.5).moveTo(MARGIN, doc.y).lineTo(doc.page.width - MARGIN, doc.y).strokeColor('#cccccc').stroke().moveDown(0.5);
        break;
      default:
        break;
    }
  }
}

/**
 * What the minutes' PDF shows of a dialogue, and nothing more: the PDF is written from this alone,
 * so this (with the language) is also what a kept PDF is found by. A participant's name is here
 * only with their consent, whoever asks.
 */
export function minutesSource(page: DialogueDetail) {
  return {
    ref: page.ref,
    type: page.type,
    title: page.title,
    isDemo: page.isDemo,
    startsAt: page.startsAt,
    endsAt: page.endsAt,
    timeZone: page.timeZone,
    place: page.place,
    online: page.online,
    organiser: { name: page.organiser.name },
    participants: page.participants.map((p) => ({ name: p.consentToBeNamed ? p.name : null, role: p.role, institution: p.institution ? { name: p.institution.name } : null })),
    agenda: page.agenda.map((item) => ({ title: item.title, bottleneck: item.bottleneck ? { ref: item.bottleneck.ref } : null })),
    minutes: page.minutes,
    outcomes: page.outcomes,
    bottlenecks: page.bottlenecks.map((b) => ({ ref: b.ref, title: b.title })),
    recommendations: page.recommendations.map((r) => ({ ref: r.ref, title: r.title })),
  };
}
export type MinutesSource = ReturnType<typeof minutesSource>;

/**
 * Rendered PDFs, kept by database and the digest of their source (what they show, in which
 * language, for which address and release); a request for a PDF being rendered waits for that
 * rendering. Whoever asks has passed the dialogue's visibility check first: the digest is of what
 * that caller may see.
 */
const pdfs = cache.section<Buffer>('dialogues.minutes-pdf');

export function keptMinutesPdf(db: QueryBuilder, digest: string, render: () => Promise<Buffer>): Promise<Buffer> {
  return pdfs.fetch(db, digest, 'pdf', render);
}

/** A dialogue's minutes as a printable document: what it was, who took part, what was said and decided. */
export async function minutesPdf(page: MinutesSource, language: Language, publicUrl: string): Promise<Buffer> {
  const labels = LABELS[language];
  const { doc, done } = await startPdf({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: `${text(page.title, language, page.ref)} (${page.ref})`, Subject: labels.minutes, Creator: 'Talsinki' }, lang: language });

  doc.font('regular').fontSize(9).fillColor(MUTED).text(`Talsinki · ${TYPES[language][page.type] ?? page.type} · ${page.ref}${page.isDemo ? ` · ${labels.demo}` : ''}`);
  doc.moveDown(0.4).font('bold').fontSize(20).fillColor(INK).text(text(page.title, language, page.ref));
  doc.moveDown(0.2).font('regular').fontSize(12).fillColor(MUTED).text(labels.minutes);

  const facts: [string, string][] = [
    [labels.when, formatWhen(new Date(page.startsAt), new Date(page.endsAt), page.timeZone, language)],
    [labels.where, [page.place, page.online ? labels.online : null].filter(Boolean).join(' · ') || '—'],
    [labels.organiser, text(page.organiser.name, language)],
  ];
  doc.moveDown(0.8).fontSize(10.5).fillColor(INK);
  for (const [label, value] of facts) doc.font('bold').text(`${label}: `, MARGIN, undefined, { continued: true }).font('regular').text(value);

  if (page.participants.length) {
    heading(doc, labels.participants);
    for (const p of page.participants) {
      const who = [p.name, p.role, p.institution ? text(p.institution.name, language) : null].filter(Boolean).join(', ') || labels.participant;
      doc.text(`•  ${who}`, MARGIN + 4);
    }
  }
  if (page.agenda.length) {
    heading(doc, labels.agenda);
    page.agenda.forEach((item, i) => doc.text(`${i + 1}. ${item.title}${item.bottleneck ? ` (${item.bottleneck.ref})` : ''}`, MARGIN + 4));
  }
  if (page.minutes) {
    heading(doc, labels.minutes);
    markdownBlocks(doc, page.minutes);
  }
  if (page.outcomes.length) {
    heading(doc, labels.outcomes);
    for (const outcome of page.outcomes) doc.text(`•  ${outcome}`, MARGIN + 4);
  }
  if (page.bottlenecks.length) {
    heading(doc, labels.bottlenecks);
    for (const b of page.bottlenecks) doc.fillColor(ACCENT).text(`${b.ref}  `, MARGIN + 4, undefined, { continued: true, link: `${publicUrl}/bottlenecks/${b.ref}` }).fillColor(INK).text(text(b.title, language));
  }
  if (page.recommendations.length) {
    heading(doc, labels.recommendations);
    for (const r of page.recommendations) doc.fillColor(ACCENT).text(`${r.ref}  `, MARGIN + 4, undefined, { continued: true, link: `${publicUrl}/recommendations/${r.ref}` }).fillColor(INK).text(text(r.title, language));
  }

  // Page numbers and the address of the living version, on every page.
  pageFooters(doc, MARGIN, `${publicUrl}/dialogues/${page.ref}`, labels.page);
  doc.end();
  return done;
}
