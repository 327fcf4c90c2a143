import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ACTION_TRANSITIONS, type ActionState } from '../../../shared/actions.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { DateField } from '../../components/DateField.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { Disclosure } from '../../components/Disclosure.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { RequiredGroupLegend } from '../../components/Required.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { ActionStateBadge, OverdueFlag, ProgressBar, useEuros } from './labels.tsx';
import { percent, percentIn } from './plan.ts';
import { TraceChain } from '../trace/TraceChain.tsx';
import { CitedLessons } from '../regions/CitedLessons.tsx';
import { LinkedIndicators } from '../kpis/LinkedIndicators.tsx';

type Detail = GetAnswer<'/api/actions/{id}'>;
type Notify = ReturnType<typeof useNotice>['show'];

export function ActionPage() {
  const { t, i18n } = useTranslation();
  const { ref = '' } = useParams();
  const { data, error, reload } = useResource('/api/actions/{id}', { path: { id: ref } });
  const { day } = useDates();
  const euros = useEuros();
  const notice = useNotice();
  if (error) return <DetailProblem error={error} notFoundKey="actions:detail.notFound" backTo="/actions" backLabelKey="actions:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const hasDescription = Object.keys(data.description).length > 0;
  return (
    <div className="page bn-detail">
      <nav aria-label={t('actions:detail.place')} className="bn-card__meta">
        <Link to="/actions">{t('actions:list.title')}</Link>
        {data.ancestors.map((a) => (
          <span key={a.id}>
            {' › '}
            <Link to={`/actions/${a.ref}`}>
              <LocalizedText value={a.title} />
            </Link>
          </span>
        ))}
        {' › '}
        <span className="bn-ref">{data.ref}</span>
      </nav>
      <ContentTitle value={data.title} otherwise={data.ref} />
      <p className="bn-card__meta">
        <ActionStateBadge state={data.state} />
        {data.overdue && <OverdueFlag />}
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <StatusMessage notice={notice.notice} />
      <div className="bn-detail__grid bn-detail__grid--split">
        <div className="bn-detail__lead">
          <section aria-labelledby="description-heading">
            <h2 id="description-heading">{t('actions:detail.description')}</h2>
            {hasDescription ? <LocalizedText value={data.description as Detail['title']} as="p" /> : <p className="muted">{t('actions:detail.noDescription')}</p>}
            {data.state === 'dropped' && data.dropReason && (
              <p className="notice">
                <strong>{t('actions:detail.dropped')}</strong> {data.dropReason}
              </p>
            )}
          </section>
        </div>
        <aside aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('actions:detail.facts')}</h2>
          <dl className="facts-list">
            <dt>{t('actions:fields.state')}</dt>
            <dd>{t(`actions:state.${data.state}`)}</dd>
            <dt>{t('actions:fields.progress')}</dt>
            <dd>
              <ProgressBar progress={data.progress} />
              {data.childCount > 0 && <p className="field__hint">{t('actions:detail.rolledUp', { count: data.childCount })}</p>}
            </dd>
            <dt>{t('actions:fields.period')}</dt>
            <dd>
              {day(data.startsOn)} – {day(data.endsOn)}
            </dd>
            <dt>{t('actions:fields.domain')}</dt>
            <dd>{t(`bottlenecks:domain.${data.domain}`)}</dd>
            <dt>{t('actions:fields.body')}</dt>
            <dd>
              {data.body ? (
                <Link to={`/governance#body-${data.body.slug}`}>
                  <LocalizedText value={data.body.name} />
                </Link>
              ) : (
                t('actions:detail.none')
              )}
            </dd>
            <dt>{t('actions:fields.reviewCadence')}</dt>
            <dd>{data.reviewCadence ? t(`actions:cadence.${data.reviewCadence}`) : t('actions:detail.none')}</dd>
            <dt>{t('actions:fields.lead')}</dt>
            <dd>{data.lead ? <LocalizedText value={data.lead.name} /> : t('actions:detail.none')}</dd>
            <dt>{t('actions:fields.budget')}</dt>
            <dd>{data.budgetEur !== null ? euros(data.budgetEur) : t('actions:detail.none')}</dd>
          </dl>
          {data.viewer.canManage && (
            <p>
              <Link to={`/actions/${data.ref}/edit`}>{t('actions:detail.edit')}</Link>
            </p>
          )}
          {data.viewer.canReport && <ReportPanel data={data} onDone={reload} notify={notice.show} />}
        </aside>
        <div className="bn-detail__rest">
          <Raci data={data} />
          <Milestones data={data} onDone={reload} notify={notice.show} />
          <Dependencies data={data} />
          {data.children.length > 0 && (
            <section aria-labelledby="children-heading">
              <h2 id="children-heading">{t('actions:detail.children')}</h2>
              <ul className="ac-links">
                {data.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/actions/${c.ref}`}>
                      <LocalizedText value={c.title} />
                    </Link>{' '}
                    <ActionStateBadge state={c.state} /> {c.overdue && <OverdueFlag />} <ProgressBar progress={c.progress} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Links data={data} />
          <LinkedIndicators kind="action" ownerRef={data.ref} />
          <CitedLessons lessons={data.lessons} />
          <TraceChain type="action" id={data.id} />
          <Funding data={data} euros={euros} />
          <Timeline data={data} />
        </div>
      </div>
    </div>
  );
}

function Raci({ data }: { data: Detail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="raci-heading">
      <h2 id="raci-heading">{t('actions:detail.raci')}</h2>
      <ScrollRegion label={t('actions:detail.raci')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('actions:raci.institution')}</th>
              <th scope="col">{t('actions:raci.country')}</th>
              <th scope="col">{t('actions:raci.role')}</th>
            </tr>
          </thead>
          <tbody>
            {data.raci.map((r) => (
              <tr key={r.institution.id}>
                <th scope="row">
                  <LocalizedText value={r.institution.name} />
                </th>
                <td>{t(`institutions:country.${r.institution.country}`)}</td>
                <td>
                  {t(`actions:raci.roles.${r.role}`)}
                  {r.lead && <span className="badge">{t('actions:raci.lead')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function Milestones({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const { day } = useDates();
  return (
    <section aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">{t('actions:detail.milestones')}</h2>
      {data.milestones.length === 0 ? (
        <p className="muted">{t('actions:detail.noMilestones')}</p>
      ) : (
        <ul className="ac-milestones">
          {data.milestones.map((m) => (
            <li key={m.id} className="card">
              <p className="ac-line__title">
                <LocalizedText value={m.title} />
              </p>
              <p>
                {t('actions:milestone.due', { day: day(m.dueOn) })}
                {' · '}
                {m.doneOn ? t('actions:milestone.done', { day: day(m.doneOn) }) : t('actions:milestone.open')}
                {m.overdue && <OverdueFlag />}
              </p>
              {m.evidenceUrl && (
                <p>
                  <a href={m.evidenceUrl} rel="noopener noreferrer">
                    {t('actions:milestone.evidence')}
                  </a>
                </p>
              )}
              {m.evidenceNote && <p>{m.evidenceNote}</p>}
              {data.viewer.canReport && !m.doneOn && (
                <Disclosure summary={t('actions:milestone.markDone')}>
                  <MilestoneForm actionRef={data.ref} milestoneId={m.id} onDone={onDone} notify={notify} />
                </Disclosure>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.viewer.canManage && (
        <Disclosure summary={t('actions:milestone.add')}>
          <NewMilestoneForm actionRef={data.ref} onDone={onDone} notify={notify} />
        </Disclosure>
      )}
    </section>
  );
}

const LANGUAGES = ['fi', 'et', 'en'] as const;

/** A new milestone (editors): its title in any of the languages and a due day within the action's period. */
function NewMilestoneForm({ actionRef, onDone, notify }: { actionRef: string; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const title = Object.fromEntries(LANGUAGES.map((lang) => [lang, formText(form, `title-${lang}`).trim()]).filter(([, v]) => v));
    await api.post('/api/actions/{id}/milestones', { path: { id: actionRef }, body: { title, dueOn: formText(form, 'dueOn') } });
    element.reset();
    await onDone();
    notify('actions:notice.milestoneAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormErrors error={error} fieldIds={{ title: 'new-ms-title', dueOn: 'new-ms-due' }} />
      <fieldset id="new-ms-title" tabIndex={-1} aria-describedby="new-ms-title-rule">
        <RequiredGroupLegend text={t('actions:milestone.title')} rule="atLeastOneLanguage" id="new-ms-title-rule" />
        {LANGUAGES.map((lang) => (
          <Field key={lang} id={`new-ms-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} maxLength={200} />
        ))}
      </fieldset>
      <DateField id="new-ms-due" name="dueOn" label={t('actions:milestone.dueOn')} required />
      <button type="submit" className="button button--small" disabled={busy}>
        {t('actions:milestone.create')}
      </button>
    </form>
  );
}

