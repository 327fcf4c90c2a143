import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtersInUse, pageCount, pageNumbers, pageSizeOf, withoutFilter, withPageNumber, withPageSize } from './pagination.ts';

describe('page numbers', () => {
  it('shows every page of a short list, with no gap', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(2, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(1, 5)).toEqual([1, 2, 'gap', 5]);
  });

  it('keeps the first, the last and the neighbours of the current page, with gaps between', () => {
    expect(pageNumbers(1, 10)).toEqual([1, 2, 'gap', 10]);
    expect(pageNumbers(5, 10)).toEqual([1, 'gap', 4, 5, 6, 'gap', 10]);
    expect(pageNumbers(10, 10)).toEqual([1, 'gap', 9, 10]);
    expect(pageNumbers(9, 10)).toEqual([1, 'gap', 8, 9, 10]);
  });

  it('shows a single left-out page instead of a gap', () => {
    expect(pageNumbers(4, 10)).toEqual([1, 2, 3, 4, 5, 'gap', 10]);
    expect(pageNumbers(3, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('for any list: in order, from 1 to the last, the current page in it, a gap standing for two or more pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }).chain((pages) => fc.tuple(fc.constant(pages), fc.integer({ min: 1, max: pages }))), ([pages, current]) => {
        const marks = pageNumbers(current, pages);
        const numbers = marks.filter((m): m is number => m !== 'gap');
        expect(numbers[0]).toBe(1);
        expect(numbers.at(-1)).toBe(pages);
        expect(numbers).toContain(current);
        expect(marks.length).toBeLessThanOrEqual(7);
        marks.forEach((mark, i) => {
          if (mark === 'gap') {
            const before = marks[i - 1] as number;
            const after = marks[i + 1] as number;
            expect(after - before).toBeGreaterThan(2);
          } else if (i > 0 && marks[i - 1] !== 'gap') expect(mark).toBe((marks[i - 1] as number) + 1);
        });
      }),
    );
  });

  it('counts at least one page', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
    expect(pageCount(101, 50)).toBe(3);
  });
});

describe('the page size in the address', () => {
  it('reads 10, 20, 50 or 100, and the default for anything else', () => {
    const size = (query: string) => pageSizeOf(new URLSearchParams(query));
    expect(size('size=10')).toBe(10);
    expect(size('size=50')).toBe(50);
    expect(size('size=100')).toBe(100);
    for (const bad of ['', 'size=', 'size=30', 'size=1000', 'size=-10', 'size=abc', 'size=50.5', 'size=1e9']) expect(size(bad), bad).toBe(20);
    expect(pageSizeOf(new URLSearchParams('size=7'), 50)).toBe(50);
  });

  it('writes a new size back on page one, keeping every filter, and leaves the default out', () => {
    const params = new URLSearchParams('q=ferry&domain=mobility&page=4&offset=60');
    expect(withPageSize(params, 50).toString()).toBe('q=ferry&domain=mobility&size=50');
    expect(withPageSize(new URLSearchParams('q=a&size=50'), 20).toString()).toBe('q=a');
    expect(withPageSize(params, 33).toString()).toBe('q=ferry&domain=mobility');
  });

  it('writes a page number keeping the filters and the size; page one has none', () => {
    const params = new URLSearchParams('q=ferry&size=50&page=3');
    expect(withPageNumber(params, 2).toString()).toBe('q=ferry&size=50&page=2');
    expect(withPageNumber(params, 1).toString()).toBe('q=ferry&size=50');
  });
});

describe('filters in use', () => {
  it('names each filter the address sets, with the address that removes only it (back on page one)', () => {
    const params = new URLSearchParams('q=ferry&theme=TRAN&theme=ENVI&sort=newest&page=2&size=50');
    const found = filtersInUse(params, ['q', 'theme', 'sort'], (key, value) => (key === 'sort' ? null : `${key}:${value}`));
    expect(found).toEqual([
      { key: 'q', label: 'q:ferry', without: 'theme=TRAN&theme=ENVI&sort=newest&size=50' },
      { key: 'theme', label: 'theme:TRAN', without: 'q=ferry&theme=ENVI&sort=newest&size=50' },
      { key: 'theme', label: 'theme:ENVI', without: 'q=ferry&theme=TRAN&sort=newest&size=50' },
    ]);
    expect(withoutFilter(params, 'theme').toString()).toBe('q=ferry&sort=newest&size=50');
  });
});
