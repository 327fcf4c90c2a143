import type { Polygon } from 'geojson';
import data from './twin-region.json' with { type: 'json' };

/**
 * The twin region that map comments must lie in (issue 19, the lead's decision 2): the convex hull
 * of FI1B1 Helsinki-Uusimaa ∪ EE001 Põhja-Eesti (Harju County) minus every other NUTS-3 area's
 * land, so the gulf between Helsinki and Tallinn is inside and other counties' land is outside.
 * Written by `scripts/map-data.mjs` from GISCO's NUTS 2021 at 1:3M into `twin-region.json` (one
 * polygon, RFC 7946 lon/lat, ≈ 235 vertices, ≈ 5.6 KB); the server checks comments against it and
 * the web app checks early. The drawn map is the web's (`src/web/components/map-data/`).
 */

/** [minLon, minLat, maxLon, maxLat] */
export type LonLatBox = readonly [number, number, number, number];

/** A NUTS-3 area of the twin region with its centroid on the sphere, computed from the boundaries. */
export interface TwinPlace {
  id: 'FI1B1' | 'EE001';
  /** GISCO's Latin name (NAME_LATN). */
  name: string;
  country: 'FI' | 'EE';
  /** [lon, lat] */
  centroid: readonly [number, number];
}

export const TWIN_REGION_POLYGON = data.polygon as Polygon;
export const TWIN_REGION_BBOX = data.bbox as unknown as LonLatBox;
/** The region's area (km², on the WGS 84 sphere as @turf/area measures it). */
export const TWIN_REGION_AREA_KM2: number = data.areaKm2;
export const TWIN_PLACES = data.places as unknown as readonly TwinPlace[];
/** GISCO's terms: every map made from these boundaries shows it. */
export const BOUNDARIES_NOTICE: string = data.meta.notice;
