import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HarvestRunSummary } from '../../../shared/schemas/catalog.ts';
import { api } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useSubmit } from '../../components/useSubmit.ts';
import { isActiveRun } from './labels.tsx';

/**
 * Queues a run of the source and opens it, where its progress shows. While a run is queued or
 * running the button is disabled, and says why next to it.
 */
export function RunNowButton({ source, start, ns = 'harvest' }: { source: { id: string; name: string; lastRun: Pick<HarvestRunSummary, 'state'> | null }; start?: () => Promise<string>; ns?: 'harvest' | 'statistics' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const running = isActiveRun(source.lastRun);
  const { onSubmit, error, busy } = useSubmit(async () => {
    // Another kind of job (statistics) queues its own run and says where its page is; a harvest run by default.
    if (start) return navigate(await start());
    const run = await api.post('/api/harvest/sources/{id}/runs', { path: { id: source.id } });
    navigate(`/admin/harvest/${source.id}/runs/${run.id}`);
  });
  const hintId = `run-now-hint-${source.id}`;
  return (
    <form onSubmit={onSubmit} className="run-now">
      <button type="submit" className="button button--small" disabled={busy || running} aria-describedby={running ? hintId : undefined}>
        {t(`${ns}:runNow`)}
        <span className="visually-hidden"> ({source.name})</span>
      </button>
      {running && (
        <span className="muted" id={hintId}>
          {t(`${ns}:running`)}
        </span>
      )}
      <FormErrors error={error} />
    </form>
  );
}
