import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * Two databases in one process whose public calendars are at the same version (as many public
 * dialogues, changed last at the same moment): a feed kept for one is never served for the other.
 */
const START = new Date(Math.floor(Date.now() / 86_400_000 + 30) * 86_400_000 + 7 * 3_600_000);
let alpha: TestApp;
let beta: TestApp;

async function publicDialogue(t: TestApp, title: string) {
  const editor = (await loginAs(t, 'editor')).session;
  const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json();
  const response = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'workshop', title: { en: title }, startsAt: START.toISOString(), endsAt: new Date(START.getTime() + 2 * 3_600_000).toISOString(), organiserId: kela.id, domains: ['mobility'], language: 'en', visibility: 'public' } });
  expect(response.statusCode).toBe(201);
  await t.db.kysely.updateTable('dialogues').set({ updated_at: new Date('2026-01-01T00:00:00Z') }).execute();
}

beforeAll(async () => {
  [alpha, beta] = await Promise.all([startTestApp(), startTestApp()]);
});
afterAll(async () => {
  await Promise.all([alpha?.close(), beta?.close()]);
});

describe('kept calendar feeds of two databases', () => {
  it('answer each database with its own dialogues at the same calendar version', async () => {
    await publicDialogue(alpha, 'Alpha harbour workshop');
    await publicDialogue(beta, 'Beta parking workshop');
    const fromAlpha = await alpha.app.inject({ url: '/api/dialogues.ics?lang=en' });
    expect(fromAlpha.body).toContain('Alpha harbour workshop');
    const fromBeta = await beta.app.inject({ url: '/api/dialogues.ics?lang=en' });
    expect(fromBeta.statusCode).toBe(200);
    expect(fromBeta.body).toContain('Beta parking workshop');
    expect(fromBeta.body).not.toContain('Alpha');
    expect(fromBeta.headers.etag).not.toBe(fromAlpha.headers.etag);
  });
});
