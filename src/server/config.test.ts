import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs the embedded database with the demo by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, databaseUrl: undefined, demo: true, rateLimitPerMinute: 1200 });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('leaves the demo off on PostgreSQL unless asked for, and off on PGlite when TALSINKI_DEMO=0', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', TALSINKI_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ TALSINKI_DEMO: '0' }).demo).toBe(false);
  });

  it('refuses settings that are not numbers where numbers belong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TALSINKI_RATE_LIMIT: '-5' })).toThrow(/TALSINKI_RATE_LIMIT/);
  });

  it('lets harvests reach no private network unless named, and refuses what is not an address or subnet', () => {
    expect(loadConfig({}).harvestAllowedNetworks).toEqual([]);
    expect(loadConfig({ TALSINKI_HARVEST_ALLOW_NETWORKS: ' 10.20.0.0/16, 192.168.1.5,fd00::/8 ' }).harvestAllowedNetworks).toEqual(['10.20.0.0/16', '192.168.1.5', 'fd00::/8']);
    for (const bad of ['intranet.example', '10.0.0.0/33', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x', '10.0.0.0/', '10.0.0.0/0x8', '10.0.0.0/1e1']) {
      expect(() => loadConfig({ TALSINKI_HARVEST_ALLOW_NETWORKS: bad }), bad).toThrow(/^TALSINKI_HARVEST_ALLOW_NETWORKS: ".+" is not an address or a subnet such as 10\.20\.0\.0\/16$/);
    }
  });
});
