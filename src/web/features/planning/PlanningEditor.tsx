import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DATE_PRECISIONS, DOCUMENT_KINDS, INSTRUMENT_FACT_FIELDS, PLAN_COUNTRIES, PLAN_STAGES, SOURCE_KINDS,
  type InstrumentDetail, type InstrumentFactField, type PlanDetail,
} from '../../../shared/schemas/planning.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { api, type Body } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DateField } from '../../components/DateField.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formLocalized, LocalizedFields } from '../../components/LocalizedFields.tsx';
import { Picker } from '../../components/Picker.tsx';
import { planningSourceKind, type PlanningSourceItem } from '../../components/pickerKinds.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { useResource } from '../../components/useResource.ts';

/**
 * The editors' forms of the planning pages. Every fact is saved with the tags of its sources (the
 * server refuses one without), so each form ends with a sources picker, and a source not yet on
 * the list is added first with the source form.
 */

type PlanBody = Body<'post', '/api/planning/plans'>;

const sourceItems = (tags: readonly string[] | undefined, sources: readonly { tag: string; title: string; kind: string }[]): PlanningSourceItem[] =>
  (tags ?? []).flatMap((tag) => {
    const source = sources.find((s) => s.tag === tag);
    return source ? [{ value: tag, title: source.title, kind: source.kind }] : [];
  });

function SourcesPicker({ id, name, label, defaultValue, multiple = true }: { id: string; name: string; label?: string; defaultValue?: PlanningSourceItem[]; multiple?: boolean }) {
  const { t } = useTranslation();
  return <Picker id={id} name={name} multiple={multiple} kind={planningSourceKind} required label={label ?? t('planning:edit.sources')} hint={t('planning:edit.sourcesHint')} defaultValue={defaultValue} />;
}

/** A source for facts to cite; it gets the next editor tag (E1, E2, …). */
export function SourceForm({ done }: { done: (key: string) => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const body: Body<'post', '/api/planning/sources'> = { url: formText(form, 'url'), title: formText(form, 'title'), kind: formText(form, 'kind') as Body<'post', '/api/planning/sources'>['kind'] };
    await api.post('/api/planning/sources', { body });
    element.reset();
    done('planning:edit.sourceAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="planning-source-form">
      <h3 id="planning-source-form">{t('planning:edit.addSource')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ url: 'ps-url', title: 'ps-title', kind: 'ps-kind' }} />
      <Field id="ps-url" name="url" type="url" required label={t('planning:edit.url')} />
      <Field id="ps-title" name="title" required maxLength={300} label={t('planning:edit.sourceTitle')} />
      <SelectField id="ps-kind" name="kind" required label={t('planning:edit.kind')} options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`planning:sourceKind.${k}`) }))} />
      <button type="submit" className="button" disabled={busy}>
        {t('planning:edit.addSource')}
      </button>
    </form>
  );
}

const TEXT_FACTS = ['name', 'legalBasis', 'preparedBy', 'approvedBy', 'effectOnPlans', 'effectOnPermits', 'participation', 'typicalDuration'] as const;
const isTextFact = (field: InstrumentFactField): field is (typeof TEXT_FACTS)[number] => (TEXT_FACTS as readonly string[]).includes(field);

/** One fact of an instrument at a time: its text in each language (a translation the reference lacks, say) or its number of days, with sources; empty clears it. */
export function InstrumentFactForm({ instrument, done }: { instrument: InstrumentDetail; done: (key: string) => void }) {
  const { t } = useTranslation();
  const [field, setField] = useState<InstrumentFactField>('name');
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const sources = formChoices(form, 'sources');
    const value = isTextFact(field) ? formLocalized(form, 'value') : formText(form, 'days').trim() === '' ? null : Number(formText(form, 'days'));
    await api.patch('/api/planning/instruments/{slug}', { path: { slug: instrument.slug }, body: { [field]: { value, sources } } as Body<'patch', '/api/planning/instruments/{slug}'> });
    done('planning:edit.factSaved');
  });
  const current = instrument[field];
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="instrument-fact-form">
      <h3 id="instrument-fact-form">{t('planning:edit.fact')}</h3>
      <p className="field__hint">{t('planning:edit.factHint')}</p>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ [field]: isTextFact(field) ? 'if-value' : 'if-days', [`${field}.sources`]: 'if-sources' }} />
      <SelectField
        id="if-field"
        label={t('planning:edit.whichFact')}
        value={field}
        onChange={(event) => setField(event.target.value as InstrumentFactField)}
        options={INSTRUMENT_FACT_FIELDS.map((f) => ({ value: f, label: t(`planning:field.${f}`) }))}
      />
      {/* Keyed by the field, so the controls start from that fact's value and sources. */}
      <div key={field}>
        {isTextFact(field) ? (
          <LocalizedFields id="if-value" name="value" legend={t(`planning:field.${field}`)} maxLength={2000} long={field !== 'name'} defaultValue={current as LocalizedTextValue | null} />
        ) : (
          <Field id="if-days" name="days" type="number" min={1} max={3650} step={1} label={t('planning:edit.days')} defaultValue={typeof current === 'number' ? current : ''} />
        )}
        <SourcesPicker id="if-sources" name="sources" defaultValue={sourceItems(instrument.citations[field], instrument.sources)} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('planning:edit.saveFact')}
      </button>
    </form>
  );
}

