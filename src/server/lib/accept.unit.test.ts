import { describe, expect, it } from 'vitest';
import { preferredMediaType } from './accept.ts';

const OFFERED = ['application/json', 'text/html', 'application/pdf'];

describe('preferredMediaType', () => {
  it('takes what a browser, a PDF reader and an API client ask for', () => {
    expect(preferredMediaType('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', OFFERED)).toBe('text/html');
    expect(preferredMediaType('application/pdf', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('application/json', OFFERED)).toBe('application/json');
    expect(preferredMediaType('application/json;q=0.5, application/pdf', OFFERED)).toBe('application/pdf');
  });

  it('gives the route its first type when anything goes, and null when nothing offered is acceptable', () => {
    expect(preferredMediaType(undefined, OFFERED)).toBe('application/json');
    expect(preferredMediaType('', OFFERED)).toBe('application/json');
    expect(preferredMediaType('*/*', OFFERED)).toBe('application/json');
    expect(preferredMediaType('image/png', OFFERED)).toBeNull();
    expect(preferredMediaType('text/csv, application/*;q=0', OFFERED)).toBeNull();
    expect(preferredMediaType('nonsense', OFFERED)).toBeNull();
  });

  it('lets the most specific range decide: a type refused by name stays refused under a wildcard', () => {
    expect(preferredMediaType('*/*, application/json;q=0', OFFERED)).toBe('text/html');
    expect(preferredMediaType('text/*;q=0.3, application/*;q=0.2', OFFERED)).toBe('text/html');
    expect(preferredMediaType('application/*;q=0.9, application/json;q=0.1', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('TEXT/HTML; Q=1', OFFERED)).toBe('text/html');
  });
});
