import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { MAP_TOOLS, MODERATION_MODES, PARTICIPATION_RULES, QUESTION_KINDS, SECTION_KINDS, SUBJECTS, type QuestionKind, type ConsultationSubject, type MapTools, type ModerationMode, type ParticipationRule, type SectionKind } from '../../../shared/schemas/consultations.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DateTimeField } from '../../components/DateField.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';

type Detail = GetAnswer<'/api/consultations/{id}'>;
type Section = Detail['sections'][number];
type Text = LocalizedTextValue;

const ZONE = 'Europe/Helsinki';

/** The text of one field in each language, left out where blank; null when all are. */
function textOf(form: FormData, name: string): Text | null {
  const out: Text = {};
  for (const lang of FORM_LANGUAGES) {
    const value = formText(form, `${name}-${lang}`).trim();
    if (value) out[lang] = value;
  }
  return Object.keys(out).length ? out : null;
}

function TextFields({ name, label, value, multiline, idPrefix }: { name: string; label: string; value?: Text | null; multiline?: boolean; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset id={`${idPrefix}-${name}`}>
      <legend>{label}</legend>
      <ByLanguage
        written={(lang) => Boolean(value?.[lang])}
        render={(lang) =>
          multiline ? (
            <TextAreaField key={lang} id={`${idPrefix}-${name}-${lang}`} name={`${name}-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.[lang] ?? ''} rows={6} />
          ) : (
            <Field key={lang} id={`${idPrefix}-${name}-${lang}`} name={`${name}-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.[lang] ?? ''} maxLength={300} />
          )
        }
      />
    </fieldset>
  );
}

/** Create a consultation, or change one and its sections (editors). */
export function EditorPage() {
  return (
    <RequireUser roles={['editor']}>
      <Editor />
    </RequireUser>
  );
}

function Editor() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { data, error, reload } = useResource('/api/consultations/{id}', slug ? { path: { id: slug } } : null);
  if (slug && !data) return <div className="page">{error ? <FormErrors error={error} /> : <p role="status">{t('common:loading')}</p>}</div>;
  return (
    <div className="page page--narrow">
      <PageTitle>{data ? t('consultations:editor.editTitle', { ref: data.ref }) : t('consultations:editor.newTitle')}</PageTitle>
      <ConsultationForm value={data} onSaved={reload} />
      {data && <Sections consultation={data} onChanged={reload} />}
    </div>
  );
}

