import { Type, type Static } from 'typebox';

/**
 * A map comment's place (issue 19 §5): a GeoJSON Point or a Polygon of one ring, RFC 7946
 * [longitude, latitude] in degrees (WGS 84), inside the twin region.
 *
 * Two schemas for the two directions:
 * - `CommentGeometry`, what the API answers (and the web's type): exact, as stored.
 * - `CommentGeometryInput`, what a request may send: only its outline (a type and an array), so
 *   every fault of the place itself reaches `checkCommentGeometry` (`src/shared/commentGeometry.ts`)
 *   and is answered as the web form words it early, `geometry-invalid` with its reason, rather
 *   than as a schema validator's guess between the two shapes. The route calls the check before
 *   its transaction and stores the geometry it returns (only `type` and `coordinates`).
 */

export const GEOMETRY_TYPES = ['Point', 'Polygon'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude] in degrees (RFC 7946, WGS 84)' });

export const PointGeometry = Type.Object({ type: Type.Literal('Point'), coordinates: Position }, { additionalProperties: false });

export const PolygonGeometry = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Position, { minItems: 4, maxItems: 201 }), { minItems: 1, maxItems: 1, description: 'One closed ring (the last position repeats the first), no holes' }),
  },
  { additionalProperties: false },
);

export const CommentGeometry = Type.Union([PointGeometry, PolygonGeometry], { description: 'A point or an area inside the twin region' });
export type CommentGeometry = Static<typeof CommentGeometry>;

export const CommentGeometryInput = Type.Object(
  {
    type: Type.Enum([...GEOMETRY_TYPES], { type: 'string' }),
    // A Point's two numbers, or a Polygon's rings (more than one is refused as a hole, by the check).
    coordinates: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10 }),
  },
  {
    additionalProperties: false,
    description: 'A GeoJSON Point or a one-ring Polygon in [longitude, latitude] (RFC 7946), inside the twin region; checked in full by the server (field codes geometry-invalid, outside-region)',
  },
);
export type CommentGeometryInput = Static<typeof CommentGeometryInput>;
