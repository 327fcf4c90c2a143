import { isIP } from 'node:net';
import path from 'node:path';
import { LICENSES } from '../shared/catalog.ts';
import { LOOPBACK, networkList } from './lib/addresses.ts';

/**
 * Which peers may speak for the client in `X-Forwarded-For`, `-Proto` and `-Host`: none; a number
 * of reverse proxies in front, the nearest connecting from this host or a private network; or the
 * proxies' own addresses and subnets. `plugins/proxy.ts` turns it into Fastify's trust function.
 */
export type TrustProxy = false | { hops: number } | { networks: string[] };

/** Every setting Talsinki reads from the environment; README.md lists them for operators. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Connections to PostgreSQL per pool (the server keeps two: one planning each query, one reusing generic plans). */
  databasePoolSize: number;
  dataDir: string;
  /** Load the demo region into an empty database: TALSINKI_DEMO, else only embedded and on loopback. */
  demo: boolean;
  /**
   * TALSINKI_DEMO as set, undefined when it is not: only an explicit 1 lets a server that other
   * machines can reach start with demo accounts (features/demo/demo.start.ts).
   */
  demoSetting: boolean | undefined;
  /** Days of simulated sensor observations the demo writes at its first start (the Baltic demo); 0 none. */
  demoSensorDays: number;
  logLevel: string;
  /** Requests per minute per client address; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** The largest body of a SensorThings `CreateObservations` request, in bytes (others keep the 1 MiB limit). */
  staIngestBodyLimit: number;
  /** SensorThings writes per minute per API token (per address for a session), apart from the global limit; 0 turns it off with the global one. */
  staWriteRatePerMinute: number;
  /** The embedded MQTT broker's TCP port (SensorThings MQTT, OGC 18-088 §14); 0: WebSocket at /mqtt only. */
  mqttPort: number;
  /** An external MQTT broker the instances share as their bus of changes (mqtt://user:pass@host:1883); without it, one instance. */
  mqttBusUrl: string | undefined;
  sessionDays: number;
  trustProxy: TrustProxy;
  /** PGlite's shared_buffers; small by default so the embedded server stays lean. */
  pgliteSharedBuffers: string;
  /** Built single-page app; served when present. */
  webDir: string;
  /** Where people reach this installation; used in links sent by e-mail. */
  publicUrl: string;
  /** SMTP server for e-mail (smtp://user:pass@host:587 or smtps://…); without it mail waits in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxIntervalMs: number;
  /** Take harvest runs in this instance (any number of instances may; each run goes to one). */
  harvestWorker: boolean;
  /** Take statistics import runs in this instance (as `harvestWorker`; the import reads with the harvest's HTTP settings and poll interval). */
  statisticsWorker: boolean;
  /** How often an idle worker looks for due or queued runs. */
  harvestPollMs: number;
  /** Per attempt of a request to a source (each retry has its own). */
  harvestTimeoutMs: number;
  harvestRetries: number;
  /** First retry after this long, doubling each time. */
  harvestBackoffMs: number;
  /** Private or local networks harvests may reach (an intranet portal); all others are refused. */
  harvestAllowedNetworks: string[];
  /** Check every answer against the OpenAPI document (its status, media type and schema): for tests and development. */
  checkResponses: boolean;
  /**
   * The licence of the catalogue's own description (its DCAT `dct:license`): a code of the EU
   * licence list (`CC0`, `CC_BY_4_0`…) or a licence's http(s) address; null for none.
   */
  catalogLicense: string | null;
  /** The catalogue's release date (DCAT `dct:issued`), YYYY-MM-DD; null: the day its first dataset was added. */
  catalogIssued: string | null;
  /** Cells one query of the PxWeb read API may ask for (`maxCells`, PxWebApi 2.0's `maxDataCells`). */
  pxwebMaxCells: number;
  /** Calls one client address may make to the PxWeb read API per `pxwebTimeWindow` seconds (`maxCalls`). */
  pxwebMaxCalls: number;
  pxwebTimeWindow: number;
}