function ConsultationForm({ value, onSaved }: { value: Detail | null; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notice = useNotice();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const planId = formText(form, 'planId').trim();
    const frameworkVersionId = formText(form, 'frameworkVersionId').trim();
    const body = {
      slug: formText(form, 'slug').trim(),
      title: textOf(form, 'title') ?? {},
      summary: textOf(form, 'summary'),
      subject: formText(form, 'subject') as ConsultationSubject,
      planId: planId || null,
      frameworkVersionId: frameworkVersionId || null,
      opensAt: formText(form, 'opensAt'),
      closesAt: formText(form, 'closesAt'),
      commenting: formText(form, 'commenting') as ParticipationRule,
      support: formText(form, 'support') as ParticipationRule,
      moderation: formText(form, 'moderation') as ModerationMode,
      mapTools: formText(form, 'mapTools') as MapTools,
      published: form.get('published') === 'yes',
    };
    if (value) {
      await api.patch('/api/consultations/{id}', { path: { id: value.id }, body });
      notice.show('consultations:editor.saved');
      if (body.slug !== value.slug) navigate(`/consultations/${body.slug}/edit`);
      else await onSaved();
    } else {
      const created = await api.post('/api/consultations', { body });
      navigate(`/consultations/${created.slug}/edit`);
    }
  });
  const rules = PARTICIPATION_RULES.map((r) => ({ value: r, label: t(`consultations:commenting.${r}`) }));
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t('consultations:editor.consultation')}>
      <StatusMessage notice={notice.notice} />
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ slug: 'e-slug', title: 'e-title', closesAt: 'e-closesAt', opensAt: 'e-opensAt', planId: 'e-planId', frameworkVersionId: 'e-frameworkVersionId' }} />
      <Field id="e-slug" name="slug" required label={t('consultations:editor.slug')} hint={t('consultations:editor.slugHint')} defaultValue={value?.slug ?? ''} maxLength={80} />
      <TextFields idPrefix="e" name="title" label={t('consultations:editor.title')} value={value?.title} />
      <TextFields idPrefix="e" name="summary" label={t('consultations:editor.summary')} value={value?.summary} multiline />
      <SelectField id="e-subject" name="subject" required label={t('consultations:editor.subject')} defaultValue={value?.subject ?? 'text'} options={SUBJECTS.map((s) => ({ value: s, label: t(`consultations:subject.${s}`) }))} />
      <SubjectChoices value={value} />
      <DateTimeField id="e-opensAt" name="opensAt" required label={t('consultations:opens')} zone={ZONE} defaultValue={value?.opensAt} />
      <DateTimeField id="e-closesAt" name="closesAt" required label={t('consultations:closes')} zone={ZONE} defaultValue={value?.closesAt} />
      <SelectField id="e-commenting" name="commenting" required label={t('consultations:commenting.label')} defaultValue={value?.commenting ?? 'open'} options={rules} />
      <SelectField id="e-support" name="support" required label={t('consultations:editor.support')} defaultValue={value?.support ?? 'open'} options={rules} />
      <SelectField id="e-moderation" name="moderation" required label={t('consultations:moderationMode.label')} defaultValue={value?.moderation ?? 'after'} options={MODERATION_MODES.map((m) => ({ value: m, label: t(`consultations:moderationMode.${m}`) }))} />
      <SelectField id="e-map-tools" name="mapTools" required label={t('consultations:mapTools.label')} defaultValue={value?.mapTools ?? 'none'} options={MAP_TOOLS.map((m) => ({ value: m, label: t(`consultations:mapTools.${m}`) }))} />
      <div className="field field--check">
        <input type="checkbox" id="e-published" name="published" value="yes" defaultChecked={value?.published ?? false} />
        <label htmlFor="e-published">{t('consultations:editor.published')}</label>
      </div>
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>
          {value ? t('consultations:editor.save') : t('consultations:editor.create')}
        </button>
        {value && <Link to={`/consultations/${value.slug}`}>{t('consultations:editor.view')}</Link>}
      </div>
    </form>
  );
}

/** The plan or framework version the consultation is about, chosen by name (sent by id). */
function SubjectChoices({ value }: { value: Detail | null }) {
  const { t, i18n } = useTranslation();
  const plans = useResource('/api/planning/plans');
  const versions = useResource('/api/framework/versions');
  const name = (text: Parameters<typeof pickLocalized>[0]) => pickLocalized(text, i18n.language as ContentLanguage)?.text ?? '';
  const none = { value: '', label: t('consultations:editor.noSubject') };
  // Keyed by the lists' arrival, so the stored choice is selected once its option exists.
  return (
    <>
      <SelectField
        key={`plans-${plans.data?.total ?? 0}`}
        id="e-planId"
        name="planId"
        label={t('consultations:editor.plan')}
        hint={t('consultations:editor.planHint')}
        defaultValue={value?.planId ?? ''}
        options={[none, ...(plans.data?.items ?? []).map((p) => ({ value: p.id, label: name(p.name) || p.slug }))]}
      />
      <SelectField
        key={`versions-${versions.data?.items.length ?? 0}`}
        id="e-frameworkVersionId"
        name="frameworkVersionId"
        label={t('consultations:editor.frameworkVersion')}
        hint={t('consultations:editor.frameworkVersionHint')}
        defaultValue={value?.frameworkVersionId ?? ''}
        options={[none, ...(versions.data?.items ?? []).map((v) => ({ value: v.id, label: t('consultations:editor.versionOption', { number: v.number, label: name(v.label), state: t(`framework:state.${v.state}`) }) }))]}
      />
    </>
  );
}

