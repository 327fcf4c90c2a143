import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationDetail, FollowedConsultations } from '../../../shared/schemas/consultations.ts';
import { createUser, expectProblem, expectStatus, login, loginAs, PASSWORD, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { deliverOnce, mailText } from '../../test/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { outboxSweeps } from '../../app.ts';
import { CLOSING_NOTICE_HOURS, sweepConsultationMail } from './consultations.mail.ts';

/**
 * Following a consultation, and the three mails its followers get (issue 19 point 4): when it
 * opens, 48 hours before it closes, when its report is published; each once, in the follower's
 * language, through the outbox and a real SMTP server. The sweep runs with the clock passed in.
 */

const SITE = 'https://talsinki.example';
const HOUR = 3600_000;
let t: TestApp;
let smtp: TestSmtp;
const received: ReceivedMail[] = [];
let editor: Session;
let slugs = 0;
const people: Record<string, { email: string; session: Session; id: string }> = {};

async function person(key: string, locale: 'fi' | 'et' | 'en' | null) {
  const user = await createUser(t.db, 'member', `${key}@example.org`);
  await t.db.kysely.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  people[key] = { email: user.email, id: user.id, session: await login(t.app, user.email) };
}

async function create(title: string, opensAt: string, closesAt: string, published = true) {
  const payload = {
    slug: `followed-${++slugs}`,
    title: { en: `${title} (en)`, fi: `${title} (fi)`, et: `${title} (et)` },
    subject: 'text',
    opensAt,
    closesAt,
    commenting: 'open',
    support: 'open',
    moderation: 'after',
    published,
    sections: [{ kind: 'main', title: { en: 'Vision' }, body: { en: 'Text' } }],
  };
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload }), 201).json() as ConsultationDetail;
}
const follow = async (c: { id: string }, key: string, method: 'POST' | 'DELETE' = 'POST') =>
  expectStatus(await t.app.inject({ method, url: `/api/consultations/${c.id}/follow`, headers: people[key].session.headers }), 200).json();

const sweep = (now: string) => sweepConsultationMail(t.db.kysely, { now: new Date(now), publicUrl: SITE });

