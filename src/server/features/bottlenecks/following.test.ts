import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/** Issue 14: the member's lists of what they follow and support, with news since they last looked. */

let t: TestApp;
let editor: Session;
let moderator: Session;
let member: Session;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
  member = (await loginAs(t, 'member')).session;
});
afterAll(async () => {
  await t?.close();
});

let reportCount = 0;
async function published(title: string) {
  const created = expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${++reportCount}`, payload: { title, description: 'A cross-border obstacle described at enough length for the register.', language: 'en', domain: 'legal', countries: ['FI', 'EE'] } }),
    201,
  ).json();
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } }), 200);
  return created as { id: string; ref: string };
}
const join = async (id: string, kind: 'follow' | 'support', session = member) => expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${id}/${kind}`, headers: session.headers }), 201);
const list = async (query: string, session = member) => expectStatus(await t.app.inject({ url: `/api/me/following?${query}`, headers: session.headers }), 200).json();
const refs = (page: { items: { ref: string }[] }) => page.items.map((item) => item.ref);

describe('GET /api/me/following', () => {
  let followed: { id: string; ref: string };
  let supported: { id: string; ref: string };
  let both: { id: string; ref: string };

  beforeAll(async () => {
    followed = await published('Followed only: parental benefit');
    supported = await published('Supported only: pension periods');
    both = await published('Followed and supported: tax card');
    await published('Neither: a bottleneck the member ignores');
    await join(followed.id, 'follow');
    await join(supported.id, 'support');
    await join(both.id, 'follow');
    await join(both.id, 'support');
  });

  it('lists what I follow and what I support, each with its status and both flags, paged', async () => {
    const following = await list('list=follow');
    expect(following.total).toBe(2);
    expect(refs(following).sort()).toEqual([followed.ref, both.ref].sort());
    expect(following.items.find((i: { ref: string }) => i.ref === both.ref)).toMatchObject({ status: 'published', following: true, supporting: true, news: false, title: { en: 'Followed and supported: tax card' } });
    const supporting = await list('list=support');
    expect(refs(supporting).sort()).toEqual([supported.ref, both.ref].sort());
    expect(supporting.items.find((i: { ref: string }) => i.ref === supported.ref)).toMatchObject({ following: false, supporting: true });

    const first = await list('list=follow&limit=1');
    const second = await list('list=follow&limit=1&offset=1');
    expect(first).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect([...refs(first), ...refs(second)].sort()).toEqual([followed.ref, both.ref].sort());

    // Someone else's lists are their own.
    const other = (await loginAs(t, 'member')).session;
    expect(await list('list=follow', other)).toMatchObject({ items: [], total: 0 });
  });

  it('shows a change as news, newest first, until I open the bottleneck’s page', async () => {
    await expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${followed.id}`, headers: editor.headers, payload: { status: 'under_assessment' } }), 200);
    const after = await list('list=follow');
    expect(after.items[0]).toMatchObject({ ref: followed.ref, status: 'under_assessment', news: true });
    expect(Date.parse(after.items[0].lastChangeAt)).toBeGreaterThan(Date.parse(after.items[1].lastChangeAt));
    expect(after.items[1]).toMatchObject({ ref: both.ref, news: false });

    // Someone who does not follow it opening the page changes nothing for me.
    expectStatus(await t.app.inject({ url: `/api/bottlenecks/${followed.ref}`, headers: editor.headers }), 200);
    expect((await list('list=follow')).items[0].news).toBe(true);

    expectStatus(await t.app.inject({ url: `/api/bottlenecks/${followed.ref}`, headers: member.headers }), 200);
    expect((await list('list=follow')).items[0]).toMatchObject({ ref: followed.ref, news: false });
  });

  it('drops what I unfollow or withdraw my support from', async () => {
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/bottlenecks/${both.id}/follow`, headers: member.headers }), 200);
    expect(refs(await list('list=follow'))).toEqual([followed.ref]);
    expect(refs(await list('list=support')).sort()).toEqual([supported.ref, both.ref].sort());
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/bottlenecks/${both.id}/support`, headers: member.headers }), 200);
    expect(refs(await list('list=support'))).toEqual([supported.ref]);
  });

  it('asks for an account and a list it knows', async () => {
    expectProblem(await t.app.inject({ url: '/api/me/following?list=follow' }), 401);
    expectProblem(await t.app.inject({ url: '/api/me/following?list=everything', headers: member.headers }), 400);
    expectProblem(await t.app.inject({ url: '/api/me/following', headers: member.headers }), 400);
  });
});
