import { growth, SUPERLINEAR } from '../test/growth.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasCredentials, loggableError, problemWithoutCredentials, withoutCredentials } from './credentials.ts';

describe('credentials in addresses', () => {
  it('are taken out of addresses, wherever they are in a text, and nothing else is', () => {
    const cases: [string, string][] = [
      ['https://user:secret@portal.example/api/3', 'https://portal.example/api/3'],
      ['http://token@127.0.0.1:8080', 'http://127.0.0.1:8080'],
      ['https://a:b@c@portal.example/x@y', 'https://portal.example/x@y'],
      ['https://@portal.example/', 'https://portal.example/'],
      ['GET https://u:p@one.example/a?next=https://v:q@two.example/: network error', 'GET https://one.example/a?next=https://two.example/: network error'],
      ['redirected to "ftp://u:p@files.example" and mailto:someone@example.com', 'redirected to "ftp://files.example" and mailto:someone@example.com'],
      ['https://portal.example/people/@someone', 'https://portal.example/people/@someone'],
      ['http://a.aa/://@', 'http://a.aa/://@'],
      ['http://a.aa/x/1a://u:p@/', 'http://a.aa/x/1a://u:p@/'],
      ['https://portal.example?q=a@b', 'https://portal.example?q=a@b'],
      ['write to user@example.com, see https://portal.example', 'write to user@example.com, see https://portal.example'],
      ['no address here', 'no address here'],
    ];
    for (const [text, expected] of cases) expect(withoutCredentials(text), text).toBe(expected);
  });

  it('leave no password of any address the URL class reads, and change an address without them not at all', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=%-]{1,12}$/);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), part, part, fc.string({ maxLength: 20 }), (url, user, password, around) => {
        const address = new URL(url);
        if (address.username || address.password) return;
        // A second `scheme://` inside the address (a `next=` parameter, a path segment `a:` then
        // `//u@h`) is read as an address of its own, credentials and all: the examples above say what becomes of it.
        if (url.indexOf('://', url.indexOf('://') + 3) !== -1) return;
        expect(withoutCredentials(url)).toBe(url);
        address.username = user;
        address.password = `${password}Z9`;
        const text = `${around} ${address.href} ${around}`;
        const clean = withoutCredentials(text);
        expect(clean).not.toContain(`${address.password}@`);
        const shown = new URL(withoutCredentials(address.href));
        expect([shown.username, shown.password]).toEqual(['', '']);
        expect(hasCredentials(address.href)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('are found in time linear in the length of the text, however hostile the text', () => {
    const hostile: ((length: number) => string)[] = [
      (n) => '://'.repeat(n / 3),
      (n) => `${'a'.repeat(n / 2)}://${'@'.repeat(n / 2)}`,
      (n) => `https://${'x:'.repeat(n / 2)}`,
      (n) => '://a'.repeat(n / 4),
    ];
    for (const build of hostile) {
      // Ten times the text in thirty times the time: more than linear.
      expect(growth(withoutCredentials, build, 100_000), JSON.stringify(build(8))).toBeLessThan(SUPERLINEAR);
    }
  });

  it('are refused in a source address: a user name, a password or an empty pair', () => {
    for (const url of ['https://user:secret@portal.example/', 'https://token@portal.example/', 'https://:secret@portal.example/', 'https://@portal.example/', 'https://u:p@portal.example:99999/']) {
      expect(hasCredentials(url), url).toBe(true);
    }
    for (const url of ['https://portal.example/', 'https://portal.example/people/@someone', 'https://portal.example/?mail=a@b.example']) {
      expect(hasCredentials(url), url).toBe(false);
    }
  });

  it('are written into no log: an error is copied without them', () => {
    const error = new TypeError('Request cannot be constructed from a URL that includes credentials: https://u:secret@portal.example/');
    const logged = loggableError(error) as Error;
    expect(logged.message).toBe('Request cannot be constructed from a URL that includes credentials: https://portal.example/');
    expect(logged.name).toBe('TypeError');
    expect(logged.stack).not.toContain('secret');
  });

  it('are taken out of a problem to store, from the texts of its reason too, and each text is cut at 2,000', () => {
    const problem = {
      code: 'source-unreadable',
      params: { address: 'https://u:secret@portal.example/api', count: 3, reason: { code: 'redirect-not-web', params: { address: 'ftp://me:pw@files.example/x' } }, detail: 'y'.repeat(3000) },
    };
    expect(problemWithoutCredentials(problem)).toEqual({
      code: 'source-unreadable',
      params: { address: 'https://portal.example/api', count: 3, reason: { code: 'redirect-not-web', params: { address: 'ftp://files.example/x' } }, detail: 'y'.repeat(2000) },
    });
  });
});
