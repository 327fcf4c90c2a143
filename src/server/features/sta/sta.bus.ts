import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { connect, type MqttClient } from 'mqtt';
import { staEventsOf, type StaChange } from './sta.events.ts';

/**
 * Several instances behind one address share an external MQTT broker (Mosquitto …) as their
 * message bus, as FROST-Server's instances share one (`bus.mqttBroker`): each tells the bus
 * what changed in it and hears what changed in the others, so a subscription held by one
 * instance's embedded broker, or a live page open on it, hears every write wherever it was made.
 * Clients keep connecting to the instances, whose brokers check their tokens; the bus topic is
 * the instances' own. Changes go out a tick's worth per message; while the bus is unreachable
 * they are dropped (logged), never queued without bound, and the link reconnects by itself.
 */

export const BUS_TOPIC = 'talsinki/sta/changes';

/** Changes per bus message: each carries its entity, so a message stays well under a broker's limits. */
const PER_MESSAGE = 1_000;

export function bridgeToBus(app: FastifyInstance, url: string): { ready: Promise<void>; close(): Promise<void> } {
  const log = app.log.child({ part: 'mqtt-bus' });
  const origin = randomUUID();
  const events = staEventsOf(app);
  const client: MqttClient = connect(url, { clientId: `talsinki-${origin}`, reconnectPeriod: 1_000, clean: true });
  let dropped = 0;
  const ready = new Promise<void>((resolve) => {
    // A clean session forgets its subscription: made again on every (re)connection.
    client.on('connect', () => {
      client.subscribe(BUS_TOPIC, { qos: 1 }, (error) => {
        if (error) log.error({ err: error }, 'the MQTT bus refused the subscription');
        else resolve();
      });
      if (dropped > 0) log.warn({ dropped }, 'MQTT bus reachable again; changes made while it was not were not shared');
      dropped = 0;
    });
  });
  client.on('error', (error) => log.error({ err: error }, 'MQTT bus error'));
  client.on('message', (_topic, payload) => {
    let message: { origin?: string; changes?: StaChange[] };
    try {
      message = JSON.parse(payload.toString());
    } catch {
      return log.warn('a message on the MQTT bus that is not ours (not JSON)');
    }
    if (message.origin === origin || !Array.isArray(message.changes)) return;
    for (const change of message.changes) events.emit({ ...change, origin: message.origin });
  });

  let outgoing: StaChange[] = [];
  const send = () => {
    const changes = outgoing;
    outgoing = [];
    if (!client.connected) {
      dropped += changes.length;
      return;
    }
    for (let start = 0; start < changes.length; start += PER_MESSAGE) {
      client.publish(BUS_TOPIC, JSON.stringify({ origin, changes: changes.slice(start, start + PER_MESSAGE) }), { qos: 1 });
    }
  };
  const stopListening = events.on((change) => {
    if (change.origin) return;
    outgoing.push(change);
    if (outgoing.length === 1) setImmediate(send);
  });

  return {
    ready,
    async close() {
      stopListening();
      await client.endAsync();
    },
  };
}
