import type { IndicatorPeriod } from '../../../shared/schemas/indicators.ts';
import type { IndicatorFrequency } from '../../../shared/statistics.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const digits = (text: string) => text.length > 0 && [...text].every((c) => c >= '0' && c <= '9');

/**
 * A source's period code as the indicator's period: `2023` a year; `2023Q2`, `2023-Q2`, `2023K2`
 * a quarter; `2023M06`, `2023-06` a month. A code that is not of the indicator's frequency is null.
 */
export function periodOf(code: string, frequency: IndicatorFrequency): IndicatorPeriod | null {
  const text = code.trim();
  const year = Number(text.slice(0, 4));
  if (!digits(text.slice(0, 4)) || year < 1000) return null;
  const rest = text.slice(4).replace(/^-/, '');
  if (frequency === 'A') return rest === '' ? { code: String(year), start: `${year}-01-01`, end: `${year + 1}-01-01` } : null;
  if (frequency === 'Q') {
    if (rest.length !== 2 || !'QK'.includes(rest[0].toUpperCase()) || !'1234'.includes(rest[1])) return null;
    const q = Number(rest[1]);
    const startMonth = (q - 1) * 3 + 1;
    const end = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 3)}-01`;
    return { code: `${year}-Q${q}`, start: `${year}-${pad(startMonth)}-01`, end };
  }
  const month = Number(rest.toUpperCase().startsWith('M') ? rest.slice(1) : rest);
  if (!digits(rest.replace(/^[Mm]/, '')) || rest.replace(/^[Mm]/, '').length !== 2 || month < 1 || month > 12) return null;
  const end = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { code: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end };
}