function MilestoneForm({ actionRef, milestoneId, onDone, notify }: { actionRef: string; milestoneId: string; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const prefix = `ms-${milestoneId}`;
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const url = formText(form, 'evidenceUrl').trim();
    const note = formText(form, 'evidenceNote').trim();
    await api.patch('/api/actions/{id}/milestones/{milestoneId}', {
      path: { id: actionRef, milestoneId },
      body: { doneOn: formText(form, 'doneOn'), ...(url ? { evidenceUrl: url } : {}), ...(note ? { evidenceNote: note } : {}) },
    });
    await onDone();
    notify('actions:notice.milestoneDone');
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormErrors error={error} fieldIds={{ doneOn: `${prefix}-done`, evidenceUrl: `${prefix}-url`, evidenceNote: `${prefix}-note` }} />
      <DateField id={`${prefix}-done`} name="doneOn" label={t('actions:milestone.doneOn')} required />
      <Field id={`${prefix}-url`} name="evidenceUrl" type="url" label={t('actions:milestone.evidenceUrl')} maxLength={2000} />
      <TextAreaField id={`${prefix}-note`} name="evidenceNote" label={t('actions:milestone.evidenceNote')} rows={2} maxLength={2000} />
      <button type="submit" className="button button--small" disabled={busy}>
        {t('actions:milestone.save')}
      </button>
    </form>
  );
}

