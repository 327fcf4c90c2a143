import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HarvestRunSummary, HarvestSource } from '../../../shared/schemas/catalog.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useSubmit } from '../../components/useSubmit.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { RunStateBadge } from './labels.tsx';
import type { RunWordsNamespace } from './RunParts.tsx';

/**
 * The parts of the sources pages every kind of job has alike (harvest portals, statistics
 * sources): the table of sources with their latest runs, a source's runs, the pager under them,
 * and deleting a source. Each kind gives its own columns and words (`ns`: the locale namespace
 * with `sources.*`, `source.*`, `fields.*`, `delete.*`); the states, schedules and triggers are
 * worded alike (`harvest:state`, `harvest:schedule`, `harvest:trigger`).
 */

/** A column a kind adds: its header and a cell per row. */
export interface Column<Row> {
  header: string;
  cell(row: Row): ReactNode;
}

type RunLike = Pick<HarvestRunSummary, 'id' | 'state' | 'trigger' | 'queuedAt' | 'startedAt' | 'finishedAt'>;
type SourceLike = Pick<HarvestSource, 'id' | 'name' | 'demo' | 'schedule' | 'enabled'> & { lastRun: RunLike | null };

export interface SourcesTableProps<S extends SourceLike> {
  sources: S[];
  ns: RunWordsNamespace;
  /** The pages' address (`/admin/harvest`): a source at `{base}/{id}`, its run at `{base}/{id}/runs/{runId}`. */
  base: string;
  address(source: S): string;
  kind(source: S): string;
  /** What the source holds (datasets, tables). */
  holds: Column<S>;
  /** The latest run's counts in one line. */
  summary(source: S): string;
  /** The administrators' column: a button to run the source now; none for others. */
  actions?: (source: S) => ReactNode;
}

/**
 * The sources as a table; on narrow screens (a phone, 360 px) each source is a block of its own,
 * its cells one under another with their column's name, so nothing scrolls sideways. The
 * explicit roles keep the table's semantics where CSS changes its display.
 */
export function SourcesTable<S extends SourceLike>({ sources, ns, base, address, kind, holds, summary, actions }: SourcesTableProps<S>) {
  const { t } = useTranslation();
  const when = useDateTime();
  return (
    <ScrollRegion label={t(`${ns}:sources.title`)}>
      <table className="harvest-table harvest-sources stack-table" role="table">
        <caption className="visually-hidden">{t(`${ns}:sources.title`)}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">{t(`${ns}:fields.name`)}</th>
            <th scope="col" role="columnheader">{t(`${ns}:fields.kind`)}</th>
            <th scope="col" role="columnheader">{t(`${ns}:fields.schedule`)}</th>
            <th scope="col" role="columnheader">{holds.header}</th>
            <th scope="col" role="columnheader">{t(`${ns}:fields.lastRun`)}</th>
            {actions && <th scope="col" role="columnheader">{t(`${ns}:fields.actions`)}</th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {sources.map((source) => (
            <tr key={source.id} role="row">
              <th scope="row" role="rowheader">
                <Link to={`${base}/${source.id}`}>{source.name}</Link>
                {source.demo && <span className="badge">{t('common:demo.badge')}</span>}
                <br />
                <span className="muted harvest-url">{address(source)}</span>
              </th>
              <td role="cell">
                <StackLabel>{t(`${ns}:fields.kind`)}</StackLabel>
                {kind(source)}
              </td>
              <td role="cell">
                <StackLabel>{t(`${ns}:fields.schedule`)}</StackLabel>
                {t(`harvest:schedule.${source.schedule}`)}
                <br />
                {source.enabled ? <span className="badge badge--success">{t('harvest:enabled')}</span> : <span className="badge badge--warning">{t('harvest:disabled')}</span>}
              </td>
              <td role="cell">
                <StackLabel>{holds.header}</StackLabel>
                {holds.cell(source)}
              </td>
              <td role="cell">
                <StackLabel>{t(`${ns}:fields.lastRun`)}</StackLabel>
                {source.lastRun ? (
                  <>
                    <RunStateBadge state={source.lastRun.state} />{' '}
                    <Link to={`${base}/${source.id}/runs/${source.lastRun.id}`}>
                      {when(source.lastRun.finishedAt ?? source.lastRun.startedAt ?? source.lastRun.queuedAt)}
                      <span className="visually-hidden"> {t(`${ns}:sources.runOf`, { name: source.name })}</span>
                    </Link>
                    <br />
                    <span className="muted">{summary(source)}</span>
                  </>
                ) : (
                  <span className="muted">{t(`${ns}:sources.neverRun`)}</span>
                )}
              </td>
              {actions && <td role="cell">{actions(source)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** A source's runs, newest first: when and how each started, its state, and the kind's figures (`columns`). */
export function RunTable<R extends RunLike>({ runs, ns, runPath, columns }: { runs: R[]; ns: RunWordsNamespace; runPath: (run: R) => string; columns: Column<R>[] }) {
  const { t } = useTranslation();
  const when = useDateTime();
  if (runs.length === 0) return <p className="muted">{t(`${ns}:sources.neverRun`)}</p>;
  return (
    <ScrollRegion label={t(`${ns}:source.runs`)}>
      <table className="harvest-table">
        <caption className="visually-hidden">{t(`${ns}:source.runs`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('harvest:run.queuedAt')}</th>
            <th scope="col">{t('harvest:run.state')}</th>
            {columns.map((column) => (
              <th scope="col" key={column.header}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <Link to={runPath(run)}>{when(run.queuedAt)}</Link>
                <br />
                <span className="muted">{t(`harvest:trigger.${run.trigger}`)}</span>
              </th>
              <td>
                <RunStateBadge state={run.state} />
              </td>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(run)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Previous and next pages of a list of `total`, `perPage` at a time; nothing when it fits on one. */
export function RunsPager({ total, offset, perPage, onOffset }: { total: number; offset: number; perPage: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= perPage) return null;
  return (
    <nav className="pager" aria-label={t('common:pager.label')}>
      <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - perPage))}>
        {t('common:pager.previous')}
      </button>
      <span>{t('common:pager.range', { from: offset + 1, to: Math.min(offset + perPage, total), total })}</span>
      <button type="button" className="button button--secondary" disabled={offset + perPage >= total} onClick={() => onOffset(offset + perPage)}>
        {t('common:pager.next')}
      </button>
    </nav>
  );
}

/**
 * Deletes a source after a second, explicit confirmation, having said what goes with it
 * (`explain`); then back to the sources (`back`) with the kind's `delete.done`.
 */
export function DeleteSourceCard({ ns, name, explain, back, remove }: { ns: RunWordsNamespace; name: string; explain: string; back: string; remove: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const notice = useNotice();
  const { onSubmit, error, busy } = useSubmit(async () => {
    await remove();
    void notice.navigate(back, `${ns}:delete.done`, { name });
  });
  return (
    <section aria-labelledby="delete-source-heading" className="card card--danger">
      <h2 id="delete-source-heading">{t(`${ns}:delete.title`)}</h2>
      <p>{explain}</p>
      <FormErrors error={error} />
      <form onSubmit={onSubmit} className="run-now">
        <ConfirmButton disabled={busy} question={t(`${ns}:delete.confirm`, { name })} consequence={explain} confirmLabel={t(`${ns}:delete.yes`)} cancelLabel={t(`${ns}:delete.no`)}>
          {t(`${ns}:delete.start`)}
        </ConfirmButton>
      </form>
    </section>
  );
}
