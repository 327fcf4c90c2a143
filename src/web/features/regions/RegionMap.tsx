import { useId, useMemo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useLoaded } from '../../components/useLoaded.ts';
import { backgroundCountries, fitViewBox, legendEntries, legendKey, patternSize, regionShapes, type LegendKey, type MapData, type MapRegion } from './regionMap.ts';

export type { MapRegion } from './regionMap.ts';

let mapData: Promise<MapData> | null = null;
/**
 * The boundaries (≈350 KB, ≈140 KB gzip) come in their own chunk, asked for once the map is shown,
 * so the main bundle does not carry them; one load serves every map on the site.
 */
function loadMapData(): Promise<MapData> {
  mapData ??= import('./map-data/europe.json').then((module) => module.default as unknown as MapData);
  mapData.catch(() => {
    mapData = null; // a failed load is tried again on the next visit
  });
  return mapData;
}

/**
 * The benchmark regions on a map of Europe, beside a table of the same regions in the same order:
 * the map is never the only way to a region. Each region is a link (keyboard reachable, named by
 * the region); colour and pattern follow its legal form, and the legend says which is which.
 */
export function RegionMap({ regions }: { regions: MapRegion[] }) {
  const { t } = useTranslation();
  const { data, error } = useLoaded('europe', loadMapData);
  return (
    <div className="region-map">
      <div className="region-map__figure">
        {data ? (
          <RegionMapView data={data} regions={regions} />
        ) : error ? (
          <p className="notice" role="status">
            {t('maps:failed')}
          </p>
        ) : (
          <p className="region-map__loading" role="status">
            {t('maps:loading')}
          </p>
        )}
      </div>
      <RegionTable regions={regions} />
    </div>
  );
}

/** The drawn map, its legend and the boundaries' notice, once the data is here. */
export function RegionMapView({ data, regions }: { data: MapData; regions: MapRegion[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // useId's form differs by React version (:r0:, «r0», _R_0_): keep what is safe in url(#…).
  const prefix = `map-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const { shapes, viewBox, countries, legend } = useMemo(() => {
    const shapes = regionShapes(data, regions);
    const viewBox = fitViewBox(data, shapes);
    return { shapes, viewBox, countries: backgroundCountries(data, viewBox), legend: legendEntries(shapes) };
  }, [data, regions]);
  const tile = patternSize(viewBox);
  // A plain click stays in the app; a click with a modifier opens the address as the browser would.
  const follow = (href: string) => (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void navigate(href);
  };
  return (
    <figure className="region-map__map">
      {/*
        role="group", not "img": an img's children are presentational, so the region links inside
        would be hidden from screen readers. The title and desc still name and describe it.
      */}
      <svg role="group" className="region-map__svg" viewBox={viewBox.join(' ')} aria-labelledby={`${prefix}-title`} aria-describedby={`${prefix}-desc`}>
        <title id={`${prefix}-title`}>{t('maps:title')}</title>
        <desc id={`${prefix}-desc`}>{t('maps:desc')}</desc>
        <defs>
          {legend.map((key) => (
            <LegendPattern key={key} id={`${prefix}-${key}`} legend={key} size={tile} />
          ))}
        </defs>
        <g className="region-map__countries" aria-hidden="true">
          {countries.map((country) => (
            <path key={country.code} d={country.path} />
          ))}
        </g>
        {shapes
          .filter((shape) => shape.paths.length > 0)
          .map(({ region, paths, byCountry, legend: key }) => (
            <a key={region.id} href={region.href} aria-label={region.name} className={`region-map__region region-map__region--${key}${byCountry ? ' region-map__region--by-country' : ''}`} onClick={follow(region.href)}>
              <title>{region.name}</title>
              <path d={paths.join('')} fill={`url(#${prefix}-${key})`} />
            </a>
          ))}
      </svg>
      <figcaption>
        <p className="region-map__legend-title">{t('maps:legend')}</p>
        <ul className="region-map__legend">
          {legend.map((key) => (
            <li key={key}>
              <Swatch id={`${prefix}-swatch-${key}`} legend={key} />
              {t(`maps:legalForm.${key}`)}
            </li>
          ))}
          {shapes.some((shape) => shape.byCountry && shape.paths.length > 0) && (
            <li>
              <svg className="region-map__swatch region-map__swatch--by-country" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
                <rect x="1" y="1" width="22" height="14" />
              </svg>
              {t('maps:byCountry')}
            </li>
          )}
        </ul>
        <p className="region-map__notice">
          {t('maps:source')} <span lang="en">{data.meta.notice}</span>
        </p>
      </figcaption>
    </figure>
  );
}

/** Marks drawn in white over a legal form's colour, on a 10×10 tile. */
const MARKS: Record<LegendKey, string> = {
  egtc: 'M-1 1L1-1M0 10L10 0M9 11L11 9',
  euroregion_association: 'M4 5a1 1 0 1 0 2 0a1 1 0 1 0-2 0',
  intergovernmental_agreement: 'M0 5H10M5 0V10',
  memorandum_of_understanding: 'M0 5H10',
  member_organisation: 'M5 0V10',
  city_agreement: 'M-1 9L1 11M0 0L10 10M9-1L11 1',
  none: '',
  unknown: 'M3 3L7 7M7 3L3 7',
};

function LegendPattern({ id, legend, size }: { id: string; legend: LegendKey; size: number }) {
  return (
    <pattern id={id} className={`region-map__pattern region-map__pattern--${legend}`} patternUnits="userSpaceOnUse" width={size} height={size}>
      <rect width={size} height={size} />
      {MARKS[legend] && <path d={MARKS[legend]} transform={`scale(${size / 10})`} />}
    </pattern>
  );
}

function Swatch({ id, legend }: { id: string; legend: LegendKey }) {
  return (
    <svg className="region-map__swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
      <defs>
        <LegendPattern id={id} legend={legend} size={8} />
      </defs>
      <rect x="1" y="1" width="22" height="14" fill={`url(#${id})`} />
    </svg>
  );
}

/** The same regions as the map, in the same order, with the same links: every map has its list. */
function RegionTable({ regions }: { regions: MapRegion[] }) {
  const { t, i18n } = useTranslation();
  const countryName = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region', fallback: 'code' });
    return (code: string) => names.of(code) ?? code;
  }, [i18n.language]);
  return (
    <ScrollRegion label={t('maps:table.caption')}>
      <table className="region-map__table">
        <caption>{t('maps:table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('maps:table.region')}</th>
            <th scope="col">{t('maps:table.countries')}</th>
            <th scope="col">{t('maps:table.legalForm')}</th>
            <th scope="col">{t('maps:table.drawn')}</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((region) => (
            <tr key={region.id}>
              <th scope="row">
                <Link to={region.href}>{region.name}</Link>
              </th>
              <td>{region.countries.map(countryName).join(', ')}</td>
              <td>{t(`maps:legalForm.${legendKey(region.legalForm)}`)}</td>
              <td>{region.nutsIds.length > 0 ? t('maps:table.areas', { count: region.nutsIds.length }) : t('maps:table.byCountries')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
