/**
 * The action plan's tree (`/actions`) from the roadmap's one answer rather than page after page of
 * `/api/actions`: the roadmap has every action the tree shows (title, state, progress, period,
 * overdue, lead), in tree order, which becomes each row's position among its siblings.
 */
import type { ActionState } from '../../../../shared/actions.ts';
import type { LocalizedTextValue } from '../../../../shared/localized.ts';

/** What a line of the plan shows; a summary of `/api/actions` has all of it too. */
export interface PlanRow {
  id: string;
  ref: string;
  parentId: string | null;
  position: number;
  title: LocalizedTextValue;
  state: ActionState;
  progress: number;
  overdue: boolean;
  isDemo: boolean;
  startsOn: string;
  endsOn: string;
  lead: { name: LocalizedTextValue } | null;
}

interface RoadmapShape {
  bars: readonly { id: string; ref: string; parentId: string | null; title: LocalizedTextValue; state: ActionState; progress: number; overdue: boolean; isDemo: boolean; startsOn: string; endsOn: string; leadId: string | null }[];
  institutions: readonly { id: string; name: LocalizedTextValue }[];
}

export function planRows(roadmap: RoadmapShape): PlanRow[] {
  const institutions = new Map(roadmap.institutions.map((institution) => [institution.id, institution]));
  return roadmap.bars.map((bar, position) => ({
    id: bar.id,
    ref: bar.ref,
    parentId: bar.parentId,
    position,
    title: bar.title,
    state: bar.state,
    progress: bar.progress,
    overdue: bar.overdue,
    isDemo: bar.isDemo,
    startsOn: bar.startsOn,
    endsOn: bar.endsOn,
    lead: (bar.leadId && institutions.get(bar.leadId)) || null,
  }));
}
