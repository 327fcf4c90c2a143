import { Type, type Static } from 'typebox';

/** An application's API key registered as an Open311 client, with its own daily intake limit. */
export const Open311Client = Type.Object({
  tokenId: Type.String({ format: 'uuid' }),
  reportsPerDay: Type.Integer(),
  name: Type.String({ description: "The key's name, as its owner gave it" }),
  tokenPrefix: Type.String(),
  ownerId: Type.String({ format: 'uuid' }),
  revoked: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Open311Client = Static<typeof Open311Client>;

export const Open311ClientSet = Type.Object(
  { reportsPerDay: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Reports the key may file in any 24 hours, in place of the per-address and per-account limits' }) },
  { additionalProperties: false },
);
export type Open311ClientSet = Static<typeof Open311ClientSet>;

export const Open311ClientList = Type.Object({ items: Type.Array(Open311Client) });
export const Open311ClientParams = Type.Object({ tokenId: Type.String({ format: 'uuid' }) });
