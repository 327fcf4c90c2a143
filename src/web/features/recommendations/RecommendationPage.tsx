import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RECOMMENDATION_TRANSITIONS, type RecommendationState } from '../../../shared/dialogues.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { SelectField } from '../../components/Field.tsx';
import { AnswerFields } from '../../components/AnswerFields.tsx';
import { Disclosure } from '../../components/Disclosure.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { AnswerView } from '../bottlenecks/AnswerView.tsx';
import { useDate } from '../bottlenecks/labels.tsx';
import { TraceChain } from '../trace/TraceChain.tsx';
import { CitedLessons } from '../regions/CitedLessons.tsx';
import { RecommendationStateBadge } from './labels.tsx';
import { ResponseForm } from './ResponseForm.tsx';
import { RequiredNote } from '../../components/Required.tsx';

type Detail = GetAnswer<'/api/recommendations/{id}'>;

export function RecommendationPage() {
  const { t, i18n } = useTranslation();
  const { ref = '' } = useParams();
  const { data, error, reload } = useResource('/api/recommendations/{id}', { path: { id: ref } });
  const date = useDate();
  const notice = useNotice();
  if (error) return <DetailProblem error={error} notFoundKey="recommendations:detail.notFound" backTo="/recommendations" backLabelKey="recommendations:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  return (
    <div className="page bn-detail">
      <p className="bn-card__meta">
        <Link to="/recommendations">{t('recommendations:list.title')}</Link> › <span className="bn-ref">{data.ref}</span> <RecommendationStateBadge state={data.state} />
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <ContentTitle value={data.title} otherwise={data.ref} />
      <StatusMessage notice={notice.notice} />
      {/* The facts come after the rationale in reading order, so a phone shows them before the responses. */}
      <div className="bn-detail__grid bn-detail__grid--split">
        <div className="bn-detail__lead">
          <section aria-labelledby="rationale-heading">
            <h2 id="rationale-heading">{t('recommendations:fields.rationale')}</h2>
            <LocalizedText value={data.rationale} as="p" />
            {data.rejectionReason && (
              <p className="notice">
                <strong>{t('recommendations:detail.rejected')}</strong> {data.rejectionReason}
              </p>
            )}
          </section>
        </div>
        <aside aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('recommendations:detail.facts')}</h2>
          <dl className="facts-list">
            <dt>{t('recommendations:fields.changeKind')}</dt>
            <dd>{t(`recommendations:changeKind.${data.changeKind}`)}</dd>
            <dt>{t('recommendations:fields.priority')}</dt>
            <dd>{t(`recommendations:priority.${data.priority}`)}</dd>
            <dt>{t('recommendations:fields.effort')}</dt>
            <dd>{t(`recommendations:effort.${data.effort}`)}</dd>
            <dt>{t('recommendations:detail.proposed')}</dt>
            <dd>{date(data.createdAt)}</dd>
          </dl>
          {data.viewer.canManage && <EditorPanel data={data} onDone={reload} notify={notice.show} />}
        </aside>
        <div className="bn-detail__rest">
          <section aria-labelledby="responses-heading">
            <h2 id="responses-heading">{t('recommendations:detail.responses')}</h2>
            <div className="answers">
              {data.addressees.map((addressee) => {
                const responses = data.responses.filter((r) => r.institution.id === addressee.id);
                return (
                  <div key={addressee.id} className="answer-column">
                    <h3>
                      <LocalizedText value={addressee.name} /> <span className="muted">({t(`institutions:country.${addressee.country}`)})</span>
                    </h3>
                    {responses.length === 0 ? (
                      <p className="muted">{t('recommendations:detail.noResponse')}</p>
                    ) : (
                      responses.map((response) => (
                        <div key={response.id} className="answer card">
                          <AnswerView answer={response} />
                          {data.viewer.canRespondFor.includes(addressee.id) && (
                            <Disclosure summary={t('recommendations:respond.edit')}>
                              <ResponseForm key={response.editedAt ?? response.id} recommendationRef={data.ref} institutionId={addressee.id} idPrefix={`response-${response.id}`} onDone={reload} response={response} />
                            </Disclosure>
                          )}
                        </div>
                      ))
                    )}
                  </div>
                );
              })}
            </div>
          </section>
          {data.viewer.canRespondFor.length > 0 && <NewResponseForm data={data} onDone={reload} notify={notice.show} />}
          <TraceChain type="recommendation" id={data.id} />
          <CitedLessons lessons={data.lessons} />
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t('recommendations:detail.timeline')}</h2>
            <ol className="timeline">
              {data.timeline.map((event, i) => (
                <li key={i}>
                  <p className="timeline__what">
                    {date(event.at)}: {t(`recommendations:state.${event.toState}`)}
                  </p>
                  {event.note && <p className="timeline__note">{event.note}</p>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}

type Notify = ReturnType<typeof useNotice>['show'];

/** A first response for an addressed institution that has none yet (one response each; later words edit it). */
function NewResponseForm({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t, i18n } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    await api.post('/api/recommendations/{id}/responses', {
      path: { id: data.ref },
      body: { institutionId: formText(form, 'institutionId'), body: formText(form, 'body'), language: formChoice<ContentLanguage>(form, 'language') },
    });
    await onDone();
    notify('recommendations:notice.responded');
  });
  const options = data.addressees
    .filter((a) => data.viewer.canRespondFor.includes(a.id) && !data.responses.some((r) => r.institution.id === a.id))
    .map((a) => ({ value: a.id, label: pickLocalized(a.name, i18n.language as ContentLanguage)?.text ?? a.id }));
  if (options.length === 0) return null;
  return (
    <section aria-labelledby="respond-heading" className="card">
      <h2 id="respond-heading">{t('recommendations:respond.title')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormErrors error={error} fieldIds={{ institutionId: 'respond-institution', language: 'respond-language', body: 'respond-body' }} />
        <RequiredNote />
        <SelectField id="respond-institution" name="institutionId" required label={t('recommendations:respond.for')} options={options} />
        <AnswerFields idPrefix="respond" label={t('recommendations:respond.body')} />
        <button type="submit" className="button" disabled={busy}>
          {t('recommendations:respond.send')}
        </button>
      </form>
    </section>
  );
}

function EditorPanel({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const note = formText(form, 'note').trim();
    const state = formChoice<RecommendationState>(form, 'state');
    await api.patch('/api/recommendations/{id}', { path: { id: data.ref }, body: { state, ...(note ? { note } : {}) } });
    await onDone();
    notify('recommendations:notice.moved', { state: t(`recommendations:state.${state}`) });
  });
  const next = RECOMMENDATION_TRANSITIONS[data.state];
  // A state with no way on (rejected, implemented) is final: that change asks first.
  const [chosen, setChosen] = useState<RecommendationState | undefined>(undefined);
  const target = chosen && next.includes(chosen) ? chosen : next[0];
  const final = target !== undefined && RECOMMENDATION_TRANSITIONS[target].length === 0;
  return (
    <div className="staff-panel">
      <h3>{t('recommendations:editor.title')}</h3>
      <p>
        <Link to={`/recommendations/${data.ref}/edit`}>{t('recommendations:editor.edit')}</Link>
      </p>
      {next.length > 0 && (
        <form className="form" onSubmit={onSubmit} onChange={(event) => {
          const field: EventTarget = event.target;
          if (field instanceof HTMLSelectElement && field.name === 'state') setChosen(field.value as RecommendationState);
        }}>
          <FormErrors error={error} fieldIds={{ state: 'rc-state', note: 'rc-note' }} />
          <SelectField id="rc-state" name="state" label={t('recommendations:editor.moveTo')} options={next.map((s) => ({ value: s, label: t(`recommendations:state.${s}`) }))} />
          <div className="field">
            <label htmlFor="rc-note">{t('recommendations:editor.note')}</label>
            <textarea id="rc-note" name="note" rows={3} maxLength={4000} />
          </div>
          <ConfirmButton
            skip={!final}
            className="button button--small"
            disabled={busy}
            question={final ? t(`recommendations:confirm.${target}.question`) : ''}
            consequence={final ? t(`recommendations:confirm.${target}.consequence`) : ''}
            confirmLabel={final ? t(`recommendations:confirm.${target}.action`) : ''}
          >
            {t('recommendations:editor.save')}
          </ConfirmButton>
        </form>
      )}
    </div>
  );
}
