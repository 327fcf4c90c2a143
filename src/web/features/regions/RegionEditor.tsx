import { useTranslation } from 'react-i18next';
import { FIGURE_KINDS, FIGURE_UNITS, QUALIFIERS, REGION_THEMES, SOURCE_KINDS } from '../../../shared/schemas/regions.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, type Body } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { EditorSection } from '../../components/EditorSection.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import type { RegionDetail } from './parts.tsx';

/** A whole number from a form field, or undefined when left empty (the server names a wrong one). */
function yearOf(form: FormData, name: string): number | undefined {
  const text = formText(form, name).trim();
  return text === '' ? undefined : Number(text);
}

/** The editors' forms on a region's page: a source first, then figures and lessons that cite its sources. */
export function RegionEditor({ region, onSaved }: { region: RegionDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <EditorSection id="region-editor-title" title={t('regions:edit.title')} onSaved={onSaved}>
      {(done) => (
        <>
          <SourceForm region={region} done={done} />
          {region.sources.length > 0 && <FigureForm region={region} done={done} />}
          {region.sources.length > 0 && <LessonForm region={region} done={done} />}
        </>
      )}
    </EditorSection>
  );
}

function SourceForm({ region, done }: { region: RegionDetail; done: (key: string) => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const body: Body<'post', '/api/regions/{id}/sources'> = { url: formText(form, 'url'), title: formText(form, 'title'), kind: formText(form, 'kind') as Body<'post', '/api/regions/{id}/sources'>['kind'] };
    await api.post('/api/regions/{id}/sources', { path: { id: region.id }, body });
    element.reset();
    done('regions:edit.sourceAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="source-form-title">
      <h3 id="source-form-title">{t('regions:edit.addSource')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ url: 'src-url', title: 'src-title', kind: 'src-kind' }} />
      <Field id="src-url" name="url" type="url" required label={t('regions:edit.url')} />
      <Field id="src-title" name="title" required label={t('regions:edit.sourceTitle')} />
      <SelectField id="src-kind" name="kind" required label={t('regions:edit.kind')} options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`regions:sourceKind.${k}`) }))} />
      <button type="submit" className="button" disabled={busy}>
        {t('regions:edit.addSource')}
      </button>
    </form>
  );
}

