/**
 * The SensorThings data model (OGC 18-088 §8 and §12) as the query compilers and writers read it:
 * for each entity type its table, its properties (how each is read from a row, filtered and
 * ordered in SQL) and its navigation properties (how two tables join). Everything the standard
 * names is here, so a path, `$select`, `$orderby` or `$filter` that names something else is
 * refused by looking it up, never by a guess.
 */

/** Where the service answers, under the server's own address. */
export const STA_PATH = '/sta/v1.1';

export type EntityTypeName =
  | 'Thing'
  | 'Location'
  | 'HistoricalLocation'
  | 'Datastream'
  | 'MultiDatastream'
  | 'Sensor'
  | 'ObservedProperty'
  | 'Observation'
  | 'FeatureOfInterest';

/**
 * How a property behaves in a query. `json` properties may be walked into (`properties/a/b`);
 * `time` is an instant, `interval` a start and an end (either may be missing), `phenomenon` an
 * instant or an interval (an Observation's phenomenonTime), `result` a number or other JSON.
 */
export type PropertyKind = 'text' | 'json' | 'geometry' | 'time' | 'interval' | 'phenomenon' | 'result';

export interface PropertyDef {
  kind: PropertyKind;
  /** The columns of the table it is made of, in order (an interval's start and end). */
  columns: readonly string[];
  /** Left out of the answer when null (the standard's optional properties). */
  optional?: boolean;
}

/**
 * How a navigation property joins: `here` — this table holds the target's id in `column` (to one);
 * `there` — the target's table holds this one's id in `column` (to many); `link` — a table of pairs.
 */
export type NavigationJoin =
  | { kind: 'here'; column: string }
  | { kind: 'there'; column: string }
  | { kind: 'link'; table: string; thisColumn: string; targetColumn: string; orderColumn?: string };

export interface NavigationDef {
  target: EntityTypeName;
  many: boolean;
  join: NavigationJoin;
  /** A to-one relation some entities lack (an Observation has a Datastream or a MultiDatastream): whether this row has it. */
  presentWhen?: (row: Readonly<Record<string, unknown>>) => boolean;
}

export interface EntityType {
  name: EntityTypeName;
  /** The entity set's name in paths (`Things`). */
  set: string;
  table: string;
  /** A condition every row of this type meets in `table` (Datastreams and MultiDatastreams share one). */
  rowFilter?: (alias: string) => string;
  properties: Readonly<Record<string, PropertyDef>>;
  navigation: Readonly<Record<string, NavigationDef>>;
}

const text = (column: string): PropertyDef => ({ kind: 'text', columns: [column] });
const json = (column: string, optional = false): PropertyDef => ({ kind: 'json', columns: [column], optional });
const properties = json('properties', true);

const here = (target: EntityTypeName, column: string): NavigationDef => ({ target, many: false, join: { kind: 'here', column } });
const there = (target: EntityTypeName, column: string): NavigationDef => ({ target, many: true, join: { kind: 'there', column } });
const link = (target: EntityTypeName, table: string, thisColumn: string, targetColumn: string, orderColumn?: string): NavigationDef => ({
  target,
  many: true,
  join: { kind: 'link', table, thisColumn, targetColumn, orderColumn },
});

const streamProperties = {
  name: text('name'),
  description: text('description'),
  observationType: text('observation_type'),
  observedArea: { kind: 'geometry', columns: ['observed_area'], optional: true },
  phenomenonTime: { kind: 'interval', columns: ['phenomenon_start', 'phenomenon_end'], optional: true },
  resultTime: { kind: 'interval', columns: ['result_time_start', 'result_time_end'], optional: true },
  properties,
} as const satisfies Record<string, PropertyDef>;

