import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyResult } from '../../../components/EmptyResult.tsx';
import { FormErrors } from '../../../components/FormErrors.tsx';
import { LocalizedText } from '../../../components/LocalizedText.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { ScrollRegion } from '../../../components/ScrollRegion.tsx';
import { useDates } from '../../../components/useDates.ts';
import { ActionStateBadge, OverdueFlag } from '../labels.tsx';
import { percent } from '../plan.ts';
import { GanttChart } from './GanttChart.tsx';
import { PlanViews, RoadmapFilters, useRoadmap, type Roadmap } from './RoadmapFilters.tsx';
import { depthsShown, type ScaleName } from './roadmapLayout.ts';

const TABLE_ID = 'roadmap-table';

/** `/actions/roadmap`: the plan as a Gantt chart by quarter, then the same rows as a table. */
export function RoadmapPage() {
  const { t } = useTranslation();
  const { data, error, inUse } = useRoadmap();
  const [scale, setScale] = useState<ScaleName>('year');
  return (
    <div className="page">
      <PageTitle>{t('roadmap:gantt.title')}</PageTitle>
      <p>{t('roadmap:gantt.intro')}</p>
      <PlanViews />
      <RoadmapFilters roadmap={data} inUse={inUse} />
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('actions:list.count', { count: data.bars.length }) : t('common:loading')}
      </p>
      {data && data.bars.length === 0 && <EmptyResult filters={inUse} />}
      {data && data.bars.length > 0 && (
        <>
          <div className="gantt-toolbar" role="group" aria-label={t('roadmap:scale.label')}>
            <span aria-hidden="true">{t('roadmap:scale.label')}:</span>
            {(['year', 'quarter'] as const).map((name) => (
              <button key={name} type="button" className="button button--small button--secondary" aria-pressed={scale === name} onClick={() => setScale(name)}>
                {t(`roadmap:scale.${name}`)}
              </button>
            ))}
          </div>
          <GanttChart roadmap={data} scale={scale} tableId={TABLE_ID} />
          <RoadmapTable roadmap={data} />
        </>
      )}
    </div>
  );
}

/** The chart's text equivalent: the same rows in the same order, each figure in words. Memoised: a change of scale does not touch it. */
const RoadmapTable = memo(function RoadmapTable({ roadmap }: { roadmap: Roadmap }) {
  const { t } = useTranslation();
  const { day } = useDates();
  const depths = depthsShown(roadmap.bars);
  const names = new Map(roadmap.institutions.map((i) => [i.id, i.name]));
  const counts = new Map<string, { all: number; overdue: number; done: number }>();
  for (const m of roadmap.milestones) {
    const of = counts.get(m.actionId) ?? { all: 0, overdue: 0, done: 0 };
    of.all += 1;
    if (m.overdue) of.overdue += 1;
    if (m.doneOn) of.done += 1;
    counts.set(m.actionId, of);
  }
  return (
    <section aria-labelledby={TABLE_ID}>
      <h2 id={TABLE_ID} tabIndex={-1}>
        {t('roadmap:table.title')}
      </h2>
      <ScrollRegion label={t('roadmap:table.title')}>
        <table className="roadmap-table">
          <caption className="visually-hidden">{t('roadmap:table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roadmap:table.action')}</th>
              <th scope="col">{t('roadmap:table.ref')}</th>
              <th scope="col">{t('roadmap:table.state')}</th>
              <th scope="col">{t('roadmap:table.starts')}</th>
              <th scope="col">{t('roadmap:table.ends')}</th>
              <th scope="col">{t('roadmap:table.progress')}</th>
              <th scope="col">{t('roadmap:table.lead')}</th>
              <th scope="col">{t('roadmap:table.milestones')}</th>
            </tr>
          </thead>
          <tbody>
            {roadmap.bars.map((bar, index) => {
              const milestones = counts.get(bar.id);
              const lead = bar.leadId ? names.get(bar.leadId) : undefined;
              return (
                <tr key={bar.id} data-ref={bar.ref}>
                  <th scope="row" style={depths[index] ? { paddingLeft: `${0.5 + depths[index]! * 1}rem` } : undefined}>
                    <Link to={`/actions/${bar.ref}`}>
                      <LocalizedText value={bar.title} />
                    </Link>
                  </th>
                  <td className="roadmap-table__ref">{bar.ref}</td>
                  <td>
                    <ActionStateBadge state={bar.state} />
                    {bar.overdue && (
                      <>
                        {' '}
                        <OverdueFlag />
                      </>
                    )}
                  </td>
                  <td className="roadmap-table__day">{day(bar.startsOn)}</td>
                  <td className="roadmap-table__day">{day(bar.endsOn)}</td>
                  <td className="roadmap-table__day">{t('roadmap:gantt.percent', { value: percent(bar.progress) })}</td>
                  <td>{lead ? <LocalizedText value={lead} /> : '–'}</td>
                  <td>
                    {milestones ? (
                      <>
                        {t('roadmap:table.milestoneCount', { count: milestones.all, done: milestones.done })}
                        {milestones.overdue > 0 && (
                          <>
                            {', '}
                            <strong>{t('roadmap:table.overdueCount', { count: milestones.overdue })}</strong>
                          </>
                        )}
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
});
