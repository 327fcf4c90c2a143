import { useTranslation } from 'react-i18next';
import type { Retention } from '../../../shared/schemas/sta.ts';
import { api, ApiError } from '../../app/api.ts';
import { EditorSection } from '../../components/EditorSection.tsx';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useDates } from '../../components/useDates.ts';
import { fieldText } from '../../components/problemText.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';

/** How long the stream keeps its observations raw, by hour and by day, in words. */
export function RetentionText({ retention }: { retention: Retention }) {
  const { t } = useTranslation();
  const dates = useDates();
  if (retention.rawDays === null && retention.rawFrom === null) return <>{t('sensors:retention.all')}</>;
  return (
    <ul className="sensor-stream__retention">
      <li>{retention.rawFrom ? t('sensors:retention.rawFrom', { date: dates.date(retention.rawFrom) }) : t('sensors:retention.rawAll')}</li>
      <li>{retention.hourlyFrom ? t('sensors:retention.hourlyFrom', { date: dates.date(retention.hourlyFrom) }) : t('sensors:retention.hourlyAll')}</li>
      <li>{t('sensors:retention.daily')}</li>
    </ul>
  );
}

const days = (form: FormData, name: string) => (formText(form, name).trim() === '' ? null : Number(formText(form, name)));

/** The editors' part: the days raw observations and hour aggregates are kept (empty: for ever). */
export function RetentionEditor({ streamId, retention, onSaved }: { streamId: number; retention: Retention; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <EditorSection id="retention-editor-title" title={t('sensors:retention.edit')} onSaved={onSaved}>
      {(done) => <RetentionForm streamId={streamId} retention={retention} done={done} />}
    </EditorSection>
  );
}

function RetentionForm({ streamId, retention, done }: { streamId: number; retention: Retention; done: (key: string) => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    await api.put('/api/sta/datastreams/{id}/retention', { path: { id: String(streamId) }, body: { rawDays: days(form, 'rawDays'), hourlyDays: days(form, 'hourlyDays') } });
    done('sensors:retention.saved');
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorOf = (name: 'rawDays' | 'hourlyDays') => (errors[name] ? fieldText(errors[name], t) : undefined);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p className="field__hint">{t('sensors:retention.hint')}</p>
      <FormErrors error={error} fieldIds={{ rawDays: 'retention-raw', hourlyDays: 'retention-hourly' }} fieldLabels={{ rawDays: t('sensors:retention.rawDays'), hourlyDays: t('sensors:retention.hourlyDays') }} />
      <Field id="retention-raw" name="rawDays" type="number" min={1} max={36600} inputMode="numeric" defaultValue={retention.rawDays ?? ''} error={errorOf('rawDays')} label={t('sensors:retention.rawDays')} hint={t('sensors:retention.empty')} />
      <Field id="retention-hourly" name="hourlyDays" type="number" min={1} max={36600} inputMode="numeric" defaultValue={retention.hourlyDays ?? ''} error={errorOf('hourlyDays')} label={t('sensors:retention.hourlyDays')} hint={t('sensors:retention.empty')} />
      <button type="submit" className="button" disabled={busy}>
        {t('sensors:retention.save')}
      </button>
    </form>
  );
}
