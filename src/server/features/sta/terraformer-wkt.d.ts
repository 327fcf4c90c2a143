/** @terraformer/wkt 2.2.2 ships no types: the one function geo.ts uses. Its answer is checked there, so it is `unknown`. */
declare module '@terraformer/wkt' {
  export function wktToGeoJSON(wkt: string): unknown;
}
