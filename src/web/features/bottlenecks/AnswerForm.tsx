import { useTranslation } from 'react-i18next';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { api } from '../../app/api.ts';
import { AnswerFields } from '../../components/AnswerFields.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredNote } from '../../components/Required.tsx';

/**
 * A service owner's public answer for their institution, on the bottleneck page and on the desk:
 * a new one, or a new version of `answer` (the server keeps the one it replaces).
 */
export function AnswerForm({
  bottleneckId,
  institutionId,
  idPrefix,
  onDone,
  answer,
}: {
  bottleneckId: string;
  institutionId: string;
  idPrefix: string;
  onDone: () => Promise<void>;
  answer?: { id: string; body: LocalizedTextValue; language: ContentLanguage };
}) {
  const { t } = useTranslation();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const body = { body: formText(form, 'body'), language: formChoice<ContentLanguage>(form, 'language') };
    if (answer) await api.patch('/api/bottlenecks/{id}/answers/{answerId}', { path: { id: bottleneckId, answerId: answer.id }, body });
    else await api.post('/api/bottlenecks/{id}/answers', { path: { id: bottleneckId }, body: { institutionId, ...body } });
    await onDone();
    notice.show(answer ? 'bottlenecks:desk.saved' : 'bottlenecks:desk.answered');
  });
  return (
    <>
      <FormErrors error={error} fieldIds={{ body: `${idPrefix}-body`, language: `${idPrefix}-language` }} />
      <StatusMessage notice={notice.notice} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <AnswerFields idPrefix={idPrefix} label={t('bottlenecks:detail.answerLabel')} initial={answer ? { text: answer.body[answer.language] ?? '', language: answer.language } : undefined} />
        <button type="submit" className="button" disabled={busy}>
          {t(answer ? 'bottlenecks:detail.answerSave' : 'bottlenecks:detail.answerSubmit')}
        </button>
      </form>
    </>
  );
}
