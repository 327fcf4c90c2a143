/** Display helpers of the catalogue that need no React: file types (sizes and counts are `components/numbers.ts`). */

/** EU file-type codes as people know them; the rest are already the usual names (CSV, JSON, XLSX). */
const FORMAT_NAMES: Readonly<Record<string, string>> = {
  RDF_TURTLE: 'Turtle',
  RDF_XML: 'RDF/XML',
  JSON_LD: 'JSON-LD',
  WMS_SRVC: 'WMS',
  WFS_SRVC: 'WFS',
  GEOJSON: 'GeoJSON',
};

export function formatName(code: string): string {
  return FORMAT_NAMES[code] ?? code.replace(/_/g, ' ');
}
