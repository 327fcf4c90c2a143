import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { useMemo } from 'react';
import type { useTranslation } from 'react-i18next';
import { REGIONS } from '../../shared/catalog.ts';
import type { CommentGeometry } from '../../shared/schemas/geometry.ts';
import { TWIN_REGION_POLYGON } from '../../shared/twinRegion.ts';
import { areaIndex, projector, type LonLat, type TwinMapData, type XY } from './mapInput.ts';
import { useLoaded } from './useLoaded.ts';

/**
 * The twin region's map, shared by the map input (MapInput.tsx) and the map of comments
 * (MapComments.tsx): its data, loaded once, its projection, and the drawing under the places.
 */

let mapData: Promise<TwinMapData> | null = null;
/** The boundaries (≈19 KB, ≈4 KB gzip) in their own chunk, asked for once a map is shown. */
function loadMapData(): Promise<TwinMapData> {
  mapData ??= import('./map-data/twin-region.json').then((module) => module.default as unknown as TwinMapData);
  mapData.catch(() => {
    mapData = null; // a failed load is tried again next time
  });
  return mapData;
}

export function useTwinMapData() {
  return useLoaded('twin-region', loadMapData);
}

export interface TwinMap {
  data: TwinMapData;
  project: (at: LonLat) => XY;
  unproject: (xy: XY) => LonLat;
  index: ReturnType<typeof areaIndex>;
  viewBox: TwinMapData['viewBox'];
  centre: XY;
}

/** The map with its projection and the areas' rings, worked out once per data. */
export function useTwinMap(data: TwinMapData | null): TwinMap | null {
  return useMemo(() => {
    if (!data) return null;
    const { project, unproject } = projector(data.meta.projection);
    const [x, y, w, h] = data.viewBox;
    return { data, project, unproject, index: areaIndex(data), viewBox: data.viewBox, centre: [x + w / 2, y + h / 2] as XY };
  }, [data]);
}

/** FI and EE, the NUTS-3 areas in view (the twin region's two marked) and the region's dashed edge. */
export function TwinMapBackground({ data }: { data: TwinMapData }) {
  return (
    <>
      <g className="map-input__countries">
        {data.countries.map(([code, , path]) => (
          <path key={code} d={path} />
        ))}
      </g>
      <g className="map-input__areas">
        {data.areas.map(([areaId, , , path]) => (
          <path key={areaId} d={path} className={data.twinAreas.includes(areaId) ? 'map-input__twin' : undefined} />
        ))}
      </g>
      <path className="map-input__region" d={data.region} />
    </>
  );
}

/** A place drawn: a point as a ringed dot, an area as a filled outline (shapes that read without colour). */
export function PlaceShape({ geometry, project, className = 'map-input__shape' }: { geometry: CommentGeometry; project: (at: LonLat) => XY; className?: string }) {
  // Typed coordinates that are not numbers cannot be drawn (their problem says so).
  const positions = geometry.type === 'Point' ? [geometry.coordinates] : (geometry.coordinates[0] ?? []);
  if (!positions.every((p) => p.every(Number.isFinite))) return null;
  if (geometry.type === 'Point') {
    const [x, y] = project([geometry.coordinates[0], geometry.coordinates[1]]);
    return (
      <g className={className}>
        <circle cx={x} cy={y} r={2.5} />
        <circle cx={x} cy={y} r={0.8} className="map-input__dot" />
      </g>
    );
  }
  const points = geometry.coordinates[0].map(([lon, lat]) => project([lon, lat]).join(',')).join(' ');
  return <polygon className={className} points={points} />;
}

type T = ReturnType<typeof useTranslation>['t'];

/** How a place is named in words: its NUTS area in the user's language, the gulf, or outside the region. */
export function placeName(t: T, language: string, area: { id: string; name: string } | null, at: LonLat): string {
  const inRegion = booleanPointInPolygon([at[0], at[1]], TWIN_REGION_POLYGON);
  const regional = area && REGIONS.find((r) => r.code === area.id);
  const name = regional ? (regional.name[language as 'fi' | 'et' | 'en'] ?? regional.name.en) : (area?.name ?? null);
  if (inRegion) return name ?? t('mapInput:place.gulf');
  return name ? t('mapInput:place.outsideIn', { name }) : t('mapInput:place.outside');
}
