import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentList, ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { createConsultation } from './consultations.fixture.ts';

/**
 * A section's public page is kept in the process's cache under its consultation's comments version
 * (0045): every change to the comments must move that version, or the page would be served stale.
 */

let t: TestApp;
let editor: Session;
let moderator: Session;
let c: ConsultationDetail;


const page = async (query = '') => expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/comments?section=${c.sections[0].id}${query}` }), 200).json() as CommentList;
const post = async (body: string, ip: string, parent?: string) =>
  expectStatus(
    await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments${parent ? `/${parent}/replies` : ''}`, payload: { ...(parent ? {} : { sectionId: c.sections[0].id }), language: 'en', body }, remoteAddress: ip }),
    201,
  ).json() as Comment;
const version = async () => Number((await t.db.kysely.selectFrom('consultations').select('comments_version').where('id', '=', c.id).executeTakeFirstOrThrow()).comments_version);

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
  c = await createConsultation(t, editor, { slug: 'cached-pages', title: { en: 'Cached pages' } });
});
afterAll(() => t?.close());

describe('a section page kept in the cache', () => {
  it('follows every change to its comments: posted, replied, supported, rejected, changed in the database', async () => {
    expect((await page()).total).toBe(0);
    const first = await post('The first comment.', '192.0.2.101');
    expect((await page()).items.map((i) => i.id)).toEqual([first.id]);
    const second = await post('The second comment.', '192.0.2.102');
    expect((await page()).items.map((i) => i.id)).toEqual([second.id, first.id]);
    expect((await page()).total).toBe(2);

    const reply = await post('A reply.', '192.0.2.103', first.id);
    expect((await page()).items.find((i) => i.id === first.id)?.replies.map((r) => r.id)).toEqual([reply.id]);

    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${first.id}/support`, remoteAddress: '192.0.2.104' }), 200);
    expect((await page('&sort=support')).items.map((i) => [i.id, i.supportCount])).toEqual([[first.id, 1], [second.id, 0]]);

    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${second.id}/moderation`, headers: moderator.headers, payload: { state: 'rejected', reason: 'spam' } }), 200);
    expect((await page()).items.map((i) => i.id)).toEqual([first.id]);

    // A change made in the database, past the service, moves the version too: the triggers own it.
    const before = await version();
    await t.db.kysely.updateTable('consultation_comments').set({ body: 'Edited in the database.' }).where('id', '=', first.id).execute();
    expect(await version()).toBe(before + 1);
    expect((await page()).items[0].body).toBe('Edited in the database.');
  });

  it('moves the version once for a statement that writes many comments', async () => {
    const before = await version();
    await t.db.kysely
      .insertInto('consultation_comments')
      .values(Array.from({ length: 50 }, (_, i) => ({ consultation_id: c.id, section_id: c.sections[0].id, ref: `CC-BULK-${i}`, body: `Bulk ${i}`, language: 'en' as const, respondent_key: `a:bulk${i}`, side: 'unknown' as const, state: 'published' as const })))
      .execute();
    expect(await version()).toBe(before + 1);
  });
});

describe('one comment by its address', () => {
  it('is the published comment with its replies, and 404 for a rejected one, another consultation’s or none', async () => {
    const kept = await post('Kept on its own address.', '192.0.2.111');
    const reply = await post('Answered.', '192.0.2.112', kept.id);
    const one = expectStatus(await t.app.inject({ url: `/api/consultations/${c.slug}/comments/${kept.id}` }), 200).json() as Comment;
    expect([one.id, one.body, one.outcome, one.replies.map((r) => r.id)]).toEqual([kept.id, 'Kept on its own address.', null, [reply.id]]);
    expect((expectStatus(await t.app.inject({ url: `/api/consultations/${c.slug}/comments/${reply.id}` }), 200).json() as Comment).replies).toEqual([]);

    const gone = await post('To be rejected.', '192.0.2.113');
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${gone.id}/moderation`, headers: moderator.headers, payload: { state: 'rejected', reason: 'spam' } }), 200);
    expect(expectProblem(await t.app.inject({ url: `/api/consultations/${c.slug}/comments/${gone.id}` }), 404).status).toBe(404);
    const other = await createConsultation(t, editor, { slug: 'other-pages' });
    expectProblem(await t.app.inject({ url: `/api/consultations/${other.id}/comments/${kept.id}` }), 404);
    expectProblem(await t.app.inject({ url: `/api/consultations/${c.slug}/comments/${crypto.randomUUID()}` }), 404);
    expectProblem(await t.app.inject({ url: `/api/consultations/${c.slug}/comments/not-a-uuid` }), 400);
  });
});
