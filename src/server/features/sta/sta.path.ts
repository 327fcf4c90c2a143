import { ENTITY_TYPES, entitySet, navigationOf, propertyOf, type EntityType, type NavigationDef, type PropertyDef } from './sta.model.ts';

/**
 * A SensorThings resource path (OGC 18-088 §9.2): `Things`, `Things(1)`, `Things(1)/Datastreams`,
 * `Datastreams(1)/Thing/Locations`, `Things(1)/name`, `Things(1)/name/$value`,
 * `Things(1)/properties/owner/name`, `Things/$ref`, `Things(1)/Datastreams/$ref`.
 */

export interface PathStep {
  type: EntityType;
  /** The id written in the path (`Things(7)`), as digits. */
  id?: string;
  /** How this step is reached from the one before (absent on the first). */
  via?: NavigationDef;
  /** Names at most one entity: an id, or a to-one navigation from one entity. */
  single: boolean;
}

export type PathTail =
  | { kind: 'collection' }
  | { kind: 'entity' }
  /** A property of the entity, walked into for JSON (`properties/owner`), raw with `$value`. */
  | { kind: 'property'; name: string; property: PropertyDef; jsonPath: string[]; raw: boolean }
  | { kind: 'ref' };

export interface ResourcePath {
  steps: PathStep[];
  tail: PathTail;
}

/** A path that names nothing: answered 404, as the standard's services do. */
export class PathNotFound extends Error {}

/** Ids are the database's bigint identities: at most 18 digits, so every one fits. */
const MAX_ID_DIGITS = 18;

function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > MAX_ID_DIGITS) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** `Things(7)` → name and id; `Things` → name. An id that is not one of ours (`('x')`, `(-1)`) names nothing. */
function splitSegment(segment: string): { name: string; id?: string } {
  const open = segment.indexOf('(');
  if (open < 0) return { name: segment };
  if (!segment.endsWith(')')) throw new PathNotFound(`"${segment}" is not a name with an id in parentheses`);
  const id = segment.slice(open + 1, -1);
  if (!isDigits(id)) throw new PathNotFound(`No entity has the id ${id}`);
  return { name: segment.slice(0, open), id: String(BigInt(id)) };
}

export function parseResourcePath(path: string): ResourcePath {
  const segments = path.split('/');
  if (segments.at(-1) === '') segments.pop();
  const first = splitSegment(segments[0] ?? '');
  const rootType = entitySet(first.name);
  if (!rootType) throw new PathNotFound(`"${first.name}" is not an entity set`);
  const steps: PathStep[] = [{ type: rootType, id: first.id, single: first.id !== undefined }];
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index];
    const last = steps[steps.length - 1];
    if (segment === '$ref') {
      if (index !== segments.length - 1) throw new PathNotFound('$ref ends a path');
      return { steps, tail: { kind: 'ref' } };
    }
    if (!last.single) throw new PathNotFound(`"${segment}" follows a collection; name one entity first, as ${last.type.set}(1)/${segment}`);
    const { name, id } = splitSegment(segment);
    const navigation = navigationOf(last.type, name);
    if (navigation) {
      if (id !== undefined && !navigation.many) throw new PathNotFound(`${name} is a single entity: it takes no id`);
      steps.push({ type: ENTITY_TYPES[navigation.target], id, via: navigation, single: !navigation.many || id !== undefined });
      continue;
    }
    const property = propertyOf(last.type, name);
    if (!property || id !== undefined) throw new PathNotFound(`${last.type.name} has no property or relation "${name}"`);
    return { steps, tail: propertyTail(name, property, segments.slice(index + 1)) };
  }
  return { steps, tail: steps[steps.length - 1].single ? { kind: 'entity' } : { kind: 'collection' } };
}

function propertyTail(name: string, property: PropertyDef, rest: string[]): PathTail {
  const raw = rest.at(-1) === '$value';
  const jsonPath = raw ? rest.slice(0, -1) : rest;
  if (jsonPath.length > 0 && property.kind !== 'json') throw new PathNotFound(`${name} has no parts to walk into`);
  if (jsonPath.some((part) => part === '' || part.startsWith('$'))) throw new PathNotFound(`"${jsonPath.join('/')}" is not a path into ${name}`);
  return { kind: 'property', name, property, jsonPath, raw };
}
