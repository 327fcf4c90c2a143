import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { GLOSSARY_LANGUAGES } from '../../../shared/schemas/glossary.ts';
import { api, ApiError, type Body, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { editRows, type RowsAction } from '../../components/rows.ts';
import { useDraft, useDraftPart } from '../../components/useDraft.ts';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { CONCEPT_CODES, useConceptLabel } from './concepts.ts';
import { readTermRows, termRows, termsBody, type TermRow } from './glossaryForm.ts';

export function GlossaryEntryPage() {
  return (
    <RequireUser roles={['editor']}>
      <GlossaryEntryForm />
    </RequireUser>
  );
}

/** Adds an entry, or edits the one in the address (`/editor/glossary/:id`). */
function GlossaryEntryForm() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useResource('/api/glossary/{id}', id ? { path: { id } } : null);
  if (id && existing.error) return <FormErrors error={existing.error} />;
  if (id && !existing.data) return <p role="status">{t('common:loading')}</p>;
  return <GlossaryEditor key={existing.data?.id ?? 'new'} value={existing.data ?? null} />;
}

/** The form: five groups of term rows, one per language, the concept named, and whether it is reviewed; a draft kept until saved. */
function GlossaryEditor({ value }: { value: GetAnswer<'/api/glossary/{id}'> | null }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const conceptLabel = useConceptLabel();
  const [rows, setRows] = useState<TermRow[]>(() => termRows(value?.terms));
  const draft = useDraft({ form: 'glossary', item: value?.id ?? 'new', user: user?.id, formRef });
  useDraftPart<TermRow[]>(draft.scope, 'terms', { value: rows, restore: setRows, read: readTermRows, identity: termsBody });
  const edit = (action: RowsAction<TermRow>) => setRows((current) => editRows(current, action));

  const { onSubmit, error, busy } = useSubmit(async (form) => {
    // The select offers only the codes the API takes.
    const concept = (formText(form, 'concept') || null) as Body<'post', '/api/glossary'>['concept'];
    const reviewed = form.get('reviewed') === 'on';
    const body = { terms: termsBody(rows), concept, reviewed };
    if (value) await api.patch('/api/glossary/{id}', { path: { id: value.id }, body });
    else await api.post('/api/glossary', { body });
    draft.clear();
    void notice.navigate('/editor/glossary', value ? 'glossary:notice.saved' : 'glossary:notice.created');
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const termsError = errorFor('terms');
  const shown = value ? (GLOSSARY_LANGUAGES.map((lang) => value.terms[lang][0]).find(Boolean) ?? '') : undefined;
  const concepts = [...CONCEPT_CODES].map((code) => ({ value: code, label: conceptLabel(code) })).sort((a, b) => a.label.localeCompare(b.label));
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('glossary:editTitle', { term: shown }) : t('glossary:add')}</PageTitle>
      <DraftStatus draft={draft} item={shown} />
      <FormErrors error={error} fieldIds={{ terms: 'field-terms' }} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <fieldset id="field-terms" tabIndex={-1} aria-describedby="field-terms-rule">
          <RequiredGroupLegend text={t('glossary:terms')} rule="atLeastOneLanguage" id="field-terms-rule" />
          {termsError && (
            <p className="field__error" role="alert">
              {termsError}
            </p>
          )}
          {GLOSSARY_LANGUAGES.map((lang) => {
            const own = rows.filter((row) => row.lang === lang);
            const language = t(`common:languages.${lang}`);
            return (
              <fieldset key={lang} className="glossary-language">
                <legend>{language}</legend>
                {own.map((row, i) => (
                  <div key={row.key} className="row-fields">
                    <div className="field">
                      <label htmlFor={`t-${row.key}`}>{t('glossary:termIn', { language, n: i + 1 })}</label>
                      <input id={`t-${row.key}`} lang={lang} value={row.text} maxLength={100} onChange={(event) => edit({ type: 'update', key: row.key, change: { text: event.target.value } })} />
                    </div>
                    {own.length > 1 && (
                      <button type="button" className="button button--secondary" onClick={() => edit({ type: 'remove', key: row.key })}>
                        {t('glossary:removeTerm', { language, n: i + 1 })}
                      </button>
                    )}
                  </div>
                ))}
                <button type="button" className="button button--secondary" onClick={() => edit({ type: 'add', row: { lang, text: '' } })}>
                  {t('glossary:addTerm', { language })}
                </button>
              </fieldset>
            );
          })}
        </fieldset>
        <SelectField id="field-concept" name="concept" label={t('glossary:conceptField')} defaultValue={value?.concept ?? ''} options={[{ value: '', label: t('glossary:noConcept') }, ...concepts]} error={errorFor('concept')} />
        <label className="checkbox">
          <input type="checkbox" name="reviewed" defaultChecked={value?.reviewed ?? false} /> {t('glossary:reviewedField')}
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('glossary:save')}
        </button>
      </DraftForm>
    </div>
  );
}
