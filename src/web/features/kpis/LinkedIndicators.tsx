import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, type Body, type GetAnswer } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Disclosure } from '../../components/Disclosure.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { Picker } from '../../components/Picker.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { indicatorKind, type IndicatorItem } from '../../components/pickerKinds.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { formatFigure, progressPercent, typedNumber } from './kpis.ts';

type Kind = 'action' | 'bottleneck';
type Linked = GetAnswer<'/api/actions/{id}/indicators'>['items'][number];
type Figure = Linked['baseline'];

const PATHS = { action: '/api/actions/{id}/indicators', bottleneck: '/api/bottlenecks/{id}/indicators' } as const;

/**
 * The indicators linked to an action (its KPIs) or to a bottleneck (evidence): each with its
 * baseline → latest → target for its region, and how far along the way it is as a bar with the
 * percentage in words. Editors link and unlink them here.
 */
export function LinkedIndicators({ kind, ownerRef }: { kind: Kind; ownerRef: string }) {
  const { t } = useTranslation();
  const { data, reload } = useResource(PATHS[kind], { path: { id: ownerRef } });
  const notice = useNotice({ fromNavigation: false });
  const headingId = `kpis-${kind}-heading`;
  if (!data) return null;
  const done = async (key: string) => {
    await reload();
    notice.show(key);
  };
  return (
    <section aria-labelledby={headingId} className="kpis">
      <h2 id={headingId}>{t('kpis:title')}</h2>
      <p className="muted">{t(`kpis:intro.${kind}`)}</p>
      <StatusMessage notice={notice.notice} />
      {data.items.length === 0 ? (
        <p>{t(`kpis:none.${kind}`)}</p>
      ) : (
        <ul className="kpi-list">
          {data.items.map((item) => (
            <KpiCard key={item.slug} item={item} kind={kind} ownerRef={ownerRef} canManage={data.viewer.canManage} onRemoved={() => done('kpis:notice.removed')} />
          ))}
        </ul>
      )}
      {data.viewer.canManage && (
        <Disclosure summary={t(`kpis:add.${kind}`)}>
          <LinkForm kind={kind} ownerRef={ownerRef} onDone={() => done('kpis:notice.linked')} />
        </Disclosure>
      )}
    </section>
  );
}

