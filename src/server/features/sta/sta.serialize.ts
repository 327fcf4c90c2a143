import type { EntityType, NavigationDef, PropertyDef } from './sta.model.ts';

/**
 * Entities as SensorThings clients read them (OGC 18-088 §8.1, §9.2): `@iot.selfLink` and
 * `@iot.id` first, then the properties (optional ones left out while null), then a
 * `…@iot.navigationLink` for each relation, every address absolute under the service root.
 */

export type Row = Record<string, unknown>;
export type Entity = Record<string, unknown>;

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value));

/** `start/end`, or the instant alone when there is no end. */
function interval(start: unknown, end: unknown): string | null {
  const a = iso(start);
  const b = iso(end);
  if (a === null) return null;
  return b === null ? a : `${a}/${b}`;
}

/** A property's value as the standard writes it, from the row's columns. */
export function propertyValue(property: PropertyDef, row: Row): unknown {
  const first = row[property.columns[0]];
  const second = property.columns.length > 1 ? row[property.columns[1]] : undefined;
  switch (property.kind) {
    case 'text':
    case 'json':
    case 'geometry':
      return first ?? null;
    case 'time':
      return iso(first);
    case 'interval':
    case 'phenomenon':
      return interval(first, second);
    case 'result':
      return first ?? second ?? null;
  }
}

export function selfLink(base: string, type: EntityType, id: unknown): string {
  return `${base}/${type.set}(${id})`;
}

/**
 * One entity. `select` (from `$select`, each a path) keeps only what it names: a property whole
 * (`unitOfMeasurement`) or in part (`unitOfMeasurement/name`), `@iot.id`, or a navigation link.
 */
export function serializeEntity(type: EntityType, row: Row, base: string, select?: readonly (readonly string[])[]): Entity {
  const self = selfLink(base, type, row.id);
  const wanted = select ? new Set(select.map((path) => path[0])) : undefined;
  const { properties, navigation } = partsOf(type);
  const entity: Entity = {};
  if (!wanted) entity['@iot.selfLink'] = self;
  if (!wanted || wanted.has('@iot.id') || wanted.has('id')) entity['@iot.id'] = row.id;
  for (const [name, property] of properties) {
    if (wanted && !wanted.has(name)) continue;
    const value = propertyValue(property, row);
    if (value === null && property.optional) continue;
    entity[name] = wanted ? pick(value, select!.filter((path) => path[0] === name)) : value;
  }
  for (const [name, relation, key, path] of navigation) {
    if ((wanted && !wanted.has(name)) || relation.presentWhen?.(row) === false) continue;
    entity[key] = self + path;
  }
  return entity;
}

type Parts = {
  properties: [string, PropertyDef][];
  /** Each relation with its link's key and the path after the entity's own address. */
  navigation: [string, NavigationDef, string, string][];
};
const partsByType = new WeakMap<EntityType, Parts>();

/** A type's properties and relations as lists, made once: an answer of many entities walks them for each. */
function partsOf(type: EntityType): Parts {
  let parts = partsByType.get(type);
  if (!parts) {
    parts = {
      properties: Object.entries(type.properties),
      navigation: Object.entries(type.navigation).map(([name, relation]) => [name, relation, `${name}@iot.navigationLink`, `/${name}`]),
    };
    partsByType.set(type, parts);
  }
  return parts;
}

/** The parts of a JSON value that `$select=unitOfMeasurement/name` keeps; the whole value when one path names it whole. */
function pick(value: unknown, paths: readonly (readonly string[])[]): unknown {
  if (paths.some((path) => path.length === 1)) return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const picked: Record<string, unknown> = {};
  for (const path of paths) {
    let from: unknown = value;
    let into = picked;
    for (let i = 1; i < path.length; i++) {
      if (from === null || typeof from !== 'object' || !Object.hasOwn(from, path[i])) break;
      from = (from as Record<string, unknown>)[path[i]];
      if (i === path.length - 1) into[path[i]] = from;
      else into = (into[path[i]] ??= {}) as Record<string, unknown>;
    }
  }
  return picked;
}

