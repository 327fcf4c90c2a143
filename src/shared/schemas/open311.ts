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

/**
 * Where a bottleneck filed through Open311 came from, for administrators only: the API key that
 * filed it (none for an anonymous app) and what the app sent about the citizen. Personal data:
 * never in a public answer, and not shown to moderators or editors, who see no reporter's
 * identity anywhere in the register.
 */
export const Open311Origin = Type.Object({
  report: Type.Union(
    [
      Type.Object({
        filedAt: Type.String({ format: 'date-time' }),
        client: Type.Union([
          Type.Object({
            tokenId: Type.String({ format: 'uuid' }),
            name: Type.String({ description: "The key's name, as its owner gave it" }),
            tokenPrefix: Type.String(),
            ownerId: Type.String({ format: 'uuid' }),
            ownerEmail: Type.String(),
            revoked: Type.Boolean(),
            reportsPerDay: Type.Union([Type.Integer(), Type.Null()], { description: "The key's own daily limit when it is a registered Open311 client" }),
          }),
          Type.Null(),
        ], { description: 'null: filed without a key (or its key was deleted since)' }),
        email: Type.Union([Type.String(), Type.Null()]),
        firstName: Type.Union([Type.String(), Type.Null()]),
        lastName: Type.Union([Type.String(), Type.Null()]),
        phone: Type.Union([Type.String(), Type.Null()]),
        deviceId: Type.Union([Type.String(), Type.Null()]),
        accountId: Type.Union([Type.String(), Type.Null()], { description: "The citizen's account in the app (GeoReport's account_id)" }),
      }),
      Type.Null(),
    ],
    { description: 'null when the bottleneck was not filed through Open311' },
  ),
});
export type Open311Origin = Static<typeof Open311Origin>;
export const Open311OriginParams = Type.Object({ bottleneckId: Type.String({ format: 'uuid' }) });
