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

  it('loads the demo by default only on the embedded database listening on loopback; elsewhere only when TALSINKI_DEMO=1', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.0.1', '::1', '[::1]', 'LOCALHOST']) {
      expect(loadConfig({ HOST: host }), host).toMatchObject({ demo: true, demoSetting: undefined });
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'talsinki.example.org', '::ffff:0.0.0.0']) {
      expect(loadConfig({ HOST: host }), host).toMatchObject({ demo: false, demoSetting: undefined });
      expect(loadConfig({ HOST: host, TALSINKI_DEMO: '1' }), host).toMatchObject({ demo: true, demoSetting: true });
      expect(loadConfig({ HOST: host, TALSINKI_DEMO: '0' }), host).toMatchObject({ demo: false, demoSetting: false });
    }
  });

  it("states the catalogue's licence (one of the EU list or a licence address) and its release day only when set", () => {
    expect(loadConfig({})).toMatchObject({ catalogLicense: null, catalogIssued: null });
    expect(loadConfig({ TALSINKI_CATALOG_LICENSE: 'CC0' }).catalogLicense).toBe('CC0');
    expect(loadConfig({ TALSINKI_CATALOG_LICENSE: 'CC_BY_4_0' }).catalogLicense).toBe('CC_BY_4_0');
    expect(loadConfig({ TALSINKI_CATALOG_LICENSE: 'https://data.example.org/terms' }).catalogLicense).toBe('https://data.example.org/terms');
    expect(loadConfig({ TALSINKI_CATALOG_LICENSE: 'none' }).catalogLicense).toBeNull();
    for (const value of ['OTHER', 'cc-by', 'ftp://x.example/l', 'CC0 please']) expect(() => loadConfig({ TALSINKI_CATALOG_LICENSE: value }), value).toThrow(/TALSINKI_CATALOG_LICENSE/);
    expect(loadConfig({ TALSINKI_CATALOG_ISSUED: '2025-05-09' }).catalogIssued).toBe('2025-05-09');
    for (const value of ['2025-02-30', '9.5.2025', '2025-05-09T00:00:00Z']) expect(() => loadConfig({ TALSINKI_CATALOG_ISSUED: value }), value).toThrow(/TALSINKI_CATALOG_ISSUED/);
  });

  it('holds ten connections per pool to PostgreSQL unless TALSINKI_DB_POOL says otherwise', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ TALSINKI_DB_POOL: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ TALSINKI_DB_POOL: 'four' })).toThrow(/TALSINKI_DB_POOL/);
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

  it('trusts no proxy by default; a number of proxies in front, or the proxies\' addresses and subnets', () => {
    for (const off of [undefined, '', '0', 'false', 'off']) expect(loadConfig({ TALSINKI_TRUST_PROXY: off }).trustProxy, off).toBe(false);
    expect(loadConfig({ TALSINKI_TRUST_PROXY: '1' }).trustProxy).toEqual({ hops: 1 });
    expect(loadConfig({ TALSINKI_TRUST_PROXY: ' 2 ' }).trustProxy).toEqual({ hops: 2 });
    expect(loadConfig({ TALSINKI_TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,fd00::/8' }).trustProxy).toEqual({ networks: ['10.0.0.0/8', '192.168.1.5', 'fd00::/8'] });
  });

  it('refuses a proxy setting that is neither, so the server does not start trusting the wrong peers', () => {
    // "true" used to trust every client's X-Forwarded-For; it no longer means anything.
    for (const bad of ['true', 'yes', '-1', '1.5', '1e1', '1,2', 'proxy.example', '10.0.0.0/33', '10.0.0.0/8,nginx']) {
      expect(() => loadConfig({ TALSINKI_TRUST_PROXY: bad }), bad).toThrow(/^TALSINKI_TRUST_PROXY must be the number of reverse proxies .+, got ".*"$/);
    }
  });
});
