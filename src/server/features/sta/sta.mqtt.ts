import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { resolveApiToken } from '../accounts/accounts.service.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { staEventsOf } from './sta.events.ts';
import { bridgeToBus } from './sta.bus.ts';
import { STA_PATH } from './sta.model.ts';
import { changeNotifier, type Notification } from './sta.notify.ts';
import { TOPIC_PREFIX, parseTopic, TopicRefused, writableTarget } from './sta.topics.ts';

/**
 * The SensorThings MQTT extension (OGC 18-088 §14) on an embedded broker (aedes, MQTT 3.1.1):
 * WebSocket at `/mqtt` on the HTTP server's own port, TCP on `TALSINKI_MQTT_PORT` (`listenMqtt`).
 *
 * Publishing creates Observations (§14.1) through the HTTP write routes themselves, so a publish
 * meets the same rules as a POST: the password is an API token (any user name), a pilot's token
 * writes only to its pilot's streams. Publishes that arrive together are written together: each
 * token's plain Observations as one `CreateObservations` request, anything else (a deep insert) as
 * its own POST. The PUBACK of QoS 1 is sent once the write has committed. MQTT 3.1.1 has no way to
 * refuse one publish, so a publish to a topic that is not writable, or without a writing token,
 * closes the connection; an Observation that cannot be stored is logged with the reason its HTTP
 * twin would be answered with.
 *
 * Subscriptions (§14.2) to a set, an entity, a property or a collection with `$select` (and
 * FROST-Server's `$filter`, `$expand`) get the entity as a GET answers it, after each change
 * commits (sta.notify.ts). Internal streams are never published.
 */

export const MQTT_PATH = '/mqtt';

/** Marks the write requests the broker makes for its publishers: a secret of this process, so no client can send it. */
const BROKER_WRITE_HEADER = 'x-talsinki-broker-write';
const BROKER_WRITE_SECRET = randomUUID();
export const isBrokerWrite = (request: FastifyRequest) => request.headers[BROKER_WRITE_HEADER] === BROKER_WRITE_SECRET;

/** How many publishes one write carries at most; more wait for the next. */
const WRITE_BATCH = 5_000;

interface Publish {
  client: Client;
  token: string;
  /** The resource path after the service root. */
  path: string;
  body: unknown;
  /** A data-array envelope when the body is a plain Observation of a known stream; else it is POSTed as it came. */
  envelope: Record<string, unknown> | null;
  done: (error?: Error | null) => void;
}

/** The broker of each HTTP server, and its TCP listener once one is started. */
interface Running {
  broker: Aedes;
  /** Settles once the bus of changes shared with other instances is subscribed (TALSINKI_MQTT_URL). */
  bus?: Promise<void>;
  tcp?: net.Server;
  tcpPort?: number;
}
const running = new WeakMap<object, Running>();

/** Settles once this instance hears the others over the MQTT bus (at once without one). */
export function mqttBusReady(app: FastifyInstance): Promise<void> {
  return running.get(app.server)?.bus ?? Promise.resolve();
}

/** The MQTT endpoints the service root lists under the MQTT classes (§9.2.1): absent when no broker runs. */
export function mqttEndpoints(app: FastifyInstance): string[] {
  const endpoints = running.get(app.server);
  if (!endpoints) return [];
  const url = new URL(app.config.publicUrl);
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${MQTT_PATH}`;
  return endpoints.tcpPort ? [`mqtt://${url.hostname}:${endpoints.tcpPort}`, ws] : [ws];
}

/**
 * Starts the broker's TCP listener (the WebSocket endpoint needs none). A port already taken is
 * a warning, not a failure: the WebSocket endpoint still serves. Returns the port it listens on.
 */
export async function listenMqtt(app: FastifyInstance, port: number, host: string): Promise<number | null> {
  const state = running.get(app.server);
  if (!state) return null;
  const server = net.createServer((socket) => state.broker.handle(socket));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    app.log.warn({ err: error, port }, 'MQTT over TCP is off: its port cannot be used (MQTT over WebSocket still serves)');
    return null;
  }
  state.tcp = server;
  state.tcpPort = (server.address() as AddressInfo).port;
  return state.tcpPort;
}

