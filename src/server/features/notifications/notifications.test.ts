import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { deliverOnce, mailText } from '../../test/mail.ts';

type Received = ReceivedMail;

let t: TestApp;
let smtp: TestSmtp;
const received: Received[] = [];
let editor: Session;
let moderator: Session;

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: (mail) => void received.push(mail) });
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});


const mailTo = (address: string) => received.filter((m) => m.to.includes(address));

describe('e-mail notifications', () => {
  it('tells followers of a status change in their own language, through the outbox and SMTP, but not the one who made it', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.70', payload: { title: 'Ferry ticket and HSL ticket do not combine', description: 'Two tickets are needed for one commute, every day, in two different apps.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } });
    const follower = await createUser(t.db, 'member', 'seuraaja@example.fi');
    await t.db.kysely.updateTable('users').set({ locale: 'fi' }).where('id', '=', follower.id).execute();
    const session = await login(t.app, follower.email);
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/follow`, headers: session.headers });
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/follow`, headers: editor.headers });

    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'under_assessment', note: 'Both transport authorities asked.' } });
    const pending = await t.db.kysely.selectFrom('outbox').selectAll().where('sent_at', 'is', null).execute();
    expect(pending.map((m) => m.to_address)).toEqual(['seuraaja@example.fi']);

    expect(await deliverOnce(t.db, smtp.url)).toEqual({ sent: 1, failed: 0 });
    const [mail] = mailTo('seuraaja@example.fi');
    expect(mailText(mail.raw)).toContain(`Subject: ${created.ref}: Arvioitavana`);
    expect(mailText(mail.raw)).toContain('Both transport authorities asked.');
    expect(mailText(mail.raw)).toContain(`https://talsinki.example/bottlenecks/${created.ref}`);
    expect((await t.db.kysely.selectFrom('outbox').select('sent_at').where('to_address', '=', 'seuraaja@example.fi').executeTakeFirstOrThrow()).sent_at).toBeTruthy();
    expect(await deliverOnce(t.db, smtp.url)).toEqual({ sent: 0, failed: 0 });
  });

  it('asks an anonymous reporter to confirm their address, and writes to it only once confirmed', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.71', payload: { title: 'Lastetoetus katkeb, kui üks vanem töötab Soomes', description: 'Peretoetuste maksmine katkes, kui hakkasin Helsingis tööl käima.', language: 'et', domain: 'social_security', countries: ['FI', 'EE'], reporterEmail: 'teataja@example.ee' } })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } });
    await deliverOnce(t.db, smtp.url);
    const verification = mailTo('teataja@example.ee');
    expect(verification).toHaveLength(1);
    const body = mailText(verification[0].raw);
    expect(body).toContain(`Subject: Kinnitage oma e-posti aadress: ${created.ref}`);
    const link = /https:\/\/talsinki\.example(\/api\/bottlenecks\/verify-email\?ref=[^&\s]+&token=[\w-]+)/.exec(body)![1];

    expectProblem(await t.app.inject({ url: `/api/bottlenecks/verify-email?ref=${created.ref}&token=${'x'.repeat(32)}` }), 400);
    const confirmed = await t.app.inject({ url: link });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/bottlenecks/${created.ref}`);
    expectProblem(await t.app.inject({ url: link }), 400);

    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'under_assessment' } });
    await deliverOnce(t.db, smtp.url);
    const [, update] = mailTo('teataja@example.ee');
    expect(mailText(update.raw)).toContain(`Subject: ${created.ref}: Hindamisel`);
  });

  it('tells followers when an institution answers', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.72', payload: { title: 'Pension periods from Estonia missing', description: 'My Finnish pension statement does not show my years of work in Estonia.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } });
    const etk = (await t.app.inject({ url: '/api/institutions/etk' })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { assignments: [{ country: 'FI', institutionId: etk.id }] } });
    const follower = await createUser(t.db, 'member', 'follower.en@example.org');
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/follow`, headers: (await login(t.app, follower.email)).headers });
    const owner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: etk.id }).where('id', '=', owner.id).execute();
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: (await login(t.app, owner.email)).headers, payload: { institutionId: etk.id, body: 'Periods abroad appear once the Estonian institution confirms them.', language: 'en' } });
    await deliverOnce(t.db, smtp.url);
    expect(mailText(mailTo('follower.en@example.org')[0].raw)).toContain(`Subject: ${created.ref}: answer from Finnish Centre for Pensions`);
  });

  it('keeps a message and retries it later when the SMTP server cannot be reached', async () => {
    await t.db.kysely.insertInto('outbox').values({ to_address: 'later@example.fi', subject: 'Retry me', body_text: 'Body' }).execute();
    const result = await deliverOnce(t.db, 'smtp://127.0.0.1:1');
    expect(result.failed).toBeGreaterThanOrEqual(1);
    const row = await t.db.kysely.selectFrom('outbox').selectAll().where('to_address', '=', 'later@example.fi').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sent_at: null, failed_at: null, attempts: 1 });
    expect(row.last_error).toBeTruthy();
    expect(row.send_after.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });
});
