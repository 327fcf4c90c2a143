import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GetAnswer } from '../../app/api.ts';
import { DateField } from '../../components/DateField.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { ActionStateBadge, ProgressBar } from '../actions/labels.tsx';
import { percentIn } from '../actions/plan.ts';
import { periodAddress, periodOf, quarterShortcuts, reportFiles, todayUtc } from './period.ts';

type Report = GetAnswer<'/api/reports/progress'>;
type ActionRef = Report['actions'][number];
type Milestone = Report['milestones']['met'][number];

/**
 * The progress report of the joint action plan for a period (this quarter unless the address
 * names one): the same report as the PDF and the printable page it links to, from the same data.
 */
export function ProgressReportPage() {
  const { t } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const today = todayUtc();
  const period = periodOf(params, today);
  const report = useResource('/api/reports/progress', { query: period });
  const shown = report.data && !report.error && report.data.period.from === period.from && report.data.period.to === period.to ? report.data : null;
  return (
    <div className="page">
      <PageTitle>{t('reports:title')}</PageTitle>
      <p>{t('reports:intro')}</p>
      <form className="form form--inline filters" aria-labelledby="report-period" onSubmit={onFilter} key={params.toString()} noValidate>
        <h2 id="report-period">{t('reports:picker.legend')}</h2>
        <DateField id="field-from" name="from" label={t('reports:picker.from')} defaultValue={period.from} />
        <DateField id="field-to" name="to" label={t('reports:picker.to')} defaultValue={period.to} />
        <button type="submit" className="button">
          {t('reports:picker.show')}
        </button>
      </form>
      <nav aria-label={t('reports:picker.shortcuts')}>
        <ul className="inline-links">
          {quarterShortcuts(today).map((quarter) => (
            <li key={quarter.key}>
              <Link to={periodAddress(quarter)}>{t(`reports:picker.${quarter.key}`, { name: t('reports:picker.quarterName', { quarter: quarter.quarter, year: quarter.year }) })}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <FormErrors error={report.error} />
      {/* The report of the period asked for only: the last one shown stays out while the next loads. */}
      {shown ? <ReportBody report={shown} /> : !report.error && <p role="status">{t('reports:loading')}</p>}
    </div>
  );
}

function ReportBody({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { day } = useDates();
  const span = (from: string, to: string) => t('reports:periodText', { from: day(from), to: day(to) });
  return (
    <>
      <dl className="facts-list">
        <dt>{t('reports:facts.period')}</dt>
        <dd>{span(report.period.from, report.period.to)}</dd>
        <dt>{t('reports:facts.previous')}</dt>
        <dd>{span(report.previous.from, report.previous.to)}</dd>
        <dt>{t('reports:facts.version')}</dt>
        <dd>{report.planVersion}</dd>
        <dt>{t('reports:facts.judged')}</dt>
        <dd>{day(report.today)}</dd>
      </dl>
      {report.isDemo && <p className="notice notice--warning">{t('reports:demo')}</p>}
      <Files report={report} />
      <States report={report} />
      <Actions report={report} />
      <section aria-labelledby="met">
        <h2 id="met">{t('reports:milestones.met')}</h2>
        <Milestones rows={report.milestones.met} caption={t('reports:milestones.metCaption')} />
      </section>
      <section aria-labelledby="missed">
        <h2 id="missed">{t('reports:milestones.missed')}</h2>
        <Milestones rows={report.milestones.missed} caption={t('reports:milestones.missedCaption')} />
        <p className="fallback-note">{t('reports:milestones.rule')}</p>
      </section>
      <Changes report={report} />
      <Bottlenecks report={report} />
    </>
  );
}

function Files({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="report-files">
      <h2 id="report-files">{t('reports:files.heading')}</h2>
      <ul className="inline-links">
        {reportFiles(report.period).map((file) => (
          <li key={file.href}>
            <a href={file.href} hrefLang={file.lang} type={file.format === 'pdf' ? 'application/pdf' : file.format === 'html' ? 'text/html' : 'application/json'}>
              {file.lang ? t(`reports:files.${file.format}`, { language: t(`reports:files.language.${file.lang}`) }) : t('reports:files.json')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A table in a region that scrolls sideways on a phone, with its caption and column headers; the
 * first cell of each row heads it. `figures`: a table of counts, set as the project's other tables of figures.
 */
function Table({ caption, headers, rows, figures = false }: { caption: string; headers: string[]; rows: { key: string; cells: ReactNode[] }[]; figures?: boolean }) {
  return (
    <ScrollRegion label={caption}>
      <table className={figures ? 'matrix' : undefined}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function None({ text }: { text?: string }) {
  const { t } = useTranslation();
  return <p>{text ?? t('reports:changes.none')}</p>;
}

function ActionLink({ action }: { action: Pick<ActionRef, 'ref' | 'title' | 'isDemo'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Link to={`/actions/${action.ref}`}>
        <LocalizedText value={action.title} />
      </Link>{' '}
      <span className="nowrap">({action.ref})</span>
      {action.isDemo && <span className="badge">{t('reports:demoBadge')}</span>}
    </>
  );
}

const ROW = 28;
const LABEL = 150;
const WIDTH = 480;

/** The actions by state as bars (a picture of the table that follows, named by its title) and the table of the same figures. */
function States({ report }: { report: Report }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...report.states.map((s) => s.count));
  const room = WIDTH - LABEL - 40;
  return (
    <section aria-labelledby="states">
      <h2 id="states">{t('reports:states.heading')}</h2>
      <div className="chart-pair">
        <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${report.states.length * ROW + 8}`} role="img" aria-label={t('reports:states.chart')} preserveAspectRatio="xMinYMin meet">
          <title>{t('reports:states.chart')}</title>
          {report.states.map((s, at) => {
            const y = at * ROW + 4;
            const width = Math.max(2, (s.count / max) * room);
            return (
              <g key={s.state} aria-hidden="true">
                <text x={LABEL - 6} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="bar-chart__label">
                  {t(`actions:state.${s.state}`)}
                </text>
                <rect x={LABEL} y={y + 5} width={width} height={ROW - 10} className="bar-chart__bar" />
                <text x={LABEL + width + 6} y={y + ROW / 2} dominantBaseline="middle" className="bar-chart__value">
                  {s.count}
                </text>
              </g>
            );
          })}
        </svg>
        <Table
          caption={t('reports:states.caption')}
          headers={[t('reports:states.state'), t('reports:states.count'), t('reports:states.previous')]}
          rows={report.states.map((s) => ({ key: s.state, cells: [t(`actions:state.${s.state}`), s.count, s.previousCount] }))}
          figures
        />
      </div>
    </section>
  );
}

function Actions({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { day } = useDates();
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t('reports:actions.heading')}</h2>
      {report.actions.length ? (
        <Table
          caption={t('reports:actions.caption')}
          headers={[t('reports:actions.ref'), t('reports:actions.title'), t('reports:actions.state'), t('reports:actions.progress'), t('reports:actions.runs')]}
          rows={report.actions.map((a) => ({
            key: a.id,
            cells: [
              <span className="nowrap" key="ref">{a.ref}</span>,
              <span key="title" className={`report-depth-${Math.min(a.depth, 3)}`}>
                {'\u2003'.repeat(Math.min(a.depth, 3))}
                <Link to={`/actions/${a.ref}`}>
                  <LocalizedText value={a.title} />
                </Link>
                {a.isDemo && <span className="badge">{t('reports:demoBadge')}</span>}
              </span>,
              <ActionStateBadge key="state" state={a.state} />,
              <ProgressBar key="progress" progress={a.progress} />,
              t('reports:periodText', { from: day(a.startsOn), to: day(a.endsOn) }),
            ],
          }))}
        />
      ) : (
        <None text={t('reports:actions.none')} />
      )}
    </section>
  );
}

function Milestones({ rows, caption }: { rows: Milestone[]; caption: string }) {
  const { t } = useTranslation();
  const { day } = useDates();
  if (!rows.length) return <None text={t('reports:milestones.none')} />;
  return (
    <Table
      caption={caption}
      headers={[t('reports:milestones.milestone'), t('reports:milestones.action'), t('reports:milestones.due'), t('reports:milestones.done')]}
      rows={rows.map((m) => ({
        key: m.id,
        cells: [
          <LocalizedText key="title" value={m.title} />,
          <ActionLink key="action" action={m.action} />,
          day(m.dueOn),
          m.doneOn ? (
            <>
              {day(m.doneOn)} {m.late ? <strong>({t('reports:milestones.late')})</strong> : `(${t('reports:milestones.onTime')})`}
            </>
          ) : (
            t('reports:milestones.notDone')
          ),
        ],
      }))}
    />
  );
}

function Changes({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const { day } = useDates();
  const c = report.changes;
  const state = (value: string) => t(`actions:state.${value}`);
  const percent = (value: number) => t('actions:progressValue', { value: percentIn(value, i18n.language) });
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">{t('reports:changes.heading')}</h2>
      <p>{t('reports:changes.intro', { from: day(report.previous.from), to: day(report.previous.to) })}</p>
      <h3>{t('reports:changes.added')}</h3>
      {c.added.length ? (
        <Table caption={t('reports:changes.added')} headers={[t('reports:actions.title'), t('reports:changes.on'), t('reports:actions.state'), t('reports:actions.progress')]} rows={c.added.map((a) => ({ key: a.id, cells: [<ActionLink key="a" action={a} />, day(a.on), state(a.state), percent(a.progress)] }))} />
      ) : (
        <None />
      )}
      <h3>{t('reports:changes.dropped')}</h3>
      {c.dropped.length ? (
        <Table caption={t('reports:changes.dropped')} headers={[t('reports:actions.title'), t('reports:changes.on'), t('reports:changes.reason')]} rows={c.dropped.map((d) => ({ key: d.action.id, cells: [<ActionLink key="a" action={d.action} />, day(d.on), d.reason ?? '–'] }))} />
      ) : (
        <None />
      )}
      <h3>{t('reports:changes.states')}</h3>
      {c.states.length ? (
        <Table
          caption={t('reports:changes.states')}
          headers={[t('reports:actions.title'), t('reports:changes.on'), t('reports:changes.from'), t('reports:changes.to'), t('reports:changes.note')]}
          rows={c.states.map((s, i) => ({ key: `${s.action.id}-${i}`, cells: [<ActionLink key="a" action={s.action} />, day(s.on), state(s.from), state(s.to), s.note ?? ''] }))}
        />
      ) : (
        <None />
      )}
      <h3>{t('reports:changes.progress')}</h3>
      {c.progress.length ? (
        <Table caption={t('reports:changes.progress')} headers={[t('reports:actions.title'), t('reports:changes.from'), t('reports:changes.to')]} rows={c.progress.map((p) => ({ key: p.action.id, cells: [<ActionLink key="a" action={p.action} />, percent(p.from), percent(p.to)] }))} />
      ) : (
        <None />
      )}
      <h3>{t('reports:changes.slipped')}</h3>
      {c.slipped.length ? (
        <Table
          caption={t('reports:changes.slipped')}
          headers={[t('reports:milestones.milestone'), t('reports:milestones.action'), t('reports:changes.on'), t('reports:changes.from'), t('reports:changes.to')]}
          rows={c.slipped.map((s, i) => ({ key: `${s.milestoneId}-${i}`, cells: [<LocalizedText key="m" value={s.title} />, <ActionLink key="a" action={s.action} />, day(s.on), day(s.from), day(s.to)] }))}
        />
      ) : (
        <None />
      )}
    </section>
  );
}

function Bottlenecks({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { day } = useDates();
  return (
    <section aria-labelledby="bottlenecks">
      <h2 id="bottlenecks">{t('reports:bottlenecks.heading')}</h2>
      {report.bottlenecks.length ? (
        <Table
          caption={t('reports:bottlenecks.caption')}
          headers={[t('reports:bottlenecks.bottleneck'), t('reports:bottlenecks.resolved'), t('reports:bottlenecks.outcome'), t('reports:bottlenecks.actions')]}
          rows={report.bottlenecks.map((b) => ({
            key: b.id,
            cells: [
              <>
                <Link to={`/bottlenecks/${b.ref}`}>
                  <LocalizedText value={b.title} />
                </Link>{' '}
                <span className="nowrap">({b.ref})</span>
                {b.isDemo && <span className="badge">{t('reports:demoBadge')}</span>}
              </>,
              day(b.resolvedOn),
              b.outcome ? t(`bottlenecks:outcome.${b.outcome}`) : '–',
              <ul className="link-list" key="actions">
                {b.actions.map((a) => (
                  <li key={a.id}>
                    <ActionLink action={a} />
                  </li>
                ))}
              </ul>,
            ],
          }))}
        />
      ) : (
        <None text={t('reports:bottlenecks.none')} />
      )}
    </section>
  );
}
