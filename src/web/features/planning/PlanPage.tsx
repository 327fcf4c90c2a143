import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { PlanDetail } from '../../../shared/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../components/useDates.ts';
import { EditorSection } from '../../components/EditorSection.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { PlanDocumentForm, PlanForm, PlanObjectivesForm, PlanStepForm, RemovePlanItem, SourceForm } from './PlanningEditor.tsx';
import { citationNumbers } from './planning.ts';
import { Cites, InstrumentLink, SourceList } from './parts.tsx';

/** One plan: its instrument and stage, its dated history as an ordered list (each date as precise as its source), documents and sources. */
export function PlanPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, reload } = useResource('/api/planning/plans/{slug}', { path: { slug } });
  const { user } = useSession();
  // What the new-plan form did, said once on arrival here.
  const notice = useNotice();
  if (error) return <FormErrors error={error} />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const editing = Boolean(user && isEditorRole(user.role));
  return (
    <>
      <StatusMessage notice={notice.notice} />
      <PlanBody plan={data} editing={editing} onChanged={() => void reload()} />
      {editing && <PlanEditor plan={data} onSaved={() => void reload()} />}
    </>
  );
}

/** The editors' part: the plan's facts, a new step or document, a new source to cite. */
function PlanEditor({ plan, onSaved }: { plan: PlanDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <EditorSection id="plan-editor-title" title={t('planning:edit.title')} onSaved={onSaved}>
      {(done) => (
        <>
          <PlanStepForm plan={plan} done={done} />
          <PlanDocumentForm plan={plan} done={done} />
          <PlanObjectivesForm key={plan.objectives.map((o) => o.nodeKey).join()} plan={plan} done={done} />
          <SourceForm done={done} />
          {/* Keyed by what a step may change, so the form starts from the plan's new stage. */}
          <PlanForm key={JSON.stringify(plan.citations) + plan.stage} plan={plan} onSaved={() => done('planning:edit.planSaved')} />
        </>
      )}
    </EditorSection>
  );
}

function PlanBody({ plan, editing, onChanged }: { plan: PlanDetail; editing: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const numbers = citationNumbers(plan.sources);
  const cite = (field: string) => <Cites numbers={numbers} tags={plan.citations[field]} />;
  const title = pickLocalized(plan.name, i18n.language as ContentLanguage);
  return (
    <div className="page">
      <ContentTitle value={plan.name} otherwise={plan.slug} />
      <p>
        <Link to="/planning/plans">{t('planning:plans.back')}</Link> · <Link to="/planning">{t('planning:back')}</Link>
      </p>
      <dl className="region-facts">
        <div>
          <dt>{t('planning:field.name')}</dt>
          <dd>
            <LocalizedText value={plan.name} />
            {cite('name')}
          </dd>
        </div>
        <div>
          <dt>{t('planning:plans.instrument')}</dt>
          <dd>
            <InstrumentLink instrument={plan.instrument} />
            {cite('instrument')}
          </dd>
        </div>
        <div>
          <dt>{t('planning:plans.stage')}</dt>
          <dd>
            {t(`planning:stage.${plan.stage}`)}
            {cite('stage')}
          </dd>
        </div>
        {plan.summary && (
          <div>
            <dt>{t('planning:plan.summary')}</dt>
            <dd>
              <LocalizedText value={plan.summary} />
              {cite('summary')}
            </dd>
          </div>
        )}
      </dl>
      <h2 id="objectives">{t('planning:plan.objectives')}</h2>
      {plan.objectives.length === 0 ? (
        <p>{t('planning:plan.noObjectives')}</p>
      ) : (
        <ul>
          {plan.objectives.map((objective) => (
            <li key={objective.nodeKey}>
              <Link to={`/framework/versions/${objective.versionNumber}#node-${objective.nodeKey}`}>
                {objective.ref} <LocalizedText value={objective.title} />
              </Link>{' '}
              <span className="muted">({t('planning:plan.objectiveVersion', { number: objective.versionNumber, state: t(`framework:state.${objective.versionState}`) })})</span>
              {objective.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2 id="history">{t('planning:plan.history')}</h2>
      <ol className="timeline">
        {plan.events.map((event) => (
          <li key={event.id}>
            <strong>{dates.dayAt(event.date, event.precision, event.until)}</strong>
            {event.stage && <span className="badge">{t(`planning:stage.${event.stage}`)}</span>}
            {event.unconfirmed && <span className="badge badge--warning">{t('planning:plan.unconfirmed')}</span>}
            <div>
              <LocalizedText value={event.body} />
              {event.decisionRef && <> ({t('planning:plan.decision', { ref: event.decisionRef })})</>}
              <Cites numbers={numbers} tags={event.sources} />
            </div>
            {editing && !event.seeded && <RemovePlanItem plan={plan} kind="events" id={event.id} name={dates.dayAt(event.date, event.precision, event.until)} onRemoved={onChanged} />}
          </li>
        ))}
      </ol>
      {plan.notes.length > 0 && (
        <>
          <h2>{t('planning:notes.title')}</h2>
          <ul>
            {plan.notes.map((note, at) => (
              <li key={at}>
                {note.unconfirmed && <span className="badge badge--warning">{t('planning:plan.unconfirmed')}</span>} <LocalizedText value={note.text} />
                <Cites numbers={numbers} tags={note.sources} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('planning:plan.documents')}</h2>
      <ul>
        {plan.documents.map((document) => (
          <li key={document.id}>
            <a href={document.url} rel="noreferrer">
              <LocalizedText value={document.title} />
            </a>{' '}
            <span className="muted">({t(`planning:documentKind.${document.kind}`)})</span>
            <Cites numbers={numbers} tags={[document.source]} />
            {editing && !document.seeded && <RemovePlanItem plan={plan} kind="documents" id={document.id} name={pickLocalized(document.title, i18n.language as ContentLanguage)?.text ?? document.url} onRemoved={onChanged} />}
          </li>
        ))}
      </ul>
      <SourceList sources={plan.sources} />
    </div>
  );
}
