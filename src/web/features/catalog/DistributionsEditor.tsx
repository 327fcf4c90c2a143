import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LICENSES } from '../../../shared/catalog.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { editRows } from '../../components/rows.ts';
import { emptyRow, type DistributionRow } from './datasetForm.ts';

type ErrorFor = (field: string) => string | undefined;

/**
 * The dataset's files and services, one group of fields each, added and removed as rows. A new
 * row takes focus at its first field; after a removal focus goes to the "add" button, so it is
 * never lost.
 */
export function DistributionsEditor({ rows, onChange, errorFor }: { rows: DistributionRow[]; onChange: (rows: DistributionRow[]) => void; errorFor: ErrorFor }) {
  const { t } = useTranslation();
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [rows]);
  const update = (key: number, change: Partial<DistributionRow>) => onChange(editRows(rows, { type: 'update', key, change }));
  function add() {
    focusNext.current = `field-distributions.${rows.length}.accessUrl`;
    onChange(editRows(rows, { type: 'add', row: emptyRow() }));
  }
  function remove(key: number) {
    focusNext.current = 'add-distribution';
    onChange(editRows(rows, { type: 'remove', key }));
  }
  return (
    <fieldset id="field-distributions" className="field-group">
      <legend>{t('catalog:form.distributions')}</legend>
      <p className="field__hint">{t('catalog:form.distributionsHint')}</p>
      {rows.map((row, index) => {
        const id = (field: string) => `field-distributions.${index}.${field}`;
        const n = index + 1;
        return (
          <fieldset key={row.key} className="distribution-row">
            <legend>{t('catalog:form.distribution', { n })}</legend>
            <Field id={id('accessUrl')} type="url" required label={t('catalog:form.accessUrl')} hint={t('catalog:form.accessUrlHint')} value={row.accessUrl} onChange={(e) => update(row.key, { accessUrl: e.target.value })} error={errorFor(`distributions.${index}.accessUrl`)} />
            <Field id={id('downloadUrl')} type="url" label={t('catalog:form.downloadUrl')} value={row.downloadUrl} onChange={(e) => update(row.key, { downloadUrl: e.target.value })} error={errorFor(`distributions.${index}.downloadUrl`)} />
            <Field id={id('title')} label={t('catalog:form.distributionTitle')} maxLength={300} value={row.title} onChange={(e) => update(row.key, { title: e.target.value })} error={errorFor(`distributions.${index}.title`)} />
            <div className="form-row">
              <Field id={id('format')} label={t('catalog:distribution.format')} hint={t('catalog:form.formatHint')} maxLength={40} value={row.format} onChange={(e) => update(row.key, { format: e.target.value })} error={errorFor(`distributions.${index}.format`)} />
              <Field id={id('mediaType')} label={t('catalog:distribution.mediaType')} hint={t('catalog:form.mediaTypeHint')} maxLength={120} value={row.mediaType} onChange={(e) => update(row.key, { mediaType: e.target.value })} error={errorFor(`distributions.${index}.mediaType`)} />
            </div>
            <div className="form-row">
              <Field id={id('byteSize')} type="number" min={0} step={1} inputMode="numeric" label={t('catalog:form.byteSize')} value={row.byteSize} onChange={(e) => update(row.key, { byteSize: e.target.value })} error={errorFor(`distributions.${index}.byteSize`)} />
              <SelectField
                id={id('license')}
                label={t('catalog:fields.license')}
                value={row.license}
                onChange={(e) => update(row.key, { license: e.target.value })}
                options={[{ value: '', label: t('catalog:form.sameLicense') }, ...LICENSES.map((code) => ({ value: code, label: t(`catalog:license.${code}`) }))]}
              />
            </div>
            <button type="button" className="button button--secondary button--small" onClick={() => remove(row.key)}>
              {t('catalog:form.removeDistribution', { n })}
            </button>
          </fieldset>
        );
      })}
      <button type="button" id="add-distribution" className="button button--secondary" onClick={add}>
        {t('catalog:form.addDistribution')}
      </button>
    </fieldset>
  );
}
