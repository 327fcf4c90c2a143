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
});
