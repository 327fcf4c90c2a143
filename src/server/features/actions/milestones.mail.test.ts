import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, expectStatus, login, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { deliverOnce, mailText } from '../../test/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { outboxSweeps } from '../../app.ts';
import { createTransport, startOutboxWorker } from '../notifications/notifications.service.ts';
import { DUE_NOTICE_DAYS, sweepMilestones } from './milestones.mail.ts';

/**
 * Milestones coming due and slipping are mailed once each to the service owners of the action's
 * R and A institutions and to the editors, in each one's language, through the outbox and a real
 * SMTP server; the sweep runs with the clock passed in.
 */

const SITE = 'https://talsinki.example';
let t: TestApp;
let smtp: TestSmtp;
const received: ReceivedMail[] = [];
let editor: Session;
const people: Record<string, string> = {};
let raci: object[];

const at = (day: string) => new Date(`${day}T10:00:00Z`);
const sweep = (day: string) => sweepMilestones(t.db.kysely, { now: at(day), publicUrl: SITE });

async function person(key: string, role: 'editor' | 'admin' | 'service_owner' | 'member', locale: 'fi' | 'et' | 'en' | null, institution?: string) {
  const user = await createUser(t.db, role, `${key}@example.org`);
  const institutionId = institution ? expectStatus(await t.app.inject({ url: `/api/institutions/${institution}` }), 200).json().id : null;
  await t.db.kysely.updateTable('users').set({ locale, institution_id: institutionId }).where('id', '=', user.id).execute();
  people[key] = user.email;
  return user;
}

async function newAction(title: string) {
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: title, fi: `${title} (fi)` }, domain: 'social_security', startsOn: '2027-01-01', endsOn: '2027-12-31', raci } }), 201).json() as { id: string; ref: string };
}
async function newMilestone(ref: string, dueOn: string, title = 'Forms agreed with both offices') {
  return expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${ref}/milestones`, headers: editor.headers, payload: { title: { en: title, et: `${title} (et)` }, dueOn } }), 201).json() as { id: string };
}
const changeMilestone = async (ref: string, id: string, payload: object) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${ref}/milestones/${id}`, headers: editor.headers, payload }), 200);

/** Delivers the outbox and answers what it sent about the action, by recipient: its subject and body. */
async function mailsAbout(ref: string) {
  const before = received.length;
  await deliverOnce(t.db, smtp.url);
  const mails = received.slice(before).map((m) => ({ to: m.to, text: mailText(m.raw).replace(/\r\n/g, '\n') })).filter((m) => m.text.includes(ref));
  return new Map(mails.flatMap((m) => m.to.map((to) => [to, m.text] as const)));
}
const planVersion = async () => (await t.db.kysely.selectFrom('action_plan_version').select('version').executeTakeFirstOrThrow()).version;
/** Called with each message the SMTP server takes, while a test waits for one. */
let arrival: ((mail: ReceivedMail) => void) | undefined;
const subjectOf = (text: string) => /^Subject: (.*)$/m.exec(text)?.[1];

