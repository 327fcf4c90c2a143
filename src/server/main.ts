import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildApp, outboxSweeps, prepareDatabase } from './app.ts';
import { loadConfig, publicUrlRefusal, type Config } from './config.ts';
import { openDatabase, pgliteDataDirExists, type Database } from './db/connection.ts';
import { APP_VERSION } from './version.ts';
import { ROLES, type Role } from '../shared/roles.ts';
import { registerUser } from './features/accounts/accounts.service.ts';
import { createTransport, startOutboxWorker } from './features/notifications/notifications.service.ts';
import { formatDemoLogins, isEmptyDatabase, liveDemoAccounts, loadDemo } from './features/demo/demo.service.ts';
import { demoAtStart, demoLeftOut } from './features/demo/demo.start.ts';
import { HARVEST_HELP, HarvestUsageError, harvestCommand } from './features/harvest/harvest.cli.ts';
import { harvestSettings } from './features/harvest/harvest.engine.ts';
import { STATS_HELP, StatsUsageError, statsCommand } from './features/statistics/statistics.cli.ts';
import { statSettings } from './features/statistics/statistics.engine.ts';
import { syncDatasetsReading } from './features/indicators/indicators.catalog.ts';
import { backup, restore } from './db/backup.ts';
import { STA_HELP, StaUsageError, staCommand } from './features/sta/sta.cli.ts';
import { LiveUsageError, liveCommand, STA_LIVE_HELP } from './features/sta/sta.live.ts';
import { listenMqtt } from './features/sta/sta.mqtt.ts';
import { keepPartitionsAhead } from './features/sta/sta.partitions.ts';
import { keepRetention } from './features/sta/sta.retention.ts';

