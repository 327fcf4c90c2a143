import { strFromU8, unzipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from './features/demo/demo.service.ts';
import { loginAs, type Session, type TestApp, startTestApp } from './test/harness.ts';
import { fillPath, pathParameters, walkableRoutes } from './test/routes.ts';
import { grantsOf } from './plugins/access.ts';

/**
 * What the public must not see, hunted through every route a visitor or a member may call: a
 * report still in moderation and its reporter's address, an internal dialogue and the people in
 * it, the names and addresses of participants who did not consent (their role is shown, by design),
 * and a dialogue's draft minutes and outcomes.
 * Each carries a marker; no answer to anyone but staff may contain one. Lists, searches, exports
 * (the workbook unzipped), calendars, the trace, the stakeholder map, CKAN, DCAT and Open311 are
 * all among the routes walked, with and without the marker as search words.
 */

const MARK = 'hidmark';
let t: TestApp;
let editor: Session;
let member: Session;
const items: Record<'report' | 'internal' | 'draft' | 'consultation' | 'commented', { id: string; ref: string }> = {} as never;
const comments: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  const report = await t.app.inject({
    method: 'POST',
    url: '/api/bottlenecks',
    remoteAddress: '203.0.113.9',
    payload: {
      title: 'Hidmarka: a report still waiting for moderation',
      description: 'Hidmarka describes a bottleneck nobody has moderated yet, so it must stay out of sight.',
      language: 'en',
      domain: 'legal',
      topics: ['taxation'],
      countries: ['FI', 'EE'],
      situation: 'lives_fi_works_ee',
      reporterEmail: 'hidmarkb@example.test',
    },
  });
  expect(report.statusCode).toBe(201);
  items.report = report.json();
  const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json();
  const dialogue = (title: string, visibility: string) => ({
    type: 'roundtable',
    title: { en: title },
    description: { en: `${title}, described.` },
    startsAt: '2026-11-10T08:00:00.000Z',
    endsAt: '2026-11-10T10:00:00.000Z',
    timeZone: 'Europe/Helsinki',
    organiserId: kela.id,
    domains: ['social_security'],
    participants: [{ institutionId: kela.id, name: 'Hidmarkd Person', role: 'Adviser', email: 'hidmarke@example.test', consentToBeNamed: false }],
    language: 'en',
    visibility,
  });
  const internal = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: dialogue('Hidmarkc internal preparation', 'internal') });
  expect(internal.statusCode).toBe(201);
  items.internal = internal.json();
  const draft = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: dialogue('A public roundtable with its minutes in draft', 'public') });
  expect(draft.statusCode).toBe(201);
  items.draft = draft.json();
  const held = await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${items.draft.ref}`, headers: editor.headers, payload: { state: 'held', minutes: 'Hidmarkh: the draft minutes.', outcomes: ['Hidmarki: a draft outcome'] } });
  expect(held.statusCode).toBe(200);
  // An unpublished consultation, and a published one with a comment waiting for moderation and one rejected.
  const consultation = (slug: string, title: string, published: boolean) => ({
    slug, title: { en: title }, subject: 'text', opensAt: '2026-01-01T00:00:00.000Z', closesAt: '2099-01-01T00:00:00.000Z',
    commenting: 'open', support: 'open', moderation: 'before', published, sections: [{ kind: 'main', title: { en: 'Main' } }],
  });
  const hiddenConsultation = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload: consultation('hidden-consultation', 'Hidmarkj: not yet published', false) });
  expect(hiddenConsultation.statusCode).toBe(201);
  items.consultation = hiddenConsultation.json();
  const commented = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload: consultation('commented-consultation', 'A published consultation', true) });
  expect(commented.statusCode).toBe(201);
  items.commented = commented.json();
  for (const body of ['Hidmarkk: waiting for a moderator', 'Hidmarkl: rejected by a moderator']) {
    const sent = await t.app.inject({ method: 'POST', url: `/api/consultations/${items.commented.id}/comments`, remoteAddress: '203.0.113.19', payload: { sectionId: commented.json().sections[0].id, language: 'en', body } });
    expect(sent.statusCode).toBe(201);
    comments.push(sent.json().id);
  }
  const rejected = await t.app.inject({ method: 'POST', url: `/api/consultations/${items.commented.id}/comments/${comments[1]}/moderation`, headers: editor.headers, payload: { state: 'rejected', reason: 'offensive' } });
  expect(rejected.statusCode).toBe(200);
});
afterAll(() => t?.close());

function bodyText(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    return Object.values(unzipSync(new Uint8Array(response.rawPayload))).map((file) => strFromU8(file)).join('\n');
  }
  return response.body;
}

/** The values a route's path parameters are tried with: the hidden items where the route names them. */
function parameterSets(url: string): Record<string, string>[] {
  const names = pathParameters(url);
  if (!names.length) return [{}];
  const ids = (kind: keyof typeof items) => [items[kind].id, items[kind].ref];
  const candidates: Record<string, string[]> = {};
  for (const name of names) {
    if (name === 'id' && url.startsWith('/api/bottlenecks/')) candidates.id = ids('report');
    else if (name === 'id' && url.startsWith('/api/dialogues/')) candidates.id = [...ids('internal'), ...ids('draft')];
    else if (name === 'id' && url.startsWith('/open311/')) candidates.id = [items.report.ref];
    else if (name === 'id' && url.startsWith('/api/consultations/')) candidates.id = [...ids('consultation'), items.commented.id];
    else if (name === 'commentId' && url.startsWith('/api/consultations/')) candidates.commentId = comments;
    else if (url.startsWith('/api/trace/') && name === 'type') candidates.type = ['bottleneck', 'dialogue'];
    else if (url.startsWith('/api/trace/') && name === 'id') candidates.id = [items.report.id, items.internal.id, items.draft.id];
    else if (name === 'action') candidates.action = ['package_search', 'package_list', 'organization_list', 'tag_list'];
    else candidates[name] = ['00000000-0000-4000-8000-000000000000'];
  }
  return names.reduce<Record<string, string>[]>((sets, name) => sets.flatMap((set) => candidates[name].map((value) => ({ ...set, [name]: value }))), [{}]);
}

describe('hidden content, hunted through every route the public and members may call', () => {
  it('is there for staff (the hunt looks for something real)', async () => {
    expect((await t.app.inject({ url: `/api/bottlenecks/${items.report.ref}`, headers: editor.headers })).body.toLowerCase()).toContain(MARK);
    expect((await t.app.inject({ url: `/api/dialogues/${items.internal.ref}`, headers: editor.headers })).body.toLowerCase()).toContain(MARK);
    expect((await t.app.inject({ url: `/api/dialogues/${items.draft.ref}`, headers: editor.headers })).body.toLowerCase()).toContain('hidmarkh');
    expect((await t.app.inject({ url: `/api/consultations/${items.consultation.ref}`, headers: editor.headers })).body.toLowerCase()).toContain('hidmarkj');
    const queue = (await t.app.inject({ url: `/api/consultations/${items.commented.id}/moderation?queue=pending`, headers: editor.headers })).body.toLowerCase();
    expect(queue).toContain('hidmarkk');
    expect((await t.app.inject({ url: `/api/consultations/${items.commented.id}/moderation?queue=rejected`, headers: editor.headers })).body.toLowerCase()).toContain('hidmarkl');
  });

  it('leaks through no list, search, export, feed or standard interface', { timeout: 300_000 }, async () => {
    const routes = walkableRoutes(t.app).filter((route) => route.method === 'GET' && grantsOf(route.config!.access!).some((g) => g === 'public' || g === 'signed-in'));
    expect(routes.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    let tried = 0;
    for (const route of routes) {
      for (const parameters of parameterSets(route.url)) {
        for (const query of ['', '?q=hidmarka', '?q=hidmarkc', '?fq=&q=hidmarka']) {
          for (const caller of [null, member]) {
            const response = await t.app.inject({ url: `${fillPath(route.url, parameters)}${query}`, headers: caller?.headers ?? {} });
            tried += 1;
            if (response.statusCode >= 500) leaks.push(`${route.url}${query} failed: ${response.statusCode}`);
            if (bodyText(response).toLowerCase().includes(MARK)) leaks.push(`${fillPath(route.url, parameters)}${query} as ${caller ? 'member' : 'visitor'}: ${response.statusCode} …${bodyText(response).slice(Math.max(0, bodyText(response).toLowerCase().indexOf(MARK) - 80), bodyText(response).toLowerCase().indexOf(MARK) + 40)}…`);
          }
        }
      }
    }
    console.info(`hidden content: ${tried} requests over ${routes.length} routes, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
  });
});
