import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARENT_KIND, type FrameworkNodeKind } from '../../../shared/schemas/framework.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Picker } from '../../components/Picker.tsx';
import { indicatorItem, indicatorKind, type IndicatorItem } from '../../components/pickerKinds.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { actionItem, actionKind, type ActionItem } from '../actions/actionKind.ts';
import { typedNumber } from '../kpis/kpis.ts';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';
type Node = GetAnswer<'/api/framework/versions/{v}'>['nodes'][number];
/** The languages the form writes; a node's texts in others (sv, ru) are kept as they are. */

/** The texts typed per language over what the node had: an emptied field removes that language. */
function textsOf(form: FormData, name: string, before: LocalizedTextValue = {}): LocalizedTextValue {
  const out: LocalizedTextValue = { ...before };
  for (const lang of FORM_LANGUAGES) {
    const text = formText(form, `${name}-${lang}`).trim();
    if (text) out[lang] = text;
    else delete out[lang];
  }
  return out;
}

const pairOf = (form: FormData, name: string) => {
  const value = typedNumber(formText(form, `${name}Value`));
  const period = formText(form, `${name}Period`).trim();
  return value === undefined && !period ? undefined : { value: value as number, period };
};

/**
 * Adds a node to the draft, or changes one (its kind stays): its place (parent and position
 * among its siblings), reference, title and description in fi, et and en, and for a target the
 * indicator, region, baseline, target and the actions that serve it. The server checks it all
 * and names each wrong field.
 */
