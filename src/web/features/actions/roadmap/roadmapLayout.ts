/**
 * The Gantt view's geometry as pure functions of the roadmap (issue 17 §4): a time scale by
 * quarter, each bar's box, each milestone's place, each finish-to-start arrow's path, the header's
 * years and quarters and the today line. The page only draws what this returns, so the maths can
 * be tested without a browser and computed once per answer and scale (memoised by the page).
 *
 * The scale gives every quarter the same width whatever its length (90 to 92 days): the header's
 * quarter lines are where people look, so a day is placed by its share of its own quarter. A bar
 * runs from the start of its first day to the end of its last (`endsOn` is inclusive).
 */

/** Days since 1970-01-01 of a `YYYY-MM-DD` day (UTC, so no time zone or summer time shifts it). */
export function dayNumber(day: string): number {
  return Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
}

/** The `YYYY-MM-DD` of a day number (the inverse of `dayNumber`). */
export function dayOf(number: number): string {
  return new Date(number * 86_400_000).toISOString().slice(0, 10);
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export interface QuarterId {
  year: number;
  /** 1 to 4. */
  quarter: number;
}

export function quarterOf(day: string): QuarterId {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

/** The first day of a quarter (quarters past the fourth or before the first roll into the next or previous year). */
export function quarterStart(year: number, quarter: number): string {
  const index = year * 4 + quarter - 1;
  const y = Math.floor(index / 4);
  const month = (index - y * 4) * 3 + 1;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** 90 or 91 days in the first quarter (a leap year's February), 91 in the second, 92 in the third and fourth. */
export function daysInQuarter(year: number, quarter: number): number {
  return dayNumber(quarterStart(year, quarter + 1)) - dayNumber(quarterStart(year, quarter));
}

export interface QuarterCell extends QuarterId {
  /** The quarter's first day. */
  start: string;
  x: number;
  width: number;
}

export interface YearCell {
  year: number;
  x: number;
  width: number;
}

export interface Scale {
  quarters: QuarterCell[];
  years: YearCell[];
  width: number;
  /** The x of the start of `day`; days before the scale are 0, days after it its width (clipped). */
  x(day: string): number;
  /** The x of the end of `day` (the start of the next day), clipped the same way. */
  xEnd(day: string): number;
}

/** Whole quarters from the one holding `from` to the one holding `to`, each `quarterWidth` wide. */
export function quarterScale(from: string, to: string, quarterWidth: number): Scale {
  const first = quarterOf(from);
  const last = quarterOf(to < from ? from : to);
  const count = (last.year - first.year) * 4 + last.quarter - first.quarter + 1;
  const quarters: QuarterCell[] = [];
  for (let i = 0; i < count; i++) {
    const start = quarterStart(first.year, first.quarter + i);
    quarters.push({ ...quarterOf(start), start, x: i * quarterWidth, width: quarterWidth });
  }
  const years: YearCell[] = [];
  for (const cell of quarters) {
    const year = years.at(-1);
    if (year && year.year === cell.year) year.width += cell.width;
    else years.push({ year: cell.year, x: cell.x, width: cell.width });
  }
  const width = count * quarterWidth;
  const firstDay = dayNumber(quarters[0]!.start);
  const x = (day: string) => {
    const number = dayNumber(day);
    if (number < firstDay) return 0;
    const { year, quarter } = quarterOf(day);
    const index = (year - first.year) * 4 + quarter - first.quarter;
    if (index >= count) return width;
    const share = (number - dayNumber(quarterStart(year, quarter))) / daysInQuarter(year, quarter);
    return index * quarterWidth + share * quarterWidth;
  };
  return { quarters, years, width, x, xEnd: (day) => x(dayOf(dayNumber(day) + 1)) };
}

/** What the layout needs of a bar (the API's RoadmapBar has more). */
export interface LayoutBar {
  id: string;
  parentId: string | null;
  startsOn: string;
  endsOn: string;
  progress: number;
}

export interface LayoutMilestone {
  id: string;
  actionId: string;
  dueOn: string;
}

export interface LayoutInput {
  bars: readonly LayoutBar[];
  milestones: readonly LayoutMilestone[];
  dependencies: readonly { from: string; to: string }[];
  today: string;
  /** The first and last day shown: the API's span of the bars, or a narrower window. */
  from: string;
  to: string;
}

export interface Geometry {
  quarterWidth: number;
  /** Height of the header (years and quarters) above the first row. */
  header: number;
  /** Height of a row; the bar sits in its middle. */
  row: number;
  bar: number;
  /** Room to the right of the last quarter for a bar's progress figure. */
  tail: number;
}

export const SCALES = {
  quarter: { quarterWidth: 120, header: 48, row: 44, bar: 20, tail: 56 },
  year: { quarterWidth: 36, header: 48, row: 44, bar: 20, tail: 56 },
} as const satisfies Record<string, Geometry>;
export type ScaleName = keyof typeof SCALES;

export interface BarBox {
  id: string;
  index: number;
  /** Depth among the bars shown: a bar whose parent is filtered out starts at 0. */
  depth: number;
  /** The row's top. */
  top: number;
  /** The bar's middle, where milestones and arrows meet it. */
  mid: number;
  x: number;
  width: number;
  progressWidth: number;
  /** The bar begins before the window or ends after it (drawn cut, with no rounded end there). */
  cutStart: boolean;
  cutEnd: boolean;
  /** Wholly before or after the window: a row without a bar. */
  outside: 'before' | 'after' | null;
}

export interface MilestoneMark {
  id: string;
  actionId: string;
  x: number;
  y: number;
}

export interface Arrow {
  from: string;
  to: string;
  /** Where the path starts (the predecessor's end) and ends (the successor's start). */
  start: { x: number; y: number };
  end: { x: number; y: number };
  d: string;
}

export interface RoadmapLayout {
  scale: Scale;
  bars: BarBox[];
  milestones: MilestoneMark[];
  arrows: Arrow[];
  /** The today line's x, or null when today is outside the window. */
  todayX: number | null;
  width: number;
  height: number;
}

/** How far an arrow leaves its predecessor before it turns, and comes in to its successor. */
export const ARROW_STUB = 8;

/**
 * A finish-to-start arrow from (x1, y1), the predecessor's end, to (x2, y2), the successor's
 * start: out to the right, down (or up) to the successor's row, in from the left. When the
 * successor starts too close to (or before) the predecessor's end for that, the path goes round:
 * down to between the rows, back left, then into the successor's row.
 */
export function arrowPath(x1: number, y1: number, x2: number, y2: number, rowHeight: number): string {
  const out = x1 + ARROW_STUB;
  if (x2 - ARROW_STUB >= out) return `M${x1} ${y1}H${out}V${y2}H${x2}`;
  const between = y2 + (y2 >= y1 ? -rowHeight / 2 : rowHeight / 2);
  return `M${x1} ${y1}H${out}V${between}H${x2 - ARROW_STUB}V${y2}H${x2}`;
}

/**
 * Each bar's depth among the bars shown, in their order (parents before children, as the API
 * gives them): a bar whose parent is filtered out starts at 0, so a filter never leaves a row
 * indented under nothing.
 */
export function depthsShown(bars: readonly { id: string; parentId: string | null }[]): number[] {
  const depthOf = new Map<string, number>();
  return bars.map((bar) => {
    const depth = bar.parentId !== null && depthOf.has(bar.parentId) ? depthOf.get(bar.parentId)! + 1 : 0;
    depthOf.set(bar.id, depth);
    return depth;
  });
}

/** Every box, mark and path of the chart, rows in the order given (the API's tree order). */
export function layoutRoadmap(input: LayoutInput, geometry: Geometry): RoadmapLayout {
  const scale = quarterScale(input.from, input.to, geometry.quarterWidth);
  const windowStart = dayNumber(scale.quarters[0]!.start);
  const lastQuarter = scale.quarters.at(-1)!;
  const lastDay = dayNumber(lastQuarter.start) + daysInQuarter(lastQuarter.year, lastQuarter.quarter) - 1;
  const depths = depthsShown(input.bars);
  const byId = new Map<string, BarBox>();
  const bars = input.bars.map((bar, index): BarBox => {
    const depth = depths[index]!;
    const top = geometry.header + index * geometry.row;
    const start = dayNumber(bar.startsOn);
    const end = dayNumber(bar.endsOn);
    const outside = end < windowStart ? 'before' : start > lastDay ? 'after' : null;
    const x = scale.x(bar.startsOn);
    const width = outside ? 0 : Math.max(2, scale.xEnd(bar.endsOn) - x);
    const box: BarBox = {
      id: bar.id,
      index,
      depth,
      top,
      mid: top + geometry.row / 2,
      x,
      width,
      progressWidth: (width * Math.max(0, Math.min(100, bar.progress))) / 100,
      cutStart: !outside && start < windowStart,
      cutEnd: !outside && end > lastDay,
      outside,
    };
    byId.set(bar.id, box);
    return box;
  });
  const milestones: MilestoneMark[] = [];
  for (const m of input.milestones) {
    const bar = byId.get(m.actionId);
    const day = dayNumber(m.dueOn);
    if (!bar || day < windowStart || day > lastDay) continue;
    // On the due day's middle, so a milestone due on a bar's last day sits inside its end.
    milestones.push({ id: m.id, actionId: m.actionId, x: (scale.x(m.dueOn) + scale.xEnd(m.dueOn)) / 2, y: bar.mid });
  }
  const arrows: Arrow[] = [];
  for (const dependency of input.dependencies) {
    const from = byId.get(dependency.from);
    const to = byId.get(dependency.to);
    if (!from || !to || from.outside || to.outside) continue;
    const start = { x: from.x + from.width, y: from.mid };
    const end = { x: to.x, y: to.mid };
    arrows.push({ from: dependency.from, to: dependency.to, start, end, d: arrowPath(start.x, start.y, end.x, end.y, geometry.row) });
  }
  const today = dayNumber(input.today);
  return {
    scale,
    bars,
    milestones,
    arrows,
    todayX: today >= windowStart && today <= lastDay ? scale.x(input.today) : null,
    width: scale.width + geometry.tail,
    height: geometry.header + bars.length * geometry.row,
  };
}