/** A plain Observation as one row of a data array: null when it carries more (a deep insert), which is then POSTed whole. */
function envelopeOf(target: NonNullable<ReturnType<typeof writableTarget>>, body: unknown, receivedAt: string): Record<string, unknown> | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const observation = body as Record<string, unknown>;
  const components: string[] = ['phenomenonTime', 'result'];
  const row: unknown[] = [observation.phenomenonTime ?? receivedAt, observation.result];
  let stream: { set: string; id: unknown } | null = target.streamSet ? { set: target.streamSet, id: target.streamId } : null;
  let feature: unknown = target.featureId;
  for (const [key, value] of Object.entries(observation)) {
    if (key === 'phenomenonTime' || key === 'result') continue;
    if (key === 'resultTime' || key === 'resultQuality' || key === 'validTime' || key === 'parameters') {
      components.push(key);
      row.push(value);
    } else if ((key === 'Datastream' || key === 'MultiDatastream') && !stream && isLink(value)) {
      stream = { set: key, id: (value as Record<string, unknown>)['@iot.id'] };
    } else if (key === 'FeatureOfInterest' && feature === undefined && isLink(value)) {
      feature = (value as Record<string, unknown>)['@iot.id'];
    } else {
      return null;
    }
  }
  if (!stream || observation.result === undefined) return null;
  if (feature !== undefined) {
    components.push('FeatureOfInterest/id');
    row.push(feature);
  }
  return { [stream.set]: { '@iot.id': stream.id }, components, dataArray: [row] };
}

const isLink = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && Object.hasOwn(value, '@iot.id');

