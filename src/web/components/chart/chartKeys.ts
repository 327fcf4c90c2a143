/**
 * Moving through a chart by keyboard: ←/→ along the periods, ↑/↓ through the series, Home/End
 * to the first and last period. Pure, so the moves are tested without a browser.
 */

/** The highlighted figure: a series and a period, by index. */
export interface ChartCursor {
  series: number;
  period: number;
}

export const CHART_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

export function isChartKey(key: string): key is ChartKey {
  return (CHART_KEYS as readonly string[]).includes(key);
}

/**
 * Where a key takes the cursor in a chart of `series` × `periods`. The first key pressed starts
 * at the newest period of the first series (what a reader most often wants), whatever the key;
 * the edges hold (no wrapping, so a reader always knows where the end is).
 */
export function moveCursor(cursor: ChartCursor | null, key: ChartKey, size: { series: number; periods: number }): ChartCursor | null {
  if (size.series === 0 || size.periods === 0) return null;
  const last = size.periods - 1;
  if (!cursor) return { series: 0, period: key === 'Home' ? 0 : last };
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  const at = { series: clamp(cursor.series, size.series - 1), period: clamp(cursor.period, last) };
  switch (key) {
    case 'ArrowLeft':
      return { ...at, period: clamp(at.period - 1, last) };
    case 'ArrowRight':
      return { ...at, period: clamp(at.period + 1, last) };
    case 'ArrowUp':
      return { ...at, series: clamp(at.series - 1, size.series - 1) };
    case 'ArrowDown':
      return { ...at, series: clamp(at.series + 1, size.series - 1) };
    case 'Home':
      return { ...at, period: 0 };
    case 'End':
      return { ...at, period: last };
  }
}

/** The point nearest to a pointer's x among the periods' x positions (for the mouse's highlight). */
export function nearestIndex(positions: readonly number[], x: number): number {
  let best = -1;
  let distance = Infinity;
  positions.forEach((position, index) => {
    const d = Math.abs(position - x);
    if (d < distance) {
      distance = d;
      best = index;
    }
  });
  return best;
}
