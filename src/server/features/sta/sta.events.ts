import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';

/**
 * What changed in the SensorThings service, told after the change commits: MQTT subscriptions
 * (OGC 18-088 §14.2) and the live pages' server-sent events listen. One emitter per server, so
 * two apps in one process (the tests) hear only their own changes.
 */
export interface StaChange {
  /** `Things`, `Observations` … */
  entitySet: string;
  id: number;
  kind: 'created' | 'updated' | 'deleted';
  /** The entity as a GET answers it (absent for a deletion). */
  entity?: Record<string, unknown>;
  /** The properties an update changed. */
  changed?: readonly string[];
  /** For an Observation: its Datastream or MultiDatastream. */
  streamId?: number;
  /** The instance the change was made in, when it came over the MQTT bus (sta.bus.ts); absent: made here. */
  origin?: string;
}

export interface StaEvents {
  emit(change: StaChange): void;
  /** Whether anyone listens: a bulk write builds its events only then. */
  listening(): boolean;
  on(listener: (change: StaChange) => void): () => void;
}

const byServer = new WeakMap<object, StaEvents>();

export function staEventsOf(app: FastifyInstance): StaEvents {
  let events = byServer.get(app.server);
  if (!events) {
    const emitter = new EventEmitter();
    // Every open live page and MQTT subscription listens: no warning at 10 listeners.
    emitter.setMaxListeners(0);
    events = {
      emit: (change) => void emitter.emit('change', change),
      listening: () => emitter.listenerCount('change') > 0,
      on(listener) {
        emitter.on('change', listener);
        return () => void emitter.off('change', listener);
      },
    };
    byServer.set(app.server, events);
  }
  return events;
}
