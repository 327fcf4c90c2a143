import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Bulk moderation (issue 14): a moderator publishes or rejects several reports of the queue in one
 * transaction. All or none: a report that is no longer waiting makes the whole request a 409 that
 * names it, and nothing changes (no status, no event, no notice, no audit entry). Each report done
 * gets its own event, notice to its reporter and audit entry, as a single change gives them.
 */

let t: TestApp;
let moderator: Session;
let ip = 0;

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
});
afterAll(async () => {
  await t?.close();
});

async function submit(title: string, reporterEmail?: string) {
  const payload = { title, description: `Details of ${title}, written by the reporter.`, language: 'en', domain: 'social_security', countries: ['FI', 'EE'], ...(reporterEmail ? { reporterEmail } : {}) };
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload, remoteAddress: `198.18.7.${++ip}` }), 201).json() as { id: string; ref: string };
  // The reporter followed the confirmation link (notices go only to a confirmed address).
  if (reporterEmail) await t.db.kysely.updateTable('bottlenecks').set({ reporter_email_verified_at: new Date() }).where('id', '=', created.id).execute();
  return created;
}
const bulk = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/bottlenecks/moderate', headers: moderator.headers, payload });
const row = (id: string) => t.db.kysely.selectFrom('bottlenecks').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: string) => t.db.kysely.selectFrom('bottleneck_events').select(['kind', 'to_status', 'note']).where('bottleneck_id', '=', id).where('kind', '=', 'status').execute();
const audits = (id: string) => t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'bottleneck.updated').execute();
const mails = (to: string) => t.db.kysely.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', to).execute();

describe('bulk moderation of the queue', () => {
  it('publishes several reports together, each with its event, notice and audit entry', async () => {
    const a = await submit('Bulk tax card one', 'bulk.one@example.fi');
    const b = await submit('Bulk tax card two');
    const before = (await mails('bulk.one@example.fi')).length;
    const done = expectStatus(await bulk({ refs: [a.ref, b.id], status: 'published' }), 200).json();
    expect(done.items).toEqual([{ id: a.id, ref: a.ref }, { id: b.id, ref: b.ref }]);
    for (const item of [a, b]) {
      expect((await row(item.id)).status).toBe('published');
      expect((await row(item.id)).published_at).not.toBeNull();
      expect(await events(item.id)).toEqual([{ kind: 'status', to_status: 'published', note: null }]);
      expect(await audits(item.id)).toHaveLength(1);
    }
    expect((await mails('bulk.one@example.fi')).length).toBe(before + 1);
  });

  it('rejects only with a reason, which each reporter is told', async () => {
    const a = await submit('Bulk rejected one', 'bulk.rejected@example.fi');
    const refused = expectProblem(await bulk({ refs: [a.ref], status: 'rejected' }), 400);
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'body/note', code: 'required' })]);
    expect((await row(a.id)).status).toBe('submitted');
    const before = (await mails('bulk.rejected@example.fi')).length;
    expectStatus(await bulk({ refs: [a.ref], status: 'rejected', note: 'Not a cross-border matter.' }), 200);
    expect(await events(a.id)).toEqual([{ kind: 'status', to_status: 'rejected', note: 'Not a cross-border matter.' }]);
    const sent = await mails('bulk.rejected@example.fi');
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)!.body_text).toContain('Not a cross-border matter.');
  });

  it('changes nothing when one report is refused, and the 409 names it', async () => {
    const reports = [await submit('Bulk waiting one', 'bulk.waiting@example.fi'), await submit('Bulk waiting two'), await submit('Bulk waiting three', 'bulk.waiting@example.fi')];
    // The one refused is the last in the order rows are locked (by id), so the others would already be changed were it not one transaction.
    const done = reports.reduce((last, r) => (r.id > last.id ? r : last));
    const [a, c] = reports.filter((r) => r !== done);
    expectStatus(await bulk({ refs: [done.ref], status: 'published' }), 200);
    const mailsBefore = (await mails('bulk.waiting@example.fi')).length;
    const refused = expectProblem(await bulk({ refs: [a.ref, done.ref, c.ref], status: 'rejected', note: 'Duplicates.' }), 409) as unknown as { code: string; params: unknown };
    expect(refused.code).toBe('bulk-item-refused');
    expect(refused.params).toEqual({ ref: done.ref, from: 'published', to: 'rejected' });
    for (const item of [a, c]) {
      expect((await row(item.id)).status).toBe('submitted');
      expect(await events(item.id)).toEqual([]);
      expect(await audits(item.id)).toEqual([]);
    }
    expect((await row(done.id)).status).toBe('published');
    expect(await events(done.id)).toHaveLength(1);
    expect((await mails('bulk.waiting@example.fi')).length).toBe(mailsBefore);
  });

  it('names an unknown report as a field error and changes nothing', async () => {
    const a = await submit('Bulk with an unknown');
    const refused = expectProblem(await bulk({ refs: [a.ref, 'BN-1999-9999'], status: 'published' }), 400);
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'body/refs/1', code: 'unknown-bottleneck' })]);
    expect((await row(a.id)).status).toBe('submitted');
  });
});

