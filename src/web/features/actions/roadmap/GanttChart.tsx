import { memo, useCallback, type ReactNode, useId, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ACTION_STATES, type ActionState } from '../../../../shared/actions.ts';
import { LocalizedText } from '../../../components/LocalizedText.tsx';
import { useDates } from '../../../components/useDates.ts';
import { followInApp, Said, type BarText } from './RowText.tsx';
import { layoutRoadmap, SCALES, type BarBox, type Geometry, type RoadmapLayout, type ScaleName } from './roadmapLayout.ts';
import type { Roadmap, RoadmapBar } from './RoadmapFilters.tsx';

type Milestone = Roadmap['milestones'][number];

/** How a milestone is drawn: met (filled), to come (hollow) or past due (with an exclamation mark). */
export type MilestoneKind = 'done' | 'open' | 'overdue';
export const milestoneKind = (m: { doneOn: string | null; overdue: boolean }): MilestoneKind => (m.doneOn ? 'done' : m.overdue ? 'overdue' : 'open');

/** Rows a Page Up or Page Down moves. */
const PAGE_ROWS = 10;
/** The stylesheet's phone width, where the action column is narrow. */
const NARROW_SCREEN = '(max-width: 40em)';
const NARROW_ROW = 76;

/** Whether the window matches `query`, following changes of its size. */
function useMatchMedia(query: string): boolean {
  const subscribe = useCallback(
    (changed: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}

/**
 * The roadmap as a Gantt chart: a column of action links (sticky at the left of the chart's own
 * scroll region) beside one SVG of bars by quarter. The links are the chart's keyboard: one is in
 * the tab order (a roving tab stop), the arrow keys move between rows, Enter opens the action.
 * The SVG is hidden from screen readers; the links say what each bar shows, and the table after
 * the chart holds every figure. Hovering or focusing a row shows its details beside its bar.
 */
export function GanttChart({ roadmap, texts, scale, tableId }: { roadmap: Roadmap; texts: BarText[]; scale: ScaleName; tableId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const narrow = useMatchMedia(NARROW_SCREEN);
  // On a phone a row is taller, so the action column's title and state can take two lines each.
  const geometry = useMemo(() => (narrow ? { ...SCALES[scale], row: NARROW_ROW } : SCALES[scale]), [narrow, scale]);
  // useId's form differs by React version (:r0:, «r0», _R_0_): keep what is safe in url(#…).
  const prefix = `gantt-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const layout = useMemo(
    () => layoutRoadmap({ bars: roadmap.bars, milestones: roadmap.milestones, dependencies: roadmap.dependencies, today: roadmap.today, from: roadmap.from ?? roadmap.today, to: roadmap.to ?? roadmap.today }, geometry),
    [roadmap, geometry],
  );
  const milestonesOf = useMemo(() => {
    const of = new Map<string, Milestone[]>();
    for (const m of roadmap.milestones) of.set(m.actionId, [...(of.get(m.actionId) ?? []), m]);
    return of;
  }, [roadmap.milestones]);
  const overdue = t('actions:overdue');
  const follow = useMemo(() => followInApp(navigate), [navigate]);
  const [tabbable, setTabbable] = useState(0);
  const [active, setActive] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const labelsRef = useRef<HTMLDivElement>(null);
  const count = roadmap.bars.length;
  const tab = Math.min(tabbable, count - 1);

  const focusRow = useCallback((index: number) => {
    listRef.current?.querySelector<HTMLAnchorElement>(`a[data-index="${index}"]`)?.focus();
  }, []);

  /** Brings a focused row's bar into the chart's view when it lies beyond the visible quarters. */
  const revealBar = useCallback(
    (box: BarBox) => {
      const region = scrollRef.current;
      if (!region || box.outside) return;
      const labels = labelsRef.current?.offsetWidth ?? 0;
      const visible = region.clientWidth - labels;
      if (box.x < region.scrollLeft || box.x > region.scrollLeft + visible - 48) region.scrollLeft = Math.max(0, box.x - 16);
    },
    [],
  );

  const onFocus = useCallback(
    (event: FocusEvent<HTMLOListElement>) => {
      const index = Number((event.target as HTMLElement).dataset.index);
      if (!Number.isInteger(index)) return;
      setTabbable(index);
      setActive(index);
      revealBar(layout.bars[index]!);
    },
    [layout, revealBar],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const index = Number((event.target as HTMLElement).dataset.index);
    if (event.key === 'Escape') {
      setActive(null);
      return;
    }
    if (!Number.isInteger(index)) return;
    const to: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1, PageDown: index + PAGE_ROWS, PageUp: index - PAGE_ROWS };
    if (event.key in to) {
      event.preventDefault();
      focusRow(Math.max(0, Math.min(count - 1, to[event.key]!)));
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      scrollRef.current?.scrollBy({ left: (event.key === 'ArrowRight' ? 1 : -1) * geometry.quarterWidth });
    }
  };

  /** The row under the pointer, from its height in the drawing (no element per row needed). */
  const rowAt = (event: MouseEvent<SVGSVGElement>) => {
    const index = Math.floor((event.clientY - event.currentTarget.getBoundingClientRect().top - geometry.header) / geometry.row);
    return index >= 0 && index < count ? index : null;
  };
  const onPointer = (event: MouseEvent<SVGSVGElement>) => {
    const index = rowAt(event);
    if (index !== active && index !== null) setActive(index);
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const index = rowAt(event);
    if (index === null || event.button !== 0) return;
    const href = `/actions/${roadmap.bars[index]!.ref}`;
    if (event.metaKey || event.ctrlKey || event.shiftKey) window.open(href, '_blank', 'noopener');
    else void navigate(href);
  };
  const onListPointer = (event: MouseEvent<HTMLOListElement>) => {
    const index = Number((event.target as HTMLElement).closest<HTMLElement>('[data-row]')?.dataset.row);
    if (Number.isInteger(index) && index !== active) setActive(index);
  };

  const style = { '--gantt-row': `${geometry.row}px`, '--gantt-header': `${geometry.header}px` } as CSSProperties;
  return (
    <figure className={narrow ? 'gantt gantt--narrow' : 'gantt'} style={style} onMouseLeave={() => setActive(null)} onKeyDown={(event) => event.key === 'Escape' && setActive(null)}>
      <div className="gantt__scroll" ref={scrollRef} role="region" aria-label={t('roadmap:gantt.region')}>
        <div className="gantt__inner">
          <div className="gantt__labels" ref={labelsRef}>
            <div className="gantt__corner" aria-hidden="true">
              {t('roadmap:gantt.action')}
            </div>
            <ol className="gantt__rows" ref={listRef} aria-label={t('roadmap:gantt.rows')} onFocus={onFocus} onKeyDown={onKeyDown} onMouseOver={onListPointer} onClick={follow}>
              {roadmap.bars.map((bar, index) => (
                <LabelRow key={bar.id} bar={bar} text={texts[index]!} index={index} depth={layout.bars[index]!.depth} tabbable={index === tab} overdue={overdue} />
              ))}
            </ol>
          </div>
          <svg className="gantt__svg" width={layout.width} height={layout.height} aria-hidden="true" focusable="false" onMouseMove={onPointer} onClick={onClick}>
            <Patterns prefix={prefix} />
            {active !== null && <rect className="gantt__band" x={0} y={layout.bars[active]!.top} width={layout.width} height={geometry.row} />}
            <Drawing layout={layout} roadmap={roadmap} texts={texts} geometry={geometry} prefix={prefix} />
          </svg>
          {active !== null && <Details bar={roadmap.bars[active]!} text={texts[active]!} box={layout.bars[active]!} milestones={milestonesOf.get(roadmap.bars[active]!.id) ?? []} geometry={geometry} rows={count} scroll={scrollRef.current} labels={labelsRef.current} />}
        </div>
      </div>
      <figcaption>
        <p>
          {t('roadmap:gantt.caption')} <a href={`#${tableId}`}>{t('roadmap:gantt.toTable')}</a>
        </p>
        <p className="muted">{t('roadmap:gantt.keys')}</p>
        <Legend prefix={prefix} />
      </figcaption>
    </figure>
  );
}

/**
 * One row's link: title, state, "overdue" in words and the reference, and (for screen readers)
 * the progress and period the bar draws. A plain link, its texts prepared by the chart: no hook
 * per row, and memoised, so moving the tab stop re-renders two rows, not all.
 */
const LabelRow = memo(function LabelRow({ bar, text, index, depth, tabbable, overdue }: { bar: RoadmapBar; text: BarText; index: number; depth: number; tabbable: boolean; overdue: string }) {
  return (
    <li className="gantt__row" data-row={index}>
      <a href={`/actions/${bar.ref}`} className="gantt__link" data-index={index} tabIndex={tabbable ? 0 : -1} style={depth ? ({ '--depth': depth } as CSSProperties) : undefined}>
        <span className="gantt__title">
          <Said text={text.title} />
        </span>
        {/* The state first: on a phone the reference is what a cut line loses. */}
        <span className="gantt__meta">
          {text.state}
          {bar.overdue && (
            <>
              {' · '}
              <span className="gantt__overdue">
                <span aria-hidden="true">⚠ </span>
                {overdue}
              </span>
            </>
          )}
          {' · '}
          <span className="nowrap">{bar.ref}</span>
        </span>
        <span className="visually-hidden">
          {', '}
          {text.progressDone}, {text.starts} – {text.ends}
        </span>
      </a>
    </li>
  );
});

/** The fills that tell states apart without colour: dashed outline (planned), stripes (delayed), cross-hatch (dropped). */
function Patterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern id={`${prefix}-delayed`} className="gantt__pattern gantt__pattern--delayed" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
        <rect width="8" height="8" />
        <path d="M0 0V8" />
      </pattern>
      <pattern id={`${prefix}-dropped`} className="gantt__pattern gantt__pattern--dropped" patternUnits="userSpaceOnUse" width="8" height="8">
        <rect width="8" height="8" />
        <path d="M0 0L8 8M8 0L0 8" />
      </pattern>
      <marker id={`${prefix}-arrow`} className="gantt__arrowhead" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
        <path d="M0 0L8 4L0 8z" />
      </marker>
    </defs>
  );
}

