import { Type, type Static } from 'typebox';

export const SiteInfo = Type.Object({
  name: Type.String(),
  version: Type.String(),
  /** True when the demo region is loaded: the web shows a banner on every page. */
  demo: Type.Boolean(),
  database: Type.Enum(['pglite', 'postgres'], { type: 'string' }),
  languages: Type.Array(Type.String()),
});
export type SiteInfo = Static<typeof SiteInfo>;
