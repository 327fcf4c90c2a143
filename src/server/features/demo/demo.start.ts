import { isLoopbackHost, type Config } from '../../config.ts';

/** What `talsinki serve` does about the demo accounts whose published passwords still sign in. */
export type DemoAtStart = { refuse: string } | { warn: string | null };

/**
 * Demo accounts are for the operator's own machine. A server listening beyond loopback starts with
 * live demo accounts only when TALSINKI_DEMO=1 says so; either way their being live is said at
 * start. `live` are the e-mails of the demo accounts that still sign in with the published password.
 */
export function demoAtStart(config: Pick<Config, 'host' | 'demoSetting'>, live: readonly string[]): DemoAtStart {
  if (live.length === 0) return { warn: null };
  const accounts = live.join(', ');
  if (isLoopbackHost(config.host)) {
    return { warn: `Demo accounts with published passwords are live: ${accounts}; do not expose this server.` };
  }
  if (config.demoSetting !== true) {
    return {
      refuse:
        `this database has demo accounts with published passwords (${accounts}), and HOST=${config.host} lets other machines reach this server. ` +
        'Set TALSINKI_DEMO=1 to serve the demo to them on purpose; or start with HOST=localhost and change those passwords or disable the accounts; or use a new database.',
    };
  }
  return {
    warn: `Demo accounts with published passwords are live: ${accounts}; HOST=${config.host} lets other machines sign in with them (TALSINKI_DEMO=1): run this server only as a public demo.`,
  };
}

/** Why an empty embedded database was left without the demo, when the default and not the operator decided. */
export function demoLeftOut(config: Pick<Config, 'host' | 'demo' | 'demoSetting' | 'databaseUrl'>): string | null {
  if (config.demo || config.demoSetting !== undefined || config.databaseUrl) return null;
  return `The demo is not loaded: HOST=${config.host} lets other machines reach this server, and the demo accounts' passwords are published. Set TALSINKI_DEMO=1 to load it anyway.`;
}
