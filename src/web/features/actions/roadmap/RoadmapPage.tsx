import { memo, useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { UI_LANGUAGES } from '../../../../shared/languages.ts';
import { EmptyResult } from '../../../components/EmptyResult.tsx';
import { FormErrors } from '../../../components/FormErrors.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { ScrollRegion } from '../../../components/ScrollRegion.tsx';
import { followInApp, Said, useBarTexts } from './RowText.tsx';
import { GanttChart } from './GanttChart.tsx';
import { PlanViewPage, type Roadmap as RoadmapAnswer } from './RoadmapFilters.tsx';
import { depthsShown, type ScaleName } from './roadmapLayout.ts';

const TABLE_ID = 'roadmap-table';

/**
 * The chart, then its table. The table (as many rows again, below the chart) is rendered in the
 * background after the chart is shown, so a plan of hundreds of actions can be used at once.
 */
function Roadmap({ roadmap, scale }: { roadmap: RoadmapAnswer; scale: ScaleName }) {
  const { texts } = useBarTexts(roadmap);
  const later = useDeferredValue(roadmap, null);
  return (
    <>
      <GanttChart roadmap={roadmap} texts={texts} scale={scale} tableId={TABLE_ID} />
      {later && <RoadmapTable roadmap={later} />}
    </>
  );
}

const FILE_LANGUAGES = UI_LANGUAGES;

/** The roadmap as printed (an A3 PDF of the filters in use, per language) and the milestones as a calendar feed. */
function RoadmapFiles({ query }: { query: Record<string, string | undefined> }) {
  const { t, i18n } = useTranslation();
  const filters = Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return (
    <section aria-labelledby="roadmap-files">
      <h2 id="roadmap-files">{t('roadmap:files.heading')}</h2>
      <ul className="inline-links">
        {FILE_LANGUAGES.map((lang) => (
          <li key={lang}>
            <a href={`/api/roadmap.pdf?${new URLSearchParams([...filters, ['lang', lang]])}`} hrefLang={lang} type="application/pdf">
              {t('roadmap:files.pdf', { language: t(`roadmap:files.language.${lang}`) })}
            </a>
          </li>
        ))}
        <li>
          <a href={`/api/actions.ics?lang=${i18n.language}`} type="text/calendar">{t('roadmap:files.calendar')}</a>
        </li>
      </ul>
    </section>
  );
}

/** `/actions/roadmap`: the plan as a Gantt chart by quarter, then the same rows as a table. */
export function RoadmapPage() {
  const { t } = useTranslation();
  const [scale, setScale] = useState<ScaleName>('year');
  return (
    <PlanViewPage titleKey="roadmap:gantt.title" introKey="roadmap:gantt.intro">
      {(roadmap, query) => (
        <>
          <RoadmapFiles query={query} />
          <div className="gantt-toolbar" role="group" aria-label={t('roadmap:scale.label')}>
            <span aria-hidden="true">{t('roadmap:scale.label')}:</span>
            {(['year', 'quarter'] as const).map((name) => (
              <button key={name} type="button" className="button button--small button--secondary" aria-pressed={scale === name} onClick={() => setScale(name)}>
                {t(`roadmap:scale.${name}`)}
              </button>
            ))}
          </div>
          <Roadmap roadmap={roadmap} scale={scale} />
        </>
      )}
    </PlanViewPage>
  );
}

/**
 * The chart's text equivalent: the same rows in the same order, each figure in words. Memoised (a
 * change of scale does not touch it), its texts prepared once and its links plain, as the chart's.
 */
const RoadmapTable = memo(function RoadmapTable({ roadmap }: { roadmap: RoadmapAnswer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { texts } = useBarTexts(roadmap);
  const depths = depthsShown(roadmap.bars);
  const counts = new Map<string, { all: number; overdue: number; done: number }>();
  for (const m of roadmap.milestones) {
    const of = counts.get(m.actionId) ?? { all: 0, overdue: 0, done: 0 };
    of.all += 1;
    if (m.overdue) of.overdue += 1;
    if (m.doneOn) of.done += 1;
    counts.set(m.actionId, of);
  }
  const overdue = t('actions:overdue');
  // Many rows have the same counts: each wording is asked for once.
  const worded = new Map<string, string>();
  const word = (key: 'milestoneCount' | 'overdueCount', count: number, done = 0) => {
    const id = `${key}|${count}|${done}`;
    let said = worded.get(id);
    if (said === undefined) worded.set(id, (said = key === 'milestoneCount' ? t('roadmap:table.milestoneCount', { count, done }) : t('roadmap:table.overdueCount', { count })));
    return said;
  };
  return (
    // Below a chart of as many rows: the browser lays it out only when it comes near the window.
    <section aria-labelledby={TABLE_ID} className="roadmap-table-section" style={{ containIntrinsicSize: `auto ${3 + roadmap.bars.length * 3}rem` }}>
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
          <tbody onClick={followInApp(navigate)}>
            {roadmap.bars.map((bar, index) => {
              const milestones = counts.get(bar.id);
              const text = texts[index]!;
              return (
                <tr key={bar.id} data-ref={bar.ref}>
                  <th scope="row" style={depths[index] ? { paddingLeft: `${0.4 + depths[index]! * 1}rem` } : undefined}>
                    <a href={`/actions/${bar.ref}`}>
                      <Said text={text.title} />
                    </a>
                  </th>
                  <td className="roadmap-table__ref">{bar.ref}</td>
                  <td>
                    {/* As ActionStateBadge and OverdueFlag draw them. */}
                    <span className={`status status--ac-${bar.state}`}>{text.state}</span>
                    {bar.overdue && (
                      <>
                        {' '}
                        <span className="badge badge--warning">{overdue}</span>
                      </>
                    )}
                  </td>
                  <td className="roadmap-table__day">{text.starts}</td>
                  <td className="roadmap-table__day">{text.ends}</td>
                  <td className="roadmap-table__day">{text.percent}</td>
                  <td>{text.lead ? <Said text={text.lead} /> : '–'}</td>
                  <td>
                    {milestones ? (
                      <>
                        {word('milestoneCount', milestones.all, milestones.done)}
                        {milestones.overdue > 0 && (
                          <>
                            {', '}
                            <strong>{word('overdueCount', milestones.overdue)}</strong>
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
