import { describe, expect, it } from 'vitest';
import { isInternationalEmail } from './email.ts';

describe('isInternationalEmail', () => {
  it.each(['jüri@näide.ee', 'user@bücher.example', 'anna.virtanen@example.fi', 'ülle+rajaeste@tööandja.ee', 'δοκιμή@παράδειγμα.δοκιμή', 'o\'neil@Example.COM'])('accepts %s', (address) => {
    expect(isInternationalEmail(address)).toBe(true);
  });

  it.each(['', 'plain', '@näide.ee', 'jüri@', 'jüri@näide', 'jüri@näide.ee.', 'jü ri@näide.ee', 'jüri..mets@näide.ee', '.jüri@näide.ee', 'jüri@-näide.ee', 'jüri@näide_x.ee', 'jüri@192.168.1.1', 'a\u200b@näide.ee', `${'ä'.repeat(33)}@näide.ee`, `a@${'b'.repeat(250)}.ee`])('refuses %j', (address) => {
    expect(isInternationalEmail(address)).toBe(false);
  });
});
