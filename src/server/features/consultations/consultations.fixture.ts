import type { ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import { expectStatus, type InjectOptions, type Session, type TestApp } from '../../test/harness.ts';

/**
 * What the consultations' API tests share: times around now, a consultation open for two weeks
 * that any test overrides in part, and an anonymous browser that keeps the respondent cookie.
 */

export const HOUR = 60 * 60 * 1000;

/** An instant `hours` from now (negative: ago), as the API takes it. */
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

let made = 0;

/** A consultation opened a day ago and open for two weeks, anonymous comments and support, moderated after; a fresh slug each time. */
export function consultationInput(overrides: Record<string, unknown> = {}) {
  return {
    slug: `test-consultation-${++made}`,
    title: { en: 'A consultation' },
    subject: 'text',
    opensAt: hoursFromNow(-24),
    closesAt: hoursFromNow(24 * 14),
    commenting: 'open',
    support: 'open',
    moderation: 'after',
    published: true,
    sections: [{ kind: 'main', title: { en: 'One' }, body: { en: 'Text' } }],
    ...overrides,
  };
}

export async function createConsultation(t: TestApp, editor: Session, overrides: Record<string, unknown> = {}) {
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload: consultationInput(overrides) }), 201).json() as ConsultationDetail;
}

/** An anonymous browser from its own address: keeps the respondent cookie the API sets. */
export function anonymousBrowser(t: TestApp, ip: string) {
  let cookie: string | undefined;
  return async (options: InjectOptions) => {
    const response = await t.app.inject({ ...options, remoteAddress: ip, headers: { ...(options.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } } as InjectOptions);
    const set = response.cookies.find((c) => c.name === 'talsinki_respondent');
    if (set) cookie = `talsinki_respondent=${set.value}`;
    return response;
  };
}
