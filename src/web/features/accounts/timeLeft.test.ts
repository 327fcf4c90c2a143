import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api.ts';
import en from '../../locales/en/accounts.json';
import et from '../../locales/et/accounts.json';
import fi from '../../locales/fi/accounts.json';
import { withTimeLeft } from './timeLeft.ts';

async function translator(lng: 'fi' | 'et' | 'en') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { fi: { accounts: fi }, et: { accounts: et }, en: { accounts: en } }, ns: ['accounts'], interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n);
}

const throttled = (retryAfter?: number) =>
  new ApiError({ type: '/problems/too-many-requests', title: 'Too many requests', status: 429, detail: 'server text', ...(retryAfter === undefined ? {} : { retryAfter }) } as never);
const detail = (error: unknown) => (error as ApiError).problem.detail;

describe('the time left after too many log-in attempts', () => {
  it('is said in seconds under a minute, else in minutes rounded up, in every language', async () => {
    const t = await translator('en');
    expect(detail(withTimeLeft(throttled(1), t))).toBe('Too many attempts. Try again in 1 second.');
    expect(detail(withTimeLeft(throttled(59), t))).toBe('Too many attempts. Try again in 59 seconds.');
    expect(detail(withTimeLeft(throttled(60), t))).toBe('Too many attempts. Try again in 1 minute.');
    expect(detail(withTimeLeft(throttled(61), t))).toBe('Too many attempts. Try again in 2 minutes.');
    expect(detail(withTimeLeft(throttled(3600), t))).toBe('Too many attempts. Try again in 60 minutes.');
    expect(detail(withTimeLeft(throttled(240), await translator('fi')))).toBe('Liian monta yritystä. Yritä uudelleen 4 minuutin kuluttua.');
    expect(detail(withTimeLeft(throttled(30), await translator('et')))).toBe('Liiga palju katseid. Proovi uuesti 30 sekundi pärast.');
    expect((withTimeLeft(throttled(30), t) as ApiError).status).toBe(429);
  });

  it('leaves other errors, and a 429 that does not say how long, as they are', async () => {
    const t = await translator('en');
    const without = throttled();
    expect(withTimeLeft(without, t)).toBe(without);
    const wrong = new ApiError({ type: '/problems/invalid-credentials', title: 'Log-in failed', status: 401 });
    expect(withTimeLeft(wrong, t)).toBe(wrong);
    expect(withTimeLeft(null, t)).toBeNull();
  });
});
