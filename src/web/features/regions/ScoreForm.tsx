import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import type { RegionDetail } from './parts.tsx';

type Criterion = GetAnswer<'/api/regions/criteria'>['items'][number];

/** An editor scores the region on one criterion, in its scale, with the rationale in the page's language. */
export function ScoreForm({ region, criteria, onSaved }: { region: RegionDetail; criteria: Criterion[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const notice = useNotice({ fromNavigation: false });
  const [criterionId, setCriterionId] = useState(criteria[0]?.id ?? '');
  const criterion = criteria.find((c) => c.id === criterionId);
  const current = region.scores.find((s) => s.criterionId === criterionId);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const score = Number(formText(form, 'score'));
    await api.put('/api/regions/{id}/scores/{criterionId}', {
      path: { id: region.id, criterionId: formText(form, 'criterion') },
      body: { score: Number.isInteger(score) && formText(form, 'score') !== '' ? score : -1, rationale: { [lang]: formText(form, 'rationale') } },
    });
    notice.show('regions:scores.saved');
    onSaved();
  });
  if (criteria.length === 0) return <p className="muted">{t('regions:scores.noCriteria')}</p>;
  return (
    <section aria-labelledby="score-form-title">
      <h2 id="score-form-title">{t('regions:scores.formTitle')}</h2>
      <StatusMessage notice={notice.notice} />
      <FormErrors error={error} fieldIds={{ score: 'field-score', rationale: 'field-rationale' }} />
      <form className="form" onSubmit={onSubmit} key={`${criterionId}:${current?.scoredAt ?? ''}`}>
        <RequiredNote />
        <SelectField
          id="field-criterion"
          name="criterion"
          label={t('regions:scores.criterion')}
          value={criterionId}
          onChange={(event) => setCriterionId(event.currentTarget.value)}
          options={criteria.map((c) => ({ value: c.id, label: pickLocalized(c.name, lang)?.text ?? c.key }))}
        />
        <Field
          id="field-score"
          name="score"
          type="number"
          required
          min={criterion?.scaleMin}
          max={criterion?.scaleMax}
          step={1}
          label={t('regions:scores.score')}
          hint={criterion ? t('regions:scores.scale', { min: criterion.scaleMin, max: criterion.scaleMax }) : undefined}
          defaultValue={current?.score ?? ''}
        />
        <TextAreaField id="field-rationale" name="rationale" required label={t('regions:scores.rationale')} hint={t('regions:scores.rationaleHint')} defaultValue={current ? (pickLocalized(current.rationale, lang)?.text ?? '') : ''} />
        <button type="submit" className="button" disabled={busy}>
          {t('regions:scores.save')}
        </button>
      </form>
    </section>
  );
}
