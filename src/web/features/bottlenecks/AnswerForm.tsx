import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../shared/languages.ts';
import { api } from '../../app/api.ts';
import { SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';

/** A service owner's public answer for their institution, on the bottleneck page and on the desk. */
export function AnswerForm({ bottleneckId, institutionId, idPrefix, onDone }: { bottleneckId: string; institutionId: string; idPrefix: string; onDone: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    await api.post('/api/bottlenecks/{id}/answers', { path: { id: bottleneckId }, body: { institutionId, body: formText(form, 'body'), language: formChoice<ContentLanguage>(form, 'language') } });
    element.reset();
    await onDone();
    notice.show('bottlenecks:desk.answered');
  });
  return (
    <>
      <FormErrors error={error} fieldIds={{ body: `${idPrefix}-body`, language: `${idPrefix}-language` }} />
      <StatusMessage notice={notice.notice} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${idPrefix}-body`}>{t('bottlenecks:detail.answerLabel')}</label>
          <textarea id={`${idPrefix}-body`} name="body" rows={5} required maxLength={10000} />
        </div>
        <SelectField id={`${idPrefix}-language`} name="language" label={t('bottlenecks:fields.language')} defaultValue={i18n.language} options={CONTENT_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))} />
        <button type="submit" className="button" disabled={busy}>
          {t('bottlenecks:detail.answerSubmit')}
        </button>
      </form>
    </>
  );
}
