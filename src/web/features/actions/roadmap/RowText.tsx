import { useMemo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentLanguage } from '../../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../../shared/localized.ts';
import { formatDay } from '../../../app/dates.ts';
import { percentIn } from '../plan.ts';
import type { Roadmap } from './RoadmapFilters.tsx';

/** A localised text as `LocalizedText` shows it: the text, its real language, and a note when it is not the reader's. */
export interface Text {
  text: string;
  lang: string | undefined;
  /** "English", in the reader's language, when the text falls back to another language than the reader's. */
  note: { words: string; lang: string } | null;
}

/** What the chart's rows and the table write for each bar, worked out once per answer and language. */
export interface BarText {
  title: Text;
  state: string;
  /** "45 %". */
  percent: string;
  /** "45 % done". */
  progressDone: string;
  starts: string;
  ends: string;
  lead: Text | null;
}

/**
 * The texts of every bar at once, with one translation hook for them all: the rows and the table
 * of a plan of 500 actions would otherwise each subscribe to the language (thousands of hooks),
 * and the same days would be formatted again and again.
 */
export function useBarTexts(roadmap: Roadmap): { texts: BarText[]; text: (value: LocalizedTextValue | null | undefined) => Text | null } {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const text = (value: LocalizedTextValue | null | undefined): Text | null => {
      const picked = pickLocalized(value, language as ContentLanguage);
      return picked ? { text: picked.text, lang: picked.lang, note: picked.isFallback ? { words: t(`common:languages.${picked.lang}`), lang: language } : null } : null;
    };
    const days = new Map<string, string>();
    const day = (value: string) => {
      let shown = days.get(value);
      if (shown === undefined) days.set(value, (shown = formatDay(value, language)));
      return shown;
    };
    // Each wording once: hundreds of bars share a few states and progress figures.
    const states = new Map<string, string>();
    const percents = new Map<number, [string, string]>();
    const percentTexts = (progress: number) => {
      let said = percents.get(progress);
      if (!said) {
        const value = percentIn(progress, language);
        percents.set(progress, (said = [t('roadmap:gantt.percent', { value }), t('actions:progressValue', { value })]));
      }
      return said;
    };
    const institutions = new Map(roadmap.institutions.map((i) => [i.id, i.name]));
    const texts = roadmap.bars.map((bar): BarText => {
      let state = states.get(bar.state);
      if (state === undefined) states.set(bar.state, (state = t(`actions:state.${bar.state}`)));
      const [percentText, progressDone] = percentTexts(bar.progress);
      return {
        title: text(bar.title) ?? { text: bar.ref, lang: undefined, note: null },
        state,
        percent: percentText,
        progressDone,
        starts: day(bar.startsOn),
        ends: day(bar.endsOn),
        lead: bar.leadId ? text(institutions.get(bar.leadId)) : null,
      };
    });
    return { texts, text };
  }, [roadmap, language, t]);
}

/**
 * A plain click on a link inside `event`'s element stays in the app (a click with a modifier, or
 * any other button, is the browser's): one handler for a list of hundreds of plain links, where a
 * router link each would cost hundreds of hooks.
 */
export function followInApp(navigate: (to: string) => unknown) {
  return (event: MouseEvent) => {
    const link = (event.target as Element).closest('a[href^="/"]');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.defaultPrevented) return;
    event.preventDefault();
    void navigate(link.getAttribute('href')!);
  };
}

/** A prepared text in its language, with its note: what `LocalizedText` renders, without a hook of its own. */
export function Said({ text }: { text: Text | null }) {
  if (!text) return null;
  return (
    <span lang={text.lang}>
      {text.text}
      {text.note && (
        <span className="fallback-note" lang={text.note.lang}>
          {' '}({text.note.words})
        </span>
      )}
    </span>
  );
}
