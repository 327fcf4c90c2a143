import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressQuery, filterParams, offsetOf, pageOf, withParam, withWords } from './filterParams.ts';

const KEYS = ['q', 'domain', 'status', 'country', 'sort', 'mine'] as const;
type Query = Partial<Record<(typeof KEYS)[number], string>>;

describe('filters in the address', () => {
  it('writes the non-empty fields of the form and nothing else, so paging starts again', () => {
    const next = filterParams([['q', 'bus'], ['domain', ''], ['status', 'open'], ['page', ''], ['country', 'FI'], ['country', 'EE'], ['file', new File(['x'], 'x.txt')]]);
    expect(next.toString()).toBe('q=bus&status=open&country=EE');
    expect(next.has('page')).toBe(false);
  });

  it('reads the route\'s filters from the address, what is fixed winning, what is empty or unknown left out', () => {
    const params = new URLSearchParams('q=tram&domain=&status=open&colour=red&page=3');
    expect(addressQuery<Query>(params, KEYS)).toEqual({ q: 'tram', status: 'open' });
    expect(addressQuery<Query>(params, KEYS, { status: 'closed', mine: 'true' })).toEqual({ q: 'tram', status: 'closed', mine: 'true' });
  });

  it('reads back exactly the filters a form wrote: parse(serialise(f)) == f, empty values dropped, the page reset', () => {
    const value = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value), fc.integer({ min: 2, max: 50 }), (form, page) => {
        const before = withParam(new URLSearchParams('q=old&status=closed'), 'page', page);
        expect(pageOf(before)).toBe(page);
        const after = filterParams([...Object.entries(form), ['page', '']]);
        const nonEmpty = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
        expect(addressQuery<Query>(after, KEYS)).toEqual(nonEmpty);
        expect(pageOf(after)).toBe(1);
        expect([...after.values()].every(Boolean)).toBe(true);
      }),
    );
  });

  it('reads a page from 1 and an offset from 0 as whole numbers, whatever the address holds', () => {
    const page = (text: string) => pageOf(new URLSearchParams(text));
    expect([page(''), page('page=3'), page('page=0'), page('page=-2'), page('page=abc'), page('page=2.7')]).toEqual([1, 3, 1, 1, 1, 2]);
    const offset = (text: string) => offsetOf(new URLSearchParams(text));
    expect([offset(''), offset('offset=40'), offset('offset=-20'), offset('offset=abc'), offset('offset=20.5')]).toEqual([0, 40, 0, 0, 20]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        const params = new URLSearchParams({ page: text, offset: text });
        expect(Number.isInteger(pageOf(params)) && pageOf(params) >= 1).toBe(true);
        expect(Number.isInteger(offsetOf(params)) && offsetOf(params) >= 0).toBe(true);
      }),
    );
  });

  it('moves the pager with every filter kept', () => {
    const params = new URLSearchParams('q=bus&country=FI&page=2');
    const next = withParam(params, 'page', 3);
    expect(next.toString()).toBe('q=bus&country=FI&page=3');
    expect(params.get('page')).toBe('2');
  });
});

describe('withWords', () => {
  it('puts the corrected words in the address, keeps the filters and goes back to the first page', () => {
    expect(withWords('?q=verokotrti&domain=tax&page=3', 'verokortti')).toBe('q=verokortti&domain=tax');
    expect(withWords('?offset=40&q=x', 'a b')).toBe('q=a+b');
  });
});
