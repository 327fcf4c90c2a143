import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CHANGE_FIELDS, OUTCOME_KINDS, type ChangeField, type OutcomeKind } from '../../../shared/schemas/consultationOutcomes.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { SelectField } from '../../components/Field.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formLocalized, LocalizedFields } from '../../components/LocalizedFields.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSizeOf } from '../../components/pagination.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { LabelText, RequiredNote } from '../../components/Required.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { ChangeLabel } from './OutcomeView.tsx';

type Detail = GetAnswer<'/api/consultations/{id}'>;
type Item = GetAnswer<'/api/consultations/{id}/comments'>['items'][number];
type Targets = GetAnswer<'/api/consultations/{id}/answer-targets'>;

/**
 * "You said, we did" for editors: the published comments of a consultation on a framework version,
 * oldest first, each with a form for what became of it (outcome and reply in fi/et/en) and the
 * changes of a later version that answer it, picked from that version's nodes.
 */
export function AnswersPage() {
  return (
    <RequireUser roles={['editor']}>
      <Answers />
    </RequireUser>
  );
}

function Answers() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { params } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const consultation = useResource('/api/consultations/{id}', slug ? { path: { id: slug } } : null);
  const targets = useResource('/api/consultations/{id}/answer-targets', slug ? { path: { id: slug } } : null);
  const { data, error, reload } = useResource('/api/consultations/{id}/comments', slug ? { path: { id: slug }, query: { sort: 'date', limit: size, offset: (page - 1) * size } } : null);
  const notice = useNotice();
  const notFramework = targets.error instanceof ApiError && targets.error.code === 'not-about-framework';
  return (
    <div className="page">
      <PageTitle>{t('outcomes:answers.title')}</PageTitle>
      {consultation.data && (
        <p className="lead-actions">
          <Link to={`/consultations/${consultation.data.slug}`}>
            <LocalizedText value={consultation.data.title} />
          </Link>
        </p>
      )}
      <p>{t('outcomes:answers.intro')}</p>
      <StatusMessage notice={notice.notice} />
      {notFramework ? <p className="notice">{t('outcomes:answers.notFramework')}</p> : <FormErrors error={targets.error ?? consultation.error ?? error} />}
      {targets.data && targets.data.versions.length === 0 && <p className="notice">{t('outcomes:answers.noLaterVersion', { version: targets.data.consulted })}</p>}
      {!notFramework && (
        <>
          <p role="status" className="result-count">
            {data ? t('outcomes:answers.count', { count: data.total }) : t('common:loading')}
          </p>
          {consultation.data && targets.data && (
            <ul className="comment-list">
              {data?.items.map((item) => (
                <li key={item.id} id={`comment-${item.id}`} className="card">
                  <AnswerForms consultation={consultation.data!} targets={targets.data!} item={item} onDone={async (key) => {
                    notice.show(key);
                    await reload();
                  }} />
                </li>
              ))}
            </ul>
          )}
          {data && <Pagination label={t('outcomes:answers.pages')} page={page} total={data.total} size={size} />}
        </>
      )}
    </div>
  );
}

