import { describe, expect, it } from 'vitest';
import { ARROW_STUB, arrowPath, dayNumber, dayOf, daysInQuarter, isLeapYear, layoutRoadmap, quarterOf, quarterScale, quarterStart, type Geometry } from './roadmapLayout.ts';

const G: Geometry = { quarterWidth: 100, header: 40, row: 30, bar: 16, tail: 50 };

describe('days and quarters', () => {
  it('counts days in UTC, both ways', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-03-29') - dayNumber('2026-03-28')).toBe(1); // the spring clock change is no shorter day
    expect(dayOf(dayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(dayOf(dayNumber('2027-12-31') + 1)).toBe('2028-01-01');
  });

  it('knows leap years, the century rule included', () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2026, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('gives each day its quarter and each quarter its first day, across years', () => {
    expect(quarterOf('2026-01-01')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterStart(2026, 3)).toBe('2026-07-01');
    expect(quarterStart(2026, 5)).toBe('2027-01-01');
    expect(quarterStart(2026, 0)).toBe('2025-10-01');
  });

  it('has 90 days in a common first quarter, 91 in a leap one, 91 in the second and 92 in the third and fourth', () => {
    expect(daysInQuarter(2026, 1)).toBe(90);
    expect(daysInQuarter(2028, 1)).toBe(91);
    expect(daysInQuarter(2100, 1)).toBe(90);
    expect(daysInQuarter(2026, 2)).toBe(91);
    expect(daysInQuarter(2026, 3)).toBe(92);
    expect(daysInQuarter(2026, 4)).toBe(92);
  });
});

describe('the quarter scale', () => {
  const scale = quarterScale('2026-02-10', '2028-04-15', 100);

  it('runs from the first day of the first quarter to the last day of the last, whole quarters of equal width', () => {
    expect(scale.quarters.map((q) => `${q.year}Q${q.quarter}`)).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4', '2027Q1', '2027Q2', '2027Q3', '2027Q4', '2028Q1', '2028Q2']);
    expect(scale.quarters.map((q) => q.x)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(scale.width).toBe(1000);
    expect(scale.years).toEqual([
      { year: 2026, x: 0, width: 400 },
      { year: 2027, x: 400, width: 400 },
      { year: 2028, x: 800, width: 200 },
    ]);
  });

  it('puts a quarter boundary exactly on its line, and a day by its share of its own quarter', () => {
    expect(scale.x('2026-01-01')).toBe(0);
    expect(scale.x('2026-04-01')).toBe(100);
    expect(scale.xEnd('2026-03-31')).toBe(100);
    expect(scale.x('2028-01-01')).toBe(800);
    // 29 February 2028 is day 59 of a 91-day quarter; 1 March 2028 day 60.
    expect(scale.x('2028-02-29')).toBeCloseTo(800 + (59 / 91) * 100, 10);
    expect(scale.xEnd('2028-02-29')).toBeCloseTo(800 + (60 / 91) * 100, 10);
    expect(scale.x('2028-03-31') - scale.x('2028-03-30')).toBeCloseTo(100 / 91, 10);
    expect(scale.x('2027-03-31') - scale.x('2027-03-30')).toBeCloseTo(100 / 90, 10);
    expect(scale.x('2026-08-16')).toBeCloseTo(200 + (46 / 92) * 100, 10);
  });

  it('clips days outside it to its edges', () => {
    expect(scale.x('2025-06-01')).toBe(0);
    expect(scale.x('2028-07-01')).toBe(1000);
    expect(scale.xEnd('2028-06-30')).toBe(1000);
    expect(scale.xEnd('2031-01-01')).toBe(1000);
  });

  it('is one quarter when the span is one day', () => {
    const one = quarterScale('2027-05-05', '2027-05-05', 60);
    expect(one.quarters).toHaveLength(1);
    expect(one.width).toBe(60);
  });
});

describe('arrow paths', () => {
  it('go out right, down and in when the successor starts well after the predecessor ends', () => {
    expect(arrowPath(100, 55, 150, 115, 30)).toBe(`M100 55H${100 + ARROW_STUB}V115H150`);
  });

  it('go round between the rows when the successor starts too close to the end, upwards as downwards', () => {
    expect(arrowPath(100, 55, 104, 115, 30)).toBe(`M100 55H108V100H${104 - ARROW_STUB}V115H104`);
    // Just past the turn there is no room for the arrowhead's straight run in: round as well.
    expect(arrowPath(100, 55, 112, 115, 30)).toBe(`M100 55H108V100H${112 - ARROW_STUB}V115H112`);
    expect(arrowPath(100, 55, 116, 115, 30)).toBe('M100 55H108V115H116');
    expect(arrowPath(100, 115, 50, 55, 30)).toBe(`M100 115H108V70H${50 - ARROW_STUB}V55H50`);
  });
});

describe('the layout', () => {
  const bars = [
    { id: 'theme', parentId: null, startsOn: '2026-01-01', endsOn: '2027-12-31', progress: 40 },
    { id: 'a', parentId: 'theme', startsOn: '2026-01-01', endsOn: '2026-06-30', progress: 100 },
    { id: 'b', parentId: 'theme', startsOn: '2026-07-01', endsOn: '2027-03-31', progress: 25 },
    { id: 'orphan', parentId: 'filtered-out', startsOn: '2027-04-01', endsOn: '2027-12-31', progress: 0 },
  ];
  const layout = layoutRoadmap(
    {
      bars,
      milestones: [
        { id: 'm1', actionId: 'a', dueOn: '2026-03-31' },
        { id: 'm2', actionId: 'gone', dueOn: '2026-03-31' },
      ],
      dependencies: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'missing' },
      ],
      today: '2026-12-04',
      from: '2026-01-01',
      to: '2027-12-31',
    },
    G,
  );

  it('places each bar in its row from the start of its first day to the end of its last, progress as a share of it', () => {
    const [theme, a, b] = layout.bars;
    expect(theme).toMatchObject({ index: 0, top: 40, mid: 55, x: 0, width: 800, progressWidth: 320, depth: 0, outside: null, cutStart: false, cutEnd: false });
    expect(a).toMatchObject({ index: 1, top: 70, mid: 85, x: 0, width: 200, progressWidth: 200, depth: 1 });
    expect(b).toMatchObject({ index: 2, top: 100, x: 200, width: 300, progressWidth: 75, depth: 1 });
    expect(layout.width).toBe(800 + G.tail);
    expect(layout.height).toBe(40 + 4 * 30);
  });

  it('indents by the depth among the bars shown: a bar whose parent is filtered out starts a tree', () => {
    expect(layout.bars[3]!.depth).toBe(0);
  });

  it('puts a milestone on its bar, in the middle of its due day, and leaves out one of a bar not shown', () => {
    expect(layout.milestones).toHaveLength(1);
    expect(layout.milestones[0]!.y).toBe(85);
    expect(layout.milestones[0]!.x).toBeCloseTo(100 - 100 / 90 / 2, 10);
  });

  it('draws a dependency from the predecessor\'s end to the successor\'s start, and none to a bar not shown', () => {
    expect(layout.arrows).toHaveLength(1);
    const [arrow] = layout.arrows;
    expect(arrow!.start).toEqual({ x: 200, y: 85 });
    expect(arrow!.end).toEqual({ x: 200, y: 115 });
    expect(arrow!.d.startsWith('M200 85H208')).toBe(true);
    expect(arrow!.d.endsWith('V115H200')).toBe(true);
  });

  it('draws today where it falls, and no line when it is outside', () => {
    expect(layout.todayX).toBeCloseTo(300 + (dayNumber('2026-12-04') - dayNumber('2026-10-01')) / 92 * 100, 10);
    const later = layoutRoadmap({ bars, milestones: [], dependencies: [], today: '2031-01-01', from: '2026-01-01', to: '2027-12-31' }, G);
    expect(later.todayX).toBeNull();
  });

  it('clips bars to a narrower window: cut at its edges, or a row without a bar when wholly outside', () => {
    const narrow = layoutRoadmap(
      { bars, milestones: [{ id: 'm1', actionId: 'a', dueOn: '2026-03-31' }], dependencies: [{ from: 'a', to: 'b' }, { from: 'theme', to: 'orphan' }], today: '2026-12-04', from: '2026-07-01', to: '2026-12-31' },
      G,
    );
    const [theme, a, b, orphan] = narrow.bars;
    expect(theme).toMatchObject({ x: 0, width: 200, cutStart: true, cutEnd: true, outside: null });
    expect(a).toMatchObject({ width: 0, outside: 'before' });
    expect(b).toMatchObject({ x: 0, width: 200, cutStart: false, cutEnd: true });
    expect(orphan).toMatchObject({ width: 0, outside: 'after' });
    expect(narrow.milestones).toEqual([]);
    expect(narrow.arrows).toEqual([]);
    expect(narrow.width).toBe(200 + G.tail);
  });
});