/** A plan's facts, new (`plan` absent) or changed; each fact with its sources. */
export function PlanForm({ plan, onSaved }: { plan?: PlanDetail; onSaved: (slug: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const regions = useResource('/api/indicators/regions');
  const instruments = useResource('/api/planning/instruments');
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const instrument = formText(form, 'instrument');
    const summary = formLocalized(form, 'summary');
    const body: Omit<PlanBody, 'slug'> = {
      name: { value: formLocalized(form, 'name') ?? {}, sources: formChoices(form, 'nameSources') },
      kind: formText(form, 'kind') as PlanBody['kind'],
      country: formText(form, 'country') as PlanBody['country'],
      instrument: { value: (instrument || null) as NonNullable<PlanBody['instrument']>['value'], sources: instrument ? formChoices(form, 'instrumentSources') : [] },
      regionCodes: formChoices(form, 'regionCodes'),
      stage: { value: formText(form, 'stage') as PlanBody['stage']['value'], sources: formChoices(form, 'stageSources') },
      summary: { value: summary, sources: summary ? formChoices(form, 'summarySources') : [] },
    };
    const saved = plan
      ? await api.patch('/api/planning/plans/{slug}', { path: { slug: plan.slug }, body })
      : await api.post('/api/planning/plans', { body: { ...body, slug: formText(form, 'slug') } });
    onSaved(saved.slug);
  });
  const cited = (field: string) => sourceItems(plan?.citations[field], plan?.sources ?? []);
  const loadError = regions.error ?? instruments.error;
  if (loadError) return <FormErrors error={loadError} />;
  // The selects start from the plan's values, so the choices must be there first.
  if (!regions.data || !instruments.data) return <p role="status">{t('common:loading')}</p>;
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">{plan ? t('planning:edit.editPlan') : t('planning:edit.newPlan')}</h2>
      <RequiredNote />
      <FormErrors
        error={error}
        fieldIds={{ slug: 'pf-slug', name: 'pf-name', 'name.sources': 'pf-name-sources', kind: 'pf-kind', country: 'pf-country', instrument: 'pf-instrument', 'instrument.sources': 'pf-instrument-sources', regionCodes: 'pf-regions', stage: 'pf-stage', 'stage.sources': 'pf-stage-sources', summary: 'pf-summary', 'summary.sources': 'pf-summary-sources' }}
      />
      {!plan && <Field id="pf-slug" name="slug" required maxLength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" label={t('planning:edit.slug')} hint={t('planning:edit.slugHint')} />}
      <LocalizedFields id="pf-name" name="name" required legend={t('planning:field.name')} maxLength={2000} defaultValue={plan?.name} />
      <SourcesPicker id="pf-name-sources" name="nameSources" label={t('planning:edit.sourcesOf', { fact: t('planning:field.name') })} defaultValue={cited('name')} />
      <SelectField id="pf-kind" name="kind" required label={t('planning:edit.kindOfPlan')} defaultValue={plan?.kind ?? 'plan'} options={(['plan', 'study'] as const).map((k) => ({ value: k, label: t(`planning:edit.planKind.${k}`) }))} />
      <SelectField id="pf-country" name="country" required label={t('planning:field.country')} defaultValue={plan?.country ?? 'FI'} options={PLAN_COUNTRIES.map((c) => ({ value: c, label: t(`planning:country.${c}`) }))} />
      <SelectField
        id="pf-instrument"
        name="instrument"
        label={t('planning:plans.instrument')}
        defaultValue={plan?.instrument?.slug ?? ''}
        options={[
          { value: '', label: t('planning:plans.noInstrument') },
          ...instruments.data.items.map((i) => ({ value: i.slug, label: pickLocalized(i.name, lang)?.text ?? i.slug, group: t(`planning:country.${i.country}`) })),
        ]}
      />
      <SourcesPicker id="pf-instrument-sources" name="instrumentSources" label={t('planning:edit.sourcesOf', { fact: t('planning:plans.instrument') })} defaultValue={cited('instrument')} />
      <fieldset id="pf-regions">
        <legend>{t('planning:edit.regions')}</legend>
        <ul className="choice-list choice-list--columns">
          {regions.data.items.map((region) => (
              <li key={region.code}>
                <input type="checkbox" name="regionCodes" value={region.code} id={`pf-region-${region.code}`} defaultChecked={plan?.regionCodes.includes(region.code)} />
                <label htmlFor={`pf-region-${region.code}`}>{pickLocalized(region.name, lang)?.text ?? region.code}</label>
              </li>
          ))}
        </ul>
      </fieldset>
      <SelectField id="pf-stage" name="stage" required label={t('planning:plans.stage')} defaultValue={plan?.stage ?? 'initiated'} options={PLAN_STAGES.map((s) => ({ value: s, label: t(`planning:stage.${s}`) }))} />
      <SourcesPicker id="pf-stage-sources" name="stageSources" label={t('planning:edit.sourcesOf', { fact: t('planning:plans.stage') })} defaultValue={cited('stage')} />
      <LocalizedFields id="pf-summary" name="summary" long legend={t('planning:plan.summary')} maxLength={2000} defaultValue={plan?.summary} />
      <SourcesPicker id="pf-summary-sources" name="summarySources" label={t('planning:edit.sourcesOf', { fact: t('planning:plan.summary') })} defaultValue={cited('summary')} />
      <button type="submit" className="button" disabled={busy}>
        {plan ? t('planning:edit.savePlan') : t('planning:edit.createPlan')}
      </button>
    </form>
  );
}

