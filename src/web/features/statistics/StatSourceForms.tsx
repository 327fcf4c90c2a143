import { useTranslation } from 'react-i18next';
import { HARVEST_SCHEDULES, type HarvestSchedule } from '../../../shared/catalog.ts';
import { STAT_FILE_MAX_MEGABYTES, type StatFileAccepted, type StatSource } from '../../../shared/schemas/statistics.ts';
import { STAT_SOURCE_KINDS, type StatSourceKind } from '../../../shared/statistics.ts';
import { api, ApiError } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { formChoice, formOptional, formText, useSubmit } from '../../components/useSubmit.ts';

/** A field's error in the reader's language, or nothing. */
function useFieldErrors(error: unknown) {
  const { t } = useTranslation();
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  return (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
}

/**
 * Adds a source read from an address: its kind, address, the table at it, the language to read
 * it in, and how often. The selection of a table's values (`query`) is left to the API: every
 * value is read unless it says otherwise.
 */
export function AddSourceForm({ onSaved }: { onSaved: (saved: StatSource) => void | Promise<void> }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const saved = await api.post('/api/statistics/sources', {
      body: {
        name: formText(form, 'name').trim(),
        kind: formChoice<StatSourceKind>(form, 'kind'),
        url: formText(form, 'url').trim(),
        tableRef: formText(form, 'tableRef').trim(),
        language: formText(form, 'language').trim(),
        schedule: formChoice<HarvestSchedule>(form, 'schedule'),
        enabled: form.get('enabled') === 'on',
      },
    });
    element.reset();
    await onSaved(saved);
  });
  const errorFor = useFieldErrors(error);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormErrors error={error} />
      <RequiredNote />
      <Field id="field-name" name="name" required minLength={2} maxLength={200} label={t('statistics:fields.name')} error={errorFor('name')} />
      <SelectField id="field-kind" name="kind" required label={t('statistics:fields.kind')} defaultValue="pxweb" options={STAT_SOURCE_KINDS.map((kind) => ({ value: kind, label: t(`statistics:kind.${kind}`) }))} error={errorFor('kind')} />
      <Field id="field-url" name="url" type="url" required label={t('statistics:fields.url')} hint={t('statistics:form.urlHint')} error={errorFor('url')} />
      <Field id="field-tableRef" name="tableRef" maxLength={300} label={t('statistics:fields.tableRef')} hint={t('statistics:form.tableHint')} error={errorFor('tableRef')} />
      <Field id="field-language" name="language" required defaultValue="en" maxLength={3} label={t('statistics:fields.language')} hint={t('statistics:form.languageHint')} error={errorFor('language')} />
      <SelectField id="field-schedule" name="schedule" required label={t('statistics:fields.schedule')} defaultValue="manual" options={HARVEST_SCHEDULES.map((schedule) => ({ value: schedule, label: t(`harvest:schedule.${schedule}`) }))} />
      <label className="checkbox">
        <input type="checkbox" id="field-enabled" name="enabled" defaultChecked /> {t('statistics:form.enabled')}
      </label>
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('statistics:form.add')}
        </button>
      </div>
    </form>
  );
}

/** Uploads a PC-Axis file or a JSON-stat document: a source of its own, imported at once; `onQueued` gets its first run. */
export function UploadForm({ onQueued }: { onQueued: (accepted: StatFileAccepted) => void | Promise<void> }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const body = new FormData();
    const name = formOptional(form, 'name');
    if (name) body.set('name', name);
    body.set('language', formText(form, 'language').trim() || 'en');
    const file = form.get('file');
    if (file instanceof File && file.size > 0) body.set('file', file);
    await onQueued(await api.post('/api/statistics/files', { body }));
  });
  const errorFor = useFieldErrors(error);
  const ids = { file: 'upload-file', name: 'upload-name', language: 'upload-language' };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormErrors error={error} fieldIds={ids} />
      <p>{t('statistics:upload.intro', { megabytes: STAT_FILE_MAX_MEGABYTES })}</p>
      <RequiredNote />
      <Field id={ids.file} name="file" type="file" required accept=".px,.json,application/json" label={t('statistics:upload.file')} error={errorFor('file')} />
      <Field id={ids.name} name="name" maxLength={200} label={t('statistics:upload.name')} hint={t('statistics:upload.nameHint')} error={errorFor('name')} />
      <Field id={ids.language} name="language" defaultValue="en" maxLength={3} label={t('statistics:upload.language')} hint={t('statistics:upload.languageHint')} error={errorFor('language')} />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('statistics:upload.submit')}
        </button>
      </div>
    </form>
  );
}
