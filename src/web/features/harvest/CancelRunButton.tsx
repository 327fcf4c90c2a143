import { useTranslation } from 'react-i18next';
import type { HarvestRunSummary } from '../../../shared/schemas/catalog.ts';
import { api } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useSubmit } from '../../components/useSubmit.ts';
import { isActiveRun } from './labels.tsx';

/**
 * Cancels a queued or running run. The run ends as cancelled at once, keeping its counts; the
 * harvester working on it stops at its next check. Shown only while the run is active.
 */
export function CancelRunButton({ run, onCancelled }: { run: Pick<HarvestRunSummary, 'id' | 'sourceId' | 'state'>; onCancelled: () => void | Promise<unknown> }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async () => {
    await api.post('/api/harvest/sources/{id}/runs/{runId}/cancel', { path: { id: run.sourceId, runId: run.id } });
    await onCancelled();
  });
  if (!isActiveRun(run)) return null;
  return (
    <form onSubmit={onSubmit} className="run-now">
      <button type="submit" className="button button--small button--secondary" disabled={busy}>
        {t('harvest:cancelRun')}
      </button>
      <FormErrors error={error} />
    </form>
  );
}