beforeAll(async () => {
  smtp = await startTestSmtp({
    onMessage: (mail) => {
      received.push(mail);
      arrival?.(mail);
    },
  });
  t = await startTestApp({ publicUrl: SITE });
  const id = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  raci = [
    { institutionId: await id('kela'), role: 'A', lead: true },
    { institutionId: await id('sotsiaalkindlustusamet'), role: 'R' },
    { institutionId: await id('hsl'), role: 'C' },
    { institutionId: await id('vero'), role: 'I' },
  ];
  editor = await login(t.app, (await person('editor-fi', 'editor', 'fi')).email);
  await person('admin-et', 'admin', 'et');
  await person('owner-kela', 'service_owner', 'en', 'kela');
  await person('owner-ska', 'service_owner', 'et', 'sotsiaalkindlustusamet');
  await person('owner-hsl', 'service_owner', 'fi', 'hsl');
  await person('owner-vero', 'service_owner', 'fi', 'vero');
  await person('owner-nolang', 'service_owner', null, 'kela');
  await person('member', 'member', 'fi');
  const gone = await person('editor-disabled', 'editor', 'en');
  await t.db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', gone.id).execute();
});
// Each test's clock runs on past the last one's: its milestones are closed, so they slip in no later test.
afterEach(async () => {
  await t.db.kysely.updateTable('action_milestones').set({ done_on: '2027-01-01' }).where('done_on', 'is', null).execute();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const EXPECTED = ['editor-fi', 'admin-et', 'owner-kela', 'owner-ska', 'owner-nolang'];
const recipients = (mails: Map<string, string>) => [...mails.keys()].sort();
const addresses = (keys: string[]) => keys.map((k) => people[k]).sort();

describe('milestone mails', () => {
  it(`mails a milestone ${DUE_NOTICE_DAYS} days before it is due, once, to the R and A institutions' service owners and the editors, each in their language`, async () => {
    const action = await newAction('Exchange A1 certificates monthly');
    await newMilestone(action.ref, '2027-03-10');

    expect(await sweep('2027-03-02')).toEqual({ due: 0, slipped: 0 });
    expect(await mailsAbout(action.ref)).toEqual(new Map());

    const version = await planVersion();
    expect(await sweep('2027-03-03')).toEqual({ due: 1, slipped: 0 });
    // Marking it mailed about changes nothing the roadmap draws: its cached version stays.
    expect(await planVersion()).toBe(version);
    expect(await sweep('2027-03-03')).toEqual({ due: 0, slipped: 0 });
    expect(await sweep('2027-03-09')).toEqual({ due: 0, slipped: 0 });
    const mails = await mailsAbout(action.ref);
    // The consulted (HSL) and informed (Vero) institutions' owners, a member and a disabled editor get none.
    expect(recipients(mails)).toEqual(addresses(EXPECTED));
    expect(await mailsAbout(action.ref)).toEqual(new Map());

    expect(subjectOf(mails.get(people['editor-fi'])!)).toBe(`${action.ref}: välitavoitteen määräpäivä 10. maaliskuuta 2027`);
    expect(mails.get(people['editor-fi'])).toContain(`Toimenpiteen ”Exchange A1 certificates monthly (fi)” (${action.ref})`);
    expect(subjectOf(mails.get(people['admin-et'])!)).toBe(`${action.ref}: vahe-eesmärgi tähtaeg 10. märts 2027`);
    expect(mails.get(people['admin-et'])).toContain('Forms agreed with both offices (et)');
    expect(subjectOf(mails.get(people['owner-ska'])!)).toBe(`${action.ref}: vahe-eesmärgi tähtaeg 10. märts 2027`);
    expect(subjectOf(mails.get(people['owner-kela'])!)).toBe(`${action.ref}: milestone due 10 March 2027`);
    // No language chosen: English.
    expect(subjectOf(mails.get(people['owner-nolang'])!)).toBe(`${action.ref}: milestone due 10 March 2027`);
    const english = mails.get(people['owner-kela'])!;
    expect(english).toContain(`A milestone of the action "Exchange A1 certificates monthly" (${action.ref}) is due on 10 March 2027:`);
    expect(english).toContain('Forms agreed with both offices\n');
    expect(english).toContain(`${SITE}/actions/${action.ref}\n`);
    // A notice: why it came, and how to stop it.
    expect(english).toContain('service owner of an institution Responsible or Accountable for this action');
    expect(english).toMatch(/^List-Unsubscribe: <https:\/\/talsinki\.example\/api\/notices\/unsubscribe\?token=/m);
  });

  it('mails once more when it slips, and again for a new due day', async () => {
    const action = await newAction('Publish named contacts');
    const milestone = await newMilestone(action.ref, '2027-04-10', 'Contacts on both websites');
    expect(await sweep('2027-04-05')).toEqual({ due: 1, slipped: 0 });
    await mailsAbout(action.ref);

    // Due on the 10th: still due that day, slipped from the next.
    expect(await sweep('2027-04-10')).toEqual({ due: 0, slipped: 0 });
    expect(await sweep('2027-04-11')).toEqual({ due: 0, slipped: 1 });
    expect(await sweep('2027-04-12')).toEqual({ due: 0, slipped: 0 });
    const slipped = await mailsAbout(action.ref);
    expect(recipients(slipped)).toEqual(addresses(EXPECTED));
    expect(subjectOf(slipped.get(people['owner-kela'])!)).toBe(`${action.ref}: milestone overdue (due 10 April 2027)`);
    expect(subjectOf(slipped.get(people['editor-fi'])!)).toBe(`${action.ref}: välitavoite myöhässä (määräpäivä 10. huhtikuuta 2027)`);
    expect(subjectOf(slipped.get(people['owner-ska'])!)).toBe(`${action.ref}: vahe-eesmärk on hilinenud (tähtaeg 10. aprill 2027)`);

    // A new due day is mailed about afresh: coming due, then slipping.
    await changeMilestone(action.ref, milestone.id, { dueOn: '2027-05-20' });
    expect(await sweep('2027-05-12')).toEqual({ due: 0, slipped: 0 });
    expect(await sweep('2027-05-13')).toEqual({ due: 1, slipped: 0 });
    const due = await mailsAbout(action.ref);
    expect(recipients(due)).toEqual(addresses(EXPECTED));
    expect(subjectOf(due.get(people['owner-kela'])!)).toBe(`${action.ref}: milestone due 20 May 2027`);
    expect(await sweep('2027-05-21')).toEqual({ due: 0, slipped: 1 });
    expect(subjectOf((await mailsAbout(action.ref)).get(people['owner-kela'])!)).toBe(`${action.ref}: milestone overdue (due 20 May 2027)`);

    // Another change that is not the due day (its title) mails nothing, and moves the roadmap's version.
    const version = await planVersion();
    await changeMilestone(action.ref, milestone.id, { title: { en: 'Contacts on both websites, in three languages' } });
    expect(await planVersion()).not.toBe(version);
    expect(await sweep('2027-05-22')).toEqual({ due: 0, slipped: 0 });
  });

  it('sends only the slip mail for a milestone first seen past due', async () => {
    const action = await newAction('Agree a shared checklist');
    await newMilestone(action.ref, '2027-02-01');
    expect(await sweep('2027-02-15')).toEqual({ due: 0, slipped: 1 });
    expect(await sweep('2027-02-16')).toEqual({ due: 0, slipped: 0 });
    const mails = await mailsAbout(action.ref);
    expect(recipients(mails)).toEqual(addresses(EXPECTED));
    expect(subjectOf(mails.get(people['owner-kela'])!)).toBe(`${action.ref}: milestone overdue (due 1 February 2027)`);
  });

  it('sends no slip mail for a milestone done, nor any for a dropped action', async () => {
    const action = await newAction('Remove paper forms');
    const milestone = await newMilestone(action.ref, '2027-06-10');
    expect(await sweep('2027-06-04')).toEqual({ due: 1, slipped: 0 });
    await changeMilestone(action.ref, milestone.id, { doneOn: '2027-06-09' });
    expect(await sweep('2027-06-11')).toEqual({ due: 0, slipped: 0 });

    const dropped = await newAction('Joint benefit calculator');
    await newMilestone(dropped.ref, '2027-06-10');
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${dropped.ref}`, headers: editor.headers, payload: { state: 'dropped', dropReason: 'Both offices chose the EU calculator instead.' } }), 200);
    expect(await sweep('2027-06-04')).toEqual({ due: 0, slipped: 0 });
    expect(await sweep('2027-06-11')).toEqual({ due: 0, slipped: 0 });
    const mails = await mailsAbout(action.ref);
    expect(recipients(mails)).toEqual(addresses(EXPECTED));
    expect(await mailsAbout(dropped.ref)).toEqual(new Map());
  });

  it('follows the notice settings: none, the digest, or at once', async () => {
    const quiet = await person('owner-quiet', 'service_owner', 'en', 'kela');
    const digest = await person('owner-digest', 'service_owner', 'en', 'kela');
    for (const [user, delivery] of [[quiet, 'none'], [digest, 'digest']] as const) {
      const session = await login(t.app, user.email);
      expectStatus(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: session.headers, payload: { milestone: delivery } }), 200);
    }
    const action = await newAction('Train front-line staff');
    await newMilestone(action.ref, '2027-07-10');
    expect(await sweep('2027-07-05')).toEqual({ due: 1, slipped: 0 });
    const mails = await mailsAbout(action.ref);
    expect(recipients(mails)).toEqual(addresses(EXPECTED));
    const kept = await t.db.kysely.selectFrom('notice_digest_items').select(['user_id', 'kind', 'subject', 'url']).where('url', '=', `${SITE}/actions/${action.ref}`).execute();
    expect(kept).toEqual([{ user_id: digest.id, kind: 'milestone', subject: `${action.ref}: milestone due 10 July 2027`, url: `${SITE}/actions/${action.ref}` }]);
    await t.db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('id', 'in', [quiet.id, digest.id]).execute();
  });

  it('mails a demo action’s milestones to the demo’s own accounts only', async () => {
    const demoEditor = await person('demo-editor', 'editor', 'en');
    await t.db.kysely.updateTable('users').set({ is_demo: true }).where('id', '=', demoEditor.id).execute();
    const action = await newAction('Demo: a cross-border service desk');
    await t.db.kysely.updateTable('actions').set({ is_demo: true }).where('id', '=', action.id).execute();
    await newMilestone(action.ref, '2027-08-10');
    expect(await sweep('2027-08-05')).toEqual({ due: 1, slipped: 0 });
    expect(recipients(await mailsAbout(action.ref))).toEqual([people['demo-editor']]);
  });

  it('is swept by the outbox worker every server runs, which delivers its mail in the same tick', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const action = expectStatus(
      await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: 'Swept by the worker' }, domain: 'mobility', startsOn: day, endsOn: `${Number(day.slice(0, 4)) + 1}-12-31`, raci } }),
      201,
    ).json() as { ref: string };
    await newMilestone(action.ref, soon);
    // Editors of earlier tests (the demo's among them) are mailed too; this test waits for one of its own addressees.
    const addressees = EXPECTED.map((key) => people[key]);
    const delivered = new Promise<ReceivedMail>((resolve) => {
      arrival = (mail) => {
        if (mailText(mail.raw).includes(`${action.ref}: milestone due`) && addressees.includes(mail.to[0])) resolve(mail);
      };
    });
    const worker = startOutboxWorker(t.db.kysely, createTransport(smtp.url), 'Talsinki <no-reply@talsinki.example>', 20, { error: (o) => console.error(o) }, SITE, outboxSweeps);
    try {
      const mail = mailText((await delivered).raw).replace(/\r\n/g, '\n');
      expect(mail).toContain(`${SITE}/actions/${action.ref}\n`);
      expect(addressees).toContain((await delivered).to[0]);
    } finally {
      await worker.stop();
      arrival = undefined;
    }
  });

  it('is swept without SMTP too: the mail waits in the outbox, unsent, so nothing comes in one burst once SMTP is set', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const action = expectStatus(
      await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: 'Swept with no SMTP' }, domain: 'mobility', startsOn: day, endsOn: `${Number(day.slice(0, 4)) + 1}-12-31`, raci } }),
      201,
    ).json() as { ref: string };
    await newMilestone(action.ref, soon);
    const waiting = () => t.db.kysely.selectFrom('outbox').select(['sent_at']).where('subject', 'like', `%${action.ref}%`).execute();
    const worker = startOutboxWorker(t.db.kysely, null, 'Talsinki <no-reply@talsinki.example>', 20, { error: (o) => console.error(o) }, SITE, outboxSweeps);
    try {
      const rows = await vi.waitFor(async () => {
        const found = await waiting();
        expect(found.length).toBeGreaterThan(0);
        return found;
      }, { timeout: 10_000, interval: 20 });
      expect(rows.every((row) => row.sent_at === null)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
