import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import { hiddenStreams } from './sta.visibility.ts';
import { DatastreamParams, LatestObservation, ObservationsCsvQuery, Retention, RetentionSet, Series, SeriesQuery, ThingsList, ThingsQuery } from '../../../shared/schemas/sta.ts';
import { csvStream } from '../../lib/tabular.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { signedIn } from '../../plugins/auth.ts';
import { staEventsOf, type StaEvents } from './sta.events.ts';
import { setRetention } from './sta.retention.ts';
import { checkCsvSize, CSV_COLUMNS, csvRecords, findStream, latestOf, listThings, rangeOf, seriesOf } from './sta.series.ts';

const tags = ['sensorthings'];
/** A comment line often enough that proxies keep an idle event stream open (most drop it after 30-60 s). */
export const HEARTBEAT_MS = 25_000;

/** Internal streams are seen by staff only (decision 9; the same rule as the SensorThings reads). */

/** The path's id as a number: digits only, no leading zero, within what a JavaScript number holds exactly. */
export function streamIdOf(text: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw problems.badRequest('The id is not a Datastream id.', [{ path: 'params/id', code: 'integer', message: 'must be a positive integer' }]);
  return id;
}

/** The stream the caller may see, or a 404 (an internal stream is not said to exist). */
async function visibleStream(request: FastifyRequest, idText: string) {
  const id = streamIdOf(idText);
  const stream = await findStream(request.server.db.kysely, id);
  if (!stream || (stream.internal && (await hiddenStreams(request)).includes(stream.id))) throw new HttpProblem(404, 'not-found', 'Not found', `No Datastream ${id}.`);
  return stream;
}

/**
 * A Datastream's new Observations as server-sent events (`event: observation`, the Observation's
 * JSON as data, its id as the event's id), with a comment line every `heartbeatMs`. Ending the
 * stream (the client gone, the server closing) stops listening and the heartbeat.
 */
export function observationEvents(events: StaEvents, streamId: number, heartbeatMs = HEARTBEAT_MS): PassThrough {
  const body = new PassThrough();
  // Nothing is written once the stream is ending: a heartbeat due then would be an error.
  const send = (text: string) => {
    if (!body.writableEnded && !body.destroyed) body.write(text);
  };
  const off = events.on((change) => {
    if (change.entitySet !== 'Observations' || change.kind !== 'created' || change.streamId !== streamId) return;
    send(`event: observation\nid: ${change.id}\ndata: ${JSON.stringify(change.entity ?? { '@iot.id': change.id })}\n\n`);
  });
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
  const stop = () => {
    clearInterval(heartbeat);
    off();
  };
  body.once('close', stop);
  body.once('finish', stop);
  // `retry` tells EventSource how long to wait before it reconnects; the first comment sends the headers at once.
  body.write('retry: 5000\n: open\n\n');
  return body;
}

export const staSeriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.get(
    '/api/sta/datastreams/:id/series',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A Datastream's numeric results for a chart: raw, or by hour or day when the range holds more than `points`",
        params: DatastreamParams,
        querystring: SeriesQuery,
        response: { 200: Series, ...errorResponses },
      },
    },
    async (request) => {
      const stream = await visibleStream(request, request.params.id);
      return seriesOf(db, stream, request.query);
    },
  );

  app.get(
    '/api/sta/datastreams/:id/latest',
    {
      config: { access: 'public' },
      schema: { tags, summary: "A Datastream's latest observation, with its name, unit, observed property and Thing", params: DatastreamParams, response: { 200: LatestObservation, ...errorResponses } },
    },
    async (request) => latestOf(db, await visibleStream(request, request.params.id)),
  );

  app.put(
    '/api/sta/datastreams/:id/retention',
    {
      config: { access: 'editor' },
      schema: {
        tags,
        summary: "Set how long a Datastream's raw Observations and hour aggregates are kept (editors; day aggregates are kept for ever; applied nightly; recorded in the audit trail)",
        params: DatastreamParams,
        body: RetentionSet,
        response: { 200: Retention, ...errorResponses },
      },
    },
    async (request) => setRetention(db, streamIdOf(request.params.id), request.body, signedIn(request).id, Date.now()),
  );

  app.get(
    '/api/sta/datastreams/:id/observations.csv',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: `A Datastream's raw observations in a range as CSV (default: the week up to the latest; at most 1,000,000 rows, a longer range is refused)`,
        params: DatastreamParams,
        querystring: ObservationsCsvQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const stream = await visibleStream(request, request.params.id);
      const { from, to } = await rangeOf(db, stream.id, request.query);
      await checkCsvSize(db, stream.id, from, to);
      const body = await csvStream(CSV_COLUMNS, csvRecords(db, stream.id, from, to));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="talsinki-datastream-${stream.id}-${new Date(from).toISOString().slice(0, 10)}-${new Date(to).toISOString().slice(0, 10)}.csv"`)
        .send(body);
    },
  );

  app.get(
    '/api/sta/things',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Every Thing with its place as a point and its Datastreams with their latest values (for the map and its list)', querystring: ThingsQuery, response: { 200: ThingsList, ...errorResponses } },
    },
    async (request) => listThings(db, await hiddenStreams(request), { limit: request.query.limit ?? 500, offset: request.query.offset ?? 0 }),
  );

  // Every open event stream, ended when the server closes (it is never idle, so closing would wait for it).
  const open = new Set<PassThrough>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/api/sta/datastreams/:id/events',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Server-sent events: each new Observation of a Datastream as `event: observation` with the Observation's JSON; a comment every 25 s keeps the stream open",
        params: DatastreamParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const stream = await visibleStream(request, request.params.id);
      const body = observationEvents(staEventsOf(app), stream.id);
      open.add(body);
      body.once('close', () => open.delete(body));
      // The client went away: the stream ends, and with it its listener and heartbeat.
      reply.raw.once('close', () => body.end());
      return reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no').send(body);
    },
  );
};