const FALSY = new Set(['0', 'false', 'no', 'off']);

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !FALSY.has(value.trim().toLowerCase());
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

const loopback = networkList(LOOPBACK);

/** Whether listening on `host` keeps the server to this machine (`localhost`, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const address = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (address.toLowerCase() === 'localhost') return true;
  const family = isIP(address);
  return family !== 0 && loopback.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function trustProxy(name: string, value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || FALSY.has(text.toLowerCase())) return false;
  if (/^\d+$/.test(text)) return Number(text) === 0 ? false : { hops: Number(text) };
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  try {
    networkList(entries);
  } catch {
    throw new Error(
      `${name} must be the number of reverse proxies in front of Talsinki (1 for one) or their addresses or subnets (10.0.0.0/8,192.168.1.5), got "${value}"`,
    );
  }
  return { networks: entries };
}

/** Licence codes of the EU list a catalogue may name (not `OTHER`: that names no licence). */
const CATALOG_LICENSE_CODES = LICENSES.filter((code) => code !== 'OTHER');

function catalogLicense(name: string, value: string | undefined): string | null {
  const text = (value ?? '').trim();
  // Unset states no licence: which terms the catalogue's own description comes under is the operator's to say.
  if (text === '' || text.toLowerCase() === 'none') return null;
  if ((CATALOG_LICENSE_CODES as readonly string[]).includes(text)) return text;
  if (URL.canParse(text) && /^https?:$/.test(new URL(text).protocol)) return text;
  throw new Error(`${name} must be a code of the EU licence list (${CATALOG_LICENSE_CODES.join(', ')}), a licence's http(s) address, or none; got "${value}"`);
}

