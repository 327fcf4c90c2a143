import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PLAN_IMPORT_MAX_MEGABYTES, PLAN_IMPORT_MAX_ROWS } from '../../../shared/schemas/planExchange.ts';
import { api, ApiError, apiHref, type ProblemField } from '../../app/api.ts';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { fieldText, problemText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';

type Report = Awaited<ReturnType<typeof importFile>>;

/** Sends the file to the import: checked only (`dryRun`), or imported. */
function importFile(file: File, dryRun: boolean) {
  const body = new FormData();
  body.set('file', file);
  return api.post('/api/actions/import', { query: dryRun ? { dryRun: '1' } : {}, body });
}

/** Where in the file an error is: `rows/<row>/<column>`, or `columns/<name>` in the header (row 1); null for the request as a whole. */
function rowError(error: ProblemField): { row: number; column: string } | null {
  const [kind, first, second] = error.path.split('/');
  if (kind === 'rows' && first && second) return { row: Number(first), column: second };
  if (kind === 'columns' && first) return { row: 1, column: first };
  return null;
}

/** Imports actions from a CSV or XLSX file (editors): the file is checked first and its report shown, then imported on request. */
export function ImportPlanPage() {
  return (
    <RequireUser roles={['editor']}>
      <ImportPlan />
    </RequireUser>
  );
}

function ImportPlan() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [imported, setImported] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(chosen: File, dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const answer = await importFile(chosen, dryRun);
      if (dryRun) setReport(answer);
      else {
        setImported(answer);
        setReport(null);
      }
    } catch (caught) {
      setError(caught);
      setReport(null);
    } finally {
      setBusy(false);
    }
  }

  function onCheck(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = new FormData(event.currentTarget).get('file');
    setImported(null);
    if (!(chosen instanceof File)) return;
    setFile(chosen);
    void run(chosen, true);
  }

  const rowErrors = error instanceof ApiError ? (error.problem.errors ?? []).flatMap((e) => (rowError(e) ? [{ ...rowError(e)!, error: e }] : [])) : [];
  return (
    <div className="page">
      <PageTitle>{t('planExchange:import.title')}</PageTitle>
      <p>{t('planExchange:import.intro')}</p>
      <ul>
        <li>{t('planExchange:import.howUpdate')}</li>
        <li>{t('planExchange:import.howCreate')}</li>
        <li>{t('planExchange:import.howLinks')}</li>
        <li>{t('planExchange:import.howAll')}</li>
      </ul>
      <p>
        {t('planExchange:import.download')} <a href={apiHref('/api/actions/export.xlsx')}>XLSX</a> <a href={apiHref('/api/actions/export.csv')}>CSV</a>
      </p>
      <form className="form" onSubmit={onCheck} aria-busy={busy}>
        <RequiredNote />
        <Field
          id="field-file"
          name="file"
          type="file"
          required
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          label={t('planExchange:import.file')}
          hint={t('planExchange:import.fileHint', { megabytes: PLAN_IMPORT_MAX_MEGABYTES, rows: PLAN_IMPORT_MAX_ROWS.toLocaleString() })}
          onChange={() => {
            setReport(null);
            setError(null);
          }}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy && !report ? t('planExchange:import.checking') : t('planExchange:import.check')}
        </button>
      </form>
      {rowErrors.length > 0 ? <RowErrors error={error as ApiError} rows={rowErrors} /> : <FormErrors error={error} />}
      {report && file && <DryRunReport report={report} busy={busy} onImport={() => void run(file, false)} />}
      {imported && <ImportedReport report={imported} />}
    </div>
  );
}

