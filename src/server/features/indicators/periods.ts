import type { IndicatorPeriod } from '../../../shared/schemas/indicators.ts';
import type { IndicatorFrequency } from '../../../shared/statistics.ts';
import { parseTimeCode, timeCodeOf } from '../../../shared/statTime.ts';

/**
 * A source's period code as the indicator's period, written the ISO way (`2023`, `2023-Q2`,
 * `2023-06`) whatever the source wrote; null when it is not a period of the indicator's frequency.
 */
export function periodOf(code: string, frequency: IndicatorFrequency): IndicatorPeriod | null {
  const interval = parseTimeCode(code.trim(), frequency);
  const normal = interval && timeCodeOf(interval, 'iso');
  return interval && normal ? { code: normal, start: interval.start, end: interval.end } : null;
}
