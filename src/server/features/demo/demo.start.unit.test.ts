import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { demoAtStart, demoLeftOut } from './demo.start.ts';

const LIVE = ['admin@demo.talsinki.eu', 'member@demo.talsinki.eu'];

describe('the demo at start', () => {
  it('starts on loopback with live demo accounts, saying so', () => {
    for (const env of [{}, { HOST: '127.0.0.1' }, { HOST: '::1', TALSINKI_DEMO: '0' }, { TALSINKI_DEMO: '1' }]) {
      const decision = demoAtStart(loadConfig(env), LIVE);
      expect(decision, JSON.stringify(env)).toEqual({
        warn: 'Demo accounts with published passwords are live: admin@demo.talsinki.eu, member@demo.talsinki.eu; do not expose this server.',
      });
    }
  });

  it('refuses to start beyond loopback with live demo accounts unless TALSINKI_DEMO=1 asked for them', () => {
    for (const env of [{ HOST: '0.0.0.0' }, { HOST: '0.0.0.0', TALSINKI_DEMO: '0' }, { HOST: '::', DATABASE_URL: 'postgres://x/y' }, { HOST: '10.1.2.3' }]) {
      const decision = demoAtStart(loadConfig(env), LIVE);
      expect('refuse' in decision && decision.refuse, JSON.stringify(env)).toMatch(
        /^this database has demo accounts with published passwords \(admin@demo\.talsinki\.eu, member@demo\.talsinki\.eu\), and HOST=\S+ lets other machines reach this server\. Set TALSINKI_DEMO=1/,
      );
    }
    const asked = demoAtStart(loadConfig({ HOST: '0.0.0.0', TALSINKI_DEMO: '1' }), LIVE);
    expect(asked).toEqual({ warn: expect.stringMatching(/^Demo accounts with published passwords are live: admin@demo\.talsinki\.eu, member@demo\.talsinki\.eu; HOST=0\.0\.0\.0 lets other machines sign in with them/) });
  });

  it('starts anywhere, silently, when no demo account signs in with its published password', () => {
    for (const env of [{}, { HOST: '0.0.0.0' }, { HOST: '0.0.0.0', TALSINKI_DEMO: '1' }]) expect(demoAtStart(loadConfig(env), [])).toEqual({ warn: null });
  });

  it('says why an empty embedded database beyond loopback was left without the demo, only when the default decided', () => {
    expect(demoLeftOut(loadConfig({ HOST: '0.0.0.0' }))).toMatch(/^The demo is not loaded: HOST=0\.0\.0\.0 lets other machines reach this server.+Set TALSINKI_DEMO=1 to load it anyway\.$/);
    expect(demoLeftOut(loadConfig({}))).toBeNull();
    expect(demoLeftOut(loadConfig({ HOST: '0.0.0.0', TALSINKI_DEMO: '0' }))).toBeNull();
    expect(demoLeftOut(loadConfig({ HOST: '0.0.0.0', DATABASE_URL: 'postgres://x/y' }))).toBeNull();
  });
});
