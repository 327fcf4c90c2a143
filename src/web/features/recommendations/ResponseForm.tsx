import { useTranslation } from 'react-i18next';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { api } from '../../app/api.ts';
import { AnswerFields } from '../../components/AnswerFields.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredNote } from '../../components/Required.tsx';

/**
 * An addressed institution's public response, on the recommendation's page and on the desk: a new
 * one, or a new version of `response` (the server keeps the one it replaces), as a bottleneck's answer.
 */
export function ResponseForm({
  recommendationRef,
  institutionId,
  idPrefix,
  onDone,
  response,
}: {
  recommendationRef: string;
  institutionId: string;
  idPrefix: string;
  onDone: () => Promise<void>;
  response?: { id: string; body: LocalizedTextValue; language: ContentLanguage };
}) {
  const { t } = useTranslation();
  const { onSubmit, error, busy, done } = useSubmit(async (form) => {
    const body = { body: formText(form, 'body'), language: formChoice<ContentLanguage>(form, 'language') };
    if (response) await api.patch('/api/recommendations/{id}/responses/{responseId}', { path: { id: recommendationRef, responseId: response.id }, body });
    else await api.post('/api/recommendations/{id}/responses', { path: { id: recommendationRef }, body: { institutionId, ...body } });
    await onDone();
  });
  return (
    <>
      <FormErrors error={error} />
      {done && (
        <p role="status" className="notice notice--success">
          {t(response ? 'recommendations:respond.saved' : 'recommendations:respond.published')}
        </p>
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <AnswerFields idPrefix={idPrefix} label={t('recommendations:respond.body')} initial={response ? { text: response.body[response.language] ?? '', language: response.language } : undefined} />
        <button type="submit" className="button" disabled={busy}>
          {t(response ? 'recommendations:respond.save' : 'recommendations:respond.send')}
        </button>
      </form>
    </>
  );
}
