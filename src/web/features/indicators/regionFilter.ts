/**
 * The regions the list can be filtered by: both countries, the twin region's two NUTS 3 halves
 * and the four largest municipalities. The API has no list of statistical regions yet, so the
 * choice is fixed here; its codes are those of the server's region seed (`regions.seed.ts`).
 */
export const REGION_FILTER = [
  { code: 'nuts:FI1B1', key: 'helsinkiUusimaa' },
  { code: 'nuts:EE001', key: 'harju' },
  { code: 'fi-kunta:091', key: 'helsinki' },
  { code: 'fi-kunta:049', key: 'espoo' },
  { code: 'fi-kunta:092', key: 'vantaa' },
  { code: 'ee-ehak:0784', key: 'tallinn' },
  { code: 'country:FI', key: 'finland' },
  { code: 'country:EE', key: 'estonia' },
] as const;
