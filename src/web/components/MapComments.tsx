import { useId, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CommentGeometry } from '../../shared/schemas/geometry.ts';
import { areaAt, areaKm2, type LonLat } from './mapInput.ts';
import { ScrollRegion } from './ScrollRegion.tsx';
import { PlaceShape, placeName, TwinMapBackground, useTwinMap, useTwinMapData, type TwinMap } from './TwinMap.tsx';

/** A comment with a place, as the map and its table show it. */
export interface MapPlace {
  id: string;
  href: string;
  /** The marker's accessible name and the row's link text, the same words (e.g. section, excerpt, date). */
  label: string;
  geometry: CommentGeometry;
  /** The row's further cells, under `columns`. */
  cells?: ReactNode[];
}

/**
 * Comments with a place on the twin region's map, beside a table of the same comments in the same
 * order (issue 19 §5): every marker is a link named as its row's link, reachable by Tab, so the map
 * is never the only way to a comment; points and areas differ by shape, not colour alone. The
 * table's place column says in words where each lies (its NUTS area and coordinates, or an area's
 * corners and size).
 */
export function MapComments({ places, caption, columns = [], title, desc, itemHeading }: { places: MapPlace[]; caption: string; columns?: string[]; /** The map's own name and description and the table's first heading, when its places are not comments. */ title?: string; desc?: string; itemHeading?: string }) {
  const { t } = useTranslation();
  const { data, error } = useTwinMapData();
  const map = useTwinMap(data);
  return (
    <div className="map-comments">
      <div className="map-comments__figure">
        {map ? (
          <MapCommentsView map={map} places={places} title={title} desc={desc} />
        ) : (
          <p className={error ? 'notice' : 'map-input__loading'} role="status">
            {error ? t('mapInput:comments.failed') : t('mapInput:loading')}
          </p>
        )}
      </div>
      <PlaceTable places={places} caption={caption} columns={columns} map={map} itemHeading={itemHeading} />
    </div>
  );
}

export function MapCommentsView({ map, places, title, desc }: { map: TwinMap; places: MapPlace[]; title?: string; desc?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefix = `map-comments-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  // A plain click stays in the app; a click with a modifier opens the address as the browser would.
  const follow = (href: string) => (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void navigate(href);
  };
  // In the table's order, so Tab goes through the markers as a reader goes down the rows (an area
  // drawn over an earlier point is see-through, and the point's row links to it too).
  const drawn = places;
  return (
    <figure className="map-input__figure">
      {/* role="group", not "img": an img's children are presentational, so the links would be hidden. */}
      <svg role="group" className="map-input__svg map-comments__svg" viewBox={map.viewBox.join(' ')} aria-labelledby={`${prefix}-title`} aria-describedby={`${prefix}-desc`}>
        <title id={`${prefix}-title`}>{title ?? t('mapInput:comments.title')}</title>
        <desc id={`${prefix}-desc`}>{desc ?? t('mapInput:comments.desc')}</desc>
        <g aria-hidden="true">
          <TwinMapBackground data={map.data} />
        </g>
        {drawn.map((place) => (
          <a key={place.id} href={place.href} aria-label={place.label} className="map-comments__marker" onClick={follow(place.href)}>
            <title>{place.label}</title>
            <PlaceShape geometry={place.geometry} project={map.project} />
          </a>
        ))}
      </svg>
      <figcaption>
        <p className="map-input__notice">
          {t('mapInput:source')} <span lang="en">{map.data.meta.notice}</span>
        </p>
      </figcaption>
    </figure>
  );
}

/** Where a comment lies, in words. */
function placeText(t: ReturnType<typeof useTranslation>['t'], language: string, map: TwinMap | null, geometry: CommentGeometry): string {
  const number = new Intl.NumberFormat(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  if (geometry.type === 'Point') {
    const at: LonLat = [geometry.coordinates[0], geometry.coordinates[1]];
    const where = { lat: number.format(at[1]), lon: number.format(at[0]) };
    // Until the map is here the areas are not known: the coordinates alone.
    if (!map) return t('mapInput:comments.coordinates', where);
    return t('mapInput:comments.point', { place: placeName(t, language, areaAt(map.index, map.project(at)), at), ...where });
  }
  const ring = geometry.coordinates[0].map(([lon, lat]): LonLat => [lon, lat]);
  return t('mapInput:comments.area', { count: ring.length - 1, km2: new Intl.NumberFormat(language, { maximumSignificantDigits: 2 }).format(areaKm2(ring)) });
}

export function PlaceTable({ places, caption, columns, map, itemHeading }: { places: MapPlace[]; caption: string; columns: string[]; map: TwinMap | null; itemHeading?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ScrollRegion label={caption}>
      <table className="map-comments__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{itemHeading ?? t('mapInput:comments.comment')}</th>
            <th scope="col">{t('mapInput:comments.place')}</th>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {places.map((place) => (
            <tr key={place.id}>
              <th scope="row">
                <Link to={place.href}>{place.label}</Link>
              </th>
              <td>{placeText(t, i18n.language, map, place.geometry)}</td>
              {(place.cells ?? []).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

