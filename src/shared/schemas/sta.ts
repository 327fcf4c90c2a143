import { Type, type Static } from 'typebox';
import { PointGeometry } from './geometry.ts';
import { Nullable } from './nullable.ts';

/**
 * The living-lab pages' view of the SensorThings service (issue 20 point 5): a Datastream's chart
 * series, its latest value, its raw rows as CSV, and the Things for the map. The standard's own
 * interface is at `/sta/v1.1`; these answer what a page needs in one request.
 */

/** The longest range a series or a download covers. */
export const SERIES_MAX_YEARS = 10;
export const SERIES_MAX_POINTS = 2_000;
export const SERIES_MIN_POINTS = 10;
export const SERIES_DEFAULT_POINTS = 500;
/** The range a series covers when none is asked: the week up to the stream's latest observation. */
export const SERIES_DEFAULT_DAYS = 7;
/** The most raw rows one CSV download holds (about 60 MB); a longer range is refused with a 400. */
export const CSV_MAX_ROWS = 1_000_000;

export const SERIES_RESOLUTIONS = ['raw', 'hour', 'day'] as const;
export type SeriesResolution = (typeof SERIES_RESOLUTIONS)[number];

const DateTime = Type.String({ format: 'date-time' });

/**
 * The Datastream's `@iot.id`. Read as text and checked by the route (a positive integer, else a
 * 400 naming `params/id`): a path refused by its schema would hide what is wrong with the query.
 */
export const DatastreamParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 20, description: 'The Datastream\'s `@iot.id` (a positive integer)' }) });

export const SeriesRange = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the range (default: `to` less 7 days)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the range, inclusive (default: the stream\'s latest observation, or now)' })),
};

export const SeriesQuery = Type.Object(
  {
    ...SeriesRange,
    points: Type.Optional(
      Type.Integer({ minimum: SERIES_MIN_POINTS, maximum: SERIES_MAX_POINTS, default: SERIES_DEFAULT_POINTS, description: 'The most points to answer; the resolution is chosen to fit' }),
    ),
  },
  { additionalProperties: false },
);
export type SeriesQuery = Static<typeof SeriesQuery>;

export const ObservationsCsvQuery = Type.Object(SeriesRange, { additionalProperties: false });
export type ObservationsCsvQuery = Static<typeof ObservationsCsvQuery>;

export const Unit = Type.Object({
  name: Nullable(Type.String()),
  symbol: Nullable(Type.String()),
  definition: Nullable(Type.String()),
});

export const SeriesPoint = Type.Object({
  /** A raw observation's phenomenon time, or the start of an aggregate's bucket. */
  time: DateTime,
  /** The result, or the mean of the bucket's results. */
  value: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  count: Type.Integer({ minimum: 1 }),
});
export type SeriesPoint = Static<typeof SeriesPoint>;

export const Series = Type.Object({
  datastreamId: Type.Integer(),
  from: DateTime,
  to: DateTime,
  resolution: Type.Enum([...SERIES_RESOLUTIONS], { type: 'string', description: 'Raw observations, or aggregates by UTC hour or day' }),
  step: Type.Integer({ minimum: 1, description: 'Hours or days per point (1 for raw)' }),
  points: Type.Array(SeriesPoint),
});
export type Series = Static<typeof Series>;

/** The longest retention one may set: a hundred years of days. */
export const RETENTION_MAX_DAYS = 36_600;
const RetentionDays = (what: string) =>
  Nullable(Type.Integer({ minimum: 1, maximum: RETENTION_MAX_DAYS, description: `Days ${what} are kept (null: for ever)` }));

/** What an editor sets: how long raw Observations and hour aggregates are kept (day aggregates are kept for ever). */
export const RetentionSet = Type.Object(
  {
    rawDays: RetentionDays('raw Observations'),
    hourlyDays: RetentionDays('hour aggregates (at least rawDays; null needs rawDays null too or keeps hours for ever)'),
  },
  { additionalProperties: false },
);
export type RetentionSet = Static<typeof RetentionSet>;

export const Retention = Type.Object({
  rawDays: RetentionDays('raw Observations'),
  hourlyDays: RetentionDays('hour aggregates'),
  rawFrom: Nullable(Type.String({ format: 'date-time', description: 'The earliest time raw Observations are kept from and may be written at (null: any)' })),
  hourlyFrom: Nullable(Type.String({ format: 'date-time', description: 'The earliest time hour aggregates are kept from (null: any); before it only days' })),
});
export type Retention = Static<typeof Retention>;

export const StreamSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  unit: Unit,
  observedProperty: Type.Object({ name: Type.String(), definition: Type.String() }),
  thing: Type.Object({ id: Type.Integer(), name: Type.String(), location: Type.Union([PointGeometry, Type.Null()]) }),
  retention: Retention,
});

export const LatestObservation = Type.Object({
  datastream: StreamSummary,
  latest: Type.Union([Type.Object({ time: DateTime, result: Type.Unknown({ description: 'A number, or any other JSON result' }) }), Type.Null()]),
});
export type LatestObservation = Static<typeof LatestObservation>;

export const ThingStream = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unit: Unit,
  observedProperty: Type.String(),
  latestTime: Nullable(DateTime),
  latestResult: Type.Unknown({ description: 'The latest result (null when none)' }),
});

export const ThingOnMap = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  location: Type.Union([PointGeometry, Type.Null()], { description: 'The Thing\'s current Location as a point (a Polygon\'s box centre), or null when none is published' }),
  datastreams: Type.Array(ThingStream),
});
export type ThingOnMap = Static<typeof ThingOnMap>;

export const ThingsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ThingsQuery = Static<typeof ThingsQuery>;

export const ThingsList = Type.Object({
  items: Type.Array(ThingOnMap),
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer({ minimum: 1 }),
  offset: Type.Integer({ minimum: 0 }),
});
export type ThingsList = Static<typeof ThingsList>;
