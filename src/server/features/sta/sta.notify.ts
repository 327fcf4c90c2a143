import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Expr, QueryOptions } from './query/ast.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { STA_PATH } from './sta.model.ts';
import type { StaChange } from './sta.events.ts';
import type { ResourcePath } from './sta.path.ts';
import { readResource, type ReadContext } from './sta.read.ts';
import { parseTopic, TopicRefused, type Topic } from './sta.topics.ts';
import { PUBLIC_VIEWER } from './sta.visibility.ts';

/**
 * What each committed change publishes to the topics subscribed (OGC 18-088 §14.2): a new or
 * changed entity to its set's topic and to each collection topic it belongs to, a changed entity
 * to its own topic, a changed property as `{"name": value}` to the property's topic. Deletions
 * publish nothing (the standard defines no message for them).
 *
 * The common topics are answered from the entity as the change carries it (a set, a stream's
 * Observations, an entity, a property); a topic with query options, or a collection reached
 * through another entity, is answered by reading it as a GET would, narrowed to the changed entity.
 * Changes are handled in order, a tick's worth at a time, with one look at which streams are internal.
 */

export interface Notification {
  topic: string;
  payload: unknown;
}

const PAGE = { defaultTop: 1, maxTop: 1 };

export function changeNotifier(app: FastifyInstance, topicsHeld: () => string[], publish: (notifications: Notification[]) => void) {
  const base = `${app.config.publicUrl}${STA_PATH}`;
  const parsed = new Map<string, Topic | null>();
  const topicOf = (text: string) => {
    if (!parsed.has(text)) {
      try {
        parsed.set(text, parseTopic(text));
      } catch (error) {
        if (!(error instanceof TopicRefused)) throw error;
        parsed.set(text, null);
      }
    }
    return parsed.get(text)!;
  };
  let pending: StaChange[] = [];
  let running: Promise<void> = Promise.resolve();

  async function handle(changes: StaChange[]) {
    const { rows } = await sql<{ id: number }>`select id from sta_datastreams where internal`.execute(app.db.kysely);
    const internal = new Set(rows.map((row) => row.id));
    const context: ReadContext = { db: app.db.kysely, base, viewer: PUBLIC_VIEWER, ...PAGE };
    const topics = topicsHeld().map((text) => ({ text, topic: topicOf(text) })).filter((t): t is { text: string; topic: Topic } => t.topic !== null);
    const out: Notification[] = [];
    for (const change of changes) {
      if (change.kind === 'deleted' || !change.entity || isInternal(change, internal)) continue;
      for (const { text, topic } of topics) {
        const payload = await payloadFor(context, topic, change);
        if (payload !== undefined) out.push({ topic: text, payload });
      }
    }
    if (out.length > 0) publish(out);
  }

  return {
    add(change: StaChange) {
      pending.push(change);
      if (pending.length > 1) return;
      running = running.then(() =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            const changes = pending;
            pending = [];
            handle(changes).then(resolve, (error: Error) => {
              app.log.error({ err: error }, 'MQTT notifications failed');
              resolve();
            });
          }),
        ),
      );
    },
    /** Settles once every change told so far has been published. */
    idle: () => running,
  };
}

function isInternal(change: StaChange, internal: ReadonlySet<number>): boolean {
  if (change.streamId !== undefined && internal.has(change.streamId)) return true;
  return (change.entitySet === 'Datastreams' || change.entitySet === 'MultiDatastreams') && internal.has(change.id);
}

/** The message `topic` gets for `change`, or undefined when the change is not of it. */
async function payloadFor(context: ReadContext, topic: Topic, change: StaChange): Promise<unknown> {
  const { path } = topic;
  const last = path.steps[path.steps.length - 1];
  if (last.type.set !== change.entitySet) return undefined;
  const entity = change.entity!;
  if (path.tail.kind === 'entity' || path.tail.kind === 'property') {
    if (change.kind !== 'updated') return undefined;
    if (path.tail.kind === 'property' && !change.changed?.includes(path.tail.name)) return undefined;
    const same = path.steps.length === 1 ? last.id === String(change.id) : (await readOne(context, path, {}))?.['@iot.id'] === change.id;
    if (!same) return undefined;
    return path.tail.kind === 'property' ? { [path.tail.name]: entity[path.tail.name] } : entity;
  }
  if (path.tail.kind !== 'collection') return undefined;
  if (!topic.hasOptions) {
    if (path.steps.length === 1) return entity;
    const parent = path.steps[0];
    if (path.steps.length === 2 && last.type.name === 'Observation' && (parent.type.name === 'Datastream' || parent.type.name === 'MultiDatastream')) {
      return change.streamId !== undefined && String(change.streamId) === parent.id ? entity : undefined;
    }
  }
  return readOne(context, path, topic.options, change.id);
}

/**
 * The entity `path` names (no `id`), or the member `id` of the collection `path` names, narrowed by
 * `id eq …` and the topic's own filter and shaped by its options; undefined when it is none of them.
 */
async function readOne(context: ReadContext, path: ResourcePath, options: Partial<QueryOptions>, id?: number): Promise<Record<string, unknown> | undefined> {
  const byId: Expr = { kind: 'binary', op: 'eq', left: { kind: 'path', segments: ['id'], pos: 0 }, right: { kind: 'literal', literal: { type: 'number', value: id ?? 0, text: String(id) }, pos: 0 }, pos: 0 };
  const filter: Expr | undefined = id === undefined ? undefined : options.filter ? { kind: 'binary', op: 'and', left: byId, right: options.filter, pos: 0 } : byId;
  try {
    const answer = await readResource(context, path, { ...options, orderBy: [], expand: options.expand ?? [], filter }, new URLSearchParams());
    if (!('json' in answer)) return undefined;
    if (id === undefined) return answer.json as Record<string, unknown>;
    return (answer.json as { value: Record<string, unknown>[] }).value[0];
  } catch (error) {
    // The parent the topic names is gone, or the entity is not one of its members.
    if (error instanceof HttpProblem && error.status === 404) return undefined;
    throw error;
  }
}
