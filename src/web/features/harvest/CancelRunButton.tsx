import { useTranslation } from 'react-i18next';
import type { HarvestRunSummary } from '../../../shared/schemas/catalog.ts';
import { api } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useSubmit } from '../../components/useSubmit.ts';
import { isActiveRun } from './labels.tsx';

/**
 * Cancels a queued or running run. The run ends as cancelled at once, keeping its counts; the
 * worker on it stops at its next check. Shown only while the run is active.
 */
export function CancelRunButton({ run, onCancelled, cancel, ns = 'harvest' }: { run: Pick<HarvestRunSummary, 'id' | 'sourceId' | 'state'>; onCancelled: () => void | Promise<unknown>; cancel?: () => Promise<unknown>; ns?: 'harvest' | 'statistics' }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async () => {
    // Another kind of job (statistics) cancels its own runs; a harvest run by default.
    await (cancel ? cancel() : api.post('/api/harvest/sources/{id}/runs/{runId}/cancel', { path: { id: run.sourceId, runId: run.id } }));
    await onCancelled();
  });
  if (!isActiveRun(run)) return null;
  return (
    <form onSubmit={onSubmit} className="run-now">
      <button type="submit" className="button button--small button--secondary" disabled={busy}>
        {t(`${ns}:cancelRun`)}
      </button>
      <FormErrors error={error} />
    </form>
  );
}