/** Delivers the outbox and answers what it sent about the consultation, by recipient. */
async function mailsAbout(title: string) {
  const before = received.length;
  await deliverOnce(t.db, smtp.url);
  const mails = received.slice(before).map((m) => ({ to: m.to, text: mailText(m.raw).replace(/\r\n/g, '\n') })).filter((m) => m.text.includes(title));
  return new Map(mails.flatMap((m) => m.to.map((to) => [to, m.text] as const)));
}
const subjectOf = (text: string | undefined) => (text ? /^Subject: (.*)$/m.exec(text)?.[1] : undefined);

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: (mail) => void received.push(mail) });
  t = await startTestApp({ publicUrl: SITE });
  editor = (await loginAs(t, 'editor')).session;
  await person('fi', 'fi');
  await person('et', 'et');
  await person('en', 'en');
  await person('nolang', null);
  await person('quiet', 'fi');
  await person('digest', 'et');
  await person('stranger', 'en');
  expectStatus(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: people.quiet.session.headers, payload: { consultation: 'none' } }), 200);
  expectStatus(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: people.digest.session.headers, payload: { consultation: 'digest' } }), 200);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('following a consultation', () => {
  it('needs an account (401), is idempotent both ways, and lists what the member follows', async () => {
    const c = await create('Ferry timetable draft', '2031-01-10T08:00:00Z', '2031-02-10T16:00:00Z');
    for (const method of ['GET', 'POST', 'DELETE'] as const) expectProblem(await t.app.inject({ method, url: `/api/consultations/${c.id}/follow` }), 401);
    const state = async () => expectStatus(await t.app.inject({ url: `/api/consultations/${c.slug}/follow`, headers: people.fi.session.headers }), 200).json();
    expect(await state()).toEqual({ following: false });
    expect(await follow(c, 'fi')).toEqual({ following: true });
    expect(await follow(c, 'fi')).toEqual({ following: true });
    expect(await state()).toEqual({ following: true });
    const rows = await t.db.kysely.selectFrom('consultation_followers').selectAll().where('consultation_id', '=', c.id).execute();
    expect(rows.map((r) => r.user_id)).toEqual([people.fi.id]);
    // By its reference too, as the consultation's other routes.
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.ref}/follow`, headers: people.fi.session.headers }), 200);

    const mine = expectStatus(await t.app.inject({ url: '/api/me/consultations', headers: people.fi.session.headers }), 200).json() as FollowedConsultations;
    expect(mine.items.map((i) => [i.ref, i.slug, i.title.fi, i.state])).toContainEqual([c.ref, c.slug, 'Ferry timetable draft (fi)', 'upcoming']);
    const theirs = expectStatus(await t.app.inject({ url: '/api/me/consultations', headers: people.stranger.session.headers }), 200).json() as FollowedConsultations;
    expect(theirs.items.map((i) => i.ref)).not.toContain(c.ref);
    expectProblem(await t.app.inject({ url: '/api/me/consultations' }), 401);

    expect(await follow(c, 'fi', 'DELETE')).toEqual({ following: false });
    expect(await follow(c, 'fi', 'DELETE')).toEqual({ following: false });
    expect(await state()).toEqual({ following: false });
    expect(await t.db.kysely.selectFrom('consultation_followers').selectAll().where('consultation_id', '=', c.id).execute()).toEqual([]);
  });

  it('answers 404 for a consultation not published or not there, and writes nothing', async () => {
    const hidden = await create('Unpublished draft', '2031-01-10T08:00:00Z', '2031-02-10T16:00:00Z', false);
    for (const id of [hidden.id, 'CN-1999-0001']) {
      expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${id}/follow`, headers: people.en.session.headers }), 404);
      expectProblem(await t.app.inject({ url: `/api/consultations/${id}/follow`, headers: people.en.session.headers }), 404);
    }
    expect(await t.db.kysely.selectFrom('consultation_followers').selectAll().where('consultation_id', '=', hidden.id).execute()).toEqual([]);
  });

  it('is in the personal-data export, and deleting the account deletes its follows', async () => {
    const c = await create('Export follow', '2031-01-10T08:00:00Z', '2031-02-10T16:00:00Z');
    const user = await createUser(t.db, 'member');
    const session = await login(t.app, user.email);
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/follow`, headers: session.headers }), 200);
    const exported = expectStatus(await t.app.inject({ url: '/api/me/export', headers: session.headers }), 200).json();
    expect(exported.consultationFollows).toEqual([expect.objectContaining({ ref: c.ref, title: expect.objectContaining({ en: 'Export follow (en)' }) })]);
    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/me', headers: session.headers, payload: { password: PASSWORD } }), 204);
    expect(await t.db.kysely.selectFrom('consultation_followers').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
  });
});

describe('the followers\' mails', () => {
  it('is one of the sweeps the outbox worker runs', () => {
    expect(outboxSweeps.map((s) => s.name)).toContain('consultations');
  });

  it('mails each follower once when it opens, 48 hours before it closes and when its report is published, in their language', async () => {
    const title = 'Tunnel corridor plan';
    const c = await create(title, '2030-03-01T08:00:00Z', '2030-03-15T16:00:00Z');
    for (const key of ['fi', 'et', 'en', 'nolang', 'quiet', 'digest']) await follow(c, key);
    const { fi, et, en, nolang, quiet, stranger } = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.email]));

    // Before it opens: nothing.
    expect((await sweep('2030-03-01T07:59:00Z')).opened).toBe(0);
    expect((await mailsAbout(title)).size).toBe(0);

    // Opened.
    expect(await sweep('2030-03-01T08:30:00Z')).toMatchObject({ opened: 1, closing: 0, report: 0 });
    let mails = await mailsAbout(title);
    expect([...mails.keys()].sort()).toEqual([en, et, fi, nolang].sort());
    expect(mails.has(quiet)).toBe(false);
    expect(mails.has(stranger)).toBe(false);
    expect(subjectOf(mails.get(fi))).toBe(`Kuuleminen avattu: ${title} (fi)`);
    expect(subjectOf(mails.get(et))).toBe(`Konsultatsioon on avatud: ${title} (et)`);
    expect(subjectOf(mails.get(en))).toBe(`Consultation open: ${title} (en)`);
    expect(subjectOf(mails.get(nolang))).toBe(`Consultation open: ${title} (en)`);
    expect(mails.get(fi)).toContain(`${SITE}/consultations/${c.slug}`);
    expect(mails.get(fi)).toContain('15. maaliskuuta 2030 klo 18.00');
    expect(mails.get(en)).toContain('15 March 2030 at 18:00');
    // The notice footer: why it came and how to stop it.
    expect(mails.get(en)).toContain('You receive this because you follow this consultation.');
    expect(mails.get(en)).toMatch(new RegExp(`${SITE}/unsubscribe\\?token=[A-Za-z0-9_-]{20,}`));
    expect(mails.get(et)).toContain('Teie jälgitavad konsultatsioonid');
    // The member who takes a daily summary has it kept for the digest, in their language.
    const kept = await t.db.kysely.selectFrom('notice_digest_items').select(['kind', 'subject', 'url']).where('user_id', '=', people.digest.id).execute();
    expect(kept).toEqual([{ kind: 'consultation', subject: `Konsultatsioon on avatud: ${title} (et)`, url: `${SITE}/consultations/${c.slug}` }]);

    // Never twice.
    expect(await sweep('2030-03-01T09:00:00Z')).toMatchObject({ opened: 0, closing: 0 });
    expect((await mailsAbout(title)).size).toBe(0);

    // Not yet within 48 hours of the close; then within.
    const close = new Date('2030-03-15T16:00:00Z').getTime();
    expect((await sweep(new Date(close - (CLOSING_NOTICE_HOURS + 1) * HOUR).toISOString())).closing).toBe(0);
    expect((await mailsAbout(title)).size).toBe(0);
    expect((await sweep(new Date(close - (CLOSING_NOTICE_HOURS - 1) * HOUR).toISOString())).closing).toBe(1);
    mails = await mailsAbout(title);
    expect([...mails.keys()].sort()).toEqual([en, et, fi, nolang].sort());
    expect(subjectOf(mails.get(fi))).toBe(`Kuuleminen päättyy 15. maaliskuuta 2030 klo 18.00: ${title} (fi)`);
    expect(subjectOf(mails.get(et))).toBe(`Konsultatsioon lõpeb 15. märts 2030, kell 18:00: ${title} (et)`);
    expect(mails.get(en)).toContain(`The consultation "${title} (en)" (${c.ref}) closes on 15 March 2030 at 18:00`);
    expect((await sweep(new Date(close - HOUR).toISOString())).closing).toBe(0);
    expect((await mailsAbout(title)).size).toBe(0);

    // Closed: no more until the report is published; then once, with its link.
    expect(await sweep('2030-03-16T10:00:00Z')).toMatchObject({ opened: 0, closing: 0, report: 0 });
    await t.db.kysely.updateTable('consultations').set({ report_published_at: new Date('2030-03-20T10:00:00Z') }).where('id', '=', c.id).execute();
    expect((await sweep('2030-03-20T09:00:00Z')).report).toBe(0);
    expect((await sweep('2030-03-20T10:30:00Z')).report).toBe(1);
    mails = await mailsAbout(title);
    expect([...mails.keys()].sort()).toEqual([en, et, fi, nolang].sort());
    expect(subjectOf(mails.get(fi))).toBe(`Kuulemisen raportti julkaistu: ${title} (fi)`);
    expect(subjectOf(mails.get(et))).toBe(`Konsultatsiooni aruanne on avaldatud: ${title} (et)`);
    expect(mails.get(en)).toContain(`${SITE}/consultations/${c.slug}/report`);
    expect((await sweep('2030-03-21T10:30:00Z')).report).toBe(0);
    expect((await mailsAbout(title)).size).toBe(0);
    const stamps = await t.db.kysely.selectFrom('consultations').select(['notified_opened_at', 'notified_closing_at', 'notified_report_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(Object.values(stamps).every(Boolean)).toBe(true);
  });

  it('sends one mail, the opened one, for a consultation open less than 48 hours, and none for one that closed unseen or is unpublished', async () => {
    const short = await create('Short hearing', '2030-05-01T08:00:00Z', '2030-05-02T08:00:00Z');
    const missed = await create('Missed hearing', '2030-05-01T08:00:00Z', '2030-05-01T09:00:00Z');
    const hidden = await create('Hidden hearing', '2030-05-01T08:00:00Z', '2030-05-20T08:00:00Z', false);
    for (const c of [short, missed]) await follow(c, 'en');
    await t.db.kysely.insertInto('consultation_followers').values({ consultation_id: hidden.id, user_id: people.en.id }).execute();

    expect(await sweep('2030-05-01T10:00:00Z')).toMatchObject({ opened: 1, closing: 0 });
    const mails = await mailsAbout('hearing');
    expect([...mails.values()].map(subjectOf)).toEqual(['Consultation open: Short hearing (en)']);
    // It says when it closes, and stands for the closing mail.
    expect(mails.get(people.en.email)).toContain('until 2 May 2030 at 11:00');
    expect(await sweep('2030-05-02T07:00:00Z')).toMatchObject({ opened: 0, closing: 0 });
    expect((await mailsAbout('hearing')).size).toBe(0);
  });

  it('mails a follower who disabled their account nothing', async () => {
    const c = await create('Disabled follower', '2030-07-01T08:00:00Z', '2030-07-30T08:00:00Z');
    await follow(c, 'stranger');
    await t.db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', people.stranger.id).execute();
    expect((await sweep('2030-07-01T09:00:00Z')).opened).toBe(1);
    expect((await mailsAbout('Disabled follower')).size).toBe(0);
  });
});
