import type { EntityType, PropertyDef } from './sta.model.ts';

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
  const [first, second] = property.columns.map((column) => row[column]);
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
  const entity: Entity = {};
  if (!wanted) entity['@iot.selfLink'] = self;
  if (!wanted || wanted.has('@iot.id') || wanted.has('id')) entity['@iot.id'] = row.id;
  for (const [name, property] of Object.entries(type.properties)) {
    if (wanted && !wanted.has(name)) continue;
    const value = propertyValue(property, row);
    if (value === null && property.optional) continue;
    entity[name] = wanted ? pick(value, select!.filter((path) => path[0] === name)) : value;
  }
  for (const [name, navigation] of Object.entries(type.navigation)) {
    if ((wanted && !wanted.has(name)) || navigation.presentWhen?.(row) === false) continue;
    entity[`${name}@iot.navigationLink`] = `${self}/${name}`;
  }
  return entity;
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