/**
 * The report on an action: its state (a drop needs its reason), and on a leaf its progress; the
 * note goes on the public timeline. Editors and the service owners of its R or A institutions.
 */
function ReportPanel({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const next = ACTION_TRANSITIONS[data.state];
  const [state, setState] = useState<ActionState>(data.state);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const body: { progress?: number; state?: ActionState; dropReason?: string; note?: string } = {};
    const progress = formText(form, 'progress').trim();
    if (data.childCount === 0 && progress !== '' && Number(progress) !== data.progress) body.progress = Number(progress);
    if (state !== data.state) body.state = state;
    const reason = formText(form, 'dropReason').trim();
    if (state === 'dropped' && reason) body.dropReason = reason;
    const note = formText(form, 'note').trim();
    if (note) body.note = note;
    if (Object.keys(body).length === 0) return notify('actions:notice.nothing');
    await api.patch('/api/actions/{id}', { path: { id: data.ref }, body });
    await onDone();
    notify('actions:notice.reported');
  });
  if (next.length === 0 && data.childCount > 0) return null;
  return (
    <div className="staff-panel">
      <h3>{t('actions:report.title')}</h3>
      <form className="form" onSubmit={onSubmit} noValidate key={data.updatedAt}>
        <FormErrors error={error} fieldIds={{ progress: 'ac-progress', state: 'ac-state', dropReason: 'ac-drop', note: 'ac-note' }} />
        {data.childCount === 0 ? (
          <Field id="ac-progress" name="progress" type="number" min={0} max={100} step="any" inputMode="decimal" label={t('actions:report.progress')} defaultValue={percent(data.progress)} />
        ) : (
          <p className="field__hint">{t('actions:report.parentProgress')}</p>
        )}
        {next.length > 0 && (
          <SelectField
            id="ac-state"
            name="state"
            label={t('actions:report.state')}
            value={state}
            onChange={(event) => setState(event.target.value as ActionState)}
            options={[data.state, ...next].map((s) => ({ value: s, label: t(`actions:state.${s}`) }))}
          />
        )}
        {state === 'dropped' && <TextAreaField id="ac-drop" name="dropReason" required label={t('actions:report.dropReason')} rows={2} maxLength={4000} />}
        <TextAreaField id="ac-note" name="note" label={t('actions:report.note')} hint={t('actions:report.noteHint')} rows={2} maxLength={4000} />
        <button type="submit" className="button button--small" disabled={busy}>
          {t('actions:report.save')}
        </button>
      </form>
    </div>
  );
}

