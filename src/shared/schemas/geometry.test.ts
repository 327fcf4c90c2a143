import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkCommentGeometry } from '../commentGeometry.ts';
import { CommentGeometry, CommentGeometryInput } from './geometry.ts';

// The app's body validator's options (src/server/app.ts).
const ajv = new Ajv({ allErrors: true, verbose: true, removeAdditional: false, useDefaults: true, strict: false, coerceTypes: false });
const input = ajv.compile(CommentGeometryInput);
const stored = ajv.compile(CommentGeometry);
const keywords = (validate: typeof input) => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);

const gulfSquare = [[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.9], [24.8, 59.7]];

describe('a map comment\'s place as a request sends it', () => {
  it('lets through a point, an area, and the faults only the check words (a hole, a bow tie, NaN cannot come in JSON)', () => {
    expect(input({ type: 'Point', coordinates: [24.85, 59.8] })).toBe(true);
    expect(input({ type: 'Polygon', coordinates: [gulfSquare] })).toBe(true);
    expect(input({ type: 'Polygon', coordinates: [gulfSquare, gulfSquare] })).toBe(true);
    expect(input({ type: 'Point', coordinates: [24.85, 95] })).toBe(true);
  });

  it('refuses another type, another member, or coordinates that are not an array', () => {
    expect(input({ type: 'LineString', coordinates: [[24.8, 59.7], [25, 59.9]] })).toBe(false);
    expect(keywords(input)).toEqual(['/type enum']);
    expect(input({ type: 'Point', coordinates: [24.85, 59.8], crs: 'EPSG:4326' })).toBe(false);
    expect(keywords(input)).toEqual([' additionalProperties']);
    expect(input({ type: 'Point', coordinates: '24.85,59.8' })).toBe(false);
    expect(keywords(input)).toEqual(['/coordinates type']);
    expect(input({ type: 'Polygon', coordinates: Array.from({ length: 11 }, () => gulfSquare) })).toBe(false);
    expect(keywords(input)).toEqual(['/coordinates maxItems']);
  });
});

describe('a map comment\'s place as the API answers it', () => {
  it('fits what the check keeps', () => {
    for (const value of [{ type: 'Point', coordinates: [24.85, 59.8] }, { type: 'Polygon', coordinates: [gulfSquare] }]) {
      const result = checkCommentGeometry(value);
      expect(result.ok && stored(result.geometry)).toBe(true);
    }
  });

  it('is a point of two numbers or one ring of 4–201 positions', () => {
    expect(stored({ type: 'Polygon', coordinates: [gulfSquare, gulfSquare] })).toBe(false);
    expect(stored({ type: 'Polygon', coordinates: [gulfSquare.slice(0, 3)] })).toBe(false);
    expect(stored({ type: 'Point', coordinates: [24.85] })).toBe(false);
  });
});
