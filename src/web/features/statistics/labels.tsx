import { useTranslation } from 'react-i18next';
import type { StatCounts } from '../../../shared/schemas/statistics.ts';
import { formatCount } from '../../components/numbers.ts';

const COUNT_KEYS = ['seen', 'created', 'updated', 'unchanged', 'failed', 'cells', 'requests'] as const;

/** "Tables read: 12; new 1, revised 2, unchanged 9, failed 0" in one line, for the sources list. */
export function useStatCountSummary() {
  const { t, i18n } = useTranslation();
  return (counts: StatCounts) =>
    t('statistics:counts.summary', {
      seen: formatCount(counts.seen, i18n.language),
      created: formatCount(counts.created, i18n.language),
      updated: formatCount(counts.updated, i18n.language),
      unchanged: formatCount(counts.unchanged, i18n.language),
      failed: formatCount(counts.failed, i18n.language),
    });
}

/** An import's counts as a definition list, for the run's own page. */
export function StatRunCounts({ counts }: { counts: StatCounts }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="facts-list run-counts">
      {COUNT_KEYS.map((key) => (
        <div key={key} className="run-counts__item">
          <dt>{t(`statistics:counts.${key}`)}</dt>
          <dd>{formatCount(counts[key], i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}

type Readable = { url: string | null; file: { filename: string } | null };

/** Whether an import has something to read: an address or an uploaded file (the demo's tables were written without either). */
export const hasSomethingToRead = (source: Readable) => source.url !== null || source.file !== null;

/** Where a source reads from, in words: its address, its uploaded file, or nothing. */
export function useSourceAddress() {
  const { t } = useTranslation();
  return (source: Readable) => source.url ?? (source.file ? t('statistics:sources.uploaded', { filename: source.file.filename }) : t('statistics:sources.nothingToRead'));
}
