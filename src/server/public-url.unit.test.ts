import { describe, expect, it } from 'vitest';
import { loadConfig, publicUrlRefusal } from './config.ts';

describe('public IRIs on localhost', () => {
  it('refuses to serve beyond loopback without TALSINKI_PUBLIC_URL, and says what to set', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'talsinki.example.org']) {
      const env = { HOST: host };
      expect(publicUrlRefusal(loadConfig(env), env), host).toMatch(new RegExp(`TALSINKI_PUBLIC_URL is not set, and HOST=${host.replace(/\./g, '\\.')} lets other machines reach this server.*Set TALSINKI_PUBLIC_URL`));
    }
  });

  it('lets loopback run on localhost, and any host run with the address set', () => {
    for (const host of ['localhost', '127.0.0.1', '::1']) expect(publicUrlRefusal(loadConfig({ HOST: host }), { HOST: host }), host).toBeNull();
    const env = { HOST: '0.0.0.0', TALSINKI_PUBLIC_URL: 'https://talsinki.example.org' };
    expect(publicUrlRefusal(loadConfig(env), env)).toBeNull();
  });
});