function day(name: string, value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new Error(`${name} must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return text;
}

function networks(name: string, value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  try {
    networkList(entries);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
  return entries;
}

/**
 * Why the server must not start with these settings, or null: without TALSINKI_PUBLIC_URL every
 * address the platform publishes (the catalogue's IRIs, links in e-mail, calendars) names
 * `localhost`, which is only right while nobody else can reach it. Harvesters would keep such
 * IRIs as the datasets' identities.
 */
export function publicUrlRefusal(config: Pick<Config, 'host'>, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TALSINKI_PUBLIC_URL || isLoopbackHost(config.host)) return null;
  return (
    `TALSINKI_PUBLIC_URL is not set, and HOST=${config.host} lets other machines reach this server: ` +
    'the addresses it publishes (the catalogue\'s IRIs, links in e-mail) would name localhost. ' +
    'Set TALSINKI_PUBLIC_URL to the address people use to reach it (https://talsinki.example.org).'
  );
}

/**
 * Connections each of the server's two pools may hold when TALSINKI_DB_POOL does not say. Fewer
 * (twice the cores) was tried on the two-core benchmark machine and measured no better beside the
 * machine's own swings (docs/ARCHITECTURE.md, Benchmarks, session 29).
 */
export const DEFAULT_POOL_SIZE = 10;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const host = env.HOST || 'localhost';
  const demoSetting = env.TALSINKI_DEMO ? flag(env.TALSINKI_DEMO, false) : undefined;
  return {
    port: int('PORT', env.PORT, 8080),
    host,
    databaseUrl,
    databasePoolSize: int('TALSINKI_DB_POOL', env.TALSINKI_DB_POOL, DEFAULT_POOL_SIZE) || DEFAULT_POOL_SIZE,
    dataDir: path.resolve(env.TALSINKI_DATA_DIR || './data'),
    // The demo, whose passwords are published, is for the embedded quick start on the operator's
    // own machine; a PostgreSQL installation, or a server others can reach, asks for it explicitly.
    demo: demoSetting ?? (databaseUrl === undefined && isLoopbackHost(host)),
    demoSetting,
    demoSensorDays: int('TALSINKI_DEMO_SENSOR_DAYS', env.TALSINKI_DEMO_SENSOR_DAYS, 365),
    logLevel: env.LOG_LEVEL || 'info',
    rateLimitPerMinute: int('TALSINKI_RATE_LIMIT', env.TALSINKI_RATE_LIMIT, 1200),
    staIngestBodyLimit: int('TALSINKI_STA_INGEST_BODY_LIMIT', env.TALSINKI_STA_INGEST_BODY_LIMIT, 32 * 1024 * 1024) || 32 * 1024 * 1024,
    staWriteRatePerMinute: int('TALSINKI_STA_WRITE_RATE_LIMIT', env.TALSINKI_STA_WRITE_RATE_LIMIT, 6000),
    mqttPort: int('TALSINKI_MQTT_PORT', env.TALSINKI_MQTT_PORT, 1883),
    mqttBusUrl: env.TALSINKI_MQTT_URL || undefined,
    sessionDays: int('TALSINKI_SESSION_DAYS', env.TALSINKI_SESSION_DAYS, 14) || 14,
    trustProxy: trustProxy('TALSINKI_TRUST_PROXY', env.TALSINKI_TRUST_PROXY),
    pgliteSharedBuffers: env.TALSINKI_PGLITE_SHARED_BUFFERS || '16MB',
    webDir: path.resolve(env.TALSINKI_WEB_DIR || 'dist/web'),
    publicUrl: (env.TALSINKI_PUBLIC_URL || `http://localhost:${int('PORT', env.PORT, 8080)}`).replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.TALSINKI_MAIL_FROM || 'Talsinki <no-reply@talsinki.invalid>',
    outboxIntervalMs: int('TALSINKI_OUTBOX_INTERVAL_MS', env.TALSINKI_OUTBOX_INTERVAL_MS, 5000) || 5000,
    harvestWorker: flag(env.TALSINKI_HARVEST_WORKER, true),
    statisticsWorker: flag(env.TALSINKI_STATISTICS_WORKER, true),
    harvestPollMs: int('TALSINKI_HARVEST_POLL_MS', env.TALSINKI_HARVEST_POLL_MS, 5000) || 5000,
    harvestTimeoutMs: int('TALSINKI_HARVEST_TIMEOUT_MS', env.TALSINKI_HARVEST_TIMEOUT_MS, 30_000) || 30_000,
    harvestRetries: int('TALSINKI_HARVEST_RETRIES', env.TALSINKI_HARVEST_RETRIES, 3),
    harvestBackoffMs: int('TALSINKI_HARVEST_BACKOFF_MS', env.TALSINKI_HARVEST_BACKOFF_MS, 1000),
    harvestAllowedNetworks: networks('TALSINKI_HARVEST_ALLOW_NETWORKS', env.TALSINKI_HARVEST_ALLOW_NETWORKS),
    checkResponses: flag(env.TALSINKI_CHECK_RESPONSES, false),
    catalogLicense: catalogLicense('TALSINKI_CATALOG_LICENSE', env.TALSINKI_CATALOG_LICENSE),
    catalogIssued: day('TALSINKI_CATALOG_ISSUED', env.TALSINKI_CATALOG_ISSUED),
    // PxWeb clients read these from `?config` and must get positive numbers: 0 means the default.
    pxwebMaxCells: int('TALSINKI_PXWEB_MAX_CELLS', env.TALSINKI_PXWEB_MAX_CELLS, 200_000) || 200_000,
    pxwebMaxCalls: int('TALSINKI_PXWEB_MAX_CALLS', env.TALSINKI_PXWEB_MAX_CALLS, 30) || 30,
    pxwebTimeWindow: int('TALSINKI_PXWEB_TIME_WINDOW', env.TALSINKI_PXWEB_TIME_WINDOW, 10) || 10,
  };
}
