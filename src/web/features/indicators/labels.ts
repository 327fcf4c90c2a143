/**
 * How an indicator's codes read in the interface's language: periods (`2023-Q2` → "Q2 2023"),
 * the sources' status symbols (`p` → "provisional"), the measure on the value axis. Pure
 * functions of a `t`, so they are tested without React.
 */
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { formatMonth } from '../../app/dates.ts';
import { formatFigure } from '../../components/chart/chartFormat.ts';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "2023", "Q2 2023" ("2. neljännes 2023"), "Jun 2023" ("kesä 2023"): a period code as a reader names it. */
export function periodLabel(code: string, lang: string, t: T): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter) return t('indicators:period.quarter', { year: quarter[1], quarter: quarter[2] });
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month) return formatMonth(code, lang);
  return code;
}

/** The sources' symbols the interface names (PC-Axis dots, Eurostat's flags); others are given as they are. */
const STATUS_NAMES: Record<string, string> = {
  '..': 'missing',
  '...': 'missing',
  '.': 'notApplicable',
  '-': 'nil',
  p: 'provisional',
  e: 'estimated',
  c: 'confidential',
  b: 'break',
  u: 'lowReliability',
  f: 'forecast',
  r: 'revised',
  s: 'eurostatEstimate',
  n: 'notSignificant',
  d: 'definitionDiffers',
  z: 'notApplicable',
};

/** What a source's symbol says: "provisional"; Eurostat's combined flags ("bp") each in turn; an unknown one quoted. */
export function statusText(symbol: string, t: T): string {
  const known = STATUS_NAMES[symbol];
  if (known) return t(`indicators:status.${known}`);
  const letters = [...symbol];
  if (letters.length > 1 && letters.every((letter) => STATUS_NAMES[letter])) return letters.map((letter) => t(`indicators:status.${STATUS_NAMES[letter]}`)).join(', ');
  return t('indicators:status.other', { symbol });
}

/** Localised text in the reader's language, falling back as the rest of the interface does; '' when there is none. */
export function localized(value: LocalizedTextValue | null | undefined, lang: string): string {
  return pickLocalized(value, lang as ContentLanguage)?.text ?? '';
}

/** What the values are, for the value axis and the table's caption: the unit, "per 1 000 inhabitants", "Index, 2015 = 100". */
export function valueLabelOf(indicator: { measure: string; unit: LocalizedTextValue | null; base: string | null; perCapita: { scale: number } | null }, lang: string, t: T): string {
  const unit = localized(indicator.unit, lang) || t('indicators:measure.absolute');
  if (indicator.measure === 'index') return t('indicators:valueLabel.index', { base: indicator.base ? periodLabel(indicator.base, lang, t) : '' });
  if (indicator.measure === 'per-capita') return t('indicators:valueLabel.perCapita', { unit, scale: formatFigure(indicator.perCapita?.scale ?? 1, lang, 0) });
  return unit;
}
