import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';


export function GuidesPage() {
  return (
    <RequireUser roles={['editor']}>
      <Guides />
    </RequireUser>
  );
}

/** Interview guides, reused across interviews: the list, and a form for a new one. */
function Guides() {
  const { t } = useTranslation();
  const { data, reload } = useResource('/api/interview-guides');
  const notice = useNotice();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const lines = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `questions-${lang}`).split('\n').map((line) => line.trim())]));
    // Line n of each language is the same question n; lines blank in every language are skipped.
    const count = Math.max(...FORM_LANGUAGES.map((lang) => lines[lang].length));
    const questions = Array.from({ length: count }, (_, i) => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, lines[lang][i]]).filter(([, text]) => text))).filter((q) => Object.keys(q).length);
    const title = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `title-${lang}`).trim()]).filter(([, text]) => text));
    await api.post('/api/interview-guides', { body: { title, questions } });
    element.reset();
    await reload();
    notice.show('dialogues:notice.guideAdded');
  });
  return (
    <div className="page page--narrow">
      <PageTitle>{t('dialogues:guides.title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <p>{t('dialogues:guides.intro')}</p>
      {data?.items.map((guide) => (
        <section key={guide.id} className="card" aria-labelledby={`guide-${guide.id}`}>
          <h2 id={`guide-${guide.id}`}>
            <LocalizedText value={guide.title} />
          </h2>
          <p className="muted">{t('dialogues:guides.used', { count: guide.interviewCount })}</p>
          <ol>
            {guide.questions.map((q) => (
              <li key={q.id}>
                <LocalizedText value={q.text} />
              </li>
            ))}
          </ol>
        </section>
      ))}
      <h2>{t('dialogues:guides.new')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormErrors error={error} />
        <RequiredNote />
        <fieldset aria-describedby="g-title-rule">
          <RequiredGroupLegend text={t('dialogues:fields.title')} rule="atLeastOneLanguage" id="g-title-rule" />
          <ByLanguage render={(lang) => (
            <Field key={lang} id={`g-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} maxLength={200} />
          )} />
        </fieldset>
        <fieldset aria-describedby="g-questions-hint">
          <RequiredGroupLegend text={t('dialogues:guides.questions')} hint={t('dialogues:guides.questionsHint')} id="g-questions-hint" />
          <ByLanguage render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`g-questions-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`g-questions-${lang}`} name={`questions-${lang}`} rows={6} />
            </div>
          )} />
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t('dialogues:guides.create')}
        </button>
      </form>
    </div>
  );
}