export const ENTITY_TYPES: Readonly<Record<EntityTypeName, EntityType>> = {
  Thing: {
    name: 'Thing',
    set: 'Things',
    table: 'sta_things',
    properties: { name: text('name'), description: text('description'), properties },
    navigation: {
      Locations: link('Location', 'sta_thing_locations', 'thing_id', 'location_id'),
      HistoricalLocations: there('HistoricalLocation', 'thing_id'),
      Datastreams: there('Datastream', 'thing_id'),
      MultiDatastreams: there('MultiDatastream', 'thing_id'),
    },
  },
  Location: {
    name: 'Location',
    set: 'Locations',
    table: 'sta_locations',
    properties: { name: text('name'), description: text('description'), encodingType: text('encoding_type'), location: { kind: 'geometry', columns: ['location'] }, properties },
    navigation: {
      Things: link('Thing', 'sta_thing_locations', 'location_id', 'thing_id'),
      HistoricalLocations: link('HistoricalLocation', 'sta_historical_location_locations', 'location_id', 'historical_location_id'),
    },
  },
  HistoricalLocation: {
    name: 'HistoricalLocation',
    set: 'HistoricalLocations',
    table: 'sta_historical_locations',
    properties: { time: { kind: 'time', columns: ['time'] } },
    navigation: {
      Thing: here('Thing', 'thing_id'),
      Locations: link('Location', 'sta_historical_location_locations', 'historical_location_id', 'location_id'),
    },
  },
  Datastream: {
    name: 'Datastream',
    set: 'Datastreams',
    table: 'sta_datastreams',
    rowFilter: (alias) => `not ${alias}.multi`,
    properties: { ...streamProperties, unitOfMeasurement: json('unit_of_measurement') },
    navigation: {
      Thing: here('Thing', 'thing_id'),
      Sensor: here('Sensor', 'sensor_id'),
      ObservedProperty: here('ObservedProperty', 'observed_property_id'),
      Observations: there('Observation', 'datastream_id'),
    },
  },
  MultiDatastream: {
    name: 'MultiDatastream',
    set: 'MultiDatastreams',
    table: 'sta_datastreams',
    rowFilter: (alias) => `${alias}.multi`,
    properties: { ...streamProperties, unitOfMeasurements: json('unit_of_measurement'), multiObservationDataTypes: json('multi_observation_data_types') },
    navigation: {
      Thing: here('Thing', 'thing_id'),
      Sensor: here('Sensor', 'sensor_id'),
      ObservedProperties: link('ObservedProperty', 'sta_multi_datastream_properties', 'datastream_id', 'observed_property_id', 'position'),
      Observations: there('Observation', 'datastream_id'),
    },
  },
  Sensor: {
    name: 'Sensor',
    set: 'Sensors',
    table: 'sta_sensors',
    properties: { name: text('name'), description: text('description'), encodingType: text('encoding_type'), metadata: json('metadata'), properties },
    navigation: { Datastreams: there('Datastream', 'sensor_id'), MultiDatastreams: there('MultiDatastream', 'sensor_id') },
  },
  ObservedProperty: {
    name: 'ObservedProperty',
    set: 'ObservedProperties',
    table: 'sta_observed_properties',
    properties: { name: text('name'), definition: text('definition'), description: text('description'), properties },
    navigation: {
      Datastreams: there('Datastream', 'observed_property_id'),
      MultiDatastreams: link('MultiDatastream', 'sta_multi_datastream_properties', 'observed_property_id', 'datastream_id'),
    },
  },
  Observation: {
    name: 'Observation',
    set: 'Observations',
    table: 'sta_observations',
    properties: {
      phenomenonTime: { kind: 'phenomenon', columns: ['phenomenon_time', 'phenomenon_end'] },
      resultTime: { kind: 'time', columns: ['result_time'] },
      result: { kind: 'result', columns: ['result_number', 'result_json'] },
      resultQuality: json('result_quality', true),
      validTime: { kind: 'interval', columns: ['valid_start', 'valid_end'], optional: true },
      parameters: json('parameters', true),
    },
    navigation: {
      Datastream: { ...here('Datastream', 'datastream_id'), presentWhen: (row) => row._multi === false },
      MultiDatastream: { ...here('MultiDatastream', 'datastream_id'), presentWhen: (row) => row._multi === true },
      FeatureOfInterest: here('FeatureOfInterest', 'feature_id'),
    },
  },
  FeatureOfInterest: {
    name: 'FeatureOfInterest',
    set: 'FeaturesOfInterest',
    table: 'sta_features',
    properties: { name: text('name'), description: text('description'), encodingType: text('encoding_type'), feature: { kind: 'geometry', columns: ['feature'] }, properties },
    navigation: { Observations: there('Observation', 'feature_id') },
  },
};

/** The entity sets in the order the service root lists them. */
export const ENTITY_SETS: readonly EntityType[] = [
  ENTITY_TYPES.Thing,
  ENTITY_TYPES.Location,
  ENTITY_TYPES.HistoricalLocation,
  ENTITY_TYPES.Datastream,
  ENTITY_TYPES.MultiDatastream,
  ENTITY_TYPES.Sensor,
  ENTITY_TYPES.ObservedProperty,
  ENTITY_TYPES.Observation,
  ENTITY_TYPES.FeatureOfInterest,
];

const BY_SET = new Map(ENTITY_SETS.map((type) => [type.set, type]));

export function entitySet(name: string): EntityType | undefined {
  return BY_SET.get(name);
}

export function propertyOf(type: EntityType, name: string): PropertyDef | undefined {
  return Object.hasOwn(type.properties, name) ? type.properties[name] : undefined;
}

export function navigationOf(type: EntityType, name: string): NavigationDef | undefined {
  return Object.hasOwn(type.navigation, name) ? type.navigation[name] : undefined;
}

/** The names `$select` may list for a type: `@iot.id`, the properties and the navigation links. */
export function selectableNames(type: EntityType): string[] {
  return ['@iot.id', ...Object.keys(type.properties), ...Object.keys(type.navigation)];
}