function DependencyList({ items, label, id }: { items: Detail['dependencies']['predecessors']; label: string; id: string }) {
  const { t } = useTranslation();
  const { day } = useDates();
  return (
    <>
      <h3 id={id}>{label}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('actions:detail.none')}</p>
      ) : (
        <ul className="ac-links" aria-labelledby={id}>
          {items.map((d) => (
            <li key={d.id}>
              <Link to={`/actions/${d.ref}`}>
                <LocalizedText value={d.title} />
              </Link>{' '}
              <ActionStateBadge state={d.state} />{' '}
              <span className="muted">
                {day(d.startsOn)} – {day(d.endsOn)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Dependencies({ data }: { data: Detail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="dependencies-heading">
      <h2 id="dependencies-heading">{t('actions:detail.dependencies')}</h2>
      <DependencyList id="predecessors-heading" label={t('actions:detail.predecessors')} items={data.dependencies.predecessors} />
      <DependencyList id="successors-heading" label={t('actions:detail.successors')} items={data.dependencies.successors} />
    </section>
  );
}

function Links({ data }: { data: Detail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('actions:detail.answers')}</h2>
      <h3 id="recommendations-heading">{t('actions:detail.recommendations')}</h3>
      {data.recommendations.length === 0 ? (
        <p className="muted">{t('actions:detail.none')}</p>
      ) : (
        <ul className="ac-links" aria-labelledby="recommendations-heading">
          {data.recommendations.map((r) => (
            <li key={r.id}>
              <Link to={`/recommendations/${r.ref}`}>
                <LocalizedText value={r.title} />
              </Link>{' '}
              <span className="bn-ref">{r.ref}</span> <span className="muted">({t(`recommendations:state.${r.state}`)})</span>
            </li>
          ))}
        </ul>
      )}
      <h3 id="bottlenecks-heading">{t('actions:detail.bottlenecks')}</h3>
      {data.bottlenecks.length === 0 ? (
        <p className="muted">{t('actions:detail.none')}</p>
      ) : (
        <ul className="ac-links" aria-labelledby="bottlenecks-heading">
          {data.bottlenecks.map((b) => (
            <li key={b.id}>
              <Link to={`/bottlenecks/${b.ref}`}>
                <LocalizedText value={b.title} />
              </Link>{' '}
              <span className="bn-ref">{b.ref}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Funding({ data, euros }: { data: Detail; euros: (value: number) => string }) {
  const { t } = useTranslation();
  if (data.budgetEur === null && data.funding.length === 0) return null;
  return (
    <section aria-labelledby="funding-heading">
      <h2 id="funding-heading">{t('actions:detail.funding')}</h2>
      {data.budgetEur !== null && <p>{t('actions:detail.budget', { amount: euros(data.budgetEur) })}</p>}
      {data.funding.length > 0 && (
        <ScrollRegion label={t('actions:detail.funding')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('actions:funding.source')}</th>
                <th scope="col">{t('actions:funding.amount')}</th>
                <th scope="col">{t('actions:funding.year')}</th>
              </tr>
            </thead>
            <tbody>
              {data.funding.map((f, i) => (
                <tr key={i}>
                  <th scope="row">
                    <LocalizedText value={f.source} />
                  </th>
                  <td>{euros(f.amountEur)}</td>
                  <td>{f.year ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

/** The public timeline, each event said in words with its day. */
function Timeline({ data }: { data: Detail }) {
  const { t, i18n } = useTranslation();
  const { day, date } = useDates();
  const milestoneTitle = (id: string | null) => pickLocalized(data.milestones.find((m) => m.id === id)?.title, i18n.language as ContentLanguage)?.text ?? t('actions:timeline.aMilestone');
  const stateName = (value: string | null) => (value ? t(`actions:state.${value}`, { defaultValue: value }) : '–');
  const say = (event: Detail['timeline'][number]): string => {
    switch (event.kind) {
      case 'created':
        return t('actions:timeline.created', { state: stateName(event.to) });
      case 'state':
        return t('actions:timeline.state', { from: stateName(event.from), to: stateName(event.to) });
      case 'progress':
        return t('actions:timeline.progress', { from: percentIn(Number(event.from ?? 0), i18n.language), to: percentIn(Number(event.to ?? 0), i18n.language) });
      case 'milestone_met':
        return t('actions:timeline.milestoneMet', { title: milestoneTitle(event.milestoneId), day: day(event.to) });
      case 'milestone_slipped':
        return t('actions:timeline.milestoneSlipped', { title: milestoneTitle(event.milestoneId), from: day(event.from), to: day(event.to) });
      case 'due_changed':
        return event.milestoneId
          ? t('actions:timeline.milestoneMoved', { title: milestoneTitle(event.milestoneId), from: day(event.from), to: day(event.to) })
          : t('actions:timeline.endMoved', { from: day(event.from), to: day(event.to) });
      case 'raci':
        return t('actions:timeline.raci');
    }
  };
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('actions:detail.timeline')}</h2>
      <ol className="timeline">
        {data.timeline.map((event, i) => (
          <li key={i}>
            <p className="timeline__what">
              <time dateTime={event.at}>{date(event.at)}</time>: {say(event)}
            </p>
            {event.note && <p className="timeline__note">{event.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
