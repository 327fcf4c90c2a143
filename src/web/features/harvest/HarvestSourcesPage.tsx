import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { HarvestSource } from '../../../shared/schemas/catalog.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formatCount } from '../../components/numbers.ts';
import { isActiveRun, useCountSummary } from './labels.tsx';
import { SourcesTable } from './SourceParts.tsx';
import { RunNowButton } from './RunNowButton.tsx';
import { SourceForm } from './SourceForm.tsx';
import { usePolling } from './usePolling.ts';

/**
 * The portals the catalogue is harvested from (`/admin/harvest`). Anyone sees them and how
 * their last run went; administrators run one now and add sources. While a run is under way
 * the list refreshes itself, so its button comes back when the run ends.
 */
export function HarvestSourcesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const notice = useNotice();
  const { data, error, reload } = useResource('/api/harvest/sources', { query: { limit: 100 } });
  const isAdmin = user?.role === 'admin';
  usePolling(Boolean(data?.items.some((source) => isActiveRun(source.lastRun))), reload, 2000);
  return (
    <div className="page">
      <PageTitle>{t('harvest:sources.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('harvest:sources.intro')}</span>
        <Link to="/datasets">{t('catalog:list.title')}</Link>
      </p>
      <FormErrors error={error} />
      <StatusMessage notice={notice.notice} />
      {!data ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('harvest:sources.none')}</p>
      ) : (
        <SourceTable sources={data.items} isAdmin={isAdmin} />
      )}
      {isAdmin && (
        <section aria-labelledby="add-source-heading" className="card">
          <h2 id="add-source-heading">{t('harvest:form.addTitle')}</h2>
          <SourceForm onSaved={(saved) => navigate(`/admin/harvest/${saved.id}`)} />
        </section>
      )}
    </div>
  );
}

/** The portals in the sources table (`SourceParts.tsx`): their datasets in the catalogue, and a button to harvest one now. */
function SourceTable({ sources, isAdmin }: { sources: HarvestSource[]; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const summary = useCountSummary();
  return (
    <SourcesTable
      sources={sources}
      ns="harvest"
      base="/admin/harvest"
      address={(source) => source.url}
      kind={(source) => t(`harvest:kind.${source.kind}`)}
      holds={{
        header: t('harvest:fields.datasets'),
        cell: (source) => (
          <Link to={`/datasets?source=${source.id}`}>
            {formatCount(source.datasetCount, i18n.language)}
            <span className="visually-hidden"> {t('harvest:sources.datasetsOf', { name: source.name })}</span>
          </Link>
        ),
      }}
      summary={(source) => (source.lastRun ? summary(source.lastRun.counts) : '')}
      actions={isAdmin ? (source) => <RunNowButton source={source} /> : undefined}
    />
  );
}