function Sections({ consultation, onChanged }: { consultation: Detail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sections-title">
      <h2 id="sections-title">{t('consultations:editor.sections')}</h2>
      {consultation.sections.map((section) => (
        <SectionForm key={section.id} consultation={consultation} section={section} onChanged={onChanged} />
      ))}
      <SectionForm key={`new-${consultation.sections.length}`} consultation={consultation} onChanged={onChanged} />
    </section>
  );
}

function SectionForm({ consultation, section, onChanged }: { consultation: Detail; section?: Section; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const prefix = section ? `s-${section.id}` : 's-new';
  const { onSubmit, error, busy, done } = useSubmit(async (form) => {
    const body = {
      kind: formText(form, 'kind') as SectionKind,
      position: Number(formText(form, 'position')) || 0,
      title: textOf(form, 'title') ?? {},
      abstract: textOf(form, 'abstract'),
      body: textOf(form, 'body'),
    };
    if (section) await api.patch('/api/consultations/{id}/sections/{sectionId}', { path: { id: consultation.id, sectionId: section.id }, body });
    else await api.post('/api/consultations/{id}/sections', { path: { id: consultation.id }, body });
    await onChanged();
  });
  return (
    <div className="card">
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-legend`}>
        <h3 id={`${prefix}-legend`}>{section ? t('consultations:editor.section', { position: section.position }) : t('consultations:editor.newSection')}</h3>
        <RequiredNote />
        <FormErrors error={error} />
        {done && section && <p role="status">{t('consultations:editor.saved')}</p>}
        <SelectField id={`${prefix}-kind`} name="kind" required label={t('consultations:editor.kind')} defaultValue={section?.kind ?? 'part'} options={SECTION_KINDS.map((k) => ({ value: k, label: t(`consultations:kind.${k}`) }))} />
        <Field id={`${prefix}-position`} name="position" type="number" min={0} max={1000} label={t('consultations:editor.position')} defaultValue={section?.position ?? consultation.sections.length} />
        <TextFields idPrefix={prefix} name="title" label={t('consultations:editor.title')} value={section?.title} />
        <TextFields idPrefix={prefix} name="abstract" label={t('consultations:editor.abstract')} value={section?.abstract} multiline />
        <TextFields idPrefix={prefix} name="body" label={t('consultations:editor.body')} value={section?.body} multiline />
        <button type="submit" className="button" disabled={busy}>
          {section ? t('consultations:editor.saveSection') : t('consultations:editor.addSection')}
        </button>
      </form>
      {section && <RemoveSection consultation={consultation} section={section} onChanged={onChanged} />}
      {section && <FileForm consultation={consultation} section={section} onChanged={onChanged} />}
      {section && <QuestionsForm consultation={consultation} section={section} onChanged={onChanged} />}
    </div>
  );
}

/** Removes a section that has no comments (the server refuses one that has: its comments would lose their place). */
function RemoveSection({ consultation, section, onChanged }: { consultation: Detail; section: Section; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const name = pickLocalized(section.title, i18n.language as ContentLanguage)?.text ?? String(section.position);
  async function remove() {
    setError(null);
    try {
      await api.delete('/api/consultations/{id}/sections/{sectionId}', { path: { id: consultation.id, sectionId: section.id } });
      await onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <div className="row-actions">
      <FormErrors error={error} />
      <ConfirmButton
        onConfirm={() => void remove()}
        question={t('consultations:editor.removeSectionQuestion', { name })}
        consequence={t('consultations:editor.removeSectionConsequence')}
        confirmLabel={t('consultations:editor.remove')}
        disabled={section.counts.comments + section.counts.replies > 0}
      >
        {t('consultations:editor.removeSection', { name })}
      </ConfirmButton>
      {section.counts.comments + section.counts.replies > 0 && <span className="muted">{t('consultations:editor.sectionHasComments')}</span>}
    </div>
  );
}

/** An image (with its alternative text) or a PDF for a section, through the attachments module. */
function FileForm({ consultation, section, onChanged }: { consultation: Detail; section: Section; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const prefix = `f-${section.id}`;
  const [removeError, setRemoveError] = useState<unknown>(null);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    await api.post('/api/consultations/{id}/sections/{sectionId}/attachments', { path: { id: consultation.id, sectionId: section.id }, body: form as never });
    element.reset();
    await onChanged();
  });
  async function removeFile(attachmentId: string) {
    setRemoveError(null);
    try {
      await api.delete('/api/consultations/{id}/sections/{sectionId}/attachments/{attachmentId}', { path: { id: consultation.id, sectionId: section.id, attachmentId } });
      await onChanged();
    } catch (caught) {
      setRemoveError(caught);
    }
  }
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t('consultations:editor.files')} encType="multipart/form-data">
      <h4>{t('consultations:editor.files')}</h4>
      {section.files.length > 0 && (
        <ul>
          {section.files.map((f) => (
            <li key={f.id}>
              <a href={f.url}>{f.filename}</a>{' '}
              <ConfirmButton
                onConfirm={() => void removeFile(f.id)}
                question={t('consultations:editor.removeFileQuestion', { name: f.filename })}
                consequence={t('consultations:editor.removeFileConsequence')}
                confirmLabel={t('consultations:editor.remove')}
                aria-label={t('consultations:editor.removeFile', { name: f.filename })}
              >
                {t('consultations:editor.remove')}
              </ConfirmButton>
            </li>
          ))}
        </ul>
      )}
      <FormErrors error={removeError ?? error} fieldIds={{ alt_en: `${prefix}-alt_en`, file: `${prefix}-file` }} />
      <Field id={`${prefix}-file`} name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" label={t('consultations:editor.file')} />
      <ByLanguage render={(lang) => <Field key={lang} id={`${prefix}-alt_${lang}`} name={`alt_${lang}`} label={t('consultations:editor.alt', { language: t(`common:languages.${lang}`) })} maxLength={400} />} />
      <button type="submit" className="button" disabled={busy}>
        {t('consultations:editor.upload')}
      </button>
    </form>
  );
}

/** The options written one per line in each language: line n of each is option n (keyed o1, o2…). */
function optionsOf(form: FormData, name: string) {
  const lines = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).split('\n').map((l) => l.trim())]));
  const count = Math.max(...FORM_LANGUAGES.map((lang) => lines[lang].filter(Boolean).length));
  return Array.from({ length: count }, (_, i) => ({
    key: `o${i + 1}`,
    label: Object.fromEntries(FORM_LANGUAGES.flatMap((lang) => (lines[lang].filter(Boolean)[i] ? [[lang, lines[lang].filter(Boolean)[i]]] : []))) as Text,
  }));
}

const numberOr = (form: FormData, name: string) => {
  const text = formText(form, name).trim();
  return text === '' ? undefined : Number(text);
};

/** A section's survey: its questions (removable until someone answers) and a form to add one (editors). */
function QuestionsForm({ consultation, section, onChanged }: { consultation: Detail; section: Section; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const prefix = `q-${section.id}`;
  const locked = section.questions.some((q) => q.answered);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const kind = formText(form, 'kind') as QuestionKind;
    const choice = kind === 'single' || kind === 'multiple';
    const scaleLabels = { ...(textOf(form, 'scaleMinLabel') ? { min: textOf(form, 'scaleMinLabel')! } : {}), ...(textOf(form, 'scaleMaxLabel') ? { max: textOf(form, 'scaleMaxLabel')! } : {}) };
    const body = {
      kind,
      prompt: textOf(form, 'prompt') ?? {},
      required: form.get('required') === 'yes',
      ...(choice ? { options: optionsOf(form, 'options') } : {}),
      ...(kind === 'multiple' && numberOr(form, 'maxChoices') !== undefined ? { maxChoices: numberOr(form, 'maxChoices') } : {}),
      ...(kind === 'scale' ? { scaleMin: numberOr(form, 'scaleMin'), scaleMax: numberOr(form, 'scaleMax'), ...(Object.keys(scaleLabels).length ? { scaleLabels } : {}) } : {}),
      ...(kind === 'text' && numberOr(form, 'maxLength') !== undefined ? { maxLength: numberOr(form, 'maxLength') } : {}),
    };
    await api.post('/api/consultations/{id}/sections/{sectionId}/questions', { path: { id: consultation.id, sectionId: section.id }, body });
    element.reset();
    await onChanged();
  });
  async function remove(questionId: string) {
    setRemoveError(null);
    try {
      await api.delete('/api/consultations/{id}/sections/{sectionId}/questions/{questionId}', { path: { id: consultation.id, sectionId: section.id, questionId } });
      await onChanged();
    } catch (caught) {
      setRemoveError(caught);
    }
  }
  const local = (value: Text) => value[i18n.language as 'fi' | 'et' | 'en'] ?? value.en ?? value.fi ?? value.et ?? '';
  return (
    <section className="form" aria-labelledby={`${prefix}-title`}>
      <h4 id={`${prefix}-title`}>{t('consultations:editor.survey')}</h4>
      {section.questions.length > 0 && (
        <ol>
          {section.questions.map((q) => (
            <li key={q.id}>
              {local(q.prompt)} ({t(`consultations:editor.questionKind.${q.kind}`)}
              {q.required ? `, ${t('consultations:editor.required')}` : ''})
              {!locked && (
                <button type="button" className="button button--link" onClick={() => void remove(q.id)} aria-label={t('consultations:editor.removeQuestion', { question: local(q.prompt) })}>
                  {t('consultations:editor.remove')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <FormErrors error={removeError} />
      {locked ? (
        <p>{t('consultations:editor.surveyLocked')}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label={t('consultations:editor.addQuestion')}>
          <RequiredNote />
          <FormErrors error={error} fieldIds={{ prompt: `${prefix}-prompt`, options: `${prefix}-options`, scaleMin: `${prefix}-scaleMin`, scaleMax: `${prefix}-scaleMax`, maxChoices: `${prefix}-maxChoices`, maxLength: `${prefix}-maxLength` }} />
          <SelectField id={`${prefix}-kind`} name="kind" required label={t('consultations:editor.questionKindLabel')} defaultValue="single" options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`consultations:editor.questionKind.${k}`) }))} />
          <TextFields idPrefix={prefix} name="prompt" label={t('consultations:editor.prompt')} />
          <TextFields idPrefix={prefix} name="options" label={t('consultations:editor.options')} multiline />
          <Field id={`${prefix}-maxChoices`} name="maxChoices" type="number" min={1} max={20} label={t('consultations:editor.maxChoices')} />
          <Field id={`${prefix}-scaleMin`} name="scaleMin" type="number" min={-10} max={10} label={t('consultations:editor.scaleMin')} />
          <Field id={`${prefix}-scaleMax`} name="scaleMax" type="number" min={-10} max={10} label={t('consultations:editor.scaleMax')} />
          <TextFields idPrefix={prefix} name="scaleMinLabel" label={t('consultations:editor.scaleMinLabel')} />
          <TextFields idPrefix={prefix} name="scaleMaxLabel" label={t('consultations:editor.scaleMaxLabel')} />
          <Field id={`${prefix}-maxLength`} name="maxLength" type="number" min={1} max={5000} label={t('consultations:editor.maxLength')} />
          <div className="field field--check">
            <input type="checkbox" id={`${prefix}-required`} name="required" value="yes" />
            <label htmlFor={`${prefix}-required`}>{t('consultations:editor.required')}</label>
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('consultations:editor.addQuestion')}
          </button>
        </form>
      )}
    </section>
  );
}