/** One comment: what it says, the form for its outcome and reply, and its linked changes. */
function AnswerForms({ consultation, targets, item, onDone }: { consultation: Detail; targets: Targets; item: Item; onDone: (key: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const section = pickLocalized(consultation.sections.find((s) => s.id === item.sectionId)?.title, i18n.language as ContentLanguage)?.text ?? '';
  const headingId = `answer-${item.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h2 id={headingId} className="h3">
        {t('outcomes:answers.comment', { date: dates.dateTime(item.createdAt), section })}
      </h2>
      <p className="comment__body" lang={item.language}>
        {item.body}
      </p>
      <OutcomeForm consultationId={consultation.id} item={item} onDone={onDone} />
      <ChangeLinks consultationId={consultation.id} targets={targets} item={item} onDone={onDone} />
    </article>
  );
}

function OutcomeForm({ consultationId, item, onDone }: { consultationId: string; item: Item; onDone: (key: string) => Promise<void> }) {
  const { t } = useTranslation();
  const id = item.id;
  const path = { id: consultationId, commentId: id };
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const reply = formLocalized(form, 'reply');
    await api.put('/api/consultations/{id}/comments/{commentId}/outcome', { path, body: { outcome: formText(form, 'outcome') as OutcomeKind, reply } });
    await onDone('outcomes:answers.saved');
  });
  const [clearError, setClearError] = useState<unknown>(null);
  async function clear() {
    setClearError(null);
    try {
      await api.delete('/api/consultations/{id}/comments/{commentId}/outcome', { path });
      await onDone('outcomes:answers.cleared');
    } catch (caught) {
      setClearError(caught);
    }
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label={t('outcomes:answers.outcome')}>
      <RequiredNote />
      <FormErrors error={error ?? clearError} fieldIds={{ outcome: `a-outcome-${id}`, reply: `a-reply-${id}` }} />
      <fieldset id={`a-outcome-${id}`} tabIndex={-1}>
        <legend>
          <LabelText text={t('outcomes:answers.outcome')} required />
        </legend>
        {OUTCOME_KINDS.map((kind) => (
          <div className="field field--check" key={kind}>
            <input type="radio" id={`a-outcome-${id}-${kind}`} name="outcome" value={kind} required defaultChecked={item.outcome?.outcome === kind} />
            <label htmlFor={`a-outcome-${id}-${kind}`}>{t(`outcomes:state.${kind}`)}</label>
          </div>
        ))}
      </fieldset>
      <LocalizedFields id={`a-reply-${id}`} legend={t('outcomes:answers.reply')} name="reply" long maxLength={4000} defaultValue={item.outcome?.reply} />
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('outcomes:answers.save')}
        </button>
        {item.outcome?.outcome && (
          <button type="button" className="button button--secondary" onClick={() => void clear()}>
            {t('outcomes:answers.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The changes linked to a comment, each removable, and a form to link another from a later version's nodes. */
function ChangeLinks({ consultationId, targets, item, onDone }: { consultationId: string; targets: Targets; item: Item; onDone: (key: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const id = item.id;
  const path = { id: consultationId, commentId: id };
  const [version, setVersion] = useState(targets.versions[0]?.number ?? 0);
  const chosen = targets.versions.find((v) => v.number === version);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const field = formText(form, 'field') as ChangeField | '';
    await api.post('/api/consultations/{id}/comments/{commentId}/changes', { path, body: { version, nodeKey: formText(form, 'nodeKey'), ...(field ? { field } : {}) } });
    await onDone('outcomes:answers.linked');
  });
  async function remove(change: NonNullable<Item['outcome']>['changes'][number]) {
    setRemoveError(null);
    try {
      await api.delete('/api/consultations/{id}/comments/{commentId}/changes', { path, query: { version: change.version, nodeKey: change.nodeKey, ...(change.field ? { field: change.field } : {}) } });
      await onDone('outcomes:answers.unlinked');
    } catch (caught) {
      setRemoveError(caught);
    }
  }
  const changes = item.outcome?.changes ?? [];
  const title = (value: Record<string, string>) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
  return (
    <section aria-labelledby={`a-changes-${id}`}>
      <h3 id={`a-changes-${id}`}>{t('outcomes:answers.changes')}</h3>
      <FormErrors error={removeError} />
      {changes.length === 0 ? (
        <p className="muted">{t('outcomes:answers.noChanges')}</p>
      ) : (
        <ul className="comment__changes">
          {changes.map((change) => (
            <li key={`${change.version}-${change.nodeKey}-${change.field ?? ''}`}>
              <ChangeLabel change={change} />{' '}
              <button type="button" className="button button--link" onClick={() => void remove(change)}>
                {t('outcomes:answers.unlink', { ref: change.ref })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <form className="form form--inline" onSubmit={onSubmit} aria-label={t('outcomes:answers.link')}>
          <RequiredNote />
          <FormErrors error={error} fieldIds={{ version: `a-version-${id}`, nodeKey: `a-node-${id}`, field: `a-field-${id}` }} />
          {targets.versions.length > 1 && (
            <SelectField
              id={`a-version-${id}`}
              label={t('outcomes:answers.version')}
              value={String(version)}
              onChange={(event) => setVersion(Number(event.target.value))}
              options={targets.versions.map((v) => ({ value: String(v.number), label: `${v.number} (${t(`framework:state.${v.state}`)})` }))}
            />
          )}
          <SelectField
            id={`a-node-${id}`}
            name="nodeKey"
            required
            label={t('outcomes:answers.node', { version })}
            defaultValue=""
            key={version}
            options={[{ value: '', label: t('outcomes:answers.chooseNode') }, ...chosen.nodes.map((n) => ({ value: n.key, label: `${n.ref} – ${title(n.title)}` }))]}
          />
          <SelectField
            id={`a-field-${id}`}
            name="field"
            label={t('outcomes:answers.field')}
            defaultValue=""
            options={[{ value: '', label: t('outcomes:answers.wholeNode') }, ...CHANGE_FIELDS.map((f) => ({ value: f, label: t(`outcomes:field.${f}`) }))]}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('outcomes:answers.link')}
          </button>
        </form>
      )}
    </section>
  );
}