/** The region's sources as checkboxes: what a figure or lesson cites (at least one). */
function SourceChoice({ region, prefix }: { region: RegionDetail; prefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset id={`${prefix}-sourceIds`} aria-describedby={`${prefix}-sourceIds-rule`}>
      <RequiredGroupLegend text={t('regions:edit.cites')} rule="atLeastOne" id={`${prefix}-sourceIds-rule`} />
      <ul className="choice-list">
        {region.sources.map((source, at) => (
          <li key={source.id}>
            <input type="checkbox" name="sourceIds" value={source.id} id={`${prefix}-src-${source.id}`} />
            <label htmlFor={`${prefix}-src-${source.id}`}>
              [{at + 1}] {source.title}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function FigureForm({ region, done }: { region: RegionDetail; done: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    type FigureBody = Body<'post', '/api/regions/{id}/figures'>;
    const label = formText(form, 'label').trim();
    const body: FigureBody = {
      kind: formText(form, 'kind') as FigureBody['kind'],
      value: Number(formText(form, 'value')),
      unit: formText(form, 'unit') as FigureBody['unit'],
      qualifier: formText(form, 'qualifier') as FigureBody['qualifier'],
      year: yearOf(form, 'year') ?? null,
      label: label ? { [lang]: label } : null,
      sourceIds: formChoices(form, 'sourceIds'),
    };
    await api.post('/api/regions/{id}/figures', { path: { id: region.id }, body });
    element.reset();
    done('regions:edit.figureAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="figure-form-title">
      <h3 id="figure-form-title">{t('regions:edit.addFigure')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ kind: 'fig-kind', value: 'fig-value', unit: 'fig-unit', qualifier: 'fig-qualifier', year: 'fig-year', label: 'fig-label', sourceIds: 'fig-sourceIds' }} />
      <SelectField id="fig-kind" name="kind" required label={t('regions:figures.kind')} options={FIGURE_KINDS.map((k) => ({ value: k, label: t(`regions:figureKind.${k}`) }))} />
      <Field id="fig-value" name="value" type="number" step="any" min={0} required label={t('regions:figures.value')} />
      <SelectField id="fig-unit" name="unit" required label={t('regions:edit.unit')} options={FIGURE_UNITS.map((u) => ({ value: u, label: t(`regions:unit.${u}`) }))} />
      <SelectField id="fig-qualifier" name="qualifier" label={t('regions:edit.qualifier')} options={QUALIFIERS.map((q) => ({ value: q, label: t(`regions:edit.qualifierOption.${q}`) }))} defaultValue="exact" />
      <Field id="fig-year" name="year" type="number" min={1900} max={2100} step={1} label={t('regions:figures.year')} hint={t('regions:edit.yearHint')} />
      <Field id="fig-label" name="label" label={t('regions:edit.label')} />
      <SourceChoice region={region} prefix="fig" />
      <button type="submit" className="button" disabled={busy}>
        {t('regions:edit.addFigure')}
      </button>
    </form>
  );
}

function LessonForm({ region, done }: { region: RegionDetail; done: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    type LessonBody = Body<'post', '/api/regions/{id}/lessons'>;
    const body: LessonBody = {
      text: { [lang]: formText(form, 'text') },
      themes: formChoices(form, 'themes') as LessonBody['themes'],
      year: yearOf(form, 'year') ?? null,
      sourceIds: formChoices(form, 'sourceIds'),
    };
    await api.post('/api/regions/{id}/lessons', { path: { id: region.id }, body });
    element.reset();
    done('regions:edit.lessonAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="lesson-form-title">
      <h3 id="lesson-form-title">{t('regions:edit.addLesson')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ text: 'les-text', year: 'les-year', themes: 'les-themes', sourceIds: 'les-sourceIds' }} />
      <TextAreaField id="les-text" name="text" required label={t('regions:edit.lessonText')} />
      <fieldset id="les-themes">
        <legend>{t('regions:lessons.themes')}</legend>
        <ul className="choice-list choice-list--columns">
          {REGION_THEMES.map((theme) => (
            <li key={theme}>
              <input type="checkbox" name="themes" value={theme} id={`les-theme-${theme}`} />
              <label htmlFor={`les-theme-${theme}`}>{t(`regions:theme.${theme}`)}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Field id="les-year" name="year" type="number" min={1900} max={2100} step={1} label={t('regions:figures.year')} hint={t('regions:edit.yearHint')} />
      <SourceChoice region={region} prefix="les" />
      <button type="submit" className="button" disabled={busy}>
        {t('regions:edit.addLesson')}
      </button>
    </form>
  );
}

/** An editor's own figure or lesson can be removed (the seeded ones are the reference files'). */
export function RemovePart({ region, kind, partId, name, onRemoved }: { region: RegionDetail; kind: 'figures' | 'lessons'; partId: string; name: string; onRemoved: () => void }) {
  const { t } = useTranslation();
  const remove = async () => {
    if (kind === 'figures') await api.delete('/api/regions/{id}/figures/{partId}', { path: { id: region.id, partId } });
    else await api.delete('/api/regions/{id}/lessons/{partId}', { path: { id: region.id, partId } });
    onRemoved();
  };
  return (
    <ConfirmButton
      onConfirm={() => void remove()}
      question={t('regions:edit.removeQuestion', { name })}
      consequence={t('regions:edit.removeConsequence')}
      confirmLabel={t('regions:edit.removeConfirm')}
      aria-label={t('regions:edit.removeLabel', { name })}
    >
      {t('regions:edit.remove')}
    </ConfirmButton>
  );
}