describe('the moderation queue, page by page', () => {
  it('pages through every waiting report once, newest first, with the count of the whole queue', async () => {
    const submitted: { id: string; ref: string }[] = [];
    for (let i = 0; i < 23; i++) submitted.push(await submit(`Queue paging ${String(i).padStart(2, '0')}`));
    // Five reports made at the same moment: the order must still be total (id breaks the tie), or a page could repeat one and skip another.
    await t.db.kysely.updateTable('bottlenecks').set({ created_at: new Date('2030-01-01T00:00:00Z') }).where('id', 'in', submitted.slice(5, 10).map((r) => r.id)).execute();
    const expected = (
      await t.db.kysely.selectFrom('bottlenecks').select('id').where('status', '=', 'submitted').orderBy('created_at', 'desc').orderBy('id').execute()
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThanOrEqual(23);

    // As the moderation page asks: `?page=N&size=10` is limit 10 at offset (N - 1) × 10.
    const page = async (number: number, size = 10) => {
      const query = `status=submitted&sort=newest&limit=${size}&offset=${(number - 1) * size}`;
      return expectStatus(await t.app.inject({ url: `/api/bottlenecks?${query}`, headers: moderator.headers }), 200).json() as { items: { id: string; status: string }[]; total: number; limit: number; offset: number };
    };
    const pages = Math.ceil(expected.length / 10);
    const read: string[] = [];
    for (let number = 1; number <= pages; number++) {
      const answer = await page(number);
      expect(answer).toMatchObject({ total: expected.length, limit: 10, offset: (number - 1) * 10 });
      expect(answer.items.length).toBe(number < pages ? 10 : expected.length - (pages - 1) * 10);
      expect(answer.items.every((item) => item.status === 'submitted')).toBe(true);
      read.push(...answer.items.map((item) => item.id));
    }
    expect(read).toEqual(expected);
    // A page past the end is empty and still counts the queue (the page then goes to the last page).
    expect(await page(pages + 1)).toMatchObject({ items: [], total: expected.length });
    // Another page size reads the same queue.
    expect((await page(1, 50)).items.map((item) => item.id)).toEqual(expected.slice(0, 50));

    // Published or rejected reports leave the queue, and its count with them.
    expectStatus(await bulk({ refs: submitted.slice(0, 3).map((r) => r.ref), status: 'published' }), 200);
    const after = await page(1);
    expect(after.total).toBe(expected.length - 3);
    expect(after.items.map((item) => item.id)).toEqual(expected.filter((id) => !submitted.slice(0, 3).some((r) => r.id === id)).slice(0, 10));
  });

  it('is not shown to the public, nor to a member', async () => {
    await submit('Queue paging hidden');
    const member = (await loginAs(t, 'member')).session;
    for (const headers of [undefined, member.headers]) {
      const answer = expectStatus(await t.app.inject({ url: '/api/bottlenecks?status=submitted&sort=newest&limit=10&offset=0', headers }), 200).json();
      expect(answer).toMatchObject({ items: [], total: 0 });
    }
  });
});
