import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SIDES } from '../../../shared/schemas/consultations.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LabelText, RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { answersToSend, barsOf, choose, initialValues, type SurveyValues } from './survey.ts';

type Detail = GetAnswer<'/api/consultations/{id}'>;
type Section = Detail['sections'][number];
type Question = Section['questions'][number];
type Results = GetAnswer<'/api/consultations/{id}/sections/{sectionId}/results'>;
type Result = Results['questions'][number];

/** The reader's words for a text of the consultation. */
function useLocal() {
  const { i18n } = useTranslation();
  return (value: Parameters<typeof pickLocalized>[0]) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
}

/**
 * A section's short survey as one form: a fieldset per question named by its legend (radios, or
 * checkboxes with the most one may choose said in the hint, a scale as radios between its end
 * words, or a text area with a counter), sent together; the answers stay shown once saved.
 */
export function SectionSurvey({ consultation, section, onSaved }: { consultation: Detail; section: Section; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const local = useLocal();
  const [values, setValues] = useState<SurveyValues>(() => initialValues(section.questions));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [order, setOrder] = useState<string[]>([]);
  const canAnswer = consultation.viewer.canComment;
  const titleId = `survey-title-${section.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const { answers, questionAt } = answersToSend(section.questions, values);
    setOrder(questionAt);
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      await api.post('/api/consultations/{id}/sections/{sectionId}/answers', { path: { id: consultation.id, sectionId: section.id }, body: { answers } });
      setSaved(true);
      await onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  // A field error at answers/{i} links to the i-th question sent; a missing required one to the first of them.
  const fieldIds = Object.fromEntries([...order.map((id, i) => [`answers.${i}`, `question-${id}`]), ['answers', `question-${section.questions.find((q) => q.required)?.id ?? section.questions[0]?.id}`]]);
  const window = error instanceof ApiError && (error.code === 'closed' || error.code === 'not-started') ? error.code : null;
  return (
    <form className="form consultation-survey" onSubmit={(e) => void submit(e)} aria-labelledby={titleId} noValidate>
      <h3 id={titleId}>{t('consultations:survey.title')}</h3>
      {section.questions.some((q) => q.required) && <RequiredNote />}
      {window ? (
        <p role="alert" className="notice notice--error">
          {t(window === 'closed' ? 'consultations:form.closed' : 'consultations:form.notYet')}
        </p>
      ) : (
        <FormErrors error={error} fieldIds={fieldIds} />
      )}
      {section.questions.map((q) => (
        <QuestionField key={q.id} question={q} value={values[q.id]} disabled={!canAnswer} onChange={(value) => setValues({ ...values, [q.id]: value })} local={local} />
      ))}
      {canAnswer ? (
        <button type="submit" className="button" disabled={busy}>
          {t('consultations:survey.send')}
        </button>
      ) : (
        <p>{consultation.viewer.signInToComment ? t('consultations:survey.signIn') : t('consultations:survey.notNow')}</p>
      )}
      <p role="status">{saved ? t('consultations:survey.saved') : ''}</p>
    </form>
  );
}

function QuestionField({ question: q, value, disabled, onChange, local }: { question: Question; value: SurveyValues[string] | undefined; disabled: boolean; onChange: (value: SurveyValues[string]) => void; local: ReturnType<typeof useLocal> }) {
  const { t } = useTranslation();
  const id = `question-${q.id}`;
  const hintId = `${id}-hint`;
  const hint =
    q.kind === 'multiple' ? t('consultations:survey.chooseUpTo', { count: q.maxChoices ?? q.options.length }) : q.kind === 'text' ? t('consultations:survey.upTo', { count: q.maxLength ?? 0 }) : null;
  const keys = value && 'keys' in value ? value.keys : [];
  const legend = (
    <legend>
      <LabelText text={local(q.prompt)} required={q.required} />
    </legend>
  );
  if (q.kind === 'text') {
    const text = value && 'text' in value ? value.text : '';
    return (
      <div className="field">
        <label htmlFor={id}>
          <LabelText text={local(q.prompt)} required={q.required} />
        </label>
        <textarea id={id} rows={3} maxLength={q.maxLength ?? undefined} value={text} disabled={disabled} aria-describedby={hintId} aria-required={q.required || undefined} onChange={(e) => onChange({ text: e.target.value })} />
        <p className="field__hint" id={hintId}>
          {hint} {t('consultations:survey.used', { count: text.length, max: q.maxLength ?? 0 })}
        </p>
      </div>
    );
  }
  if (q.kind === 'scale') {
    const points = Array.from({ length: (q.scaleMax ?? 0) - (q.scaleMin ?? 0) + 1 }, (_, i) => (q.scaleMin ?? 0) + i);
    const chosen = value && 'scale' in value ? value.scale : null;
    const ends = [q.scaleLabels?.min && `${q.scaleMin} = ${local(q.scaleLabels.min)}`, q.scaleLabels?.max && `${q.scaleMax} = ${local(q.scaleLabels.max)}`].filter(Boolean).join(', ');
    return (
      <fieldset className="field survey-scale" id={id} aria-describedby={ends ? hintId : undefined}>
        {legend}
        {ends && (
          <p className="field__hint" id={hintId}>
            {ends}
          </p>
        )}
        <div className="survey-scale__points">
          {points.map((point) => (
            <span key={point} className="field--check">
              <input type="radio" id={`${id}-${point}`} name={id} required={q.required} checked={chosen === point} disabled={disabled} onChange={() => onChange({ scale: point })} />
              <label htmlFor={`${id}-${point}`}>{point}</label>
            </span>
          ))}
        </div>
      </fieldset>
    );
  }
  const single = q.kind === 'single';
  if (!single && q.required) {
    return (
      <fieldset className="field" id={id} aria-describedby={`${id}-rule ${hintId}`}>
        <RequiredGroupLegend text={local(q.prompt)} id={`${id}-rule`} rule="atLeastOne" />
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
        {q.options.map((o) => (
          <div key={o.key} className="field--check">
            <input type="checkbox" id={`${id}-${o.key}`} name={id} checked={keys.includes(o.key)} disabled={disabled} onChange={(e) => onChange(choose(value, o.key, e.target.checked, false))} />
            <label htmlFor={`${id}-${o.key}`}>{local(o.label)}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  return (
    <fieldset className="field" id={id} aria-describedby={hint ? hintId : undefined}>
      {legend}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {q.options.map((o) => (
        <div key={o.key} className="field--check">
          <input type={single ? 'radio' : 'checkbox'} id={`${id}-${o.key}`} name={id} required={single && q.required} checked={keys.includes(o.key)} disabled={disabled} onChange={(e) => onChange(choose(value, o.key, e.target.checked, single))} />
          <label htmlFor={`${id}-${o.key}`}>{local(o.label)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A section's survey results once the consultation has closed (staff see them before): a bar chart per question beside its table by side. */
export function SectionResults({ consultation, section }: { consultation: Detail; section: Section }) {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/consultations/{id}/sections/{sectionId}/results', { path: { id: consultation.id, sectionId: section.id } });
  if (error) return <FormErrors error={error} />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  return (
    <div className="consultation-results">
      <h3>{t('consultations:survey.results')}</h3>
      {data.questions.map((q) => (
        <QuestionResult key={q.id} result={q} />
      ))}
    </div>
  );
}

const ROW = 28;
const LABEL = 190;
const WIDTH = 480;

export function QuestionResult({ result: q }: { result: Result }) {
  const { t } = useTranslation();
  const local = useLocal();
  const title = local(q.prompt);
  const labelOf = (value: string) => (q.kind === 'scale' ? value : local(q.options.find((o) => o.key === value)?.label));
  if (q.kind === 'text') {
    return (
      <div className="card">
        <h4>{title}</h4>
        <p>{t('consultations:survey.texts', { count: q.answers.total })}</p>
      </div>
    );
  }
  const bars = barsOf(q.values, labelOf);
  const caption = t('consultations:survey.tableOf', { question: title, count: q.answers.total });
  const height = bars.length * ROW + 8;
  const room = WIDTH - LABEL - 40;
  return (
    <figure className="card">
      <figcaption>
        <h4>{title}</h4>
      </figcaption>
      <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={caption} preserveAspectRatio="xMinYMin meet">
        <title>{caption}</title>
        {bars.map((bar, at) => {
          const y = at * ROW + 4;
          const label = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
          return (
            <g key={bar.key} aria-hidden="true">
              <text x={LABEL - 6} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="bar-chart__label">
                {label}
              </text>
              <rect x={LABEL} y={y + 5} width={Math.max(2, bar.share * room)} height={ROW - 10} className="bar-chart__bar" />
              <text x={LABEL + Math.max(2, bar.share * room) + 6} y={y + ROW / 2} dominantBaseline="middle" className="bar-chart__value">
                {bar.total}
              </text>
            </g>
          );
        })}
      </svg>
      <ScrollRegion label={caption}>
        <table className="chart-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t(q.kind === 'scale' ? 'consultations:survey.point' : 'consultations:survey.option')}</th>
              <th scope="col" className="num">
                {t('consultations:survey.total')}
              </th>
              {SIDES.map((side) => (
                <th scope="col" className="num" key={side}>
                  {t(`consultations:side.${side}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {q.values.map((v) => (
              <tr key={v.value}>
                <th scope="row">{labelOf(v.value)}</th>
                <td className="num">{v.total}</td>
                {SIDES.map((side) => (
                  <td className="num" key={side}>
                    {v.bySide[side]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </figure>
  );
}
