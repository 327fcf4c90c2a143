import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { isoToZoned, zonedToIso } from '../../../shared/zoned.ts';
import { deliverOnce, mailText } from '../../test/mail.ts';
import { digestCutoff, runDigest } from './notices.ts';

/**
 * Issue 14: a member chooses, per kind of notice, instant, daily digest or none; notices say why
 * they came and carry a one-click unsubscribe (RFC 8058) that works once.
 */

const SITE = 'https://talsinki.example';
let t: TestApp;
let smtp: TestSmtp;
const received: ReceivedMail[] = [];
let editor: Session;
let moderator: Session;

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: (mail) => void received.push(mail) });
  t = await startTestApp({ publicUrl: SITE });
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const mailTo = (address: string) => received.filter((m) => m.to.includes(address));
const pending = (address: string) => t.db.kysely.selectFrom('outbox').selectAll().where('to_address', '=', address).where('sent_at', 'is', null).execute();

let reportCount = 0;
/** A published bottleneck. */
async function published() {
  const created = expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${100 + ++reportCount}`, payload: { title: `Cross-border tax card number ${reportCount}`, description: 'The tax card from Finland is not accepted by the Estonian employer without a visit.', language: 'en', domain: 'legal', countries: ['FI', 'EE'] } }),
    201,
  ).json();
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } }), 200);
  return created as { id: string; ref: string };
}
const changeStatus = async (id: string, status: string) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${id}`, headers: editor.headers, payload: { status } }), 200);

