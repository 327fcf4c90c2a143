import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHART_KEYS, moveCursor, nearestIndex } from './chartKeys.ts';
import { formatCompact, formatFigure, formatHeadline, formatTick } from './chartFormat.ts';
import { composeSvg, escapeXml, svgSize, wrapText } from './chartExport.ts';
import { DASHES, PALETTE, pointsOf, seriesStyles, type ChartSeries } from './chartModel.ts';
import { heightFor, shownTicks } from './drawPlot.ts';

const series = (key: string, group: string, values: (number | null)[] = [1, 2]): ChartSeries => ({ key, label: key, group, groupLabel: group, values, statuses: {} });

/** WCAG's relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('the chart model', () => {
  it('draws every series in a colour with at least 3:1 contrast on white (WCAG 1.4.11)', () => {
    for (const colour of PALETTE) expect((1.05 / (luminance(colour) + 0.05)), colour).toBeGreaterThanOrEqual(3);
  });

  it('tells the sides apart by line style as well as colour, and no two series share both colour and marker', () => {
    const styles = seriesStyles([series('fi-1', 'FI'), series('fi-2', 'FI'), series('ee-1', 'EE'), series('ee-2', 'EE')]);
    expect(styles.map((style) => style.dash)).toEqual([DASHES[0], DASHES[0], DASHES[1], DASHES[1]]);
    expect(styles.map((style) => style.outlined)).toEqual([false, false, true, true]);
    expect(DASHES[0]).not.toBe(DASHES[1]);
    const many = seriesStyles(Array.from({ length: 40 }, (_, i) => series(`s${i}`, i % 2 ? 'EE' : 'FI')));
    const pairs = new Set(many.map((style) => `${style.color} ${style.symbol} ${style.dash}`));
    expect(pairs.size).toBe(40);
  });

  it('gives each cell a point on the time axis at the start of its period, nulls kept', () => {
    const points = pointsOf({ periods: [{ start: '2023-01-01', label: '2023' }, { start: '2024-01-01', label: '2024' }], series: [{ ...series('a', 'FI', [5, null]), statuses: { 1: '..' } }], valueLabel: '' });
    expect(points[0].map((p) => [p.date.toISOString(), p.value, p.status])).toEqual([
      ['2023-01-01T00:00:00.000Z', 5, undefined],
      ['2024-01-01T00:00:00.000Z', null, '..'],
    ]);
  });
});

describe('moving through a chart by keyboard', () => {
  const size = { series: 3, periods: 5 };
  it('starts at the newest figure of the first series (Home: the oldest), then moves by period and by series', () => {
    expect(moveCursor(null, 'ArrowRight', size)).toEqual({ series: 0, period: 4 });
    expect(moveCursor(null, 'Home', size)).toEqual({ series: 0, period: 0 });
    let cursor = moveCursor(null, 'ArrowLeft', size);
    cursor = moveCursor(cursor, 'ArrowLeft', size);
    expect(cursor).toEqual({ series: 0, period: 3 });
    cursor = moveCursor(cursor, 'ArrowDown', size);
    expect(cursor).toEqual({ series: 1, period: 3 });
    expect(moveCursor(cursor, 'End', size)).toEqual({ series: 1, period: 4 });
    expect(moveCursor(cursor, 'Home', size)).toEqual({ series: 1, period: 0 });
    expect(moveCursor(cursor, 'ArrowUp', size)).toEqual({ series: 0, period: 3 });
    expect(moveCursor(null, 'ArrowDown', { series: 0, periods: 3 })).toBeNull();
  });

  it('never leaves the chart, whatever keys are pressed (the edges hold)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 30 }), fc.array(fc.constantFrom(...CHART_KEYS), { maxLength: 60 }), (seriesCount, periods, keys) => {
        let cursor = null;
        for (const key of keys) {
          cursor = moveCursor(cursor, key, { series: seriesCount, periods });
          expect(cursor!.series).toBeGreaterThanOrEqual(0);
          expect(cursor!.series).toBeLessThan(seriesCount);
          expect(cursor!.period).toBeGreaterThanOrEqual(0);
          expect(cursor!.period).toBeLessThan(periods);
        }
      }),
    );
  });

  it('finds the period nearest the pointer', () => {
    expect(nearestIndex([10, 50, 90], 65)).toBe(1);
    expect(nearestIndex([10, 50, 90], 200)).toBe(2);
    expect(nearestIndex([], 5)).toBe(-1);
  });
});

describe('numbers and dates on a chart', () => {
  it('writes figures as each language does, with the decimals asked for', () => {
    expect(formatFigure(1234567, 'en', 0)).toBe('1,234,567');
    expect(formatFigure(1234567, 'fi', 0)).toBe('1\u00a0234\u00a0567');
    expect(formatFigure(12.5, 'et', 2)).toBe('12,50');
    expect(formatCompact(1_200_000, 'en')).toBe('1.2m');
    expect(formatHeadline(8_000_000, 'en', 0)).toBe('8 million');
    expect(formatHeadline(8_000_000, 'fi', 0)).toBe('8 miljoonaa');
    expect(formatHeadline(52_593, 'fi', 0)).toBe('52\u00a0593');
  });

  it('labels the time axis with years at a year\'s start and months otherwise', () => {
    expect(formatTick(new Date('2023-01-01T00:00:00Z'), 'fi')).toBe('2023');
    expect(formatTick(new Date('2023-04-01T00:00:00Z'), 'en')).toBe('Apr 2023');
  });

  it('keeps the newest period\'s label and no more labels than there is room for', () => {
    expect(shownTicks(10, 300, 72)).toEqual([0, 3, 6, 9]);
    expect(shownTicks(3, 1000, 72)).toEqual([0, 1, 2]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 100, max: 2000 }), (count, width) => {
        const shown = shownTicks(count, width, 72);
        expect(shown.at(-1)).toBe(count - 1);
        expect(shown.length).toBeLessThanOrEqual(Math.max(1, Math.floor(width / 72)));
      }),
    );
    expect(heightFor(360)).toBe(288);
    expect(heightFor(1000)).toBe(420);
  });
});

describe('a chart as a file', () => {
  const texts = { title: 'Passengers <Tallinn & Helsinki>', subtitle: 'persons', legend: [{ label: 'Tallinn (Estonia)', style: seriesStyles([series('a', 'EE')])[0] }], notes: ['Sources: Port of Tallinn', 'https://example.test/indicators/x?measure=index&base=2015'] };
  it('puts title, legend and sources around the drawn chart, every text escaped', () => {
    const svg = composeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="760" height="380"><g/></svg>', 760, 380, texts);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="792"')).toBe(true);
    expect(svg).toContain('<title>Passengers &lt;Tallinn &amp; Helsinki&gt;</title>');
    expect(svg).toContain('<svg x="16" y="');
    expect(svg).toContain('>Tallinn (Estonia)</text>');
    expect(svg).toContain('measure=index&amp;base=2015');
    expect(svg).not.toMatch(/<Tallinn/);
    const { width, height } = svgSize(svg);
    expect(width).toBe(792);
    expect(height).toBeGreaterThan(380 + 4 * 15);
  });

  it('wraps long lines at words, none longer than the room', () => {
    const lines = wrapText('Ulkomaan kansalaiset kansalaisuuden mukaan tuhatta asukasta kohden Helsinki-Uusimaalla ja Pohjois-Virossa', 200, 11);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.floor(200 / (11 * 0.55)) + 'Helsinki-Uusimaalla'.length);
    expect(lines.join(' ')).toBe('Ulkomaan kansalaiset kansalaisuuden mukaan tuhatta asukasta kohden Helsinki-Uusimaalla ja Pohjois-Virossa');
    expect(escapeXml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &apos;b&apos;');
  });
});