export const staMqtt: FastifyPluginAsync = async (app) => {
  const log = app.log.child({ part: 'mqtt' });
  const tokens = new WeakMap<Client, string>();
  const broker = await Aedes.createBroker({
    authenticate(client, _username, password, done) {
      if (!password || password.length === 0) return done(null, true);
      resolveApiToken(app.db.kysely, password.toString('utf8')).then(
        (resolved) => {
          if (!resolved) {
            log.warn({ code: 'mqtt-token-invalid', clientId: client.id }, 'MQTT connection refused: the password is not a live API token');
            return done(Object.assign(new Error('not a live API token'), { returnCode: 4 as const }), false);
          }
          tokens.set(client, password.toString('utf8'));
          done(null, true);
        },
        (error: Error) => done(Object.assign(error, { returnCode: 3 as const }), false),
      );
    },
    authorizePublish(client, packet, done) {
      const target = writableTarget(packet.topic);
      if (!client || !target) {
        log.warn({ code: 'mqtt-topic-not-writable', clientId: client?.id, topic: packet.topic }, 'MQTT publish refused: only Observations are created by publishing');
        return done(new Error(`${packet.topic} is not writable`));
      }
      const token = tokens.get(client);
      if (!token) {
        log.warn({ code: 'mqtt-unauthorized', clientId: client.id, topic: packet.topic }, 'MQTT publish refused: connect with an API token as the password to publish');
        return done(new Error('publishing needs an API token'));
      }
      // What subscribers get is the stored Observation (sta.notify.ts), never the raw publish: marked so it is not forwarded, and never retained.
      (packet as { clientId?: string }).clientId = client.id;
      packet.retain = false;
      let body: unknown;
      try {
        body = JSON.parse(packet.payload.toString());
      } catch {
        log.warn({ code: 'malformed-json', clientId: client.id, topic: packet.topic }, 'MQTT publish not stored: its payload is not JSON');
        return done();
      }
      enqueue({ client, token, path: packet.topic.slice(TOPIC_PREFIX.length), body, envelope: envelopeOf(target, body, new Date().toISOString()), done });
    },
    authorizeSubscribe(client, subscription, done) {
      try {
        parseTopic(subscription.topic);
        done(null, subscription);
      } catch (error) {
        if (!(error instanceof TopicRefused)) return done(error as Error);
        log.info({ code: 'mqtt-topic-refused', clientId: client.id, topic: subscription.topic, reason: error.message }, 'MQTT subscription refused');
        done(null, null);
      }
    },
    authorizeForward(_client, packet) {
      return (packet as { clientId?: string }).clientId ? null : packet;
    },
  });
  const state: Running = { broker };
  running.set(app.server, state);
  const bus = app.config.mqttBusUrl ? bridgeToBus(app, app.config.mqttBusUrl) : null;
  state.bus = bus?.ready;

  // ---- writes: publishes gathered while the socket's chunk is read, then written together ----
  let queue: Publish[] = [];
  let scheduled = false;
  function enqueue(publish: Publish) {
    queue.push(publish);
    if (queue.length >= WRITE_BATCH) void flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => void flush());
    }
  }
  async function flush() {
    scheduled = false;
    const batch = queue;
    queue = [];
    // One write per token and stream: a stream that does not exist, or is not this token's, refuses only its own publishes.
    const groups = new Map<string, Publish[]>();
    for (const publish of batch) {
      const key = publish.envelope ? `${publish.token}\n${JSON.stringify(publish.envelope.Datastream ?? publish.envelope.MultiDatastream)}` : '';
      if (!key) {
        void writeOne(publish);
        continue;
      }
      const group = groups.get(key);
      if (group) group.push(publish);
      else groups.set(key, [publish]);
    }
    await Promise.all([...groups.values()].map((publishes) => writeRows(publishes)));
  }
  const request = (token: string, url: string, body: unknown) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [BROKER_WRITE_HEADER]: BROKER_WRITE_SECRET }, payload: JSON.stringify(body) });
  async function writeRows(publishes: Publish[]) {
    const response = await request(publishes[0].token, `${STA_PATH}/CreateObservations`, publishes.map((p) => p.envelope)).catch((error: Error) => error);
    if (response instanceof Error || response.statusCode !== 201) {
      for (const publish of publishes) settle(publish, response);
      return;
    }
    const answers = response.json() as string[];
    publishes.forEach((publish, i) => {
      if (answers[i].startsWith('error')) log.warn({ code: 'mqtt-observation-refused', clientId: publish.client.id, topic: `${TOPIC_PREFIX}${publish.path}`, reason: answers[i] }, 'MQTT publish not stored');
      publish.done();
    });
  }
  async function writeOne(publish: Publish) {
    settle(publish, await request(publish.token, `${STA_PATH}/${publish.path}`, publish.body).catch((error: Error) => error));
  }
  /** A write's outcome for its publisher: stored, or logged with its reason; credentials that do not allow it close the connection. */
  function settle(publish: Publish, response: Awaited<ReturnType<typeof request>> | Error) {
    if (response instanceof Error) {
      log.error({ err: response, clientId: publish.client.id }, 'MQTT publish failed');
      return publish.done(response);
    }
    if (response.statusCode < 300) return publish.done();
    const problem = response.json() as { code?: string; detail?: string };
    log.warn({ code: problem.code, clientId: publish.client.id, topic: `${TOPIC_PREFIX}${publish.path}`, reason: problem.detail }, 'MQTT publish not stored');
    if (response.statusCode === 401 || response.statusCode === 403) return publish.done(new Error(problem.detail ?? 'not allowed'));
    publish.done();
  }

  // ---- subscriptions: which topics anyone holds, and what each change publishes to them ----
  const holders = new Map<string, Set<string>>();
  let stopListening: (() => void) | null = null;
  broker.on('subscribe', (subscriptions, client) => {
    // A refused subscription is told here too, granted 128 (MQTT 3.1.1 §3.9.3).
    for (const { topic, qos } of subscriptions) if ((qos as number) !== 128) holders.set(topic, (holders.get(topic) ?? new Set()).add(client.id));
    if (holders.size > 0) stopListening ??= staEventsOf(app).on((change) => notifier.add(change));
  });
  const release = (topic: string, clientId: string) => {
    const held = holders.get(topic);
    if (!held) return;
    held.delete(clientId);
    if (held.size === 0) holders.delete(topic);
    // Nobody subscribed: the writes need not build their change events for us (sta.events.ts `listening`).
    if (holders.size === 0 && stopListening) {
      stopListening();
      stopListening = null;
    }
  };
  broker.on('unsubscribe', (topics, client) => {
    for (const topic of topics) release(topic, client.id);
  });
  broker.on('clientDisconnect', (client) => {
    for (const topic of [...holders.keys()]) release(topic, client.id);
  });
  const notifier = changeNotifier(app, () => [...holders.keys()], (notifications: Notification[]) => {
    for (const { topic, payload } of notifications) broker.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(payload)), qos: 0, retain: false, dup: false }, () => {});
  });

  // ---- WebSocket: upgrades of `/mqtt` on the HTTP server ----
  const sockets = new WebSocketServer({ noServer: true });
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== MQTT_PATH) return void socket.destroy();
    sockets.handleUpgrade(request, socket, head, (ws) => broker.handle(createWebSocketStream(ws), request));
  };
  app.server.on('upgrade', upgrade);

  app.get(
    MQTT_PATH,
    {
      config: {
        access: 'public',
        documentation: {
          tags: ['sensorthings'],
          summary: 'SensorThings MQTT over WebSocket (OGC 18-088 §14): upgrade this address (subprotocol `mqtt`, MQTT 3.1.1)',
          description: 'Subscribe to `v1.1/Things`, `v1.1/Datastreams(1)/Observations`, `v1.1/Things(1)/name`, `v1.1/Observations?$select=result,phenomenonTime` …; publish an Observation to `v1.1/Observations`, `v1.1/Datastreams(1)/Observations` or `v1.1/FeaturesOfInterest(1)/Observations` with an API token as the password.',
          response: {
            101: { description: 'Switching Protocols: MQTT 3.1.1 over WebSocket from here on (a GET with `Upgrade: websocket`)' },
            426: { description: 'A plain GET: this address takes a WebSocket upgrade', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
          },
        },
      },
    },
    async () => {
      throw new HttpProblem(426, 'upgrade-required', 'Upgrade required', `${MQTT_PATH} speaks MQTT over WebSocket: connect with an MQTT client (subprotocol mqtt).`);
    },
  );

  app.addHook('onClose', async () => {
    stopListening?.();
    app.server.off('upgrade', upgrade);
    for (const ws of sockets.clients) ws.terminate();
    const tcp = state.tcp;
    if (tcp) await new Promise((resolve) => tcp.close(resolve));
    await new Promise((resolve) => sockets.close(resolve));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await notifier.idle();
    await bus?.close();
  });
};
