import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

describe('stakeholder map', () => {
  it('shows who owns which domains, who took part where, and which recommendations were received and answered', async () => {
    const [kela, emta, hsl] = await Promise.all(['kela', 'emta', 'hsl'].map(async (slug) => (await t.app.inject({ url: `/api/institutions/${slug}` })).json() as { id: string }));
    const when = { startsAt: '2026-05-05T07:00:00.000Z', endsAt: '2026-05-05T09:00:00.000Z', language: 'en', domains: ['legal'] };
    const open = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...when, type: 'roundtable', title: { en: 'Taxation roundtable' }, organiserId: kela.id, participants: [{ institutionId: emta.id, consentToBeNamed: false }], visibility: 'public' } })).json();
    const closed = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...when, type: 'interview', title: { en: 'Internal interview' }, organiserId: hsl.id, visibility: 'internal' } })).json();
    const recommendation = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Recognise the tax card' }, rationale: { en: 'Double withholding.' }, addressees: [kela.id, emta.id], dialogues: [open.ref], changeKind: 'legislative', priority: 'high', effort: 'large' } })).json();
    const owner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: kela.id }).where('id', '=', owner.id).execute();
    const kelaOwner = await login(t.app, owner.email);
    await t.app.inject({ method: 'POST', url: `/api/recommendations/${recommendation.ref}/responses`, headers: kelaOwner.headers, payload: { institutionId: kela.id, body: 'We are looking into it.', language: 'en' } });

    const map = (await t.app.inject({ url: '/api/stakeholders' })).json().items as { institution: { id: string }; domains: string[]; organised: { ref: string }[]; tookPart: { ref: string }[]; received: { ref: string; answered: boolean }[] }[];
    const of = (id: string) => map.find((item) => item.institution.id === id)!;
    expect(of(kela.id).organised.map((d) => d.ref)).toEqual([open.ref]);
    expect(of(emta.id).tookPart.map((d) => d.ref)).toEqual([open.ref]);
    expect(of(kela.id).received).toMatchObject([{ ref: recommendation.ref, answered: true }]);
    expect(of(emta.id).received).toMatchObject([{ ref: recommendation.ref, answered: false }]);
    expect(of(kela.id).domains).toContain('social_security');
    expect(of(hsl.id).organised).toEqual([]);
    const staffMap = (await t.app.inject({ url: '/api/stakeholders', headers: editor.headers })).json().items as typeof map;
    expect(staffMap.find((item) => item.institution.id === hsl.id)!.organised.map((d) => d.ref)).toEqual([closed.ref]);
  });
});
