/** The file `npm run api:types` writes. */
export const SCHEMA_FILE: string;
/** The server's OpenAPI document, from GET /api/openapi.json of the app built on an in-memory PGlite. */
export function openApiDocument(): Promise<unknown>;
/** The text of src/web/app/api.schema.ts for an OpenAPI document. */
export function apiTypes(document: unknown): Promise<string>;