/** A dated step in the plan's history; a step that names a stage moves the plan to it when it is the newest. */
export function PlanStepForm({ plan, done }: { plan: PlanDetail; done: (key: string) => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const until = formText(form, 'until');
    const decisionRef = formText(form, 'decisionRef').trim();
    const body: Body<'post', '/api/planning/plans/{slug}/events'> = {
      date: formText(form, 'date'),
      precision: formText(form, 'precision') as Body<'post', '/api/planning/plans/{slug}/events'>['precision'],
      ...(until ? { until } : {}),
      stage: (formText(form, 'stage') || null) as Body<'post', '/api/planning/plans/{slug}/events'>['stage'],
      body: formLocalized(form, 'body') ?? {},
      decisionRef: decisionRef || null,
      unconfirmed: form.get('unconfirmed') === 'on',
      sources: formChoices(form, 'sources'),
    };
    await api.post('/api/planning/plans/{slug}/events', { path: { slug: plan.slug }, body });
    element.reset();
    done('planning:edit.stepAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="plan-step-form">
      <h3 id="plan-step-form">{t('planning:edit.addStep')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ date: 'st-date', precision: 'st-precision', until: 'st-until', stage: 'st-stage', body: 'st-body', decisionRef: 'st-ref', sources: 'st-sources' }} />
      <DateField id="st-date" name="date" required label={t('planning:edit.date')} />
      <SelectField id="st-precision" name="precision" required label={t('planning:edit.precision')} hint={t('planning:edit.dateHint')} defaultValue="day" options={DATE_PRECISIONS.map((p) => ({ value: p, label: t(`planning:edit.precisionOption.${p}`) }))} />
      <DateField id="st-until" name="until" label={t('planning:edit.until')} />
      <SelectField id="st-stage" name="stage" label={t('planning:edit.stepStage')} defaultValue="" options={[{ value: '', label: t('planning:edit.noStage') }, ...PLAN_STAGES.map((s) => ({ value: s, label: t(`planning:stage.${s}`) }))]} />
      <LocalizedFields id="st-body" name="body" required long legend={t('planning:edit.stepText')} maxLength={2000} />
      <Field id="st-ref" name="decisionRef" maxLength={200} label={t('planning:edit.decisionRef')} />
      <div className="field field--check">
        <input type="checkbox" id="st-unconfirmed" name="unconfirmed" />
        <label htmlFor="st-unconfirmed">{t('planning:plan.unconfirmed')}</label>
      </div>
      <SourcesPicker id="st-sources" name="sources" />
      <button type="submit" className="button" disabled={busy}>
        {t('planning:edit.addStep')}
      </button>
    </form>
  );
}