/** Every error of the file as a table, row by row: the headline is focused, so it is read out at once. */
function RowErrors({ error, rows }: { error: ApiError; rows: { row: number; column: string; error: ProblemField }[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  return (
    <section aria-labelledby="import-errors">
      <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref}>
        <p className="notice__title">{problemText(error, t)}</p>
      </div>
      <h2 id="import-errors">{t('planExchange:import.errorsTitle')}</h2>
      <ScrollRegion label={t('planExchange:import.errorsTitle')}>
        <table className="stack-table" role="table">
          <caption className="visually-hidden">{t('planExchange:import.errorsCaption')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                {t('planExchange:import.row')}
              </th>
              <th scope="col" role="columnheader">
                {t('planExchange:import.column')}
              </th>
              <th scope="col" role="columnheader">
                {t('planExchange:import.problem')}
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map(({ row, column, error: fieldError }, i) => (
              <tr key={`${row}-${column}-${i}`} role="row">
                <th scope="row" role="rowheader">
                  <StackLabel>{t('planExchange:import.row')}</StackLabel>
                  {row}
                </th>
                <td role="cell">
                  <StackLabel>{t('planExchange:import.column')}</StackLabel>
                  <code>{column}</code>
                </td>
                <td role="cell">
                  <StackLabel>{t('planExchange:import.problem')}</StackLabel>
                  {fieldText(fieldError, t)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** The rows that add or change an action, with links to those that exist. */
function ChangesTable({ report, caption }: { report: Report; caption: string }) {
  const { t } = useTranslation();
  const changes = report.results.filter((r) => r.outcome !== 'unchanged');
  if (!changes.length) return null;
  return (
    <ScrollRegion label={caption}>
      <table className="stack-table" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              {t('planExchange:import.row')}
            </th>
            <th scope="col" role="columnheader">
              {t('planExchange:import.action')}
            </th>
            <th scope="col" role="columnheader">
              {t('planExchange:import.outcome')}
            </th>
            <th scope="col" role="columnheader">
              {t('planExchange:import.columns')}
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {changes.map((r) => (
            <tr key={r.row} role="row">
              <th scope="row" role="rowheader">
                <StackLabel>{t('planExchange:import.row')}</StackLabel>
                {r.row}
              </th>
              <td role="cell">
                <StackLabel>{t('planExchange:import.action')}</StackLabel>
                {r.ref ? <Link to={`/actions/${r.ref}`}>{r.ref}</Link> : r.key ? t('planExchange:import.newKey', { key: r.key }) : t('planExchange:import.new')}
              </td>
              <td role="cell">
                <StackLabel>{t('planExchange:import.outcome')}</StackLabel>
                {t(`planExchange:import.outcomes.${r.outcome}`)}
              </td>
              <td role="cell">
                <StackLabel>{t('planExchange:import.columns')}</StackLabel>
                {r.columns.map((c) => (
                  <code key={c} className="import-column">
                    {c}
                  </code>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Counts({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <ul>
      <li>{t('planExchange:import.created', { count: report.created })}</li>
      <li>{t('planExchange:import.updated', { count: report.updated })}</li>
      <li>{t('planExchange:import.unchanged', { count: report.unchanged })}</li>
    </ul>
  );
}

/** What the import would do; nothing is written until the editor confirms. */
function DryRunReport({ report, busy, onImport }: { report: Report; busy: boolean; onImport: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [report]);
  const work = report.created + report.updated;
  return (
    <section aria-labelledby="import-report">
      <h2 id="import-report" tabIndex={-1} ref={ref}>
        {t('planExchange:import.reportTitle')}
      </h2>
      <p>{t('planExchange:import.checked', { count: report.rows })}</p>
      <Counts report={report} />
      <ChangesTable report={report} caption={t('planExchange:import.changesCaption')} />
      {work > 0 ? (
        <p>
          <button type="button" className="button" onClick={onImport} disabled={busy}>
            {busy ? t('planExchange:import.importing') : t('planExchange:import.confirm', { count: work })}
          </button>
        </p>
      ) : (
        <p>{t('planExchange:import.nothingToDo')}</p>
      )}
    </section>
  );
}

/** What the import did, said once and focused. */
function ImportedReport({ report }: { report: Report }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [report]);
  return (
    <section aria-labelledby="import-done">
      <div className="notice notice--success" role="status" tabIndex={-1} ref={ref}>
        <h2 id="import-done" className="notice__title">
          {t('planExchange:import.doneTitle')}
        </h2>
        <Counts report={report} />
      </div>
      <ChangesTable report={report} caption={t('planExchange:import.doneCaption')} />
      <p>
        <Link to="/actions">{t('planExchange:import.backToPlan')}</Link>
      </p>
    </section>
  );
}
