import type { SeriesStyle } from './chartModel.ts';

/** Outline of each marker a series may have, drawn in a 12 × 12 box around (0, 0). */
const MARKERS: Record<SeriesStyle['symbol'], string> = {
  circle: 'M4,0A4,4 0 1 1 -4,0A4,4 0 1 1 4,0Z',
  square: 'M-3.5,-3.5H3.5V3.5H-3.5Z',
  triangle: 'M0,-4.5L4,3.2H-4Z',
  diamond: 'M0,-5L3.5,0L0,5L-3.5,0Z',
  star: 'M0,-5L1.2,-1.6L4.8,-1.5L1.9,0.6L2.9,4L0,2L-2.9,4L-1.9,0.6L-4.8,-1.5L-1.2,-1.6Z',
  cross: 'M-1.5,-4.5H1.5V-1.5H4.5V1.5H1.5V4.5H-1.5V1.5H-4.5V-1.5H-1.5Z',
  wye: 'M-1,-4.5H1V-0.6L4.2,1.5L3.2,3.2L0,1.2L-3.2,3.2L-4.2,1.5L-1,-0.6Z',
  times: 'M-3.5,-2.1L-2.1,-3.5L0,-1.4L2.1,-3.5L3.5,-2.1L1.4,0L3.5,2.1L2.1,3.5L0,1.4L-2.1,3.5L-3.5,2.1L-1.4,0Z',
};

/**
 * A series' sample for a legend: a stretch of its line in its colour and dash through its
 * marker (or a bar, filled or outlined). Decorative: the label beside it names the series.
 */
export function SeriesSwatch({ style, kind = 'line' }: { style: SeriesStyle; kind?: 'line' | 'bar' }) {
  return (
    <svg className="series-swatch" width="32" height="14" viewBox="-16 -7 32 14" aria-hidden="true" focusable="false">
      {kind === 'line' ? (
        <>
          <line x1="-15" x2="15" y1="0" y2="0" stroke={style.color} strokeWidth="2" strokeDasharray={style.dash} />
          <path d={MARKERS[style.symbol]} fill={style.color} stroke={style.color} />
        </>
      ) : (
        <rect x="-8" y="-6" width="16" height="12" fill={style.outlined ? 'white' : style.color} stroke={style.color} strokeWidth="2" />
      )}
    </svg>
  );
}