function KpiCard({ item, kind, ownerRef, canManage, onRemoved }: { item: Linked; kind: Kind; ownerRef: string; canManage: boolean; onRemoved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const progressId = useId();
  const [error, setError] = useState<unknown>(null);
  const name = pickLocalized(item.name, lang)?.text ?? item.slug;
  const unit = item.unit ? pickLocalized(item.unit, lang)?.text : undefined;
  const figure = (value: Figure, missing: string) => {
    if (!value) return t(missing);
    const amount = formatFigure(value.value, item.decimals, i18n.language);
    return t('kpis:figure', { amount: unit ? `${amount} ${unit}` : amount, period: value.period });
  };
  const remove = async () => {
    setError(null);
    try {
      await (kind === 'action'
        ? api.delete('/api/actions/{id}/indicators/{slug}', { path: { id: ownerRef, slug: item.slug } })
        : api.delete('/api/bottlenecks/{id}/indicators/{slug}', { path: { id: ownerRef, slug: item.slug } }));
      await onRemoved();
    } catch (caught) {
      setError(caught);
    }
  };
  const percent = item.progress === null ? null : progressPercent(item.progress);
  return (
    <li className="card kpi">
      <h3 className="kpi__name">
        <Link to={`/indicators/${item.slug}`}>{name}</Link>
        {item.demo && <span className="badge">{t('common:demo.badge')}</span>}
        {!item.published && <span className="badge badge--warning">{t('kpis:state.draft')}</span>}
      </h3>
      <p className="kpi__region">{t('kpis:region', { region: (item.region.name && pickLocalized(item.region.name, lang)?.text) ?? item.region.code })}</p>
      <dl className="kpi__figures">
        <div>
          <dt>{t('kpis:baseline')}</dt>
          <dd>{figure(item.baseline, 'kpis:notGiven')}</dd>
        </div>
        <div>
          <dt>{t('kpis:latest')}</dt>
          <dd>{figure(item.latest, 'kpis:noFigure')}</dd>
        </div>
        <div>
          <dt>{t('kpis:target')}</dt>
          <dd>{figure(item.target, 'kpis:notGiven')}</dd>
        </div>
      </dl>
      {percent === null ? (
        item.target && <p className="muted">{t('kpis:noProgress')}</p>
      ) : (
        <div className="kpi__progress">
          <label htmlFor={progressId}>{t('kpis:progress', { value: percent })}</label>
          <progress id={progressId} max={100} value={percent}>
            {percent} %
          </progress>
        </div>
      )}
      {item.note && <LocalizedText value={item.note} as="p" />}
      {canManage && (
        <>
          <FormErrors error={error} />
          <ConfirmButton
            className="button button--secondary button--small"
            question={t('kpis:removeQuestion', { name })}
            consequence={t('kpis:removeConsequence')}
            confirmLabel={t('kpis:removeConfirm')}
            onConfirm={() => void remove()}
            aria-label={t('kpis:remove', { name })}
          >
            {t('kpis:removeShort')}
          </ConfirmButton>
        </>
      )}
    </li>
  );
}

/** Links an indicator (editors): the indicator, a region it has figures for, and for a KPI a baseline and a later target. */
function LinkForm({ kind, ownerRef, onDone }: { kind: Kind; ownerRef: string; onDone: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const [chosen, setChosen] = useState<IndicatorItem[]>([]);
  const slug = chosen[0]?.value;
  const { data: indicator } = useResource('/api/indicators/{id}', slug ? { path: { id: slug } } : null);
  const id = (name: string) => `kpi-${kind}-${name}`;
  const required = kind === 'action';
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const pair = (name: 'baseline' | 'target') => {
      const value = typedNumber(formText(form, `${name}Value`));
      const period = formText(form, `${name}Period`).trim();
      return value === undefined && !period ? undefined : { value: value as number, period };
    };
    const note = formText(form, 'note').trim();
    // Sent as typed: the server names what is missing or wrong, in the form's own terms.
    const body = { region: formText(form, 'region'), baseline: pair('baseline'), target: pair('target'), ...(note ? { note: { [lang]: note } } : {}) } as Body<'put', '/api/bottlenecks/{id}/indicators/{slug}'>;
    const path = { id: ownerRef, slug: slug ?? '-' };
    if (kind === 'action') await api.put('/api/actions/{id}/indicators/{slug}', { path, body: body as Body<'put', '/api/actions/{id}/indicators/{slug}'> });
    else await api.put('/api/bottlenecks/{id}/indicators/{slug}', { path, body });
    element.reset();
    setChosen([]);
    await onDone();
  });
  const current = indicator && indicator.id === slug ? indicator : null;
  const regions = current ? [...new Set(current.series.map((series) => series.region))] : [];
  const regionName = (code: string) => pickLocalized(current?.regions.find((region) => region.code === code)?.name, lang)?.text ?? code;
  const periodHint = current ? t(`kpis:form.periodHint.${current.frequency}`) : undefined;
  const periodsId = id('periods');
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <RequiredNote />
      <FormErrors
        error={error}
        fieldIds={{ slug: id('indicator'), region: id('region'), baseline: id('baseline-value'), 'baseline.value': id('baseline-value'), 'baseline.period': id('baseline-period'), target: id('target-value'), 'target.value': id('target-value'), 'target.period': id('target-period'), note: id('note') }}
      />
      <Picker id={id('indicator')} label={t('kpis:form.indicator')} kind={indicatorKind} value={chosen} onChange={setChosen} required />
      {!slug ? (
        <p className="field__hint">{t('kpis:form.chooseFirst')}</p>
      ) : !current ? (
        <p role="status">{t('kpis:form.loadingIndicator')}</p>
      ) : (
        <>
          <SelectField
            id={id('region')}
            name="region"
            label={t('kpis:form.region')}
            required
            options={[{ value: '', label: t('kpis:form.chooseRegion') }, ...regions.map((code) => ({ value: code, label: regionName(code) }))]}
          />
          <datalist id={periodsId}>
            {current.periods.map((period) => (
              <option key={period.code} value={period.code} />
            ))}
          </datalist>
          <Field id={id('baseline-value')} name="baselineValue" label={t('kpis:form.baselineValue')} inputMode="decimal" required={required} />
          <Field id={id('baseline-period')} name="baselinePeriod" label={t('kpis:form.baselinePeriod')} hint={periodHint} list={periodsId} maxLength={10} required={required} />
          <Field id={id('target-value')} name="targetValue" label={t('kpis:form.targetValue')} inputMode="decimal" required={required} />
          <Field id={id('target-period')} name="targetPeriod" label={t('kpis:form.targetPeriod')} hint={periodHint} maxLength={10} required={required} />
          <TextAreaField id={id('note')} name="note" label={t('kpis:form.note')} hint={t('kpis:form.noteHint')} rows={2} maxLength={1000} />
        </>
      )}
      <button type="submit" className="button button--small" disabled={busy || !current}>
        {t('kpis:form.save')}
      </button>
    </form>
  );
}