/** A member who follows a fresh bottleneck, with their settings for status changes. */
async function follower(email: string, status?: 'instant' | 'digest' | 'none', locale: 'fi' | 'et' | 'en' = 'en') {
  const user = await createUser(t.db, 'member', email);
  await t.db.kysely.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  const session = await login(t.app, email);
  const bottleneck = await published();
  expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneck.id}/follow`, headers: session.headers }), 201);
  if (status) expectStatus(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: session.headers, payload: { status } }), 200);
  return { user, session, bottleneck };
}

describe('notice settings', () => {
  it('starts every kind at instant, offers responses to editors only and milestones to editors and service owners, and keeps what is saved', async () => {
    const { session } = await follower('settings@example.fi');
    const before = expectStatus(await t.app.inject({ url: '/api/me/notices', headers: session.headers }), 200).json();
    expect(before.items).toEqual([
      { kind: 'status', delivery: 'instant', default: 'instant' },
      { kind: 'answer', delivery: 'instant', default: 'instant' },
      { kind: 'invitation', delivery: 'instant', default: 'instant' },
      { kind: 'consultation', delivery: 'instant', default: 'instant' },
    ]);
    expect(expectStatus(await t.app.inject({ url: '/api/me/notices', headers: editor.headers }), 200).json().items.map((i: { kind: string }) => i.kind)).toEqual(['status', 'answer', 'invitation', 'response', 'milestone', 'consultation']);
    const owner = await loginAs(t, 'service_owner');
    expect(expectStatus(await t.app.inject({ url: '/api/me/notices', headers: owner.session.headers }), 200).json().items.map((i: { kind: string }) => i.kind)).toEqual(['status', 'answer', 'invitation', 'milestone', 'consultation']);

    const saved = expectStatus(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: session.headers, payload: { status: 'digest', answer: 'none' } }), 200).json();
    expect(saved.items.map((i: { delivery: string }) => i.delivery)).toEqual(['digest', 'none', 'instant', 'instant']);
    const again = expectStatus(await t.app.inject({ url: '/api/me/notices', headers: session.headers }), 200).json();
    expect(again).toEqual(saved);
    expectProblem(await t.app.inject({ url: '/api/me/notices' }), 401);
  });

  it('refuses a value it does not know, or a kind, with a 400, and changes nothing', async () => {
    const { session } = await follower('badvalue@example.fi', 'digest');
    const before = expectStatus(await t.app.inject({ url: '/api/me/notices', headers: session.headers }), 200).json();
    for (const payload of [{ status: 'weekly', answer: 'none' }, { answer: 'none', gossip: 'none' }, {}, { answer: 'none', status: null }]) {
      const problem = expectProblem(await t.app.inject({ method: 'PUT', url: '/api/me/notices', headers: session.headers, payload }), 400);
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    expect(expectStatus(await t.app.inject({ url: '/api/me/notices', headers: session.headers }), 200).json()).toEqual(before);
  });
});

describe('notices by the member’s settings', () => {
  it('sends nothing for a kind set to none', async () => {
    const { bottleneck } = await follower('none@example.fi', 'none');
    await changeStatus(bottleneck.id, 'under_assessment');
    expect(await pending('none@example.fi')).toEqual([]);
    expect(await t.db.kysely.selectFrom('notice_digest_items as d').innerJoin('users as u', 'u.id', 'd.user_id').select('d.id').where('u.email', '=', 'none@example.fi').execute()).toEqual([]);
  });

  it('sends one message at once for instant, saying why, with the settings page and a one-click unsubscribe', async () => {
    const { bottleneck } = await follower('instant@example.fi', 'instant', 'fi');
    await changeStatus(bottleneck.id, 'under_assessment');
    expect(await pending('instant@example.fi')).toHaveLength(1);
    await deliverOnce(t.db, smtp.url);
    const mails = mailTo('instant@example.fi');
    expect(mails).toHaveLength(1);
    const mail = mailText(mails[0].raw);
    expect(mail).toContain(`Subject: ${bottleneck.ref}: Arvioitavana`);
    expect(mail).toContain('Saat tämän viestin, koska seuraat tätä rajaestettä.');
    expect(mail).toContain(`${SITE}/following`);
    expect(mail).toMatch(new RegExp(`${SITE}/unsubscribe\\?token=[\\w-]+`));
    // A long header may be folded anywhere, even inside its address: read it whole.
    const headers = mails[0].raw.split(/\r\n\r\n/)[0].replace(/\r\n[ \t]+/g, '');
    expect(headers).toMatch(new RegExp(`List-Unsubscribe: ?<${SITE}/api/notices/unsubscribe\\?token=[\\w-]+>`));
    expect(mail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('collects the day’s notices into one digest in the member’s language when the digest runs the next morning', async () => {
    const { bottleneck } = await follower('digest@example.ee', 'digest', 'et');
    const other = await published();
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${other.id}/follow`, headers: (await login(t.app, 'digest@example.ee')).headers }), 201);
    await changeStatus(bottleneck.id, 'under_assessment');
    await changeStatus(other.id, 'under_assessment');
    await changeStatus(bottleneck.id, 'in_dialogue');
    expect(await pending('digest@example.ee')).toEqual([]);

    // Today's notices wait for tomorrow's digest, whatever the hour now.
    expect(await runDigest(t.db.kysely, { now: new Date(), publicUrl: SITE })).toEqual({ sent: 0 });
    const today = isoToZoned(new Date().toISOString(), 'Europe/Helsinki').slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // Before seven in the morning, not yet.
    expect(await runDigest(t.db.kysely, { now: new Date(zonedToIso(`${tomorrow}T06:59`, 'Europe/Helsinki')), publicUrl: SITE })).toEqual({ sent: 0 });
    const morning = new Date(zonedToIso(`${tomorrow}T07:30`, 'Europe/Helsinki'));
    expect(await runDigest(t.db.kysely, { now: morning, publicUrl: SITE })).toEqual({ sent: 1 });
    // Once a day: running again sends nothing more.
    expect(await runDigest(t.db.kysely, { now: new Date(morning.getTime() + 60_000), publicUrl: SITE })).toEqual({ sent: 0 });

    await deliverOnce(t.db, smtp.url);
    const mails = mailTo('digest@example.ee');
    expect(mails).toHaveLength(1);
    const mail = mailText(mails[0].raw);
    expect(mail).toContain('Subject: Talsinki: päeva kokkuvõte, 3 teavitust');
    expect(mail).toContain(`${bottleneck.ref}: Hindamisel`);
    expect(mail).toContain(`${bottleneck.ref}: Dialoogis`);
    expect(mail).toContain(`${other.ref}: Hindamisel`);
    expect(mail).toContain(`${SITE}/bottlenecks/${other.ref}`);
    expect(mail).toContain('Saate selle kokkuvõtte kord päevas, sest valisite selle järgmistele teavitustele: Oleku muutused.');
    expect(mail).toContain(`${SITE}/following`);
    expect(mail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('unsubscribes with one click once: that kind becomes none, and the link then says it is spent', async () => {
    const { session, bottleneck } = await follower('unsub@example.fi');
    await changeStatus(bottleneck.id, 'under_assessment');
    await deliverOnce(t.db, smtp.url);
    const raw = mailTo('unsub@example.fi')[0].raw;
    const mail = mailText(raw);
    // A long header may be folded anywhere, even inside its address (at a token's hyphen): read it whole.
    const headers = raw.split(/\r\n\r\n/)[0].replace(/\r\n[ \t]+/g, '');
    const url = /List-Unsubscribe: ?<https:\/\/talsinki\.example(\/api\/notices\/unsubscribe\?token=[\w-]+)>/.exec(headers)![1];
    const pageToken = /\/unsubscribe\?token=([\w-]+)/.exec(mail.slice(mail.indexOf('\r\n\r\n')))![1];
    expect(url.endsWith(pageToken)).toBe(true);

    // As a mail client sends it (RFC 8058 §3.2): a POST without cookies, the form body named there.
    const first = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(expectStatus(first, 200).json()).toEqual({ kinds: ['status'] });
    const settings = expectStatus(await t.app.inject({ url: '/api/me/notices', headers: session.headers }), 200).json();
    expect(settings.items.find((i: { kind: string }) => i.kind === 'status').delivery).toBe('none');
    expect(settings.items.find((i: { kind: string }) => i.kind === 'answer').delivery).toBe('instant');

    expectProblem(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' }), 404);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/unsubscribe?token=${'x'.repeat(32)}` }), 404);

    await changeStatus(bottleneck.id, 'in_dialogue');
    expect(await pending('unsub@example.fi')).toEqual([]);
  });
});

describe('the digest’s hour', () => {
  it('is due from 07:00 Helsinki–Tallinn time with the notices kept before that day began', () => {
    expect(digestCutoff(new Date('2026-12-03T04:59:00Z'))).toBeNull(); // 06:59 EET
    expect(digestCutoff(new Date('2026-12-03T05:00:00Z'))?.toISOString()).toBe('2026-12-02T22:00:00.000Z');
    expect(digestCutoff(new Date('2026-07-03T04:00:00Z'))?.toISOString()).toBe('2026-07-02T21:00:00.000Z'); // 07:00 EEST
  });
});