const HELP = `talsinki ${APP_VERSION}: the Helsinki–Tallinn twin-region platform

Usage:
  talsinki [serve]                                   run the server (migrates first)
  talsinki migrate                                   apply pending database migrations
  talsinki demo load                                 load the demo region into a new database (refused where accounts of its own exist)
  talsinki user add --email E --role R [--name N]    create an account; the password is read from standard input
${HARVEST_HELP}
${STATS_HELP}
${STA_HELP}
${STA_LIVE_HELP}
  talsinki backup <file>                             copy the whole database into one file (the server may run on PostgreSQL, not on PGlite)
  talsinki restore <file> [--force]                  load a backup into an empty database (--force replaces what it holds)
  talsinki --version | --help

Roles: ${ROLES.join(', ')}.
Settings come from the environment: see README.md (DATABASE_URL, TALSINKI_DATA_DIR, PORT, ...).`;

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await prepareDatabase(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Migrates and, on an empty database with the demo on, loads the demo region. */
async function setUp(config: Config, db: Database): Promise<void> {
  const applied = await prepareDatabase(db);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (config.demo && (await isEmptyDatabase(db.kysely))) {
    await loadDemo(db.kysely, { publicUrl: config.publicUrl, sensors: { days: config.demoSensorDays, dense: config.databaseUrl !== undefined } });
    console.log('Loaded the demo region (marked as demo content).');
  }
}

async function serve(config: Config) {
  // Creating an embedded database runs initdb in WebAssembly, whose memory is never given back;
  // doing it in a short-lived child keeps the long-running server small.
  if (!config.databaseUrl && !pgliteDataDirExists(config.dataDir)) {
    // The same program (source through tsx, or the bundle) with the same Node flags.
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], 'setup'], { stdio: 'inherit', env: process.env });
    if (child.status !== 0) throw new Error('Setting up the embedded database failed');
  }
  const db = await openDatabase(config);
  await setUp(config, db);
  const live = await liveDemoAccounts(db.kysely);
  const demo = demoAtStart(config, live);
  if ('refuse' in demo) {
    await db.close();
    throw new Error(demo.refuse);
  }
  const publicUrl = publicUrlRefusal(config);
  if (publicUrl) {
    await db.close();
    throw new Error(publicUrl);
  }
  const leftOut = (await isEmptyDatabase(db.kysely)) ? demoLeftOut(config) : null;
  const app = await buildApp({ config, db, logger: true });
  if (demo.warn) app.log.warn({ demoAccounts: live }, demo.warn);
  // Without SMTP the worker still writes what time makes due (milestone mails, digests) into the
  // outbox, so nothing is lost and nothing arrives in one burst once SMTP is set.
  const partitions = keepPartitionsAhead(db.kysely, app.log);
  const retention = keepRetention(db.kysely, app.log);
  const outbox = startOutboxWorker(db.kysely, config.smtpUrl ? createTransport(config.smtpUrl) : null, config.mailFrom, config.outboxIntervalMs, app.log, config.publicUrl, outboxSweeps);
  if (!config.smtpUrl) app.log.warn('SMTP_URL is not set: e-mail waits in the outbox until it is');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      partitions.stop();
      retention.stop();
      await app.close();
      await outbox.stop();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (config.mqttPort > 0) await listenMqtt(app, config.mqttPort, config.host);
  const where = config.databaseUrl ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`;
  console.log(`\nTalsinki ${APP_VERSION} runs at http://localhost:${config.port} on ${where}.`);
  if (leftOut) console.log(leftOut);
  if (demo.warn) console.log(`${formatDemoLogins(live)}\n${demo.warn}\n`);
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function addUser(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.role) throw new UsageError('user add needs --email and --role');
  if (!(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const password = await readPassword();
  if (password.length < 10) throw new UsageError('the password (from standard input) must have at least 10 characters');
  await withDatabase(config, async (db) => {
    const user = await registerUser(db.kysely, { email: values.email!, password, displayName: values.name ?? values.email!.split('@')[0] }, values.role as Role);
    console.log(`Created ${user.role} ${user.email} (${user.id}).`);
  });
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      console.log(HELP);
      return;
    case '--version':
      console.log(APP_VERSION);
      return;
    case 'serve':
      return serve(config);
    case 'setup':
      return withDatabase(config, (db) => setUp(config, db));
    case 'migrate':
      return withDatabase(config, async () => console.log('Tables is up to date.'));
    case 'demo':
      if (rest[0] !== 'load') throw new UsageError('did you mean: talsinki demo load');
      return withDatabase(config, async (db) => console.log((await loadDemo(db.kysely, { publicUrl: config.publicUrl, sensors: { days: config.demoSensorDays, dense: config.databaseUrl !== undefined } })) ? `Demo loaded.\n${formatDemoLogins()}` : 'The demo is already loaded.'));
    case 'harvest': {
      const code = await withDatabase(config, (db) => harvestCommand(db.kysely, harvestSettings(config), rest));
      process.exitCode = code;
      return;
    }
    case 'stats': {
      const code = await withDatabase(config, (db) => statsCommand(db.kysely, { ...statSettings(config), afterImport: (kysely, tableIds) => syncDatasetsReading(kysely, tableIds, config.publicUrl) }, rest));
      process.exitCode = code;
      return;
    }
    case 'sta': {
      // The live generator is a client of a running server, not of its database.
      const code = rest[0] === 'live' ? await liveCommand(rest.slice(1)) : await withDatabase(config, (db) => staCommand(db.kysely, rest));
      process.exitCode = code;
      return;
    }
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new UsageError('backup needs one file: talsinki backup <file>');
      console.log(await backup(config, positionals[0]));
      return;
    }
    case 'restore': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean' } } });
      if (positionals.length !== 1) throw new UsageError('restore needs one file: talsinki restore <file> [--force]');
      console.log(await restore(config, positionals[0], { force: values.force }));
      return;
    }
    case 'user':
      if (rest[0] !== 'add') throw new UsageError('did you mean: talsinki user add --email E --role R');
      return addUser(config, rest.slice(1));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof HarvestUsageError || error instanceof StatsUsageError || error instanceof StaUsageError || error instanceof LiveUsageError) {
    console.error(`talsinki: ${error.message}\n\n${HELP}`);
    process.exit(2);
  }
  const problem = error as { status?: number; detail?: string; message?: string };
  console.error(`talsinki: ${problem.detail ?? problem.message ?? String(error)}`);
  process.exit(1);
});
