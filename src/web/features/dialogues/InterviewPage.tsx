import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DOMAINS, type Domain } from '../../../shared/register.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, ApiError } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckKind } from '../../components/pickerKinds.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { editRows, type RowsAction } from '../../components/rows.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { BLANK_FINDING, findingRows, findingsBody, type FindingRow } from './dialogueForm.ts';
import { RequiredNote } from '../../components/Required.tsx';

export function InterviewPage() {
  return (
    <RequireUser roles={['editor']}>
      <InterviewForm />
    </RequireUser>
  );
}

/** Records an interview: the guide it follows, an answer per question, and the coded findings. */
function InterviewForm() {
  const { t, i18n } = useTranslation();
  const { ref = '' } = useParams();
  const notice = useNotice();
  const dialogue = useResource('/api/dialogues/{id}', { path: { id: ref } });
  const guides = useResource('/api/interview-guides');
  const [rows, setRows] = useState<FindingRow[] | null>(null);
  const chooseGuide = useSubmit(async (form) => {
    await api.patch('/api/dialogues/{id}', { path: { id: ref }, body: { guideId: formText(form, 'guideId') } });
    await dialogue.reload();
  });
  const save = useSubmit(async (form) => {
    const questions = guide!.questions;
    await api.put('/api/dialogues/{id}/interview', {
      path: { id: ref },
      body: {
        answers: questions.map((q) => ({ questionId: q.id, answer: formText(form, `answer-${q.id}`) })),
        findings: findingsBody(findings),
      },
    });
    void notice.navigate(`/dialogues/${ref}`, 'dialogues:notice.interviewSaved');
  });
  if (!dialogue.data || !guides.data) return <p role="status">{t('common:loading')}</p>;
  const data = dialogue.data;
  const guide = guides.data.items.find((g) => g.id === data.guide?.id);
  const findings = rows ?? findingRows(data.findings);
  const edit = (action: RowsAction<FindingRow>) => setRows(editRows(findings, action));
  const setFinding = (key: number, change: Partial<FindingRow>) => edit({ type: 'update', key, change });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const answerOf = (questionId: string) => data.answers.find((a) => a.questionId === questionId)?.answer ?? '';
  return (
    <div className="page page--narrow">
      <p className="bn-card__meta">
        <Link to="/dialogues">{t('dialogues:list.title')}</Link> › <Link to={`/dialogues/${ref}`}>{ref}</Link>
      </p>
      <PageTitle>{t('dialogues:interview.recordTitle')}</PageTitle>
      {/* Which interview: the title says only what the page does. */}
      <p className="page-subject">
        <LocalizedText value={data.title} />
      </p>
      <form className="form form--choose" onSubmit={chooseGuide.onSubmit}>
        <FormErrors error={chooseGuide.error} fieldIds={{ guideId: 'i-guide' }} />
        <SelectField id="i-guide" name="guideId" label={t('dialogues:interview.guide')} defaultValue={data.guide?.id ?? guides.data.items[0]?.id} options={guides.data.items.map((g) => ({ value: g.id, label: pickLocalized(g.title, i18n.language as ContentLanguage)?.text ?? g.id }))} />
        <button type="submit" className="button button--secondary">
          {t('dialogues:interview.useGuide')}
        </button>
      </form>
      <p>
        <Link to="/interview-guides">{t('dialogues:guides.title')}</Link>
      </p>
      {guide && (
        <form className="form" onSubmit={save.onSubmit} noValidate>
          <FormErrors
            error={save.error}
            fieldIds={Object.fromEntries([
              ...guide.questions.map((question, i) => [`answers.${i}`, `answer-${question.id}`]),
              ...findings.flatMap((f, i) => [[`findings.${i}`, `f-${f.key}-text`], ...['text', 'code', 'domain', 'bottleneck'].map((name) => [`findings.${i}.${name}`, `f-${f.key}-${name}`])]),
            ])}
          />
          {findings.length > 0 && <RequiredNote />}
          {guide.questions.map((question) => (
            <div className="field" key={question.id}>
              <label htmlFor={`answer-${question.id}`}>
                <LocalizedText value={question.text} />
              </label>
              <textarea id={`answer-${question.id}`} name={`answer-${question.id}`} rows={3} maxLength={20000} defaultValue={answerOf(question.id)} />
            </div>
          ))}
          <fieldset>
            <legend>{t('dialogues:interview.findings')}</legend>
            {findings.map((f, index) => (
              <div key={f.key} className="participant-row">
                <Field id={`f-${f.key}-text`} required label={t('dialogues:interview.findingText', { n: index + 1 })} value={f.text} onChange={(e) => setFinding(f.key, { text: e.target.value })} error={errors[`findings.${index}.text`] ? fieldText(errors[`findings.${index}.text`], t) : undefined} />
                <Field id={`f-${f.key}-code`} required label={t('dialogues:interview.code', { n: index + 1 })} hint={t('dialogues:interview.codeHint')} value={f.code} onChange={(e) => setFinding(f.key, { code: e.target.value })} />
                <SelectField id={`f-${f.key}-domain`} label={t('dialogues:interview.domain', { n: index + 1 })} value={f.domain} onChange={(e) => setFinding(f.key, { domain: e.target.value as Domain | '' })} options={[{ value: '', label: '–' }, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
                <Picker id={`f-${f.key}-bottleneck`} kind={bottleneckKind} label={t('dialogues:interview.bottleneck', { n: index + 1 })} value={f.bottleneck ? [f.bottleneck] : []} onChange={(chosen) => setFinding(f.key, { bottleneck: chosen[0] ?? null })} error={errors[`findings.${index}.bottleneck`] ? fieldText(errors[`findings.${index}.bottleneck`], t) : undefined} />
                <button type="button" className="button button--secondary button--small" onClick={() => edit({ type: 'remove', key: f.key })}>
                  {t('dialogues:interview.removeFinding', { n: index + 1 })}
                </button>
              </div>
            ))}
            <button type="button" className="button button--secondary" onClick={() => edit({ type: 'add', row: BLANK_FINDING })}>
              {t('dialogues:interview.addFinding')}
            </button>
          </fieldset>
          <button type="submit" className="button" disabled={save.busy}>
            {t('dialogues:form.save')}
          </button>
        </form>
      )}
    </div>
  );
}
