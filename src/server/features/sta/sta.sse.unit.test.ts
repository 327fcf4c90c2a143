import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { StaChange, StaEvents } from './sta.events.ts';
import { observationEvents } from './sta.series.routes.ts';

/** An emitter shaped as staEventsOf's, counting its listeners. */
function events() {
  const emitter = new EventEmitter();
  const staEvents: StaEvents = {
    emit: (change: StaChange) => void emitter.emit('change', change),
    listening: () => emitter.listenerCount('change') > 0,
    on(listener) {
      emitter.on('change', listener);
      return () => void emitter.off('change', listener);
    },
  };
  return { staEvents, listeners: () => emitter.listenerCount('change') };
}

/** The stream's text until `test` holds (each chunk as it comes: no fixed waits). */
function readUntil(stream: NodeJS.ReadableStream, test: (text: string) => boolean): Promise<string> {
  let text = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (test(text)) {
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
  });
}

describe('the event stream of a Datastream', () => {
  it('opens with a reconnection delay, then sends a heartbeat comment while nothing happens', async () => {
    const { staEvents } = events();
    const body = observationEvents(staEvents, 1, 20);
    const text = await readUntil(body, (t) => t.includes(': heartbeat\n\n'));
    expect(text.startsWith('retry: 5000\n: open\n\n')).toBe(true);
    body.end();
  });

  it('stops listening and beating when it ends', async () => {
    const { staEvents, listeners } = events();
    const body = observationEvents(staEvents, 1, 5);
    expect(listeners()).toBe(1);
    const finished = new Promise((resolve) => body.once('finish', resolve));
    body.resume();
    body.end();
    await finished;
    expect(listeners()).toBe(0);
    // A change after the end writes nothing (no write-after-end error).
    staEvents.emit({ entitySet: 'Observations', kind: 'created', id: 1, streamId: 1, entity: {} });
  });
});
