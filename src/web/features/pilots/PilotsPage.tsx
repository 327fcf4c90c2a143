import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { PILOT_STATUSES } from '../../../shared/schemas/pilots.ts';
import type { GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { MapComments } from '../../components/MapComments.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { PilotPeriod, PilotStatusBadge } from './labels.tsx';
import { mapPlaces, partnersByCountry } from './pilots.ts';

const FILTERS = ['q', 'status', 'country'] as const;

/**
 * The living lab's showcase (the Smart City Exchange Forum's): every pilot with its status, period
 * and partners of both countries, and a map of their places with the same places in a table beside it.
 */
export function PilotsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/pilots'>>(params, FILTERS);
  const { data, error } = useResource('/api/pilots', { query: { ...filters, limit: size, offset: (page - 1) * size } });
  const all = { value: '', label: t('pilots:list.all') };
  const describe = (key: string, value: string) =>
    key === 'q' ? `${t('pilots:list.query')}: ${value}` : key === 'status' ? `${t('pilots:fields.status')}: ${t(`pilots:status.${value}`)}` : `${t('pilots:fields.country')}: ${t(`pilots:country.${value}`, { defaultValue: value })}`;
  const inUse = filtersInUse(params, FILTERS, describe);
  const places = data ? mapPlaces(data.items, i18n.language as ContentLanguage) : [];
  return (
    <div className="page">
      <PageTitle>{t('pilots:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('pilots:list.intro')}</span>
        {user && isEditorRole(user.role) && (
          <Link className="button" to="/pilots/new">
            {t('pilots:list.new')}
          </Link>
        )}
      </p>
      <ul className="inline-links">
        <li>
          <Link to="/sensors">{t('pilots:detail.sensorMap')}</Link>
        </li>
      </ul>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('pilots:list.filters')} onSubmit={onFilter} key={params.toString()}>
          <Field id="p-q" name="q" type="search" label={t('pilots:list.query')} defaultValue={params.get('q') ?? ''} maxLength={200} />
          <SelectField id="p-status" name="status" label={t('pilots:fields.status')} defaultValue={params.get('status') ?? ''} options={[all, ...PILOT_STATUSES.map((s) => ({ value: s, label: t(`pilots:status.${s}`) }))]} />
          <SelectField id="p-country" name="country" label={t('pilots:fields.country')} defaultValue={params.get('country') ?? ''} options={[all, ...(['FI', 'EE'] as const).map((c) => ({ value: c, label: t(`pilots:country.${c}`) }))]} />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('pilots:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('pilots:list.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} didYouMean={data.didYouMean} />}
      {places.length > 0 && <MapComments places={places} caption={t('pilots:list.mapCaption')} title={t('pilots:list.mapTitle')} desc={t('pilots:list.mapDesc')} itemHeading={t('pilots:list.place')} />}
      <ul className="bn-list">
        {data?.items.map((item) => (
          <li key={item.id} className="bn-card">
            <p className="bn-card__meta">
              <PilotStatusBadge status={item.status} /> <PilotPeriod startsOn={item.startsOn} endsOn={item.endsOn} />
              {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
            </p>
            <h2 className="bn-card__title">
              <Link to={`/pilots/${item.slug}`}>
                <LocalizedText value={item.name} />
              </Link>
            </h2>
            <dl className="facts-list">
              {partnersByCountry(item.partners).map((group) => (
                <div key={group.country}>
                  <dt>{t(`pilots:country.${group.country}`, { defaultValue: group.country })}</dt>
                  <dd>
                    {group.partners.map((p, i) => (
                      <span key={p.institution.id}>
                        {i > 0 && ', '}
                        <LocalizedText value={p.institution.name} /> ({t(`pilots:role.${p.role}`)})
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
            <p className="bn-card__facts">
              <span>{t('pilots:list.sensors', { things: item.thingCount, datastreams: item.datastreamCount })}</span>
            </p>
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('pilots:list.title')} page={page} total={data.total} size={size} />}
    </div>
  );
}