export function NodeForm({ version, nodes, node, onDone }: { version: number; nodes: Node[]; node?: Node; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const hasVision = nodes.some((one) => one.kind === 'vision');
  const [kind, setKind] = useState<FrameworkNodeKind>(node?.kind ?? (hasVision ? 'goal' : 'vision'));
  const [indicator, setIndicator] = useState<IndicatorItem[]>(node?.target ? [indicatorItem({ id: node.target.indicator.slug, name: node.target.indicator.name, frequency: node.target.indicator.frequency, demo: node.target.indicator.demo })] : []);
  const [actions, setActions] = useState<ActionItem[]>(node?.target?.actions.map(actionItem) ?? []);
  const slug = indicator[0]?.value;
  const { data: chosen } = useResource('/api/indicators/{id}', kind === 'target' && slug ? { path: { id: slug } } : null);
  const prefix = `fw-${node?.key ?? 'new'}`;
  const id = (name: string) => `${prefix}-${name}`;

  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const parentKey = formText(form, 'parentKey') || undefined;
    const place = formText(form, 'position').trim();
    const common = {
      ...(parentKey && parentKey !== node?.parentKey ? { parentKey } : {}),
      ...(place ? { position: Math.max(0, Number(place) - 1) } : {}),
      ref: formText(form, 'ref').trim(),
      title: textsOf(form, 'title', node?.title),
      body: textsOf(form, 'body', node?.body),
    };
    const target =
      kind === 'target'
        ? { indicator: slug, region: formText(form, 'region') || undefined, baseline: pairOf(form, 'baseline') ?? (node ? null : undefined), target: pairOf(form, 'target'), actions: actions.map((action) => action.value) }
        : {};
    if (node) {
      await api.patch('/api/framework/versions/{v}/nodes/{key}', { path: { v: String(version), key: node.key }, body: { ...common, ...target } });
    } else {
      await api.post('/api/framework/versions/{v}/nodes', { path: { v: String(version) }, body: { kind, ...common, ...(parentKey ? { parentKey } : {}), ...target } });
      element.reset();
      setIndicator([]);
      setActions([]);
    }
    onDone();
  });

  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => {
    const found = errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];
    return found ? fieldText(found, t) : undefined;
  };
  const parentKind = PARENT_KIND[kind];
  const parents = parentKind ? nodes.filter((one) => one.kind === parentKind) : [];
  const name = (text: LocalizedTextValue) => pickLocalized(text, lang)?.text ?? '';
  const regions = chosen && chosen.id === slug ? [...new Set(chosen.series.map((series) => series.region))] : [];
  const regionName = (code: string) => pickLocalized(chosen?.regions.find((region) => region.code === code)?.name, lang)?.text ?? code;
  const pair = (value: { value: number; period: string } | null | undefined) => value ?? { value: undefined, period: '' };

  return (
    <form className="form fw-node-form" onSubmit={onSubmit} noValidate aria-label={node ? t('framework:edit.editNode', { ref: node.ref }) : t('framework:edit.addTitle')}>
      <RequiredNote />
      <FormErrors
        error={error}
        fieldIds={{ kind: id('kind'), parentKey: id('parent'), position: id('position'), ref: id('ref'), title: id('title-en'), body: id('body-en'), indicator: id('indicator'), region: id('region'), baseline: id('baseline-value'), 'baseline.value': id('baseline-value'), 'baseline.period': id('baseline-period'), target: id('target-value'), 'target.value': id('target-value'), 'target.period': id('target-period'), actions: id('actions') }}
      />
      {!node && (
        <SelectField
          id={id('kind')}
          name="kind"
          label={t('framework:edit.kind')}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as FrameworkNodeKind)}
          options={(['vision', 'goal', 'objective', 'target'] as const).filter((one) => one !== 'vision' || !hasVision).map((one) => ({ value: one, label: t(`framework:kind.${one}`) }))}
          required
        />
      )}
      {parentKind && (
        <SelectField
          id={id('parent')}
          name="parentKey"
          label={t('framework:edit.parent', { kind: t(`framework:kind.${parentKind}`) })}
          defaultValue={node?.parentKey ?? ''}
          options={[...(node ? [] : [{ value: '', label: t('framework:edit.choose') }]), ...parents.map((one) => ({ value: one.key, label: `${one.ref} ${name(one.title)}` }))]}
          error={errorFor('parentKey')}
          required
        />
      )}
      <Field id={id('position')} name="position" label={t('framework:edit.position')} hint={t('framework:edit.positionHint')} inputMode="numeric" maxLength={5} error={errorFor('position')} />
      <Field id={id('ref')} name="ref" label={t('framework:edit.ref')} hint={t('framework:edit.refHint')} defaultValue={node?.ref} maxLength={20} error={errorFor('ref')} required />
      <ByLanguage written={(one) => Boolean(node?.title[one])} render={(one) => (
        <Field key={one} id={id(`title-${one}`)} name={`title-${one}`} lang={one} label={t('framework:edit.title', { language: t(`common:languages.${one}`) })} defaultValue={node?.title[one]} maxLength={300} error={one === 'en' ? errorFor('title') : undefined} />
      )} />
      <ByLanguage written={(one) => Boolean(node?.body[one])} render={(one) => (
        <TextAreaField key={one} id={id(`body-${one}`)} name={`body-${one}`} lang={one} label={t('framework:edit.body', { language: t(`common:languages.${one}`) })} defaultValue={node?.body[one]} rows={2} maxLength={4000} error={one === 'en' ? errorFor('body') : undefined} />
      )} />
      {kind === 'target' && (
        <>
          <Picker id={id('indicator')} label={t('framework:target.indicator')} kind={indicatorKind} value={indicator} onChange={setIndicator} error={errorFor('indicator')} required />
          <SelectField
            id={id('region')}
            name="region"
            label={t('framework:target.region')}
            defaultValue={node?.target?.region.code ?? ''}
            options={[{ value: '', label: t('framework:edit.choose') }, ...(regions.length ? regions : node?.target ? [node.target.region.code] : []).map((code) => ({ value: code, label: regionName(code) }))]}
            error={errorFor('region')}
            required
          />
          <Field id={id('baseline-value')} name="baselineValue" label={t('framework:edit.baselineValue')} inputMode="decimal" defaultValue={pair(node?.target?.baseline).value} error={errorFor('baseline.value') ?? errorFor('baseline')} />
          <Field id={id('baseline-period')} name="baselinePeriod" label={t('framework:edit.baselinePeriod')} defaultValue={pair(node?.target?.baseline).period} maxLength={10} error={errorFor('baseline.period')} />
          <Field id={id('target-value')} name="targetValue" label={t('framework:edit.targetValue')} inputMode="decimal" defaultValue={node?.target?.target.value} error={errorFor('target.value') ?? errorFor('target')} required />
          <Field id={id('target-period')} name="targetPeriod" label={t('framework:edit.targetPeriod')} defaultValue={node?.target?.target.period} maxLength={10} error={errorFor('target.period')} required />
          <Picker id={id('actions')} label={t('framework:target.actions')} kind={actionKind} multiple value={actions} onChange={setActions} error={errorFor('actions')} />
        </>
      )}
      <button type="submit" className="button" disabled={busy}>
        {node ? t('framework:edit.save') : t('framework:edit.add')}
      </button>
    </form>
  );
}

/** Removes a node of the draft with everything under it; asks first. */
export function DeleteNode({ version, node, onDone }: { version: number; node: Node; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const remove = () =>
    void api.delete('/api/framework/versions/{v}/nodes/{key}', { path: { v: String(version), key: node.key } }).then(onDone, setError);
  return (
    <div>
      <FormErrors error={error} />
      <ConfirmButton question={t('framework:edit.deleteQuestion', { ref: node.ref })} consequence={t('framework:edit.deleteConsequence')} confirmLabel={t('framework:edit.delete', { ref: node.ref })} onConfirm={remove}>
        {t('framework:edit.delete', { ref: node.ref })}
      </ConfirmButton>
    </div>
  );
}
