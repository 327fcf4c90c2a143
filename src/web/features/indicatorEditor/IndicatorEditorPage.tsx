import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DOMAINS } from '../../../shared/register.ts';
import { INDICATOR_FREQUENCIES } from '../../../shared/statistics.ts';
import type { IndicatorDefinition, IndicatorPreview, StatRegion } from '../../../shared/schemas/indicators.ts';
import type { StatTable, StatTableItem } from '../../../shared/schemas/statistics.ts';
import { api, ApiError } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatFigure } from '../../components/chart/chartFormat.ts';
import { periodLabel } from '../indicators/labels.ts';
import { sourceText } from '../indicators/sourceText.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import {
  choicesFor, fixedChoice, indicatorDraftOf, indicatorInputOf, newSeries, sentSeries, seriesFieldIds, suggestedMap,
  type IndicatorDraft, type SeriesDraft, type Side,
} from './indicatorForm.ts';

/** Periods the preview shows: the newest few, enough to see that the mapping gives figures. */
const PREVIEW_PERIODS = 5;

export function IndicatorEditorPage() {
  return (
    <RequireUser roles={['editor']}>
      <IndicatorEditorLoader />
    </RequireUser>
  );
}

/** A new indicator (`/editor/indicators/new`), or the one in the address (`/editor/indicators/:id/edit`), once what the form needs is there. */
function IndicatorEditorLoader() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useResource('/api/indicators/{id}/definition', id ? { path: { id } } : null);
  const regions = useResource('/api/indicators/regions');
  const tables = useResource('/api/statistics/tables', { query: { limit: 100 } });
  const indicators = useResource('/api/indicators', { query: { limit: 100 } });
  const error = existing.error ?? regions.error ?? tables.error ?? indicators.error;
  if (error) return <div className="page"><FormErrors error={error} /></div>;
  if ((id && !existing.data) || !regions.data || !tables.data || !indicators.data) return <p role="status">{t('common:loading')}</p>;
  const others = indicators.data.items.filter((item) => item.id !== id).map((item) => ({ id: item.id, name: item.name }));
  return <IndicatorEditor key={id ?? 'new'} value={existing.data} regions={regions.data.items} tables={tables.data.items} indicators={others} />;
}

interface EditorProps {
  value: IndicatorDefinition | null;
  regions: StatRegion[];
  tables: StatTableItem[];
  indicators: { id: string; name: IndicatorDefinition['name'] }[];
}

/** The tables a series reads, loaded as they are chosen (a definition's own at once). */
function useTables(initial: string[]) {
  const [loaded, setLoaded] = useState<Map<string, StatTable>>(new Map());
  const load = async (id: string): Promise<StatTable> => {
    const known = loaded.get(id);
    if (known) return known;
    const table = await api.get('/api/statistics/tables/{id}', { path: { id } });
    setLoaded((before) => new Map(before).set(id, table));
    return table;
  };
  useEffect(() => {
    for (const id of new Set(initial)) void load(id);
    // Once: the definition's own tables; others are loaded as they are chosen.
  }, []);
  return { tables: loaded, load };
}