/** What each mark means: the states' fills, the progress strip, milestones, arrows, today. */
function Legend({ prefix }: { prefix: string }) {
  const { t } = useTranslation();
  const swatch = (children: ReactNode) => (
    <svg className="gantt__swatch" width="32" height="18" viewBox="0 0 32 18" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
  return (
    <>
      <p className="gantt__legend-title">{t('roadmap:legend.title')}</p>
      <ul className="gantt__legend">
        {ACTION_STATES.map((state) => (
          <li key={state}>
            {swatch(
              <>
                <rect className={`gantt__bar gantt__bar--${state}`} x="1" y="3" width="30" height="12" fill={fillOf(state, prefix)} />
                {state === 'dropped' && <path className="gantt__strike" d="M1 9H31" />}
              </>,
            )}
            {t(`actions:state.${state}`)}
          </li>
        ))}
        <li>
          {swatch(
            <>
              <rect className="gantt__bar gantt__bar--ongoing" x="1" y="3" width="30" height="12" />
              <rect className="gantt__progress" x="1" y="10" width="18" height="5" />
            </>,
          )}
          {t('roadmap:legend.progress')}
        </li>
        {(['open', 'done', 'overdue'] as const).map((kind) => (
          <li key={kind}>
            {swatch(<MilestoneMark x={16} y={9} kind={kind} />)}
            {t(`roadmap:legend.milestone.${kind}`)}
          </li>
        ))}
        <li>
          {swatch(
            <g className="gantt__late">
              <path d="M16 2L23 15H9Z" />
              <text x="16" y="14" textAnchor="middle">
                !
              </text>
            </g>,
          )}
          {t('actions:overdue')}
        </li>
        <li>
          {swatch(
            <g className="gantt__deps">
              <path d="M1 4H8V14H29" markerEnd={`url(#${prefix}-arrow)`} />
            </g>,
          )}
          {t('roadmap:legend.dependency')}
        </li>
        <li>
          {swatch(
            <g className="gantt__today">
              <path d="M16 0V18" />
            </g>,
          )}
          {t('roadmap:gantt.today')}
        </li>
      </ul>
    </>
  );
}

/** The fill of a state's bar: a pattern where the state has one, else the stylesheet's colour. */
const fillOf = (state: ActionState, prefix: string) => (state === 'delayed' || state === 'dropped' ? `url(#${prefix}-${state})` : undefined);

/**
 * Everything drawn that does not follow the pointer or focus: grid, header, today, arrows, bars,
 * milestones. Memoised on the layout, so hovering re-renders only the highlight and the details.
 */
const Drawing = memo(function Drawing({ layout, roadmap, texts, geometry, prefix }: { layout: RoadmapLayout; roadmap: Roadmap; texts: BarText[]; geometry: Geometry; prefix: string }) {
  const { t } = useTranslation();
  const compact = geometry.quarterWidth < 80;
  const bottom = layout.height;
  const quarterLines = layout.scale.quarters.map((q) => `M${q.x} ${geometry.header / 2}V${bottom}`).join('');
  const yearLines = layout.scale.years.map((y) => `M${y.x} 0V${bottom}`).join('') + `M${layout.scale.width} 0V${bottom}`;
  const marks = sharedMarks(layout, roadmap, geometry);
  return (
    <>
      <g className="gantt__header">
        <rect className="gantt__header-bg" width={layout.width} height={geometry.header} />
        {layout.scale.years.map((y) => (
          <text key={y.year} x={y.x + 6} y={geometry.header / 2 - 7} className="gantt__year">
            {y.year}
          </text>
        ))}
        {layout.scale.quarters.map((q) => (
          <text key={q.start} x={q.x + q.width / 2} y={geometry.header - 8} textAnchor="middle" className={compact ? 'gantt__quarter gantt__quarter--compact' : 'gantt__quarter'}>
            {t(compact ? 'roadmap:gantt.quarterShort' : 'roadmap:gantt.quarter', { n: q.quarter })}
          </text>
        ))}
      </g>
      <path className="gantt__grid gantt__grid--quarter" d={quarterLines} />
      <path className="gantt__grid gantt__grid--year" d={yearLines} />
      <path className="gantt__grid gantt__grid--head" d={`M0 ${geometry.header}H${layout.scale.width}`} />
      {layout.todayX !== null && (
        <g className="gantt__today">
          <path d={`M${layout.todayX} 0V${bottom}`} />
          {/* Beside the line, on the side where no year's number stands. */}
          <text {...(layout.scale.years.some((y) => y.x >= layout.todayX! && y.x < layout.todayX! + 50) ? { x: layout.todayX - 4, textAnchor: 'end' } : { x: layout.todayX + 4 })} y={geometry.header / 2 - 7}>
            {t('roadmap:gantt.today')}
          </text>
        </g>
      )}
      {/* One element per bar (its track) and per figure; the marks of many bars share a path each, so 500 bars stay a few thousand nodes. */}
      <g className="gantt__bars">
        {layout.bars.map((box, index) =>
          box.outside ? null : (
            <rect key={box.id} className={`gantt__bar gantt__bar--${roadmap.bars[index]!.state}`} x={box.x} y={box.mid - geometry.bar / 2} width={box.width} height={geometry.bar} fill={fillOf(roadmap.bars[index]!.state, prefix)} />
          ),
        )}
      </g>
      <path className="gantt__progress" d={marks.progress} />
      <path className="gantt__progress gantt__progress--done" d={marks.doneProgress} />
      <path className="gantt__strike" d={marks.strikes} />
      <g className="gantt__late">
        <path d={marks.late} />
        {marks.lateAt.map(([x, y]) => (
          <text key={`${x} ${y}`} x={x} y={y} textAnchor="middle">
            !
          </text>
        ))}
      </g>
      <g className="gantt__percents">
        {layout.bars.map((box, index) => {
          const bar = roadmap.bars[index]!;
          if (box.outside) return null;
          return (
            <text key={box.id} x={box.x + box.width + 6 + (bar.overdue ? 18 : 0)} y={box.mid} dominantBaseline="central">
              {texts[index]!.percent}
            </text>
          );
        })}
      </g>
      <g className="gantt__deps">
        {layout.arrows.map((arrow) => (
          <path key={`${arrow.from}-${arrow.to}`} d={arrow.d} markerEnd={`url(#${prefix}-arrow)`} data-from={arrow.from} data-to={arrow.to} />
        ))}
      </g>
      <g className="gantt__milestones">
        {(['open', 'done', 'overdue'] as const).map((kind) => (
          <g key={kind} className={`gantt__milestone gantt__milestone--${kind}`}>
            <path d={marks.milestones[kind]} />
            {kind === 'overdue' &&
              marks.overdueAt.map(([x, y]) => (
                <text key={`${x} ${y}`} x={x} y={y + 4} textAnchor="middle">
                  !
                </text>
              ))}
          </g>
        ))}
      </g>
    </>
  );
});

/** A diamond's outline around (x, y): bigger when past due, to hold its exclamation mark. */
const diamond = (x: number, y: number, kind: MilestoneKind) => {
  const r = kind === 'overdue' ? 8 : 6;
  return `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`;
};

/** The marks many bars share, each kind as one path: progress strips, strikes, "late" triangles, milestones by kind. */
function sharedMarks(layout: RoadmapLayout, roadmap: Roadmap, geometry: Geometry) {
  let progress = '';
  let doneProgress = '';
  let strikes = '';
  let late = '';
  const lateAt: [number, number][] = [];
  layout.bars.forEach((box, index) => {
    const bar = roadmap.bars[index]!;
    if (box.outside) return;
    if (box.progressWidth > 0) {
      const strip = `M${box.x} ${box.mid + geometry.bar / 2 - 5}h${box.progressWidth}v5h${-box.progressWidth}Z`;
      if (bar.state === 'done') doneProgress += strip;
      else progress += strip;
    }
    if (bar.state === 'dropped') strikes += `M${box.x} ${box.mid}H${box.x + box.width}`;
    if (bar.overdue) {
      const after = box.x + box.width + 6;
      late += `M${after + 7} ${box.mid - 7}L${after + 14} ${box.mid + 6}H${after}Z`;
      lateAt.push([after + 7, box.mid + 5]);
    }
  });
  const kinds = new Map(roadmap.milestones.map((m) => [m.id, milestoneKind(m)]));
  const milestones: Record<MilestoneKind, string> = { open: '', done: '', overdue: '' };
  const overdueAt: [number, number][] = [];
  for (const m of layout.milestones) {
    const kind = kinds.get(m.id) ?? 'open';
    milestones[kind] += diamond(m.x, m.y, kind);
    if (kind === 'overdue') overdueAt.push([m.x, m.y]);
  }
  return { progress, doneProgress, strikes, late, lateAt, milestones, overdueAt };
}

/** A diamond: filled when met, hollow when to come, with an exclamation mark when past due. */
export function MilestoneMark({ x, y, kind }: { x: number; y: number; kind: MilestoneKind }) {
  return (
    <g className={`gantt__milestone gantt__milestone--${kind}`}>
      <path d={diamond(x, y, kind)} />
      {kind === 'overdue' && (
        <text x={x} y={y + 4} textAnchor="middle">
          !
        </text>
      )}
    </g>
  );
}

/**
 * A row's details beside its bar (below it, or above it in the lower half of the chart): in the
 * chart's scrolled content, so it moves with its bar, and within the part of the chart in view.
 * It stays while the pointer moves onto it, and Escape closes it (WCAG 1.4.13).
 */
function Details({ bar, text, box, milestones, geometry, rows, scroll, labels }: { bar: RoadmapBar; text: BarText; box: BarBox; milestones: Milestone[]; geometry: Geometry; rows: number; scroll: HTMLDivElement | null; labels: HTMLDivElement | null }) {
  const { t } = useTranslation();
  const { day } = useDates();
  const labelWidth = labels?.offsetWidth ?? 0;
  const viewLeft = (scroll?.scrollLeft ?? 0) + labelWidth;
  const viewWidth = (scroll?.clientWidth ?? 600) - labelWidth;
  const width = Math.max(200, Math.min(320, viewWidth - 8));
  const left = Math.max(viewLeft + 4, Math.min(labelWidth + box.x, viewLeft + viewWidth - width - 4));
  const below = box.index < rows / 2 || rows < 6;
  const style: CSSProperties = below ? { left, width, top: box.top + geometry.row } : { left, width, top: box.top, transform: 'translateY(-100%)' };
  return (
    <div className="gantt__details" style={style}>
      <p className="gantt__details-title">
        <Said text={text.title} />
      </p>
      <p>
        {bar.ref} · {text.state}
        {bar.overdue && ` · ${t('actions:overdue')}`}
      </p>
      <p>
        {text.starts} – {text.ends} · {text.progressDone}
      </p>
      {text.lead && (
        <p>
          {t('roadmap:details.lead')} <Said text={text.lead} />
        </p>
      )}
      {milestones.length > 0 ? (
        <ul className="gantt__details-milestones">
          {milestones.map((m) => {
            const kind = milestoneKind(m);
            return (
              <li key={m.id}>
                <span aria-hidden="true">{kind === 'done' ? '◆' : kind === 'overdue' ? '◇!' : '◇'} </span>
                <LocalizedText value={m.title} /> – {kind === 'done' ? t('roadmap:details.met', { day: day(m.doneOn) }) : kind === 'overdue' ? t('roadmap:details.pastDue', { day: day(m.dueOn) }) : t('roadmap:details.due', { day: day(m.dueOn) })}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('roadmap:details.noMilestones')}</p>
      )}
    </div>
  );
}
