import { intlLocale } from '../../app/dates.ts';

/** A figure as the interface language writes numbers, with the indicator's decimals ("1 720 000" in Finnish). */
export function formatFigure(value: number, decimals: number, lang: string): string {
  return new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** Progress (0–1) as a whole percentage for the bar and its words; the server clamps it already, this keeps the bar in range whatever comes. */
export function progressPercent(progress: number): number {
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/**
 * A number typed into a form: the server's number, or undefined when the field is empty. Commas
 * are read as decimal points (Finnish and Estonian write them), spaces between thousands dropped.
 */
export function typedNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return cleaned === '' ? undefined : Number(cleaned);
}
