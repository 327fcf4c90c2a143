import { useTranslation } from 'react-i18next';
import { ACTIVE_RUN_STATES, type RunState } from '../../../shared/catalog.ts';
import type { HarvestCounts, HarvestRunSummary } from '../../../shared/schemas/catalog.ts';
import { formatCount } from '../../components/numbers.ts';

export function isActiveRun(run: Pick<HarvestRunSummary, 'state'> | null | undefined): boolean {
  return Boolean(run && (ACTIVE_RUN_STATES as readonly RunState[]).includes(run.state));
}

/** A run's state as a badge; the word carries the meaning, the colour only repeats it. */
export function RunStateBadge({ state }: { state: RunState }) {
  const { t } = useTranslation();
  return <span className={`status status--run-${state}`}>{t(`harvest:state.${state}`)}</span>;
}

/** "996 read: 12 new, 3 changed, 980 unchanged, 0 withdrawn, 1 failed" in one line, for tables: the figures of the run page. */
export function useCountSummary() {
  const { t, i18n } = useTranslation();
  return (counts: HarvestCounts) =>
    t('harvest:counts.summary', {
      seen: formatCount(counts.seen, i18n.language),
      created: formatCount(counts.created, i18n.language),
      updated: formatCount(counts.updated, i18n.language),
      unchanged: formatCount(counts.unchanged, i18n.language),
      withdrawn: formatCount(counts.withdrawn, i18n.language),
      failed: formatCount(counts.failed, i18n.language),
    });
}

const COUNT_KEYS = ['seen', 'created', 'updated', 'unchanged', 'withdrawn', 'failed'] as const;

/** A run's counts as a definition list, for the run's own page. */
export function RunCounts({ counts }: { counts: HarvestCounts }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="facts-list run-counts">
      {COUNT_KEYS.map((key) => (
        <div key={key} className="run-counts__item">
          <dt>{t(`harvest:counts.${key}`)}</dt>
          <dd>{formatCount(counts[key], i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
