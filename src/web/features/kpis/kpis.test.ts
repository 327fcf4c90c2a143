import { describe, expect, it } from 'vitest';
import { formatFigure, progressPercent, typedNumber } from './kpis.ts';

describe('a KPI\'s figures', () => {
  it('are written as each interface language writes numbers, with the indicator\'s decimals', () => {
    expect(formatFigure(1_720_000, 0, 'en')).toBe('1,720,000');
    expect(formatFigure(1_720_000, 0, 'fi').replace(/\s/g, ' ')).toBe('1 720 000');
    expect(formatFigure(12.5, 1, 'et')).toBe('12,5');
  });

  it('show progress as a whole percentage within 0–100 however it comes', () => {
    expect(progressPercent(0.5)).toBe(50);
    expect(progressPercent(0.123)).toBe(12);
    expect(progressPercent(1.4)).toBe(100);
    expect(progressPercent(-0.2)).toBe(0);
  });

  it('read numbers as people type them: decimal commas, spaces between thousands, nothing for an empty field', () => {
    expect(typedNumber(' 1 740 000 ')).toBe(1_740_000);
    expect(typedNumber('12,5')).toBe(12.5);
    expect(typedNumber('')).toBeUndefined();
    expect(typedNumber('many')).toBeNaN();
  });
});
