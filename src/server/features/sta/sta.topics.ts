import type { QueryOptions } from './query/ast.ts';
import { QuerySyntaxError } from './query/ast.ts';
import { parseQueryOptions } from './query/parse.ts';
import { parseResourcePath, PathNotFound, type ResourcePath } from './sta.path.ts';

/**
 * MQTT topics of the SensorThings MQTT extension (OGC 18-088 §14): `v1.1/` and a resource path,
 * as HTTP has it, optionally with query options after `?` (`$select` by the standard, `$filter`
 * and `$expand` as FROST-Server adds them). Wildcards name no resource and are refused.
 */

export const TOPIC_PREFIX = 'v1.1/';

/** Query options a subscription may carry; the others (`$top`, `$orderby` …) mean nothing for a stream of changes. */
const SUBSCRIPTION_OPTIONS = new Set(['$select', '$filter', '$expand']);

export interface Topic {
  path: ResourcePath;
  /** The options after `?`, as a read of the same path would take them. */
  options: QueryOptions;
  /** Whether any option was given: then the entity is read through the query, not sent as it was told. */
  hasOptions: boolean;
}

export class TopicRefused extends Error {}

/** A topic as a subscription or a publish names it; TopicRefused says why it names no resource. */
export function parseTopic(topic: string): Topic {
  if (!topic.startsWith(TOPIC_PREFIX)) throw new TopicRefused(`a topic starts with ${TOPIC_PREFIX}`);
  if (topic.includes('#') || topic.includes('+')) throw new TopicRefused('wildcards name no SensorThings resource');
  const rest = topic.slice(TOPIC_PREFIX.length);
  const mark = rest.indexOf('?');
  const pathText = mark < 0 ? rest : rest.slice(0, mark);
  let path: ResourcePath;
  try {
    path = parseResourcePath(pathText);
  } catch (error) {
    if (error instanceof PathNotFound) throw new TopicRefused(error.message);
    throw error;
  }
  if (path.tail.kind === 'ref' || (path.tail.kind === 'property' && (path.tail.raw || path.tail.jsonPath.length > 0))) {
    throw new TopicRefused('a topic names a collection, an entity or one of its properties');
  }
  const query = mark < 0 ? {} : queryOf(rest.slice(mark + 1));
  for (const name of Object.keys(query)) if (!SUBSCRIPTION_OPTIONS.has(name)) throw new TopicRefused(`${name} is not an option of a subscription (${[...SUBSCRIPTION_OPTIONS].join(', ')})`);
  if (Object.keys(query).length > 0 && path.tail.kind !== 'collection') throw new TopicRefused('query options follow a collection');
  let options: QueryOptions;
  try {
    options = parseQueryOptions(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new TopicRefused(`${error.option}: ${error.message}`);
    throw error;
  }
  return { path, options, hasOptions: Object.keys(query).length > 0 };
}

/** `$select=a,b&$filter=…`: topics are not URL-encoded as a rule, so a value is decoded only when it is valid percent-encoding. */
function queryOf(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const part of text.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    const raw = equals < 0 ? '' : part.slice(equals + 1);
    if (Object.hasOwn(query, name)) throw new TopicRefused(`${name} is given twice`);
    query[name] = decodeIfEncoded(raw);
  }
  return query;
}

function decodeIfEncoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Where an Observation may be created by a publish (§14.1): the Observations set, or the
 * Observations of one Datastream, MultiDatastream or FeatureOfInterest. Null for any other topic.
 */
export function writableTarget(topic: string): { streamSet?: 'Datastream' | 'MultiDatastream'; streamId?: number; featureId?: number } | null {
  let parsed: Topic;
  try {
    parsed = parseTopic(topic);
  } catch (error) {
    if (error instanceof TopicRefused) return null;
    throw error;
  }
  const { path, hasOptions } = parsed;
  const last = path.steps[path.steps.length - 1];
  if (hasOptions || path.tail.kind !== 'collection' || last.type.name !== 'Observation' || last.id !== undefined) return null;
  if (path.steps.length === 1) return {};
  if (path.steps.length !== 2) return null;
  const parent = path.steps[0];
  const id = Number(parent.id);
  if (parent.type.name === 'Datastream' || parent.type.name === 'MultiDatastream') return { streamSet: parent.type.name, streamId: id };
  if (parent.type.name === 'FeatureOfInterest') return { featureId: id };
  return null;
}
