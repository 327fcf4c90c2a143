import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markedParts } from './marks.ts';

describe('markedParts', () => {
  it('cuts a text at the matched ranges', () => {
    expect(markedParts('Väestöennuste 2040', [[0, 13]])).toEqual([
      { text: 'Väestöennuste', marked: true },
      { text: ' 2040', marked: false },
    ]);
    expect(markedParts('a ferry and a ferry', [[2, 7], [14, 19]])).toEqual([
      { text: 'a ', marked: false },
      { text: 'ferry', marked: true },
      { text: ' and a ', marked: false },
      { text: 'ferry', marked: true },
    ]);
  });

  it('joins overlapping ranges and clips those past the text', () => {
    expect(markedParts('赫尔辛基人口', [[4, 6], [0, 2], [1, 3], [5, 40]])).toEqual([
      { text: '赫尔辛', marked: true },
      { text: '基', marked: false },
      { text: '人口', marked: true },
    ]);
  });

  it('gives back the text unchanged, whatever the ranges', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 }))), (text, ranges) => {
        const parts = markedParts(text, ranges);
        expect(parts.map((part) => part.text).join('')).toBe(text);
        for (let i = 1; i < parts.length; i++) expect(parts[i].marked && parts[i - 1].marked).toBe(false);
      }),
    );
  });
});