export function PlanDocumentForm({ plan, done }: { plan: PlanDetail; done: (key: string) => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const body: Body<'post', '/api/planning/plans/{slug}/documents'> = {
      title: formLocalized(form, 'title') ?? {},
      url: formText(form, 'url'),
      kind: formText(form, 'kind') as Body<'post', '/api/planning/plans/{slug}/documents'>['kind'],
      source: formChoices(form, 'source')[0] ?? '',
    };
    await api.post('/api/planning/plans/{slug}/documents', { path: { slug: plan.slug }, body });
    element.reset();
    done('planning:edit.documentAdded');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="plan-document-form">
      <h3 id="plan-document-form">{t('planning:edit.addDocument')}</h3>
      <RequiredNote />
      <FormErrors error={error} fieldIds={{ title: 'doc-title', url: 'doc-url', kind: 'doc-kind', source: 'doc-source' }} />
      <LocalizedFields id="doc-title" name="title" required legend={t('planning:edit.documentTitle')} maxLength={2000} />
      <Field id="doc-url" name="url" type="url" required label={t('planning:edit.url')} />
      <SelectField id="doc-kind" name="kind" required label={t('planning:edit.documentKind')} options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`planning:documentKind.${k}`) }))} />
      <SourcesPicker id="doc-source" name="source" multiple={false} label={t('planning:edit.source')} />
      <button type="submit" className="button" disabled={busy}>
        {t('planning:edit.addDocument')}
      </button>
    </form>
  );
}

/**
 * The framework objectives the plan serves, ticked from the adopted framework's objectives (grouped
 * by goal); an objective the plan already serves that is not in the adopted version stays listed.
 */
export function PlanObjectivesForm({ plan, done }: { plan: PlanDetail; done: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  const framework = useResource('/api/framework');
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    await api.put('/api/planning/plans/{slug}/objectives', { path: { slug: plan.slug }, body: { nodeKeys: formChoices(form, 'nodeKeys') } });
    done('planning:edit.objectivesSaved');
  });
  const text = (value: LocalizedTextValue) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
  const nodes = framework.data?.nodes ?? [];
  const goals = nodes.filter((n) => n.kind === 'goal');
  const offered = new Set(nodes.filter((n) => n.kind === 'objective').map((n) => n.key));
  const elsewhere = plan.objectives.filter((o) => !offered.has(o.nodeKey));
  const linked = new Set(plan.objectives.map((o) => o.nodeKey));
  const choice = (key: string, label: string) => (
    <label key={key} className="choice">
      <input type="checkbox" name="nodeKeys" value={key} defaultChecked={linked.has(key)} /> {label}
    </label>
  );
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="plan-objectives-form">
      <h3 id="plan-objectives-form">{t('planning:edit.objectives')}</h3>
      <FormErrors error={error} fieldIds={{ nodeKeys: 'plan-objectives' }} />
      {Boolean(framework.error) && <p>{t('planning:edit.noFramework')}</p>}
      <fieldset id="plan-objectives">
        <legend>{t('planning:edit.objectivesLegend')}</legend>
        {goals.map((goal) => (
          <div key={goal.key} className="field-group">
            <p className="muted">
              {goal.ref} {text(goal.title)}
            </p>
            <div className="choices-grid">{nodes.filter((n) => n.kind === 'objective' && n.parentKey === goal.key).map((n) => choice(n.key, `${n.ref} ${text(n.title)}`))}</div>
          </div>
        ))}
        {elsewhere.length > 0 && <div className="choices-grid">{elsewhere.map((o) => choice(o.nodeKey, `${o.ref} ${text(o.title)}`))}</div>}
      </fieldset>
      <button type="submit" className="button" disabled={busy || !framework.data}>
        {t('planning:edit.saveObjectives')}
      </button>
    </form>
  );
}

/** Removes a step or document an editor added (the seeded ones are the reference's and stay). */
export function RemovePlanItem({ plan, kind, id, name, onRemoved }: { plan: PlanDetail; kind: 'events' | 'documents'; id: string; name: string; onRemoved: () => void }) {
  const { t } = useTranslation();
  const remove = async () => {
    if (kind === 'events') await api.delete('/api/planning/plans/{slug}/events/{id}', { path: { slug: plan.slug, id } });
    else await api.delete('/api/planning/plans/{slug}/documents/{id}', { path: { slug: plan.slug, id } });
    onRemoved();
  };
  return (
    <ConfirmButton
      onConfirm={() => void remove()}
      question={t('planning:edit.removeQuestion', { name })}
      consequence={t('planning:edit.removeConsequence')}
      confirmLabel={t('planning:edit.removeConfirm')}
      aria-label={t('planning:edit.removeLabel', { name })}
    >
      {t('planning:edit.remove')}
    </ConfirmButton>
  );
}

/** `/planning/plans/new`: the plan form for editors, then the new plan's page. */
export function NewPlanForm() {
  const notice = useNotice();
  return <PlanForm onSaved={(slug) => void notice.navigate(`/planning/plans/${slug}`, 'planning:edit.planCreated')} />;
}