function IndicatorEditor({ value, regions, tables, indicators }: EditorProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const notice = useNotice();
  const [draft, setDraft] = useState<IndicatorDraft>(() => indicatorDraftOf(value));
  const loaded = useTables(value?.series.map((series) => series.tableId) ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<IndicatorPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);

  const set = <K extends keyof IndicatorDraft>(key: K, next: IndicatorDraft[K]) => setDraft((before) => ({ ...before, [key]: next }));
  const setSeries = (key: number, change: (series: SeriesDraft) => SeriesDraft) => setDraft((before) => ({ ...before, series: before.series.map((one) => (one.key === key ? change(one) : one)) }));
  // A save's refusals, else the preview's, are shown at their fields.
  const previewRefusals = preview && preview.refusals.length > 0 ? new ApiError({ type: '/problems/invalid-request', title: 'Invalid request', status: 400, code: 'invalid-request', errors: preview.refusals }) : null;
  const refusal = error instanceof ApiError ? error : previewRefusals;
  const errors = refusal ? refusal.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const sent = sentSeries(draft);
  const fieldIds = seriesFieldIds(sent, loaded.tables);
  const seriesIndex = (key: number) => sent.findIndex((one) => one.key === key);

  async function chooseTable(series: SeriesDraft, tableId: string) {
    setSeries(series.key, (one) => ({ ...one, tableId, choices: {}, regionMap: {}, regionCode: '' }));
    if (!tableId) return;
    const table = await loaded.load(tableId);
    const choices = choicesFor(table);
    const regionDimension = table.dimensions.find((dimension) => choices[dimension.code] === 'region');
    setSeries(series.key, (one) => (one.tableId === tableId ? { ...one, choices, regionMap: regionDimension ? suggestedMap(regionDimension.values, one.side, regions) : {} } : one));
  }

  function chooseRole(series: SeriesDraft, table: StatTable, code: string, choice: string) {
    setSeries(series.key, (one) => {
      const choices = { ...one.choices, [code]: choice };
      let regionMap = one.regionMap;
      if (choice === 'region') {
        // One region dimension: another that was the regions is to be chosen again.
        for (const other of Object.keys(choices)) if (other !== code && choices[other] === 'region') choices[other] = '';
        regionMap = suggestedMap(table.dimensions.find((dimension) => dimension.code === code)?.values ?? [], one.side, regions);
      }
      return { ...one, choices, regionMap };
    });
  }

  async function onPreview() {
    setPreviewError(null);
    try {
      setPreview(await api.post('/api/indicators/preview', { body: indicatorInputOf(draft) }));
    } catch (caught) {
      setPreview(null);
      setPreviewError(caught);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { slug, ...body } = indicatorInputOf(draft);
      if (value) {
        await api.patch('/api/indicators/{id}', { path: { id: value.slug }, body });
        void notice.navigate('/editor/indicators', 'indicatorEditor:notice.saved');
      } else {
        await api.post('/api/indicators', { body: { slug, ...body } });
        void notice.navigate('/editor/indicators', 'indicatorEditor:notice.created');
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function onDelete() {
    if (!value) return;
    try {
      await api.delete('/api/indicators/{id}', { path: { id: value.slug } });
      void notice.navigate('/editor/indicators', 'indicatorEditor:notice.deleted');
    } catch (caught) {
      setError(caught);
    }
  }

  const sides: Side[] = ['FI', 'EE', ...(draft.series.some((one) => one.side === 'EU') ? (['EU'] as const) : [])];
  const pageTitle = value ? t('indicatorEditor:form.editTitle', { name: pickLocalized(value.name, lang as ContentLanguage)?.text ?? value.slug }) : t('indicatorEditor:form.newTitle');
  return (
    <div className="page page--narrow">
      <PageTitle>{pageTitle}</PageTitle>
      {value?.demo && <p className="notice">{t('indicatorEditor:form.demoNotice')}</p>}
      <FormErrors error={error} fieldIds={fieldIds} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        {value ? (
          <p>
            {t('indicatorEditor:fields.slug')}: <code>{value.slug}</code>
          </p>
        ) : (
          <Field id="field-slug" label={t('indicatorEditor:fields.slug')} hint={t('indicatorEditor:form.slugHint')} required value={draft.slug} onChange={(event) => set('slug', event.target.value)} maxLength={80} error={errorFor('slug')} autoComplete="off" />
        )}
        <LocalizedFields id="field-name" legend={t('indicatorEditor:fields.name')} required value={draft.name} onChange={(next) => set('name', next)} error={errorFor('name')} maxLength={300} />
        <LocalizedFields id="field-definition" legend={t('indicatorEditor:fields.definition')} value={draft.definition} onChange={(next) => set('definition', next)} error={errorFor('definition')} maxLength={4000} long />
        <LocalizedFields id="field-unit" legend={t('indicatorEditor:fields.unit')} value={draft.unit} onChange={(next) => set('unit', next)} error={errorFor('unit')} maxLength={100} />
        <LocalizedFields id="field-notes" legend={t('indicatorEditor:fields.notes')} value={draft.notes} onChange={(next) => set('notes', next)} error={errorFor('notes')} maxLength={4000} long />
        <SelectField id="field-domain" label={t('indicatorEditor:fields.domain')} value={draft.domain} onChange={(event) => set('domain', event.target.value)} error={errorFor('domain')} options={[{ value: '', label: t('indicatorEditor:form.noDomain') }, ...DOMAINS.map((domain) => ({ value: domain, label: t(`bottlenecks:domain.${domain}`) }))]} />
        <SelectField id="field-frequency" label={t('indicatorEditor:fields.frequency')} required value={draft.frequency} onChange={(event) => set('frequency', event.target.value as IndicatorDraft['frequency'])} error={errorFor('frequency')} options={INDICATOR_FREQUENCIES.map((frequency) => ({ value: frequency, label: t(`indicators:frequency.${frequency}`) }))} />
        <Field id="field-decimals" type="number" min={0} max={6} label={t('indicatorEditor:fields.decimals')} value={draft.decimals} onChange={(event) => set('decimals', Number(event.target.value))} error={errorFor('decimals')} />
        <Field id="field-headline" type="number" min={1} max={99} label={t('indicatorEditor:fields.headline')} hint={t('indicatorEditor:form.headlineHint')} value={draft.headline} onChange={(event) => set('headline', event.target.value)} error={errorFor('headline')} />
        <SelectField id="field-perCapitaOf" label={t('indicatorEditor:fields.perCapitaOf')} value={draft.perCapitaOf} onChange={(event) => set('perCapitaOf', event.target.value)} error={errorFor('perCapitaOf')} options={[{ value: '', label: t('indicatorEditor:form.noPerCapita') }, ...indicators.map((one) => ({ value: one.id, label: pickLocalized(one.name, lang as ContentLanguage)?.text ?? one.id }))]} />
        {draft.perCapitaOf && <Field id="field-perCapitaScale" type="number" min={1} label={t('indicatorEditor:fields.perCapitaScale')} value={draft.perCapitaScale} onChange={(event) => set('perCapitaScale', Number(event.target.value))} error={errorFor('perCapitaScale')} />}
        <div className="field checkbox">
          <input id="field-published" type="checkbox" checked={draft.published} onChange={(event) => set('published', event.target.checked)} aria-describedby="field-published-hint" />
          <label htmlFor="field-published">{t('indicatorEditor:fields.published')}</label>
          <p className="field__hint" id="field-published-hint">{t('indicatorEditor:form.publishedHint')}</p>
        </div>

        {sides.map((side) => (
          <section key={side} aria-labelledby={`side-${side}`} className="card indicator-editor__part">
            <h2 id={`side-${side}`}>{t(`indicatorEditor:side.${side}`)}</h2>
            {draft.series.filter((one) => one.side === side).map((series, n) => (
              <SeriesEditor
                key={series.key}
                series={series}
                number={n + 1}
                table={loaded.tables.get(series.tableId)}
                tables={tables}
                regions={regions}
                errorFor={(field) => {
                  const index = seriesIndex(series.key);
                  return index < 0 ? undefined : errorFor(`series.${index}${field ? `.${field}` : ''}`);
                }}
                onTable={(tableId) => void chooseTable(series, tableId)}
                onRole={(table, code, choice) => chooseRole(series, table, code, choice)}
                onRegion={(code, region) => setSeries(series.key, (one) => ({ ...one, regionMap: { ...one.regionMap, [code]: region } }))}
                onRegionCode={(region) => setSeries(series.key, (one) => ({ ...one, regionCode: region }))}
                onRemove={() => setDraft((before) => ({ ...before, series: before.series.filter((one) => one.key !== series.key) }))}
              />
            ))}
            <button type="button" className="button button--secondary" onClick={() => setDraft((before) => ({ ...before, series: [...before.series, newSeries(side)] }))}>
              {t('indicatorEditor:series.add', { side: t(`indicatorEditor:side.${side}`) })}
            </button>
          </section>
        ))}

        <section aria-labelledby="preview-heading" className="card indicator-editor__part">
          <h2 id="preview-heading">{t('indicatorEditor:preview.title')}</h2>
          <p>{t('indicatorEditor:preview.intro')}</p>
          <button type="button" className="button button--secondary" onClick={() => void onPreview()}>
            {t('indicatorEditor:preview.show')}
          </button>
          <FormErrors error={previewError ?? previewRefusals} fieldIds={fieldIds} />
          {preview?.indicator && <PreviewTable preview={preview.indicator} lang={lang} />}
        </section>

        <p className="form__actions">
          <button type="submit" className="button" disabled={busy}>
            {value ? t('indicatorEditor:form.save') : t('indicatorEditor:form.create')}
          </button>
        </p>
      </form>
      {value && (
        <section aria-labelledby="delete-heading" className="card">
          <h2 id="delete-heading">{t('indicatorEditor:delete.title')}</h2>
          <p>{value.links > 0 ? t('indicatorEditor:delete.linked', { count: value.links }) : t('indicatorEditor:delete.intro')}</p>
          <ConfirmButton question={t('indicatorEditor:delete.question')} consequence={t('indicatorEditor:delete.consequence')} confirmLabel={t('indicatorEditor:delete.confirm')} onConfirm={() => void onDelete()} disabled={value.links > 0}>
            {t('indicatorEditor:delete.button')}
          </ConfirmButton>
        </section>
      )}
    </div>
  );
}

interface SeriesEditorProps {
  series: SeriesDraft;
  number: number;
  table: StatTable | undefined;
  tables: StatTableItem[];
  regions: StatRegion[];
  errorFor: (field: string) => string | undefined;
  onTable: (tableId: string) => void;
  onRole: (table: StatTable, code: string, choice: string) => void;
  onRegion: (code: string, region: string) => void;
  onRegionCode: (region: string) => void;
  onRemove: () => void;
}

/** One table of a side: which table, what each of its dimensions is, and which of its codes is which region. */
function SeriesEditor({ series, number, table, tables, regions, errorFor, onTable, onRole, onRegion, onRegionCode, onRemove }: SeriesEditorProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const side = t(`indicatorEditor:side.${series.side}`);
  const regionName = (region: StatRegion) => pickLocalized(region.name, lang as ContentLanguage)?.text ?? region.code;
  const regionOptions = [{ value: '', label: t('indicatorEditor:series.notShown') }, ...regions.filter((region) => series.side === 'EU' || region.country === series.side).map((region) => ({ value: region.code, label: `${regionName(region)} (${region.code})` }))];
  const dimensions = table?.dimensions.filter((dimension) => dimension.role !== 'time') ?? [];
  const regionDimension = dimensions.find((dimension) => series.choices[dimension.code] === 'region');
  const tableLabel = (item: StatTableItem) => `${sourceText(item.title, lang)} (${item.externalId}; ${item.source.name}${item.source.demo ? `; ${t('common:demo.badge')}` : ''})`;
  return (
    <fieldset className="indicator-series">
      <legend>{t('indicatorEditor:series.legend', { side, number })}</legend>
      <SelectField id={`s${series.key}-table`} label={t('indicatorEditor:series.table')} required value={series.tableId} onChange={(event) => onTable(event.target.value)} error={errorFor('tableId') ?? errorFor('side')} options={[{ value: '', label: t('indicatorEditor:series.chooseTable') }, ...tables.map((item) => ({ value: item.id, label: tableLabel(item) }))]} />
      {series.tableId && !table && <p role="status">{t('common:loading')}</p>}
      {table && (
        <>
          {table.timeDimension && <p className="field__hint">{t('indicatorEditor:series.time', { dimension: sourceText(table.dimensions.find((one) => one.code === table.timeDimension)?.label ?? {}, lang) || table.timeDimension, first: table.periods[0] ?? '', last: table.periods.at(-1) ?? '' })}</p>}
          {dimensions.map((dimension, d) => (
            <SelectField
              key={dimension.code}
              id={`s${series.key}-dim-${d}`}
              label={`${sourceText(dimension.label, lang) || dimension.code} (${dimension.code})`}
              required
              value={series.choices[dimension.code] ?? ''}
              onChange={(event) => onRole(table, dimension.code, event.target.value)}
              error={errorFor(`fixed.${dimension.code}`) ?? (series.choices[dimension.code] === 'region' ? errorFor('regionDimension') : undefined)}
              options={[
                { value: '', label: t('indicatorEditor:series.choose') },
                { value: 'region', label: t('indicatorEditor:series.region') },
                { value: 'kept', label: t('indicatorEditor:series.kept') },
                ...dimension.values.map((one) => ({ value: fixedChoice(one.code), label: t('indicatorEditor:series.fixed', { value: `${sourceText(one.label, lang) || one.code} (${one.code})` }) })),
              ]}
            />
          ))}
          {regionDimension ? (
            <fieldset id={`s${series.key}-map`} tabIndex={-1}>
              <legend>{t('indicatorEditor:series.map', { dimension: sourceText(regionDimension.label, lang) || regionDimension.code })}</legend>
              <p className="field__hint">{t('indicatorEditor:series.mapHint')}</p>
              {errorFor('regionMap') && <p className="field__error">{errorFor('regionMap')}</p>}
              {regionDimension.values.map((one, v) => (
                <SelectField key={one.code} id={`s${series.key}-map-${v}`} label={`${sourceText(one.label, lang) || one.code} (${one.code})`} value={series.regionMap[one.code] ?? ''} onChange={(event) => onRegion(one.code, event.target.value)} error={errorFor(`regionMap.${one.code}`)} options={regionOptions} />
              ))}
            </fieldset>
          ) : (
            <SelectField id={`s${series.key}-region`} label={t('indicatorEditor:series.oneRegion')} value={series.regionCode} onChange={(event) => onRegionCode(event.target.value)} error={errorFor('regionCode') ?? errorFor('regionDimension')} options={regionOptions} />
          )}
        </>
      )}
      <button type="button" className="link-button" onClick={onRemove}>
        {t('indicatorEditor:series.remove', { side, number })}
      </button>
    </fieldset>
  );
}

/** The newest periods of every series the draft gives, as a table: what the page will show, before it is saved. */
function PreviewTable({ preview, lang }: { preview: NonNullable<IndicatorPreview['indicator']>; lang: string }) {
  const { t } = useTranslation();
  const from = Math.max(0, preview.periods.length - PREVIEW_PERIODS);
  const periods = preview.periods.slice(from);
  const regionName = (code: string) => {
    const region = preview.regions.find((one) => one.code === code);
    return region ? pickLocalized(region.name, lang as ContentLanguage)?.text ?? code : code;
  };
  const keptLabel = (kept: Record<string, string>) =>
    Object.entries(kept)
      .map(([code, value]) => {
        const dimension = preview.dimensions.find((one) => one.code === code);
        const label = dimension?.values.find((one) => one.code === value)?.label;
        return label ? sourceText(label, lang) || value : value;
      })
      .join(', ');
  if (preview.series.length === 0) return <p role="status">{t('indicatorEditor:preview.empty')}</p>;
  return (
    <>
      <p role="status">{t('indicatorEditor:preview.summary', { series: preview.series.length, periods: preview.periods.length })}</p>
      <ScrollRegion label={t('indicatorEditor:preview.table')}>
        <table className="chart-table">
          <caption>{t('indicatorEditor:preview.caption', { count: periods.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('indicatorEditor:preview.region')}</th>
              {periods.map((period) => (
                <th key={period.code} scope="col" className="num">
                  {periodLabel(period.code, lang, t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.series.map((series, index) => (
              <tr key={index}>
                <th scope="row">
                  {regionName(series.region)} ({t(`indicatorEditor:side.${series.side}`)})
                  {Object.keys(series.kept).length > 0 && `: ${keptLabel(series.kept)}`}
                </th>
                {series.values.slice(from).map((figure, at) => (
                  <td key={at} className="num">{figure === null ? '–' : formatFigure(figure, lang, preview.decimals)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
